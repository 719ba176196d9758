/**
 * Builds a Segment from pieces of source so that no adapter computes offset runs by hand.
 * Every character of the segment text comes from a recorded run (verbatim, atomic or mask),
 * which is what lets the engine map any finding back to the exact source span.
 *
 *   source:  Hi {{name}}, we can&apos;t wait
 *   segment: Hi ________, we can't wait
 *               ^^^^^^^^ mask run: seg [3,11) ↔ src [3,11)
 *                               ^ atomic run: seg [19,20) ↔ src [19,25)
 */
import type { OffsetRun, Placeholder, Range, Segment, SegmentKind } from "../core/types.js";

/** The filler for masked placeholders: a letter, so a sentence never breaks around one. */
export const MASK_CHAR = "x";

export class SegmentBuilder {
  private text = "";
  private readonly runs: OffsetRun[] = [];
  private readonly placeholders: Placeholder[] = [];

  /** Source text copied as is; `src` is where it starts in the source. */
  verbatim(value: string, src: number): this {
    if (value.length === 0) return this;
    const last = this.runs[this.runs.length - 1];
    const seg: Range = [this.text.length, this.text.length + value.length];
    // Merge adjacent verbatim runs so maps stay small.
    if (last && last.kind === "verbatim" && last.seg[1] === seg[0] && last.src[1] === src) {
      this.runs[this.runs.length - 1] = { kind: "verbatim", seg: [last.seg[0], seg[1]], src: [last.src[0], src + value.length] };
    } else {
      this.runs.push({ kind: "verbatim", seg, src: [src, src + value.length] });
    }
    this.text += value;
    return this;
  }

  /** A decoded unit (`&amp;` → `&`): `value` stands for the whole source range `src`. */
  atomic(value: string, src: Range): this {
    if (value.length === 0) return this;
    this.runs.push({ kind: "atomic", seg: [this.text.length, this.text.length + value.length], src });
    this.text += value;
    return this;
  }

  /**
   * A placeholder or other non-prose span, replaced by `length` filler characters (by default the
   * source length). `raw` is kept so rules can see what the placeholder stood for. Value
   * placeholders use a letter, so they read as a word; control tags use spaces.
   */
  mask(raw: string, src: Range, filler: string = MASK_CHAR, length = src[1] - src[0]): this {
    const n = Math.max(1, length);
    const seg: Range = [this.text.length, this.text.length + n];
    this.runs.push({ kind: "mask", seg, src });
    this.placeholders.push({ range: seg, raw });
    this.text += filler.repeat(n);
    return this;
  }

  get length(): number {
    return this.text.length;
  }

  /** Where the last run ends in the source (0 before any run). */
  get sourceEnd(): number {
    return this.runs[this.runs.length - 1]?.src[1] ?? 0;
  }

  build(kind: SegmentKind, unit = 0): Segment {
    return { text: this.text, kind, runs: this.runs.slice(), placeholders: this.placeholders.slice(), unit };
  }
}

/** Maps a segment offset to the source. Inside atomic and mask runs it snaps outward. */
export function toSource(segment: Segment, offset: number, bias: "start" | "end"): number {
  const runs = segment.runs;
  if (runs.length === 0) return 0;
  let lo = 0;
  let hi = runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const run = runs[mid]!;
    if (bias === "start" ? run.seg[1] <= offset : run.seg[1] < offset) lo = mid + 1;
    else hi = mid;
  }
  const run = runs[lo]!;
  if (run.kind === "verbatim") {
    const clamped = Math.max(run.seg[0], Math.min(offset, run.seg[1]));
    return run.src[0] + (clamped - run.seg[0]);
  }
  if (offset <= run.seg[0]) return run.src[0];
  if (offset >= run.seg[1]) return run.src[1];
  return bias === "start" ? run.src[0] : run.src[1];
}

/** Maps a segment range to the source range that covers it. */
export function toSourceRange(segment: Segment, range: Range): Range {
  const start = toSource(segment, range[0], "start");
  const end = range[1] === range[0] ? start : toSource(segment, range[1], "end");
  return [start, Math.max(start, end)];
}

/** Does a segment range touch a masked placeholder? Findings there are never reported. */
export function touchesMask(segment: Segment, range: Range): boolean {
  return segment.runs.some((r) => r.kind === "mask" && r.seg[0] < range[1] && range[0] < r.seg[1]);
}
