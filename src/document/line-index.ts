/**
 * Offset ↔ line/column conversion for a source text. Lines end at \n, \r\n or a lone \r.
 * Pure; built once per file and used only at the reporting boundary.
 */
import type { Position } from "../core/types.js";

/**
 * Calls `visit(end, next)` for each line break in `text` from `from` on: `end` is where the
 * line's text ends, `next` where the next line starts. A line break is \r\n, \r or \n.
 * indexOf finds them natively (half the time of a loop over the characters, and no match object
 * per line as with a regex); each search runs again only once the lines have passed what it
 * found, so a text of lone \r, or of \n only, is read once and not once per line.
 */
export function forEachLineBreak(text: string, from: number, visit: (end: number, next: number) => void): void {
  let cr = text.indexOf("\r", from);
  let lf = text.indexOf("\n", from);
  while (cr >= 0 || lf >= 0) {
    const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
    const next = end === cr && lf === cr + 1 ? lf + 1 : end + 1;
    visit(end, next);
    if (cr >= 0 && cr < next) cr = text.indexOf("\r", next);
    if (lf >= 0 && lf < next) lf = text.indexOf("\n", next);
  }
}

export class LineIndex {
  /** Offsets where lines start. Typed, because a 100 MB export has millions of lines. */
  private readonly starts: Uint32Array;

  constructor(readonly text: string) {
    let starts = new Uint32Array(Math.max(16, (text.length >> 6) + 1));
    let count = 1;
    const push = (offset: number) => {
      if (count === starts.length) {
        const grown = new Uint32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = offset;
    };
    forEachLineBreak(text, 0, (_end, next) => push(next));
    this.starts = starts.slice(0, count);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based position of a UTF-16 offset. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = lastAtOrBefore(this.starts, clamped);
    return { line: line + 1, column: clamped - this.starts[line]! + 1 };
  }

  /** Offset of a 1-based position; columns past the line end clamp to it. */
  offsetAt(position: Position): number {
    const line = Math.max(1, Math.min(position.line, this.starts.length));
    const start = this.starts[line - 1]!;
    const next = line < this.starts.length ? this.starts[line]! : this.text.length;
    return Math.min(start + Math.max(0, position.column - 1), next);
  }

  /** Range of a 1-based line, without its line break. */
  lineRange(line: number): [number, number] {
    const start = this.starts[line - 1] ?? this.text.length;
    let end = line < this.starts.length ? this.starts[line]! : this.text.length;
    while (end > start && (this.text[end - 1] === "\n" || this.text[end - 1] === "\r")) end--;
    return [start, end];
  }
}

/** Index of the last of `sorted` (ascending, first entry ≤ value) that is ≤ `value`. */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
