/**
 * The sentence splitter: where sentences end (punctuation, line breaks after a colon or comma,
 * blank lines, bullets) and where they do not (abbreviations, initials, a lower-case word after a
 * period).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitSentences } from "./sentences.js";

function sentences(text: string, boundary?: RegExp): string[] {
  return splitSentences(text, boundary).map(([s, e]) => text.slice(s, e));
}

describe("splitSentences", () => {
  it("ends a sentence at . ! ? and … followed by white space, closing quotes and brackets included", () => {
    expect(sentences("We refunded it. Thanks! Any questions? Well… maybe.")).toEqual(["We refunded it.", "Thanks!", "Any questions?", "Well… maybe."]);
    expect(sentences('She said "fine." Then (she left.) We stayed.')).toEqual(['She said "fine."', "Then (she left.)", "We stayed."]);
  });

  it("ends a sentence at a line break after a colon, semicolon or comma, at a blank line and before a bullet", () => {
    expect(sentences("Hi Sam,\nThanks for writing")).toEqual(["Hi Sam,", "Thanks for writing"]);
    expect(sentences("Steps:\n- Open the app\n- Tap Refund\n* Confirm")).toEqual(["Steps:", "- Open the app", "- Tap Refund", "* Confirm"]);
    expect(sentences("No full stop here\n\nNor here")).toEqual(["No full stop here", "Nor here"]);
    expect(sentences("A line\nthat goes on")).toEqual(["A line\nthat goes on"]);
  });

  it("does not end a sentence after an abbreviation or an initial", () => {
    expect(sentences("Dr. Smith will call. Mrs. Lee too.")).toEqual(["Dr. Smith will call.", "Mrs. Lee too."]);
    expect(sentences("We ship to the U.S. Then to Canada.")).toEqual(["We ship to the U.S. Then to Canada."]);
    expect(sentences("Acme Inc. Customers are happy.")).toEqual(["Acme Inc. Customers are happy."]);
    // Only the twelve characters before the period are read: a long word ending in "dr" is a word.
    expect(sentences("Abcdefghijkldr. Then more.")).toEqual(["Abcdefghijkldr.", "Then more."]);
    expect(sentences("Abcdefghijdr. Then more.")).toEqual(["Abcdefghijdr.", "Then more."]);
    expect(sentences("x-dr. Then more.")).toEqual(["x-dr. Then more."]);
    for (const letter of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
      expect(sentences(`Plan ${letter}. Then go.`), letter).toEqual([`Plan ${letter}. Then go.`]);
    }
    expect(sentences("Plan 9. Then go.")).toEqual(["Plan 9.", "Then go."]);
  });

  it("keeps a lower-case word after a period in the same sentence, unless a line break comes first", () => {
    expect(sentences("See e.g. the docs. Then reply.")).toEqual(["See e.g. the docs.", "Then reply."]);
    expect(sentences("Step 3. then wait. Done.")).toEqual(["Step 3. then wait.", "Done."]);
    expect(sentences("End.\nnext line")).toEqual(["End.", "next line"]);
  });

  it("leaves out the white space around sentences, and empty ones", () => {
    expect(splitSentences("  Hello there.   Bye.  ")).toEqual([
      [2, 14],
      [17, 21],
    ]);
    expect(splitSentences(" \n\n ")).toEqual([]);
  });

  it("finds the same sentences as the plainer boundary with a lookbehind for the colon or comma", () => {
    const lookbehind = /[.!?…]+["'”’)\]*_]*(?=\s)|\n\s*\n|(?<=[:;,])[ \t]*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)/g;
    const pieces = ["We", "dr", "e.g", "U.S", "x", " ", "  ", "\t", "\n", "\n\n", " \n", ".", "!", "?", "…", ":", ";", ",", "-", "* ", "• ", "2.", "3)", ")", '"', "”", "'", "_"];
    const texts = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(texts, (text) => {
        expect(splitSentences(text), JSON.stringify(text)).toEqual(splitSentences(text, lookbehind));
      }),
      { numRuns: 3000 },
    );
  });
});
