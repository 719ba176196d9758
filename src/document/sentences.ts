/**
 * A fast sentence splitter for the prefilter stage. It only needs to be good enough to keep
 * compromise's input sentence-sized and to give rules a sentence of context; it runs over every
 * segment, so it is a single regex pass. Abbreviations and initials do not end a sentence.
 */
import type { Range } from "../core/types.js";

const ABBREVIATIONS = new Set([
  "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "etc", "eg", "ie", "inc", "ltd", "co",
  "corp", "no", "nos", "approx", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul",
  "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
]);

// A candidate boundary: sentence punctuation, any closing quotes or brackets, then white space.
// A line break after a colon or a comma ("Hi Sam,"), or a blank line, also ends a sentence; so
// does a bullet on a new line. The colon or comma is part of the match, where a lookbehind would
// read more plainly: V8 then tries the lookbehind at every character of every segment, which
// made the scan three times slower. (sentences.test.ts holds the two forms to the same ranges.)
const BOUNDARY = /[.!?…]+["'”’)\]*_]*(?=\s)|\n\s*\n|[:;,][ \t]*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)/g;

/**
 * Splits `text` into sentence ranges; leading and trailing white space is left out. `boundary`
 * is for tests: another global regex of candidate boundaries.
 */
export function splitSentences(text: string, boundary: RegExp = BOUNDARY): Range[] {
  const ranges: Range[] = [];
  let start = 0;
  boundary.lastIndex = 0;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0][0] === "." && isAbbreviation(text, m.index)) continue;
    // "e.g. the" or "3. then": a lower-case word after a period is still the same sentence.
    if (/^[.…]/.test(m[0]) && /^\s+[a-z]/.test(text.slice(end, end + 3)) && !/\n/.test(text.slice(end, end + 3))) continue;
    push(text, start, end, ranges);
    start = end;
  }
  push(text, start, text.length, ranges);
  return ranges;
}

/**
 * Whether the period at `dot` follows an initial or a known abbreviation: the run of ASCII
 * letters before it, at most 12 of them.
 */
function isAbbreviation(text: string, dot: number): boolean {
  let from = dot;
  while (from > 0 && dot - from < 12 && isAsciiLetter(text.charCodeAt(from - 1))) from--;
  if (from === dot) return false;
  // Single letters are initials or parts of "U.S." and "e.g.".
  return dot - from === 1 || ABBREVIATIONS.has(text.slice(from, dot).toLowerCase());
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function push(text: string, start: number, end: number, out: Range[]): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (e > s) out.push([s, e]);
}
