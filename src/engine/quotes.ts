/**
 * Quoted text in a segment. Words inside quotation marks are often not our voice: a customer
 * quoted in a reply, or a phrase mentioned in guidance ("avoid saying 'not my department'").
 * A quote that opens a sentence is a quoted line (a phrase-list entry, a script line) and is
 * still linted, with lower confidence; a quote inside running prose is a mention and is not.
 */
import type { Range } from "../core/types.js";

export interface QuoteSpan {
  /** From the opening mark to the closing mark, inclusive. */
  readonly range: Range;
}

const PAIRS: ReadonlyArray<readonly [open: string, close: string]> = [
  ["\u201c", "\u201d"],
  ['"', '"'],
  ["\u2018", "\u2019"],
  ["'", "'"],
  ["\u00ab", "\u00bb"],
];

/** Finds quoted spans; single quotes count only where they cannot be apostrophes. */
export function findQuotes(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  for (const [open, close] of PAIRS) {
    const single = open === "'" || open === "\u2018";
    let from = 0;
    for (;;) {
      const start = text.indexOf(open, from);
      if (start < 0) break;
      if (single && /[\p{L}\p{N}]/u.test(text[start - 1] ?? " ")) {
        from = start + 1;
        continue;
      }
      let end = text.indexOf(close, start + 1);
      // A closing single quote must not sit between letters (it is an apostrophe: "can't").
      while (single && end >= 0 && /[\p{L}]/u.test(text[end + 1] ?? " ") && /[\p{L}]/u.test(text[end - 1] ?? " ")) {
        end = text.indexOf(close, end + 1);
      }
      if (end < 0) {
        // An unclosed opening quote at the start of a segment runs to its end (quoted paragraphs).
        if (!single && text.slice(0, start).trim() === "") spans.push({ range: [start, text.length] });
        break;
      }
      spans.push({ range: [start, end + 1] });
      from = end + 1;
    }
  }
  return spans;
}

export type QuoteRole = "none" | "quoted-line" | "mention";

/**
 * How a range relates to the quotes around it. `sentenceStart` is where the range's sentence
 * starts in the same text.
 */
export function quoteRole(quotes: readonly QuoteSpan[], range: Range, sentenceStart: number, text: string): QuoteRole {
  const q = quotes.find((s) => s.range[0] <= range[0] && range[1] <= s.range[1]);
  if (!q) return "none";
  const lead = text.slice(Math.min(sentenceStart, q.range[0]), q.range[0]);
  // Only punctuation, dashes or a list marker before the quote: the quote is the line itself.
  return /^[\s\-*•>\d.)(:]*$/.test(lead) ? "quoted-line" : "mention";
}
