/**
 * The machine-readable lint format (`--format json`), read by CI scripts and the accuracy eval.
 * Owns the output shape: fields are picked explicitly, so internal additions to the result types
 * never leak into a format that others parse. Paths are left exactly as the CLI gave them.
 *
 * It is written as the run goes: each finding is serialised when its part of the file is done,
 * and a file's `units`, `score` and `errors` follow its `findings`, once the file is finished.
 * The text is exactly what `JSON.stringify(report, null, 2)` would print for the same object.
 */
import type { Summary, UnitResult } from "../core/types.js";
import { defineReporter } from "./types.js";

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

function unitJson(unit: UnitResult) {
  return { id: unit.id, title: unit.title, range: unit.range, line: unit.line, score: unit.score };
}

/** `value` as JSON.stringify(…, null, 2) prints it `depth` spaces in. */
function nested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, "\n" + " ".repeat(depth));
}

/**
 * An array as JSON.stringify(…, null, 2) prints it `depth` spaces in, written an item at a time
 * (each item through `as`, made only when it is written).
 */
export function writeArray<T>(write: (text: string) => void, items: readonly T[], depth: number, as: (item: T) => unknown = (item) => item): void {
  if (items.length === 0) return write("[]");
  const inner = "\n" + " ".repeat(depth + 2);
  items.forEach((item, i) => write((i === 0 ? "[" : ",") + inner + nested(as(item), depth + 2)));
  write("\n" + " ".repeat(depth) + "]");
}

/** Every result in full, indented by two spaces because people read it as often as programs do. */
export const json = defineReporter(({ version }, write) => {
  let files = 0;
  let findings = 0;
  const head = () => write(files++ === 0 ? `{\n  "version": ${JSON.stringify(version)},\n  "results": [\n` : ",\n");
  return {
    file(file) {
      head();
      findings = 0;
      write(`    {\n      "filePath": ${JSON.stringify(file.filePath)},\n      "format": ${JSON.stringify(file.format)},\n      "findings": [`);
    },
    findings(list) {
      for (const finding of list) write((findings++ === 0 ? "\n        " : ",\n        ") + nested(finding, 8));
    },
    fileEnd(file) {
      write((findings > 0 ? "\n      ]" : "]") + ',\n      "units": ');
      // A 100,000-macro export has 100,000 units: written one at a time, never as one string.
      writeArray(write, file.units, 6, unitJson);
      write(`,\n      "score": ${nested(file.score, 6)},\n      "errors": ${nested(file.errors, 6)}\n    }`);
    },
    end(summary) {
      write(files === 0 ? `{\n  "version": ${JSON.stringify(version)},\n  "results": []` : "\n  ]");
      write(`,\n  "summary": ${nested(summaryJson(summary), 2)}\n}\n`);
    },
  };
});
