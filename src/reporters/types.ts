/**
 * The reporter contract: what every output format receives and returns.
 * Reporters are pure. They never touch process, fs or the console; the CLI writes their strings.
 */
import type { FileOutcome, FileResult, Finding, Summary } from "../core/types.js";

/** What every report may use besides the results. The CLI fills it in; tests build it by hand. */
export interface ReportContext {
  /** Absolute directory that human-facing paths are shown relative to. */
  readonly cwd: string;
  /** Whether to emit ANSI colour; decided by the CLI (NO_COLOR, FORCE_COLOR, TTY, --color). */
  readonly color: boolean;
  /** cxlint's version, stamped into machine-readable output. */
  readonly version: string;
}

/** Everything a whole report is made from. */
export interface ReportInput extends ReportContext {
  readonly results: readonly FileResult[];
  readonly summary: Summary;
}

/**
 * A report written while the run goes, so that a large export's findings are written and
 * dropped as they are found. It writes through the `write` it was made with; the texts in
 * write order make the whole report. Calls come as: per file, `file`, then `findings` any
 * number of times, then `fileEnd`; after the last file, `end`.
 */
export interface ReportStream {
  file(file: { readonly filePath: string; readonly format: string }): void;
  findings(list: readonly Finding[]): void;
  fileEnd(outcome: FileOutcome): void;
  end(summary: Summary): void;
}

/** Makes a report stream that writes through `write` (which the CLI points at stdout or a file). */
export type StreamReporter = (context: ReportContext, write: (text: string) => void) => ReportStream;

/** An output format: called with every result it returns the whole report; `stream` writes the same text piece by piece. */
export interface Reporter {
  (input: ReportInput): string;
  readonly stream: StreamReporter;
}

/** A reporter from its streaming form; the whole report is the stream run over every result. */
export function defineReporter(stream: StreamReporter): Reporter {
  const whole = (input: ReportInput): string => {
    const chunks: string[] = [];
    const report = stream(input, (text) => chunks.push(text));
    for (const { findings, ...outcome } of input.results) {
      report.file(outcome);
      if (findings.length > 0) report.findings(findings);
      report.fileEnd(outcome);
    }
    report.end(input.summary);
    return chunks.join("");
  };
  return Object.assign(whole, { stream });
}
