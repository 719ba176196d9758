/**
 * The engine: runs rules over a parsed document and returns findings in source offsets, plus
 * the per-unit statistics that scoring needs. Pure: no fs, no process.
 *
 * Per segment: split into sentences (regex) → per sentence, test every rule's trigger on the
 * normalised text → only rules whose trigger hits get `check`, and compromise parses the
 * sentence only if one of them asks (`ctx.nlp()`). Reports come back sentence-relative and are
 * mapped here, once, through the segment's offset runs.
 */
import type {
  Confidence,
  Directive,
  DocumentPart,
  Finding,
  ParsedDocument,
  Range,
  ScoreSignals,
  Segment,
  Severity,
  Suggestion,
  Unit,
} from "../core/types.js";
import { DOCS_BASE } from "../core/docs.js";
import { LineIndex } from "../document/line-index.js";
import { toSourceRange, touchesMask } from "../document/segment-builder.js";
import { splitSentences } from "../document/sentences.js";
import { analyze, conjugate, namesTime } from "../nlp/index.js";
import type { ReportDescriptor, Rule, SentenceContext } from "../rule-api.js";
import { normalize } from "../rule-api.js";
import { DirectiveTracker } from "./directives.js";
import { findQuotes, quoteRole } from "./quotes.js";
import { countSignals, emptySignals, isEmpowering } from "./signals.js";

// One object for the whole run: the bundler writes a `\p{L}` literal as `new RegExp(…)`, which
// inside the sentence loop built a regex per sentence.
const LETTER = /\p{L}/u;

export interface EngineRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface EngineOptions {
  /** Raise medium-confidence findings from info to the rule's severity. */
  readonly strict?: boolean;
  /** Accepted terms; a finding that overlaps one is dropped. */
  readonly vocabulary?: readonly string[];
  readonly reportUnusedDirectives?: boolean;
}

export interface UnitStats {
  sentences: number;
  /** Sentences with at least one positive signal. */
  positiveSentences: number;
  /** Sentences that say what the customer can do (for the policy can-do ratio). */
  empowering: number;
  signals: { -readonly [K in keyof ScoreSignals]: number };
}

export interface DocumentLint {
  readonly findings: Finding[];
  readonly unitStats: UnitStats[];
}

/** One part linted: its findings in source order, and each of its units with its own. */
export interface PartLint {
  readonly findings: readonly Finding[];
  readonly units: ReadonlyArray<{ readonly unit: Unit; readonly stats: UnitStats; readonly findings: readonly Finding[] }>;
}

/**
 * Lints a document part by part (DocumentPart), in source order, so a large export is never
 * held whole. Directives work across parts as they do in one document: block directives carry
 * forward, and the unused ones are only known, and reported by `finish`, at the end.
 */
export interface DocumentLinter {
  /** Lines of the source, for positions the caller needs too. */
  readonly lines: LineIndex;
  part(part: DocumentPart): PartLint;
  /** Findings that belong to no unit (unused directives); call once, after the last part. */
  finish(): Finding[];
}

const SEVERITY_ORDER: readonly Severity[] = ["info", "warning", "error"];

export function createDocumentLinter(
  source: string,
  fileDirectives: readonly Directive[],
  rules: readonly EngineRule[],
  options: EngineOptions = {},
): DocumentLinter {
  const lines = new LineIndex(source);
  const vocabulary = (options.vocabulary ?? []).map((v) => v.toLowerCase()).filter(Boolean);
  const directives = new DirectiveTracker(fileDirectives);
  return {
    lines,
    part(part) {
      const unitStats: UnitStats[] = part.units.map(() => ({ sentences: 0, positiveSentences: 0, empowering: 0, signals: emptySignals() }));
      const raw: Finding[] = [];
      const unitOf = new Map<Finding, number>();
      for (const segment of part.segments) {
        const index = part.units[segment.unit] ? segment.unit : 0;
        const before = raw.length;
        lintSegment(segment, part.units[index]!, unitStats[index]!, { rules, options, vocabulary, source, lines, out: raw });
        for (let i = before; i < raw.length; i++) unitOf.set(raw[i]!, index);
      }
      const kept = directives.filter(raw, part.directives, lines);
      kept.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || a.ruleId.localeCompare(b.ruleId));
      const findings = dedupe(kept);
      const perUnit: Finding[][] = part.units.map(() => []);
      for (const f of findings) perUnit[unitOf.get(f)!]!.push(f);
      return { findings, units: part.units.map((unit, i) => ({ unit, stats: unitStats[i]!, findings: perUnit[i]! })) };
    },
    finish() {
      return options.reportUnusedDirectives ? directives.unused(lines, source) : [];
    },
  };
}

