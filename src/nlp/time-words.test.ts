/**
 * no-hollow-promise skips the parse of a clause when no word in it could name a time. That holds
 * only while compromise agrees:
 * - no word of TIMELESS_WORDS may carry a date, time or duration tag, alone or in a promise, and
 *   no sentence made of them may hold a date expression;
 * - a capitalised word set off by a comma ("Sorry Olivia, …") is asked about on its own, so its
 *   answer alone must be its answer in the sentence.
 */
import { describe, expect, it } from "vitest";
import { isSetOffWord, timeCandidates, TIMELESS_WORDS } from "../language/english.js";
import { analyze, namesTime } from "./index.js";

const hasTime = (sentence: string) => {
  const analysis = analyze(sentence);
  return analysis.hasTimeBetween(0, analysis.terms.length);
};
const wordsOf = (text: string) => timeCandidates(text.toLowerCase()).map(([s, e]) => text.slice(s, e));

describe("TIMELESS_WORDS", () => {
  it.each([...TIMELESS_WORDS])("compromise finds no time in %s", (word) => {
    for (const sentence of [`${word}.`, `We will ${word} it.`, `Someone will get back to you about the ${word}.`]) {
      expect(hasTime(sentence), sentence).toBe(false);
    }
  });

  it("has no time in promises made of them, and finds one when a time word is added", () => {
    for (const promise of [
      "Someone from our billing team will get back to you.",
      "I will escalate this and someone will follow up.",
      "Your case will be reviewed by our technical team.",
      "We'll look into it and keep you updated.",
      "Sorry for the inconvenience, we'll look into it.",
      "Regarding order #463578, I'll let you know.",
      "Regarding ticket #2024, we'll look into it.",
      "To be honest, your case will be reviewed.",
      "Just so you know, our team is working on it and will update you.",
    ]) {
      expect(wordsOf(promise), promise).toEqual([]);
      expect(hasTime(promise), promise).toBe(false);
    }
    for (const [promise, words] of [
      ["Someone will get back to you on Monday.", ["Monday"]],
      ["We'll look into it this afternoon.", ["afternoon"]],
      ["Your case will be reviewed in 2 days.", ["2", "days"]],
      ["We'll update you before Christmas.", ["before", "Christmas"]],
      ["Regarding order #4, we'll update you by 5pm.", ["5", "pm"]],
    ] as const) {
      expect(wordsOf(promise), promise).toEqual(words);
    }
  });
});

describe("a word set off by a comma", () => {
  // Names, and the time words that could stand in a name's place.
  const words = [
    "Olivia", "Sam", "Kwame", "Priya", "Aiko", "Mateo", "Fatima", "Jonas", "Riley", "Noah", "Chen",
    "Sarah", "Grace", "Hope", "Joy", "Summer", "Autumn", "Winter", "April", "June", "August", "May",
    "Monday", "Friday", "Sunday", "Tomorrow", "Today", "Tonight", "Later", "Christmas", "Easter",
    "Hopefully", "Meanwhile", "Afterwards", "Now", "Noon", "Midnight", "Morning", "March", "Sat", "Sun",
    "Wed", "Jan", "Fall", "Spring", "Dawn", "Eve", "Day", "Week", "Weekend",
  ];

  it.each(words)("%s names no time in a promise when namesTime says so", (word) => {
    for (const sentence of [
      `${word}, we'll look into it.`,
      `Sorry ${word}, someone will get back to you.`,
      `Hi ${word}, your case will be reviewed.`,
      `Thanks ${word}, I'll let you know.`,
    ]) {
      const [range] = timeCandidates(sentence.toLowerCase());
      expect(range && isSetOffWord(sentence, range), sentence).toBe(true);
      if (!namesTime(word)) expect(hasTime(sentence), sentence).toBe(false);
    }
  });

  it("answers for the words that do name a time, alone or opening a sentence", () => {
    for (const word of ["Monday", "Tomorrow", "Christmas", "May", "April", "Tonight"]) expect(namesTime(word), word).toBe(true);
    for (const word of ["Olivia", "Kwame", "Hopefully"]) expect(namesTime(word), word).toBe(false);
  });

  it("is a capitalised word right before a comma, nothing else", () => {
    const at = (text: string, word: string) => isSetOffWord(text, [text.indexOf(word), text.indexOf(word) + word.length]);
    expect(at("Sorry Olivia, we'll look into it.", "Olivia")).toBe(true);
    expect(at("Sorry olivia, we'll look into it.", "olivia")).toBe(false);
    expect(at("Olivia will look into it, soon.", "Olivia")).toBe(false);
    expect(at("On Monday afternoon, we'll look into it.", "Monday")).toBe(false);
    expect(at("By EOD, we'll look into it.", "EOD")).toBe(false);
  });
});
