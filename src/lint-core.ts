/**
 * Lints one source text end to end with a given format adapter: adapter → engine → scores. Pure:
 * the caller reads the file and picks (and loads) the adapter. The CLI uses this with adapters
 * loaded on demand, so a run over .txt files never loads the Markdown or HTML parsers;
 * `linter.ts` wraps it with every adapter loaded, for the programmatic API and tests.
 */
import type { FileError, FileOutcome, FileResult, Finding, ParsedDocument, Score, UnitResult } from "./core/types.js";
import type { ResolvedConfig } from "./config/types.js";
import { LineIndex } from "./document/line-index.js";
import { createDocumentLinter, type EngineRule } from "./engine/lint.js";
import { compilePlaceholders } from "./formats/placeholders.js";
import { FormatError, type FormatAdapter, type PartedDocument } from "./formats/types.js";
import type { Rule } from "./rule-api.js";
import { combineScores, scoreUnit } from "./scoring/score.js";

export interface LintTextOptions {
  /** Shown in results; also picks the format by extension. */
  readonly filePath: string;
  /** Force a format id ("markdown", "text", …) instead of the extension. */
  readonly format?: string;
  readonly config: ResolvedConfig;
  /** Every rule that config may refer to (built-in and custom). */
  readonly rules: readonly Rule[];
  readonly reportUnusedDirectives?: boolean;
}

export function engineRules(config: ResolvedConfig, rules: readonly Rule[]): EngineRule[] {
  const out: EngineRule[] = [];
  for (const rule of rules) {
    const setting = config.rules.get(rule.meta.id);
    if (!setting || setting.severity === "off") continue;
    out.push({ rule, severity: setting.severity, options: { ...rule.meta.defaultOptions, ...setting.options } });
  }
  return out;
}

/**
 * Where a file's results go while it is linted: findings as each part of the file is done, so
 * a 100 MB export never holds all its findings at once, then the rest of the file's result.
 */
export interface ResultSink {
  /** Before any findings: the file and the format it is read as. */
  begin(file: { readonly filePath: string; readonly format: string }): void;
  /** Findings in source order; the unused-directive findings of a file come last. */
  findings(list: readonly Finding[]): void;
  end(outcome: FileOutcome): void;
}

/** Lints `text` with `adapter` and returns every finding; a source the adapter can't read becomes a file error, not a crash. */
export function lintWith(adapter: FormatAdapter, text: string, options: LintTextOptions): FileResult {
  return collect((sink) => streamWith(adapter, text, options, sink));
}

/**
 * Lints `text` with `adapter` into `sink`. Adapters that can (JSON exports) hand the document
 * over in parts, and each part's findings go to the sink before the next part is parsed.
 */
export function streamWith(adapter: FormatAdapter, text: string, options: LintTextOptions, sink: ResultSink): FileOutcome {
  let doc: PartedDocument;
  try {
    const adapterOpts = adapterOptions(adapter, options);
    doc = adapter.parseParts ? adapter.parseParts(text, adapterOpts) : onePart(adapter.parse(text, adapterOpts));
  } catch (error) {
    if (error instanceof FormatError) return replay(errorResult(options.filePath, adapter.id, text, error.message, error.offset), sink);
    throw error;
  }
  return streamParts(text, doc, options, sink);
}

/**
 * Lints a binary document (DOCX). Its adapter extracts a virtual source text, one paragraph per
 * line, and findings point into that: positions are paragraph-level.
 */
export async function lintBinaryWith(adapter: FormatAdapter, bytes: Uint8Array, options: LintTextOptions): Promise<FileResult> {
  if (!adapter.parseBinary) throw new Error(`The ${adapter.id} adapter cannot read binary files.`);
  let doc: ParsedDocument;
  try {
    doc = await adapter.parseBinary(bytes, adapterOptions(adapter, options));
  } catch (error) {
    if (error instanceof FormatError) return errorResult(options.filePath, adapter.id, "", error.message, 0);
    throw error;
  }
  return collect((sink) => streamParts(doc.sourceText ?? "", onePart(doc), options, sink));
}

/** Hands a whole result to a sink, as if it had been linted into it. */
export function replay(result: FileResult, sink: ResultSink): FileOutcome {
  const { findings, ...outcome } = result;
  sink.begin({ filePath: result.filePath, format: result.format });
  if (findings.length > 0) sink.findings(findings);
  sink.end(outcome);
  return outcome;
}

function collect(lint: (sink: ResultSink) => FileOutcome): FileResult {
  const findings: Finding[] = [];
  const outcome = lint({
    begin() {},
    findings: (list) => {
      for (const f of list) findings.push(f);
    },
    end() {},
  });
  return { ...outcome, findings };
}

