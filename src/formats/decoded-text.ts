/**
 * Decoded text with an exact map back to its source, shared by the structured adapters (JSON,
 * HTML, YAML, CSV). A JSON string, an HTML text node, a YAML scalar or a CSV field is first
 * decoded into a DecodedText whose pieces tile the decoded characters; everything built on top
 * (placeholder masking, paragraph splitting, HTML held inside a JSON string) works in decoded
 * space, and these helpers compose the maps so the final runs point into the real file.
 */
import type { Range, Segment, SegmentKind } from "../core/types.js";
import { SegmentBuilder } from "../document/segment-builder.js";
import { appendMasked, compilePlaceholders, type CompiledPlaceholders } from "./placeholders.js";

/** One stretch of decoded text: copied as is (verbatim) or decoded as a unit (`\n`, `&amp;`, `""`). */
export interface Piece {
  readonly kind: "verbatim" | "atomic";
  readonly dec: Range;
  readonly src: Range;
}

export interface DecodedText {
  readonly text: string;
  /** Tile `text` from 0 to text.length, in order. */
  readonly pieces: readonly Piece[];
  /** Source offsets of the (possibly empty) decoded text's start and end. */
  readonly srcStart: number;
  readonly srcEnd: number;
}

/**
 * Collects pieces while a decoder walks its source. The run bookkeeping (merging adjacent
 * verbatim pieces, skipping empty ones) is SegmentBuilder's; a decoded text is a segment without
 * masks, whose runs are read as pieces.
 */
export class DecodedTextBuilder {
  private readonly runs = new SegmentBuilder();

  verbatim(value: string, src: number): this {
    this.runs.verbatim(value, src);
    return this;
  }

  /** `value` stands for the whole source range (may be empty: text that is in no source, e.g. YAML's folded space for nothing). */
  atomic(value: string, src: Range): this {
    this.runs.atomic(value, src);
    return this;
  }

  get length(): number {
    return this.runs.length;
  }

  build(srcStart: number, srcEnd: number): DecodedText {
    const { text, runs } = this.runs.build("field");
    return { text, pieces: runs.map((r) => ({ kind: r.kind === "atomic" ? "atomic" : "verbatim", dec: r.seg, src: r.src })), srcStart, srcEnd };
  }
}

/** A decoded text that is its source, unchanged. */
export function identityText(source: string, start: number, end: number): DecodedText {
  return new DecodedTextBuilder().verbatim(source.slice(start, end), start).build(start, end);
}