/** The whole document as one part: every finding, then the unused directives, and per-unit statistics. */
export function lintDocument(
  source: string,
  doc: ParsedDocument,
  rules: readonly EngineRule[],
  options: EngineOptions = {},
): DocumentLint {
  const linter = createDocumentLinter(source, [], rules, options);
  const { findings, units } = linter.part(doc);
  return { findings: [...findings, ...linter.finish()], unitStats: units.map((u) => u.stats) };
}

interface SegmentJob {
  readonly rules: readonly EngineRule[];
  readonly options: EngineOptions;
  readonly vocabulary: readonly string[];
  readonly source: string;
  readonly lines: LineIndex;
  readonly out: Finding[];
}

function lintSegment(segment: Segment, unit: Unit, stats: UnitStats, job: SegmentJob): void {
  const { rules, options, vocabulary, source, lines } = job;
  const sentences = splitSentences(segment.text);
  const normalSegment = normalize(segment.text);
  let quotes: ReturnType<typeof findQuotes> | undefined;

  sentences.forEach((sentence, index) => {
    const normal = normalSegment.slice(sentence[0], sentence[1]);
    if (!LETTER.test(normal)) return;
    stats.sentences++;
    if (countSignals(normal, stats.signals)) stats.positiveSentences++;
    if (isEmpowering(normal)) stats.empowering++;

    // Most sentences hit no trigger: they allocate nothing more.
    let hits: EngineRule[] | undefined;
    for (const r of rules) {
      r.rule.meta.trigger.lastIndex = 0;
      if (r.rule.meta.trigger.test(normal)) (hits ??= []).push(r);
    }
    if (hits === undefined) return;

    const text = segment.text.slice(sentence[0], sentence[1]);

    const before = sentences[index - 1] ? normalSegment.slice(sentences[index - 1]![0], sentences[index - 1]![1]) : "";
    const after = sentences
      .slice(index + 1, index + 3)
      .map((r) => normalSegment.slice(r[0], r[1]))
      .join(" ");
    const placeholders = segment.placeholders
      .filter((p) => p.range[0] >= sentence[0] && p.range[1] <= sentence[1])
      .map((p) => ({ range: [p.range[0] - sentence[0], p.range[1] - sentence[0]] as Range, raw: p.raw }));

    for (const engineRule of hits) {
      const reports: ReportDescriptor[] = [];
      const ctx: SentenceContext = {
        text,
        normal,
        before,
        after,
        segmentKind: segment.kind,
        placeholders,
        options: engineRule.options,
        nlp: () => analyze(text),
        conjugate,
        namesTime,
        report: (d) => reports.push(d),
      };
      engineRule.rule.check(ctx);
      for (const d of reports) {
        const segRange: Range = [sentence[0] + d.range[0], sentence[0] + d.range[1]];
        if (segRange[1] <= segRange[0] || touchesMask(segment, segRange)) continue;
        if (vocabulary.length && overlapsVocabulary(normalSegment, segRange, vocabulary)) continue;
        quotes ??= findQuotes(segment.text);
        const role = quoteRole(quotes, segRange, sentence[0], segment.text);
        if (role === "mention") continue;
        const confidence: Confidence = role === "quoted-line" ? "medium" : (d.confidence ?? "high");
        job.out.push(
          toFinding(engineRule, d, {
            segment,
            sentence,
            segRange,
            confidence,
            strict: options.strict ?? false,
            source,
            lines,
            unit: { id: unit.id, ...(unit.title !== undefined ? { title: unit.title } : {}) },
          }),
        );
      }
    }
  });
}

interface FindingPlace {
  readonly segment: Segment;
  readonly sentence: Range;
  readonly segRange: Range;
  readonly confidence: Confidence;
  readonly strict: boolean;
  readonly source: string;
  readonly lines: LineIndex;
  readonly unit: Finding["unit"];
}

