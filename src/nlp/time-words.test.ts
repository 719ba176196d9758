/**
 * no-hollow-promise skips the parse for a clause whose words all "never name a time"
 * (TIMELESS_WORDS). That holds only while compromise agrees: none of those words may carry a
 * date, time or duration tag, alone or in a promise, and no sentence made of them may hold a
 * date expression.
 */
import { describe, expect, it } from "vitest";
import { mayNameTime, TIMELESS_WORDS } from "../language/english.js";
import { analyze } from "./index.js";

describe("TIMELESS_WORDS", () => {
  it.each([...TIMELESS_WORDS])("compromise finds no time in %s", (word) => {
    for (const sentence of [`${word}.`, `We will ${word} it.`, `Someone will get back to you about the ${word}.`]) {
      const analysis = analyze(sentence);
      expect(analysis.hasTimeBetween(0, analysis.terms.length), sentence).toBe(false);
    }
  });

  it("has no time in promises made of them, and finds one when a time word is added", () => {
    for (const promise of [
      "Someone from our billing team will get back to you.",
      "I will escalate this and someone will follow up.",
      "Your case will be reviewed by our technical team.",
      "We'll look into it and keep you updated.",
    ]) {
      const normal = promise.toLowerCase();
      expect(mayNameTime(normal), promise).toBe(false);
      const analysis = analyze(promise);
      expect(analysis.hasTimeBetween(0, analysis.terms.length), promise).toBe(false);
    }
    for (const promise of ["Someone will get back to you on Monday.", "We'll look into it this afternoon.", "Your case will be reviewed in 2 days.", "We'll update you before Christmas."]) {
      expect(mayNameTime(promise.toLowerCase()), promise).toBe(true);
    }
  });
});