function pieceAt(d: DecodedText, i: number): number {
  let lo = 0;
  let hi = d.pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (d.pieces[mid]!.dec[1] <= i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Source offset where decoded char `i` starts; inside an atomic piece it snaps to the piece start. */
export function srcStartOf(d: DecodedText, i: number): number {
  if (i >= d.text.length || d.pieces.length === 0) return d.srcEnd;
  if (i <= 0) return d.pieces[0]!.src[0];
  const p = d.pieces[pieceAt(d, i)]!;
  return p.kind === "verbatim" ? p.src[0] + (i - p.dec[0]) : p.src[0];
}

/** Source offset just after decoded char `i - 1`; inside an atomic piece it snaps to the piece end. */
export function srcEndOf(d: DecodedText, i: number): number {
  if (i <= 0 || d.pieces.length === 0) return d.srcStart;
  const p = d.pieces[pieceAt(d, Math.min(i, d.text.length) - 1)]!;
  return p.kind === "verbatim" ? p.src[0] + (Math.min(i, p.dec[1]) - p.dec[0]) : p.src[1];
}

/** Maps a decoded range to the source range covering it. */
export function mapRange(d: DecodedText, [a, b]: Range): Range {
  const start = srcStartOf(d, a);
  return a === b ? [start, start] : [start, Math.max(start, srcEndOf(d, b))];
}

/** Emits decoded [a, b) into `target`, piece by piece, so escapes stay atomic in the final map. */
/**
 * Two pieces of one segment can fall inside one atomic piece of the source (a placeholder inside
 * a scalar that could only be mapped whole): the later one starts where the earlier ended, so
 * the source never goes backwards.
 */
function forward(target: SegmentBuilder, src: Range): Range {
  const end = target.sourceEnd;
  return src[0] < end ? [end, Math.max(end, src[1])] : src;
}

function emitDecoded(target: SegmentBuilder, d: DecodedText, a: number, b: number): void {
  if (a >= b) return;
  for (let i = pieceAt(d, a); i < d.pieces.length && d.pieces[i]!.dec[0] < b; i++) {
    const p = d.pieces[i]!;
    const s = Math.max(a, p.dec[0]);
    const e = Math.min(b, p.dec[1]);
    const value = d.text.slice(s, e);
    // A cut inside an atomic piece (half a surrogate pair) still points at the whole escape.
    if (p.kind === "verbatim") target.verbatim(value, p.src[0] + (s - p.dec[0]));
    else target.atomic(value, forward(target, p.src));
  }
}

/**
 * Replays a segment's runs into `target`. Without `d` the runs are copied; with `d` the segment's
 * source offsets are taken to be offsets in `d.text` and are composed through `d`'s map.
 */
export function appendSegmentRuns(target: SegmentBuilder, seg: Segment, d?: DecodedText): void {
  const mapped = (src: Range): Range => forward(target, d ? mapRange(d, src) : src);
  for (const run of seg.runs) {
    const value = seg.text.slice(run.seg[0], run.seg[1]);
    if (run.kind === "mask") {
      const raw = seg.placeholders.find((p) => p.range[0] === run.seg[0])?.raw ?? value;
      target.mask(raw, mapped(run.src), value[0], value.length);
    } else if (run.kind === "atomic") {
      target.atomic(value, mapped(run.src));
    } else if (d) {
      emitDecoded(target, d, run.src[0], run.src[1]);
    } else {
      target.verbatim(value, run.src[0]);
    }
  }
}

/** A segment built in `d`'s decoded space, re-expressed in `d`'s source space. */
export function remapSegment(seg: Segment, d: DecodedText): Segment {
  const b = new SegmentBuilder();
  appendSegmentRuns(b, seg, d);
  return b.build(seg.kind, seg.unit);
}

const DEFAULT_PLACEHOLDERS = compilePlaceholders();

/**
 * Appends decoded [a, b) to `target` with placeholders masked. Placeholders are found in decoded
 * text (so `{{x | fallback: \"y\"}}` in JSON is one placeholder), then mapped to the source.
 */
export function appendDecoded(
  target: SegmentBuilder,
  d: DecodedText,
  placeholders: CompiledPlaceholders = DEFAULT_PLACEHOLDERS,
  a = 0,
  b = d.text.length,
): void {
  if (a >= b) return;
  const tmp = new SegmentBuilder();
  appendMasked(tmp, d.text.slice(a, b), a, placeholders);
  appendSegmentRuns(target, tmp.build("field"), d);
}

export interface PlainTextOptions {
  readonly placeholders: CompiledPlaceholders;
  readonly unit: number;
  /** Kind for each paragraph; a one-line field (a subject) passes "field". */
  readonly kind?: SegmentKind;
  /** Keep `>` lines: off by default because they quote the customer's earlier message. */
  readonly keepQuotes?: boolean;
}

/**
 * Plain text held in a structured field (a JSON string, a YAML scalar, a CSV cell): one segment
 * per blank-line separated paragraph, quoted `>` lines skipped, as the text adapter does.
 */
export function plainTextSegments(d: DecodedText, options: PlainTextOptions): Segment[] {
  const segments: Segment[] = [];
  const text = d.text;
  let paraStart = -1;
  let paraEnd = -1;
  const flush = () => {
    if (paraStart >= 0) {
      const b = new SegmentBuilder();
      appendDecoded(b, d, options.placeholders, paraStart, paraEnd);
      const seg = b.build(options.kind ?? "paragraph", options.unit);
      if (seg.text.trim()) segments.push(seg);
    }
    paraStart = -1;
  };
  const lineRe = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  for (let m = lineRe.exec(text); m && m.index < text.length; m = lineRe.exec(text)) {
    const line = m[1]!;
    if (line.trim() === "" || (!options.keepQuotes && /^\s*>/.test(line))) {
      flush();
    } else {
      if (paraStart < 0) paraStart = m.index;
      paraEnd = m.index + line.length;
    }
    if (m[0].length === 0) break;
  }
  flush();
  return segments;
}

/**
 * Loose text comparison for "two renderings of one reply" (plain vs HTML): placeholders dropped
 * (Intercom writes `{{user.name}}` in one and `<attribute key="user.name"/>` in the other), then
 * letters and digits only.
 */
export function sameWords(a: string, b: string, placeholders: CompiledPlaceholders = DEFAULT_PLACEHOLDERS): boolean {
  const norm = (s: string) =>
    s
      .replace(placeholders.regex, " ")
      .replace(/<attribute\b[^>]*>/g, " ")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "");
  return norm(a) === norm(b);
}