function toFinding(engineRule: EngineRule, d: ReportDescriptor, place: FindingPlace): Finding {
  const { meta } = engineRule.rule;
  const template = meta.messages[d.messageId];
  if (!template) throw new Error(`Rule ${meta.id} reported undeclared messageId "${d.messageId}"`);
  const { segment, sentence, source, lines } = place;
  const range = toSourceRange(segment, place.segRange);
  let severity = engineRule.severity;
  if (d.downgrade) severity = lower(severity);
  if (place.confidence === "medium" && !place.strict) severity = "info";

  const toSource = (r: Range | undefined): Range =>
    toSourceRange(segment, r ? [sentence[0] + r[0], sentence[0] + r[1]] : sentence);
  const suggestions: Suggestion[] = (d.suggestions ?? []).map((s) => ({
    text: restorePlaceholders(s.text, segment, sentence),
    range: toSource(s.range),
    ...(s.note ? { note: s.note } : {}),
  }));
  const start = lines.positionAt(range[0]);
  const end = lines.positionAt(range[1]);
  return {
    ruleId: meta.id,
    category: meta.category,
    severity,
    confidence: place.confidence,
    message: fill(template.message, d.data, meta.id),
    note: d.extraNote ? `${template.note} ${d.extraNote}` : template.note,
    range,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    actual: source.slice(range[0], range[1]),
    unit: place.unit,
    suggestions,
    ...(d.fix && meta.fixable ? { fix: { range: toSource(d.fix.range), text: d.fix.text } } : {}),
    url: `${DOCS_BASE}${meta.id}.md`,
  };
}

/**
 * Rules build rewrites from the masked sentence; the rewrite replaces source text, so every
 * placeholder's filler that the rewrite kept is put back byte for byte ("{{ticket.id}}").
 */
function restorePlaceholders(text: string, segment: Segment, sentence: Range): string {
  let out = text;
  for (const p of segment.placeholders) {
    if (p.range[0] < sentence[0] || p.range[1] > sentence[1]) continue;
    const filler = segment.text.slice(p.range[0], p.range[1]);
    if (!filler.trim()) continue;
    const at = findWhole(out, filler);
    if (at >= 0) out = out.slice(0, at) + p.raw + out.slice(at + filler.length);
  }
  return out;
}

/** First occurrence of `needle` not glued to more of the same filler character. */
function findWhole(haystack: string, needle: string): number {
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
    if (haystack[i - 1] !== needle[0] && haystack[i + needle.length] !== needle[0]) return i;
  }
  return -1;
}

function lower(severity: Severity): Severity {
  return SEVERITY_ORDER[Math.max(0, SEVERITY_ORDER.indexOf(severity) - 1)]!;
}

function fill(template: string, data: Readonly<Record<string, string>> | undefined, ruleId: string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const value = data?.[key];
    if (value === undefined) throw new Error(`Rule ${ruleId} left the message slot "${key}" empty`);
    return value;
  });
}

function overlapsVocabulary(normal: string, range: Range, vocabulary: readonly string[]): boolean {
  for (const term of vocabulary) {
    for (let i = normal.indexOf(term); i >= 0; i = normal.indexOf(term, i + 1)) {
      if (i < range[1] && range[0] < i + term.length) return true;
    }
  }
  return false;
}

/**
 * One rule may reach the same words twice (two patterns, two segments of one quote); the
 * stronger finding stays. Findings arrive sorted by start, so an overlap can only be with the
 * rule's last kept finding: linear, which matters for exports with thousands of findings.
 */
function dedupe(findings: Finding[]): Finding[] {
  const out: Finding[] = [];
  const lastOfRule = new Map<string, number>();
  for (const f of findings) {
    const same = lastOfRule.get(f.ruleId);
    const g = same === undefined ? undefined : out[same]!;
    if (g && g.range[0] < f.range[1] && f.range[0] < g.range[1]) {
      if (SEVERITY_ORDER.indexOf(f.severity) > SEVERITY_ORDER.indexOf(g.severity)) out[same!] = f;
      continue;
    }
    lastOfRule.set(f.ruleId, out.length);
    out.push(f);
  }
  return out;
}
