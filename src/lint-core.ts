/**
 * Lints one source text end to end with a given format adapter: adapter → engine → scores. Pure:
 * the caller reads the file and picks (and loads) the adapter. The CLI uses this with adapters
 * loaded on demand, so a run over .txt files never loads the Markdown or HTML parsers;
 * `linter.ts` wraps it with every adapter loaded, for the programmatic API and tests.
 */
import type { FileError, FileResult, Finding, ParsedDocument, Score, UnitResult } from "./core/types.js";
import type { ResolvedConfig } from "./config/types.js";
import { LineIndex } from "./document/line-index.js";
import { lintDocument, type EngineRule } from "./engine/lint.js";
import { compilePlaceholders } from "./formats/placeholders.js";
import { FormatError, type FormatAdapter } from "./formats/types.js";
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

/** Lints `text` with `adapter`; a source the adapter can't read becomes a file error, not a crash. */
export function lintWith(adapter: FormatAdapter, text: string, options: LintTextOptions): FileResult {
  let doc: ParsedDocument;
  try {
    doc = adapter.parse(text, adapterOptions(adapter, options));
  } catch (error) {
    if (error instanceof FormatError) return errorResult(options.filePath, adapter.id, text, error.message, error.offset);
    throw error;
  }
  return lintParsed(text, doc, options);
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
  return lintParsed(doc.sourceText ?? "", doc, options);
}

function adapterOptions(adapter: FormatAdapter, options: LintTextOptions) {
  return {
    fileName: options.filePath,
    placeholders: compilePlaceholders(options.config.placeholders),
    settings: options.config.formats[adapter.id] ?? {},
  };
}

function lintParsed(text: string, doc: ParsedDocument, options: LintTextOptions): FileResult {
  const { findings, unitStats } = lintDocument(text, doc, engineRules(options.config, options.rules), {
    strict: options.config.strict,
    vocabulary: options.config.vocabulary,
    reportUnusedDirectives: options.reportUnusedDirectives ?? false,
  });
  const lines = new LineIndex(text);
  // Grouped once: an export has thousands of units, and filtering per unit is units × findings.
  const byUnit = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byUnit.get(f.unit.id);
    if (list) list.push(f);
    else byUnit.set(f.unit.id, [f]);
  }
  const units: UnitResult[] = doc.units.map((unit, i) => {
    const stats = unitStats[i]!;
    const unitFindings = byUnit.get(unit.id) ?? [];
    return {
      id: unit.id,
      ...(unit.title !== undefined ? { title: unit.title } : {}),
      range: unit.range,
      line: lines.positionAt(unit.range[0]).line,
      score: scoreUnit({ findings: unitFindings, sentences: stats.sentences, positiveSentences: stats.positiveSentences, empowering: stats.empowering, signals: stats.signals }),
    };
  });
  return { filePath: options.filePath, format: doc.format, units, findings, score: fileScore(units), errors: [] };
}

function fileScore(units: readonly UnitResult[]): Score {
  return combineScores(units.map((u) => u.score));
}

/** A result for a file that could not be linted: no findings, one error, and no score to trust. */
export function errorResult(filePath: string, format: string, text: string, message: string, offset = 0): FileResult {
  const position = new LineIndex(text).positionAt(offset);
  const error: FileError = { message, line: position.line, column: position.column };
  return { filePath, format, units: [], findings: [] as Finding[], score: combineScores([]), errors: [error] };
}
