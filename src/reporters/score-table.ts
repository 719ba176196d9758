/**
 * The output of `cxlint score`: every unit (document, macro, row) with its score, worst first,
 * as a plain-text table (`scoreTable`) or as JSON (`scoreJson`). Owns ordering and layout only;
 * the scores themselves come from src/scoring.
 */
import type { FileOutcome, Score, Summary } from "../core/types.js";
import { summaryJson, writeArray } from "./json.js";
import {
  DOCUMENT_UNIT_ID,
  displayPath,
  padEnd,
  padStart,
  paintBand,
  painter,
  plural,
  sanitize,
  topCategory,
  width,
} from "./shared.js";
import { defineReporter, type ReportContext } from "./types.js";

/** Long macro titles would push every other column off screen. */
const MAX_LABEL = 60;

interface ScoredUnit {
  readonly file: FileOutcome;
  readonly id: string;
  readonly title?: string;
  readonly score: Score;
}

/** All units, worst score first; ties keep file then unit order (Array#sort is stable). */
function worstFirst(results: readonly FileOutcome[]): ScoredUnit[] {
  // A unit with nothing to judge (a title-only preamble, an internal note) is left out, unless
  // it is all the file has.
  const units: ScoredUnit[] = results.flatMap((file) =>
    file.units.filter((unit) => file.units.length === 1 || unit.score.sentences > 0).map((unit) => ({
      file,
      id: unit.id,
      ...(unit.title !== undefined ? { title: unit.title } : {}),
      score: unit.score,
    })),
  );
  return units.sort((a, b) => a.score.value - b.score.value);
}

function label(unit: ScoredUnit): string {
  // The whole-document unit is already named by its path.
  if (unit.id === DOCUMENT_UNIT_ID) return "—";
  const text = sanitize(unit.title ?? unit.id);
  return width(text) > MAX_LABEL ? [...text].slice(0, MAX_LABEL - 1).join("") + "…" : text;
}

/** The `cxlint score` table: file, unit, score, band, top category; worst first, then a total. */
/**
 * Score reports sort every unit of the run, so they keep each file's units (not its findings)
 * until the end, and write everything then.
 */
function unitReport(render: (results: readonly FileOutcome[], summary: Summary, context: ReportContext, write: (text: string) => void) => void) {
  return defineReporter((context, write) => {
    const files: FileOutcome[] = [];
    return {
      file() {},
      findings() {},
      fileEnd(outcome) {
        files.push(outcome);
      },
      end: (summary) => render(files, summary, context, write),
    };
  });
}

export const scoreTable = unitReport((results, summary, { cwd, color }, write) => {
  const chalk = painter(color);
  const units = worstFirst(results);
  type Cells = readonly [file: string, unit: string, score: string, band: string, top: string];
  const header: Cells = ["file", "unit", "score", "band", "top category"];
  const body: { cells: Cells; band: string }[] = units.map((unit) => ({
    cells: [
      displayPath(unit.file.filePath, cwd),
      label(unit),
      String(unit.score.value),
      unit.score.band,
      topCategory(unit.score) ?? "—",
    ],
    band: unit.score.band,
  }));
  const total: Cells = [
    `total (${plural(summary.files, "file")})`,
    plural(units.length, "unit"),
    String(summary.score.value),
    summary.score.band,
    topCategory(summary.score) ?? "—",
  ];

  const all = [header, ...body.map((row) => row.cells), total];
  const widths = header.map((_, i) => Math.max(...all.map((cells) => width(cells[i] ?? ""))));
  const w = (i: number) => widths[i] ?? 0;
  // Padding is applied to plain text before colour, so ANSI codes never skew the columns.
  const render = (cells: Cells, band?: string) => {
    const bandCell = padEnd(cells[3], w(3));
    return [
      padEnd(cells[0], w(0)),
      padEnd(cells[1], w(1)),
      padStart(cells[2], w(2)),
      band === undefined ? bandCell : paintBand(chalk, band, cells[3]) + " ".repeat(w(3) - width(cells[3])),
      cells[4],
    ].join("  ");
  };

  const lines = [
    chalk.bold(render(header)),
    ...body.map((row) => render(row.cells, row.band)),
    chalk.bold(render(total, summary.score.band)),
  ];
  const policy = summary.score.policy;
  if (policy.restrictive > 0) {
    // Policy voice: how many statements say what the customer can do, per restrictive one.
    lines.push(
      `policy can-do ratio ${policy.canDoRatio} (${plural(policy.empowering, "empowering statement")}, ${plural(policy.restrictive, "restrictive statement")})`,
    );
  }
  if (summary.fileErrors > 0) {
    lines.push(chalk.red(`${plural(summary.fileErrors, "file")} could not be scored`));
  }
  write(lines.join("\n") + "\n");
});

/** The same data as `scoreTable`, worst first, for scripts: `{version, units, summary}`. */
export const scoreJson = unitReport((results, summary, { version }, write) => {
  write(`{\n  "version": ${JSON.stringify(version)},\n  "units": `);
  writeArray(write, worstFirst(results), 2, (unit) => ({ filePath: unit.file.filePath, id: unit.id, title: unit.title, score: unit.score }));
  write(`,\n  "summary": ${JSON.stringify(summaryJson(summary), null, 2).replace(/\n/g, "\n  ")}\n}\n`);
});
