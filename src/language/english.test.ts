/**
 * plainVerbAfter answers for the parse when the words are plain, so where it answers it must
 * give what compromise's parse (verbAfter) gives: the same word, root and range.
 */
import { describe, expect, it } from "vitest";
import { analyze } from "../nlp/index.js";
import { articleFollows, CONCRETE_TIME, PLAIN_VERBS, plainVerbAfter, plainVerbAt, verbAfter } from "./english.js";

function both(sentence: string, negation: string) {
  const normal = sentence.toLowerCase().replace(/’/g, "'");
  const offset = normal.indexOf(negation) + negation.length;
  const parsed = verbAfter(analyze(sentence), offset)?.term;
  return { plain: plainVerbAfter(normal, offset), parsed: parsed && { root: parsed.root, normal: parsed.normal, range: parsed.range } };
}

describe("plainVerbAfter", () => {
  it.each([...PLAIN_VERBS])("agrees with the parse on %s after each kind of negation", (verb) => {
    for (const [sentence, negation] of [
      [`We can't ${verb} it for you.`, "can't"],
      [`I'm not able to ${verb} that today.`, "'m not able to"],
      [`Our team won't ever ${verb} the order.`, "won't ever"],
      [`We are unable to ${verb} your account.`, "are unable to"],
      [`You didn't ${verb} the form.`, "didn't"],
    ] as const) {
      const { plain, parsed } = both(sentence, negation);
      expect(plain, sentence).toEqual(parsed);
    }
  });

  it("skips the scaffolding between a negation and its verb, as the parse does", () => {
    for (const [sentence, negation] of [
      ["We won't be able to refund the fee.", "won't"],
      ["I'm really not allowed to cancel it.", "not allowed to"],
      ["We can't currently ship to PO boxes.", "can't"],
      ["We don't even offer that plan.", "don't"],
    ] as const) {
      const { plain, parsed } = both(sentence, negation);
      expect(plain, sentence).toBeDefined();
      expect(plain, sentence).toEqual(parsed);
    }
  });

  it("leaves the parse to decide an unknown word, an inflected verb or a pronoun", () => {
    expect(plainVerbAfter("we can't reinstate opened items.", "we can't".length)).toBeUndefined();
    expect(plainVerbAfter("our store no longer offers gift wrap.", "our store no longer".length)).toBeUndefined();
    expect(plainVerbAfter("we won't refunding it.", "we won't".length)).toBeUndefined();
    expect(plainVerbAfter("i can't you know.", "i can't".length)).toBeUndefined();
    expect(plainVerbAfter("we can't refund's page.", "we can't".length)).toBeUndefined();
  });
});

describe("articleFollows", () => {
  it("answers, as the parse does, that no verb comes straight before an article", () => {
    for (const [sentence, before] of [
      ["If you had checked the size chart, this wouldn't have happened.", "checked"],
      ["You failed to read a single line of it.", "read"],
      ["We can't the order.", "can't"],
      ["You didn't an email.", "didn't"],
      ["Had you followed the steps, it would work.", "followed"],
    ] as const) {
      const normal = sentence.toLowerCase();
      const offset = normal.indexOf(before) + before.length;
      expect(articleFollows(normal, offset), sentence).toBe(true);
      expect(verbAfter(analyze(sentence), offset), sentence).toBeUndefined();
    }
  });

  it("needs the article as a whole word", () => {
    expect(articleFollows("we can't then refund it.", "we can't".length)).toBe(false);
    expect(articleFollows("we can't answer it.", "we can't".length)).toBe(false);
    expect(articleFollows("we can't a", "we can't".length)).toBe(false);
  });
});

describe("plainVerbAt", () => {
  it.each([...PLAIN_VERBS])("names %s a base-form verb after \"simply\", as the parse does", (verb) => {
    for (const sentence of [`Simply ${verb} the form.`, `Sam, simply ${verb} it now.`, `Then simply ${verb} your order.`]) {
      const normal = sentence.toLowerCase();
      const offset = normal.indexOf("simply ") + "simply ".length;
      expect(plainVerbAt(normal, offset), sentence).toBe(verb);
      const analysis = analyze(sentence);
      const tags = analysis.terms[analysis.termAt(offset)]!.tags;
      expect(tags.has("Verb") && !tags.has("Gerund") && !tags.has("PastTense"), sentence).toBe(true);
    }
  });

  it("takes only a whole known word at the offset", () => {
    expect(plainVerbAt("simply clicking it.", 7)).toBeUndefined();
    expect(plainVerbAt("simply re-send it.", 7)).toBeUndefined();
    expect(plainVerbAt("simply wibble it.", 7)).toBeUndefined();
  });
});

describe("CONCRETE_TIME", () => {
  it("reads a May date as a time, as it reads June's, and leaves the modal before a number alone", () => {
    for (const text of ["as of may 17, someone will get back to you.", "i'll send the report may 3rd.", "we ship june 3."]) {
      expect(CONCRETE_TIME.test(text), text).toBe(true);
    }
    for (const text of ["prices may 10% rise.", "it may 1.5x the cost.", "you may 2-3 items return.", "you may also call us."]) {
      expect(CONCRETE_TIME.test(text), text).toBe(false);
    }
  });
});
