/**
 * The reporter contract: what every output format receives and returns.
 * Reporters are pure. They never touch process, fs or the console; the CLI writes their string.
 */
import type { FileResult, Summary } from "../core/types.js";

/** Everything a reporter may use. The CLI fills it in; tests build it by hand. */
export interface ReportInput {
  readonly results: readonly FileResult[];
  readonly summary: Summary;
  /** Absolute directory that human-facing paths are shown relative to. */
  readonly cwd: string;
  /** Whether to emit ANSI colour; decided by the CLI (NO_COLOR, FORCE_COLOR, TTY, --color). */
  readonly color: boolean;
  /** cxlint's version, stamped into machine-readable output. */
  readonly version: string;
}

/**
 * Turns results into the full text of one output format.
 * The returned text ends with exactly one newline, so the CLI writes it as is.
 */
export type Reporter = (input: ReportInput) => string;
