/**
 * `cxlint rewrite ["text"]`: lints a text (the argument, or stdin) and rewrites it with the first
 * suggestion of every finding plus the safe fixes, then shows the rewrite as a diff, what was
 * changed and why, and the score before and after. A tool, not a gate: it exits 0 whatever it
 * finds, and 2 on usage errors. The heavy parts (linting, the diff package) load only when the
 * command runs.
 */
import { Command, Option } from "commander";
import type { FileResult, Score } from "../core/types.js";
import type { ResolvedConfig } from "../config/types.js";
import type { Rule } from "../rule-api.js";
import type { CliIO } from "./main.js";

export interface RewriteFlags {
  format: "stylish" | "json";
  config?: string | false;
  rule: string[];
  stdinFilename?: string;
  color?: boolean;
}

export interface RewriteDeps {
  readonly io: CliIO;
  readonly version: string;
  /** Loads the config (and custom rules) the way `cxlint lint` does. */
  readonly load: (flags: RewriteFlags) => Promise<{ rules: readonly Rule[]; configFor: (file: string) => ResolvedConfig }>;
  /** The lint command's colour rules: --color/--no-color, NO_COLOR, FORCE_COLOR, TTY. */
  readonly color: (flags: RewriteFlags) => boolean;
  /** An error that main reports on stderr and turns into exit 2. */
  readonly usageError: (message: string) => Error;
}

export const REWRITE_FORMATS = ["stylish", "json"] as const;

export function registerRewriteCommand(program: Command, deps: RewriteDeps): Command {
  return program
    .command("rewrite")
    .argument("[text]", "the text to rewrite (default: read stdin)")
    .description("rewrite a text with the suggested wording and show the diff and the score before and after")
    .addOption(new Option("-f, --format <name>", "output format").choices([...REWRITE_FORMATS]).default("stylish"))
    .option("-c, --config <path>", "use this config file")
    .option("--no-config", "ignore config files; use the recommended preset")
    .option("--rule <id:severity>", "set a rule's severity, e.g. no-refusal:off (repeatable)", (v: string, p: string[]) => [...p, v], [])
    .option("--stdin-filename <name>", "lint the text as this file (its extension picks the format)")
    .option("--color", "force colour")
    .option("--no-color", "no colour")
    .action(async (text: string | undefined, flags: RewriteFlags, cmd: Command) => {
      (cmd as Command & { exitCode?: number }).exitCode = await runRewrite(text, flags, deps);
    });
}

/** One change, as shown and as put in the JSON output. */
export interface RewriteChange {
  readonly ruleId: string;
  readonly kind: "suggestion" | "fix";
  /** The text that was replaced. */
  readonly actual: string;
  /** Where `actual` was, in the text of its pass (pass 1 is the input). */
  readonly range: readonly [number, number];
  readonly pass: number;
  /** The replacement. */
  readonly text: string;
  readonly note?: string;
}

export interface RewriteReport {
  readonly version: string;
  readonly input: string;
  readonly output: string;
  readonly applied: readonly RewriteChange[];
  readonly before: Score;
  readonly after: Score;
  /** Findings the rewrite could not address (no suggestion, or it overlapped another). */
  readonly remaining: FileResult["findings"];
}

async function runRewrite(argument: string | undefined, flags: RewriteFlags, deps: RewriteDeps): Promise<number> {
  const { io } = deps;
  let raw = argument;
  if (raw === undefined) {
    raw = await io.readStdin();
    if (raw === undefined) {
      throw deps.usageError('rewrite needs a text: `cxlint rewrite "We can\'t refund this."`, or pipe one in: `pbpaste | cxlint rewrite`.');
    }
  }
  const input = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const fileName = flags.stdinFilename ?? "rewrite.txt";
  const { rules, configFor } = await deps.load(flags);
  const [{ formatFor }, { fixSource }] = await Promise.all([import("../formats/registry.js"), import("./write.js")]);
  const entry = formatFor(fileName, flags.stdinFilename ? input : undefined);
  if (entry.binary) throw deps.usageError(`rewrite works on text; "${fileName}" names a ${entry.id} file.`);
  const adapter = await entry.load();
  const fixed = await fixSource({ adapter, text: input, lint: { filePath: flags.stdinFilename ?? "<text>", config: configFor(fileName), rules }, suggestions: true });

  const problems = fixed.result.errors;
  if (problems.length) {
    for (const e of problems) io.stderr(`cxlint: ${flags.stdinFilename ?? "<text>"}:${e.line}:${e.column}: ${e.message}\n`);
    return 2;
  }

  const report: RewriteReport = {
    version: deps.version,
    input,
    output: fixed.output,
    applied: fixed.applied.map((a) => {
      const note = a.kind === "suggestion" ? a.finding.suggestions[0]?.note : undefined;
      return {
        ruleId: a.finding.ruleId,
        kind: a.kind,
        actual: a.replaced,
        range: [a.range[0], a.range[1]] as const,
        pass: a.pass,
        text: a.plain,
        ...(note ? { note } : {}),
      };
    }),
    before: fixed.before.score,
    after: fixed.result.score,
    remaining: fixed.result.findings,
  };
  if (flags.format === "json") {
    io.stdout(JSON.stringify(report, null, 2) + "\n");
    return 0;
  }
  const { readableDiff } = await import("../reporters/diff.js");
  const { loadColour, painter, paintBand, scorePhrase, sanitize } = await import("../reporters/shared.js");
  const color = deps.color(flags);
  if (color) await loadColour();
  const chalk = painter(color);
  const out: string[] = [];
  if (report.output === report.input) out.push(chalk.dim("Nothing to rewrite."));
  else out.push(readableDiff(report.input, report.output, { color }).replace(/\n$/, ""));
  if (report.applied.length) {
    out.push("");
    for (const c of report.applied) out.push(`- "${sanitize(c.actual)}" → "${sanitize(c.text)}"  ${chalk.dim(`(${c.ruleId})`)}`);
  }
  if (report.remaining.length) {
    out.push("", chalk.dim("Not rewritten:"));
    for (const f of report.remaining) out.push(`  "${sanitize(f.actual)}"  ${sanitize(f.message)}  ${chalk.dim(`(${f.ruleId})`)}`);
  }
  const after = paintBand(chalk, report.after.band, `${report.after.value} (${report.after.band})`);
  out.push("", `${scorePhrase(chalk, report.before)} → ${after}`);
  io.stdout(out.join("\n") + "\n");
  return 0;
}
