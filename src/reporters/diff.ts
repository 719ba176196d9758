/**
 * Diffs for `--fix-dry-run` (a unified diff, `git apply`-able) and `cxlint rewrite` (a readable
 * before/after: removed lines in red with `-`, added lines in green with `+`). Pure: strings in,
 * string out; the `diff` package does the line matching.
 */
import { createTwoFilesPatch, diffLines, FILE_HEADERS_ONLY } from "diff";
import { painter } from "./shared.js";

export interface DiffOptions {
  readonly color?: boolean;
  /** Lines of context around each change (unified diff only). Default 3. */
  readonly context?: number;
}

/**
 * A unified diff of one file, with git-style `a/` and `b/` names, or "" when nothing changed.
 * Line endings are kept as they are in the texts, so the patch applies to the file as it is.
 */
export function unifiedDiff(fileName: string, before: string, after: string, options: DiffOptions = {}): string {
  if (before === after) return "";
  const name = fileName.split("\\").join("/");
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, {
    context: options.context ?? 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
  if (!options.color) return patch;
  const chalk = painter(true);
  return patch
    .split("\n")
    .map((line) => {
      if (line.startsWith("---") || line.startsWith("+++")) return chalk.bold(line);
      if (line.startsWith("@@")) return chalk.cyan(line);
      if (line.startsWith("-")) return chalk.red(line);
      if (line.startsWith("+")) return chalk.green(line);
      return line;
    })
    .join("\n");
}

/**
 * The whole text, with changed lines shown as `- old` (red) and `+ new` (green) and unchanged
 * lines indented by two spaces. Ends with a newline. Control characters are made visible.
 */
export function readableDiff(before: string, after: string, options: DiffOptions = {}): string {
  const chalk = painter(options.color ?? false);
  const out: string[] = [];
  for (const change of diffLines(before, after)) {
    const lines = change.value.replace(/(?:\r\n|\r|\n)$/, "").split(/\r\n|\r|\n/);
    for (const line of lines) {
      const shown = visible(line);
      if (change.removed) out.push(chalk.red(`- ${shown}`));
      else if (change.added) out.push(chalk.green(`+ ${shown}`));
      else out.push(`  ${shown}`);
    }
  }
  return out.length ? out.join("\n") + "\n" : "";
}

// C0/C1 controls except tab: left in, a pasted text could move the cursor or recolour the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

function visible(line: string): string {
  return line.replace(CONTROL, "\uFFFD");
}
