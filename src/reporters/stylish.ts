/**
 * The default, human-facing format, modelled on ESLint's stylish: one block per file with
 * problems, aligned columns, the first rewrite under each finding, and a one-glance summary.
 * Owns layout and colour only; which findings to show (--quiet, ordering) is decided upstream.
 */
import type { ChalkInstance } from "chalk";
import type { FileError, FileOutcome, Finding, Severity, Summary } from "../core/types.js";
import {
  DOCUMENT_UNIT_ID,
  displayPath,
  padEnd,
  padStart,
  painter,
  plural,
  sanitize,
  scorePhrase,
  width,
} from "./shared.js";
import { defineReporter } from "./types.js";

/** One printed problem, already reduced to plain strings so widths can be measured before colour. */
interface Row {
  readonly line: string;
  readonly column: string;
  readonly severity: Severity;
  /** `[Macro title] `, or empty. */
  readonly title: string;
  readonly message: string;
  readonly ruleId: string;
  readonly suggestion?: string;
  /** A problem with the file itself; printed wholly in red. */
  readonly fileError: boolean;
}

function severityPaint(chalk: ChalkInstance, severity: Severity): ChalkInstance {
  if (severity === "error") return chalk.red;
  if (severity === "warning") return chalk.yellow;
  return chalk.blue;
}

function errorRows(errors: readonly FileError[]): Row[] {
  return errors.map((error) => ({
    line: String(error.line),
    column: String(error.column),
    severity: "error",
    title: "",
    message: sanitize(error.message),
    ruleId: "",
    fileError: true,
  }));
}

function findingRow(finding: Finding): Row {
  const { unit } = finding;
  const hasTitle = unit.id !== DOCUMENT_UNIT_ID && unit.title !== undefined && unit.title !== "";
  const first = finding.suggestions[0];
  return {
    line: String(finding.line),
    column: String(finding.column),
    severity: finding.severity,
    title: hasTitle ? `[${sanitize(unit.title ?? "")}] ` : "",
    message: sanitize(finding.message),
    ruleId: sanitize(finding.ruleId),
    ...(first ? { suggestion: sanitize(first.text) } : {}),
    fileError: false,
  };
}

/** A file's block; `rows` has its errors first, as they explain why a file may show no findings at all. */
function renderFile(chalk: ChalkInstance, file: FileOutcome, rows: readonly Row[], cwd: string): string {
  // A file that could not be linted has a placeholder score; showing it would pass it off as clean.
  const scored = file.errors.length === 0 ? scorePhrase(chalk, file.score) : chalk.dim("not scored");
  const lines = [`${chalk.underline(displayPath(file.filePath, cwd))} — ${scored}`];

  const max = (pick: (row: Row) => string) => Math.max(0, ...rows.map((row) => width(pick(row))));
  const lineW = max((r) => r.line);
  const columnW = max((r) => r.column);
  const severityW = max((r) => r.severity);
  const messageW = max((r) => r.title + r.message);
  // Where the message column starts, so the rewrite sits right under it.
  const indent = " ".repeat(2 + lineW + 1 + columnW + 2 + severityW + 2);

  for (const row of rows) {
    const location = chalk.dim(`${padStart(row.line, lineW)}:${padEnd(row.column, columnW)}`);
    const paint = severityPaint(chalk, row.severity);
    const severity = paint(row.severity) + " ".repeat(severityW - width(row.severity));
    const text = row.fileError ? chalk.red(row.message) : chalk.dim(row.title) + row.message;
    // No padding after the message when nothing follows it, so lines carry no trailing spaces.
    const tail = row.ruleId
      ? " ".repeat(messageW - width(row.title + row.message)) + "  " + chalk.dim(row.ruleId)
      : "";
    lines.push(`  ${location}  ${severity}  ${text}${tail}`);
    if (row.suggestion !== undefined) lines.push(indent + chalk.green.dim(`→ ${row.suggestion}`));
  }
  return lines.join("\n");
}

function renderSummary(chalk: ChalkInstance, summary: Summary): string {
  const problems = summary.errors + summary.warnings + summary.infos;
  const across = `${scorePhrase(chalk, summary.score)} across ${plural(summary.files, "file")}`;
  const unlinted = plural(summary.fileErrors, "file") + " could not be linted";

  if (problems === 0 && summary.fileErrors === 0) {
    return chalk.green.bold("✔ No problems found") + ` · ${across}`;
  }
  // Worst level present sets the colour, so a run with errors never looks like a warning run.
  const paint =
    summary.errors > 0 || summary.fileErrors > 0
      ? chalk.red.bold
      : summary.warnings > 0
        ? chalk.yellow.bold
        : chalk.blue.bold;
  const lines: string[] = [];
  if (problems > 0) {
    const parts = [
      summary.errors > 0 ? plural(summary.errors, "error") : "",
      summary.warnings > 0 ? plural(summary.warnings, "warning") : "",
      summary.infos > 0 ? plural(summary.infos, "info") : "",
    ].filter(Boolean);
    lines.push(paint(`✖ ${plural(problems, "problem")} (${parts.join(", ")})`));
    if (summary.fileErrors > 0) lines.push(chalk.red(`  ${unlinted}`));
  } else {
    lines.push(paint(`✖ ${unlinted}`));
  }
  lines.push(`  ${across}`);
  return lines.join("\n");
}

/**
 * ESLint-style text for people: problem files, aligned findings with a rewrite each, a summary.
 * Columns are aligned per file, so a file's rows (plain strings, not findings) wait for its end.
 */
export const stylish = defineReporter(({ cwd, color }, write) => {
  const chalk = painter(color);
  let rows: Row[] = [];
  let dirtyFiles = 0;
  /** Score lines of clean files, shown only when no file has problems. */
  const clean: string[] = [];
  return {
    file() {
      rows = [];
    },
    findings(list) {
      for (const finding of list) rows.push(findingRow(finding));
    },
    fileEnd(file) {
      if (rows.length === 0 && file.errors.length === 0) {
        if (dirtyFiles === 0) clean.push(`${chalk.underline(displayPath(file.filePath, cwd))} — ${scorePhrase(chalk, file.score)}`);
        return;
      }
      // Unused-directive findings come after a file's other findings; people read by line.
      rows.sort((a, b) => Number(a.line) - Number(b.line) || Number(a.column) - Number(b.column));
      write((dirtyFiles++ === 0 ? "" : "\n\n") + renderFile(chalk, file, [...errorRows(file.errors), ...rows], cwd));
      rows = [];
      clean.length = 0;
    },
    end(summary) {
      if (dirtyFiles > 0) write("\n\n");
      else if (clean.length > 0) write(clean.join("\n") + "\n\n");
      write(renderSummary(chalk, summary) + "\n");
    },
  };
});
