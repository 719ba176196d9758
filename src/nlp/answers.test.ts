/**
 * answers.ts holds compromise's answers to namesTime and conjugate, worked out ahead of time by
 * scripts/nlp-answers.mjs. These tests hold them to the parse: every answer it lists, and the
 * claim that a capitalised word it does not list never names a time, on words it never asked
 * about (given names from many languages, made-up words with time-like endings) and on a sample
 * of compromise's lexicon.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PLAIN_VERBS } from "../language/english.js";
import { ANSWERED_BY, TIME_NAMES, VERB_FORMS } from "./answers.js";
import { conjugate, loadedModel, namesTime, parsedConjugation, parsedNamesTime } from "./index.js";

const require = createRequire(import.meta.url);
const { installedPackage } = require("../../scripts/nlp-fast-probe.cjs") as {
  installedPackage(name: string, resolve: (id: string) => string): { version: string };
};
const installedVersion = (name: string) => installedPackage(name, require.resolve).version;
const SET_OFF_WORDS = fileURLToPath(new URL("../../fixtures/nlp/set-off-words.txt", import.meta.url));
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

describe("ANSWERED_BY", () => {
  it("names the installed compromise and compromise-dates (else run scripts/nlp-answers.mjs)", () => {
    expect(ANSWERED_BY).toEqual({ compromise: installedVersion("compromise"), "compromise-dates": installedVersion("compromise-dates") });
  });
});

describe("VERB_FORMS", () => {
  it("answers for exactly the verbs of PLAIN_VERBS", () => {
    expect([...VERB_FORMS.keys()].sort()).toEqual([...PLAIN_VERBS].sort());
  });

  it.each([...VERB_FORMS.keys()])("holds compromise's conjugation of %s", (verb) => {
    expect(VERB_FORMS.get(verb)).toEqual(parsedConjugation(verb) ?? null);
    expect(conjugate(verb.toUpperCase())).toEqual(parsedConjugation(verb));
  });
});

describe("TIME_NAMES", () => {
  it("holds only words that the parse reads as a time", () => {
    const notTime = [...TIME_NAMES].filter((word) => !parsedNamesTime(capitalised(word)));
    expect(notTime).toEqual([]);
  });

  it("answers as the parse does for given names and other set-off words", () => {
    const words = readFileSync(SET_OFF_WORDS, "utf8")
      .split("\n")
      .filter((line) => line && !line.startsWith("#"));
    expect(words.length).toBeGreaterThan(300);
    const differ = words.filter((word) => namesTime(word) !== parsedNamesTime(word));
    expect(differ).toEqual([]);
    // The list holds both kinds, so the check can fail either way.
    expect(words.filter((word) => namesTime(word)).length).toBeGreaterThan(10);
  });

  it("answers no for made-up words with time-like endings, as the parse does", () => {
    const endings = ["day", "days", "time", "times", "night", "week", "mas", "ber", "uary", "tide", "fest", "hour", "month", "year", "ly", "ing", "ed", "s"];
    const words = ["Zor", "Quel", "Bram", "Tiv"].flatMap((stem) => endings.map((ending) => stem + ending));
    const differ = words.filter((word) => namesTime(word) !== parsedNamesTime(word));
    expect(differ).toEqual([]);
  });

  it("answers as the parse does for a sample of compromise's lexicon", () => {
    const model = loadedModel() as { one: { lexicon: Record<string, unknown> } };
    const words = Object.keys(model.one.lexicon).filter((word) => /^\p{Ll}+$/u.test(word));
    const sample = words.filter((_, i) => i % 40 === 0).map(capitalised);
    expect(sample.length).toBeGreaterThan(400);
    const differ = sample.filter((word) => namesTime(word) !== parsedNamesTime(word));
    expect(differ).toEqual([]);
  });
});