function onePart(doc: ParsedDocument): PartedDocument {
  return { format: doc.format, directives: [], parts: (emit) => emit(doc) };
}

function adapterOptions(adapter: FormatAdapter, options: LintTextOptions) {
  return {
    fileName: options.filePath,
    placeholders: compilePlaceholders(options.config.placeholders),
    settings: options.config.formats[adapter.id] ?? {},
  };
}

function streamParts(text: string, doc: PartedDocument, options: LintTextOptions, sink: ResultSink): FileOutcome {
  const linter = createDocumentLinter(text, doc.directives, engineRules(options.config, options.rules), {
    strict: options.config.strict,
    vocabulary: options.config.vocabulary,
    reportUnusedDirectives: options.reportUnusedDirectives ?? false,
  });
  sink.begin({ filePath: options.filePath, format: doc.format });
  const units: UnitResult[] = [];
  const share = scoreSharer();
  const errors: FileError[] = [];
  try {
    doc.parts((part) => {
      const linted = linter.part(part);
      for (const { unit, stats, findings } of linted.units) {
        units.push({
          id: unit.id,
          ...(unit.title !== undefined ? { title: unit.title } : {}),
          range: unit.range,
          line: linter.lines.positionAt(unit.range[0]).line,
          score: share(scoreUnit({ findings, sentences: stats.sentences, positiveSentences: stats.positiveSentences, empowering: stats.empowering, signals: stats.signals })),
        });
      }
      if (linted.findings.length > 0) sink.findings(linted.findings);
    });
  } catch (error) {
    // Part of the file was linted and reported; the rest could not be read. The file still
    // fails (exit 2), and the error says where it stopped.
    if (!(error instanceof FormatError)) throw error;
    const at = linter.lines.positionAt(error.offset);
    errors.push({ message: error.message, line: at.line, column: at.column });
  }
  const unused = linter.finish();
  if (unused.length > 0) sink.findings(unused);
  const outcome: FileOutcome = { filePath: options.filePath, format: doc.format, units, score: combineScores(units.map((u) => u.score)), errors };
  sink.end(outcome);
  return outcome;
}

/** Distinct scores (or parts of scores) shared within one file, at most this many of each kind. */
const SHARED_LIMIT = 50_000;

/**
 * Returns an equal score, one object for all equal scores of the file. Every unit's result stays
 * until its file is reported, and scores repeat: the 105,116 units of a 100 MB export have
 * 24,727 distinct scores, 326 distinct signal counts and 25 policy balances. Unit results were
 * about 90 MB of that export's RSS at the end of its run (V8 keeps room for several times its
 * live data), a score and its three parts over half of each. Equal means equal JSON, key order
 * included, so no report can tell a shared score from its original.
 */
function scoreSharer(): (score: Score) => Score {
  const pools = { signals: new Map<string, object>(), penalties: new Map<string, object>(), policy: new Map<string, object>() };
  const scores = new Map<string, Score>();
  const ids = new Map<object, number>();
  const pooled = <T extends object>(pool: Map<string, object>, value: T): T => {
    const key = JSON.stringify(value);
    const found = pool.get(key);
    if (found) return found as T;
    if (pool.size >= SHARED_LIMIT) return value;
    pool.set(key, value);
    ids.set(value, ids.size);
    return value;
  };
  return (score) => {
    const signals = pooled(pools.signals, score.signals);
    const penalties = pooled(pools.penalties, score.penalties);
    const policy = pooled(pools.policy, score.policy);
    const [a, b, c] = [ids.get(signals), ids.get(penalties), ids.get(policy)];
    if (a === undefined || b === undefined || c === undefined) return { ...score, signals, penalties, policy };
    // The band follows from the value; the parts are pooled, so their ids stand for their JSON.
    const key = `${score.value} ${score.bonus} ${score.sentences} ${a} ${b} ${c}`;
    const found = scores.get(key);
    if (found) return found;
    const shared = { ...score, signals, penalties, policy };
    if (scores.size < SHARED_LIMIT) scores.set(key, shared);
    return shared;
  };
}

/** A result for a file that could not be linted: no findings, one error, and no score to trust. */
export function errorResult(filePath: string, format: string, text: string, message: string, offset = 0): FileResult {
  const position = new LineIndex(text).positionAt(offset);
  const error: FileError = { message, line: position.line, column: position.column };
  return { filePath, format, units: [], findings: [] as Finding[], score: combineScores([]), errors: [error] };
}
