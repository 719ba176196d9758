import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forEachLineBreak, LineIndex } from "./line-index.js";

/** The line breaks as a regex finds them: [where the line's text ends, where the next line starts]. */
function breaksByRegex(text: string, from: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const eol = /\r\n|\r|\n/g;
  eol.lastIndex = from;
  for (let m = eol.exec(text); m; m = eol.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

function breaks(text: string, from: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  forEachLineBreak(text, from, (end, next) => out.push([end, next]));
  return out;
}

describe("forEachLineBreak", () => {
  it("finds \\r\\n, lone \\r and \\n as one break each", () => {
    expect(breaks("a\r\nb\rc\nd\n\re", 0)).toEqual([
      [1, 3],
      [4, 5],
      [6, 7],
      [8, 9],
      [9, 10],
    ]);
    expect(breaks("no breaks", 0)).toEqual([]);
    expect(breaks("\r\r\n\n", 1)).toEqual([
      [1, 3],
      [3, 4],
    ]);
  });

  it("agrees with a regex on generated texts, from any start", () => {
    const text = fc.array(fc.constantFrom("a", "bc ", "\n", "\r", "\r\n", "\n\r", "😀"), { maxLength: 30 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, fc.nat(), (t, n) => {
        const from = t.length === 0 ? 0 : n % (t.length + 1);
        expect(breaks(t, from)).toEqual(breaksByRegex(t, from));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("LineIndex", () => {
  it("numbers lines after \\r\\n, lone \\r and \\n alike", () => {
    const lines = new LineIndex("one\r\ntwo\rthree\nfour");
    expect(lines.lineCount).toBe(4);
    expect(lines.positionAt(5)).toEqual({ line: 2, column: 1 });
    expect(lines.positionAt(9)).toEqual({ line: 3, column: 1 });
    expect(lines.positionAt(15)).toEqual({ line: 4, column: 1 });
    expect(lines.lineRange(2)).toEqual([5, 8]);
    expect(lines.offsetAt({ line: 3, column: 3 })).toBe(11);
  });
});
