/**
 * plainVerbAfter answers for the parse when the words are plain, so where it answers it must
 * give what compromise's parse (verbAfter) gives: the same word, root and range.
 */
import { describe, expect, it } from "vitest";
import { analyze } from "../nlp/index.js";
import { PLAIN_VERBS, plainVerbAfter, verbAfter } from "./english.js";

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
