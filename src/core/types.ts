/**
 * The shared vocabulary of cxlint: positions, documents, segments, findings and results.
 * This module owns data shapes only. It imports nothing and does no work.
 */

/** Half-open [start, end) in UTF-16 code units (JS string indices). */
export type Range = readonly [start: number, end: number];

/** 1-based line and 1-based column (UTF-16 units). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export const CATEGORIES = [
  "refusal",
  "blame",
  "restrictive-policy",
  "deflection",
  "hollow-promise",
  "dismissive",
] as const;
export type ToneCategory = (typeof CATEGORIES)[number];
/** The six tone categories of PRINCIPLES.md, plus `style` for custom phrase rules and housekeeping. */
export type Category = ToneCategory | "style";

/** ESLint's levels, plus `info` for low-certainty findings that never fail a run. */
export type Severity = "error" | "warning" | "info";
export type SeveritySetting = Severity | "off";
export type Confidence = "high" | "medium";

/**
 * One contiguous piece of a segment and where it came from.
 * - verbatim: same characters as the source, mapped 1:1
 * - atomic: decoded as a unit (`&amp;` → `&`, `\"` → `"`); offsets inside snap outward
 * - mask: a placeholder or other non-prose replaced by same-length filler; never flagged
 */
export interface OffsetRun {
  readonly seg: Range;
  readonly src: Range;
  readonly kind: "verbatim" | "atomic" | "mask";
}

export type SegmentKind =
  | "paragraph"
  | "heading"
  | "list-item"
  | "table-cell"
  | "alt-text"
  | "field";

/** A template placeholder that was masked in a segment, kept so rules can ask what it stands for. */
export interface Placeholder {
  /** Range in the segment's text. */
  readonly range: Range;
  /** The placeholder as written in the source, e.g. `{{ticket.requester.first_name}}`. */
  readonly raw: string;
}

/** A piece of customer-facing prose, as rules see it. */
export interface Segment {
  readonly text: string;
  readonly kind: SegmentKind;
  /** Runs tile `text` from 0 to text.length, in order. */
  readonly runs: readonly OffsetRun[];
  readonly placeholders: readonly Placeholder[];
  /** Index into ParsedDocument.units. */
  readonly unit: number;
}

/** What gets its own score: a whole file, one macro in an export, one CSV row. */
export interface Unit {
  readonly id: string;
  readonly title?: string;
  /** Covering range in the source. */
  readonly range: Range;
}

export type DirectiveKind = "disable" | "enable" | "disable-next-line" | "disable-line";

/** An inline `cxlint-disable…` comment, in source offsets. */
export interface Directive {
  readonly kind: DirectiveKind;
  /** Rule ids; empty means every rule. */
  readonly rules: readonly string[];
  readonly reason?: string;
  /** Where the directive itself is written. */
  readonly range: Range;
}

/**
 * Whole units of a document with their segments, as a large source is parsed: one part after
 * another in source order, each dropped once linted, so memory follows a part, not the file.
 */
export interface DocumentPart {
  /** `segment.unit` indexes into this part's `units`. */
  readonly segments: readonly Segment[];
  readonly units: readonly Unit[];
  readonly directives: readonly Directive[];
}

/** What a format adapter returns. */
export interface ParsedDocument {
  readonly format: string;
  readonly segments: readonly Segment[];
  readonly units: readonly Unit[];
  readonly directives: readonly Directive[];
  /**
   * The text that segment and finding ranges index into, when it is not the file's own text.
   * Binary formats (DOCX) have no text source, so their adapter returns a virtual one: one line
   * per paragraph of extracted text, so a finding's line is the paragraph number. Absent for
   * text formats, whose ranges index the file as read.
   */
  readonly sourceText?: string;
}

export interface Suggestion {
  /** Replacement for `range`. */
  readonly text: string;
  /** Source range that `text` replaces. */
  readonly range: Range;
  readonly note?: string;
}

export interface Edit {
  readonly range: Range;
  readonly text: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** What is wrong, one sentence. */
  readonly message: string;
  /** Why it hurts the customer, one sentence. */
  readonly note: string;
  readonly range: Range;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The flagged source text. */
  readonly actual: string;
  readonly unit: { readonly id: string; readonly title?: string };
  readonly suggestions: readonly Suggestion[];
  /** A safe, single-answer edit; tone rewrites never go here. */
  readonly fix?: Edit;
  readonly url: string;
}

export interface ScoreSignals {
  readonly ownership: number;
  readonly options: number;
  readonly empathy: number;
  readonly proactive: number;
}

export type Band = "customer-centric" | "good" | "needs work" | "company-centric";

/** Policy voice: empowering statements against restrictive ones. */
export interface PolicyBalance {
  readonly empowering: number;
  readonly restrictive: number;
  /** empowering ÷ restrictive; null when nothing is restrictive. */
  readonly canDoRatio: number | null;
}

export interface Score {
  readonly value: number;
  readonly band: Band;
  /** Points taken off, per category. */
  readonly penalties: Readonly<Record<string, number>>;
  readonly bonus: number;
  readonly signals: ScoreSignals;
  readonly sentences: number;
  readonly policy: PolicyBalance;
}

export interface UnitResult {
  readonly id: string;
  readonly title?: string;
  readonly range: Range;
  readonly line: number;
  readonly score: Score;
}

/** A problem with the file itself (unreadable, binary, unparsable). */
export interface FileError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** A linted file without its findings: what stays in memory once the findings are reported. */
export interface FileOutcome {
  readonly filePath: string;
  readonly format: string;
  readonly units: readonly UnitResult[];
  readonly score: Score;
  readonly errors: readonly FileError[];
}

export interface FileResult extends FileOutcome {
  readonly findings: readonly Finding[];
}

export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly fileErrors: number;
  readonly score: Score;
}
