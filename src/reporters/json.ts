/**
 * The machine-readable lint format (`--format json`), read by CI scripts and the accuracy eval.
 * Owns the output shape: fields are picked explicitly, so internal additions to the result types
 * never leak into a format that others parse. Paths are left exactly as the CLI gave them.
 */
import type { FileResult, Summary } from "../core/types.js";
import type { Reporter } from "./types.js";

/** The summary as every JSON format writes it. */
export function summaryJson(summary: Summary) {
  return {
    files: summary.files,
    errors: summary.errors,
    warnings: summary.warnings,
    infos: summary.infos,
    fileErrors: summary.fileErrors,
    score: summary.score,
  };
}

function fileJson(file: FileResult) {
  return {
    filePath: file.filePath,
    format: file.format,
    units: file.units.map((unit) => ({
      id: unit.id,
      title: unit.title,
      range: unit.range,
      line: unit.line,
      score: unit.score,
    })),
    findings: file.findings,
    score: file.score,
    errors: file.errors,
  };
}

/** Every result in full, indented by two spaces because people read it as often as programs do. */
export const json: Reporter = ({ results, summary, version }) =>
  JSON.stringify({ version, results: results.map(fileJson), summary: summaryJson(summary) }, null, 2) + "\n";
