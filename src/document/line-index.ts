/**
 * Offset ↔ line/column conversion for a source text. Lines end at \n, \r\n or a lone \r.
 * Pure; built once per file and used only at the reporting boundary.
 */
import type { Position } from "../core/types.js";

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
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        push(i + 1);
      }
    }
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
