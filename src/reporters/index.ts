/**
 * The reporter registry: maps a `--format` name to its reporter, for `cxlint lint` and
 * `cxlint score`. Lookups go through Maps so a name like "constructor" never finds a prototype member.
 */
import { json } from "./json.js";
import { scoreJson, scoreTable } from "./score-table.js";
import { stylish } from "./stylish.js";
import type { Reporter } from "./types.js";

export type { ReportInput, Reporter } from "./types.js";
export { json, summaryJson } from "./json.js";
export { scoreJson, scoreTable } from "./score-table.js";
export { stylish } from "./stylish.js";

/** Formats `cxlint lint --format` accepts; the first is the default. */
export const REPORTER_NAMES = ["stylish", "json"] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

/** Formats `cxlint score --format` accepts; the first is the default. */
export const SCORE_REPORTER_NAMES = ["table", "json"] as const;
export type ScoreReporterName = (typeof SCORE_REPORTER_NAMES)[number];

const LINT_REPORTERS: ReadonlyMap<string, Reporter> = new Map<ReporterName, Reporter>([
  ["stylish", stylish],
  ["json", json],
]);

const SCORE_REPORTERS: ReadonlyMap<string, Reporter> = new Map<ScoreReporterName, Reporter>([
  ["table", scoreTable],
  ["json", scoreJson],
]);

/** The lint reporter called `name`, or undefined so the CLI can list REPORTER_NAMES in its error. */
export function getReporter(name: string): Reporter | undefined {
  return LINT_REPORTERS.get(name);
}

/** The `cxlint score` reporter called `name`, or undefined for an unknown name. */
export function getScoreReporter(name: string): Reporter | undefined {
  return SCORE_REPORTERS.get(name);
}
