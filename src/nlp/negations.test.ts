import { describe, expect, it } from "vitest";
import { analyze } from "./index.js";

const negation = (sentence: string) =>
  analyze(sentence)
    .negations()
    .map((n) => {
      const a = analyze(sentence);
      return {
        negation: sentence.slice(...n.range),
        verb: n.verb === undefined ? undefined : a.terms[n.verb]!.text,
        subject: n.subject?.text,
      };
    });

describe("negations: the negated verb and its subject", () => {
  it.each([
    ["We can't refund opened items.", { negation: "can't", verb: "refund", subject: "We" }],
    ["Our billing team really cannot change the address.", { negation: "cannot", verb: "change", subject: "Our billing team" }],
    ["We’re unable to process returns.", { negation: "unable", verb: "process", subject: "We" }],
    ["The app can't sync while offline.", { negation: "can't", verb: "sync", subject: "The app" }],
    ["You didn't attach the file.", { negation: "didn't", verb: "attach", subject: "You" }],
    ["I do not have access to billing.", { negation: "do not", verb: "have", subject: "I" }],
  ])("%s", (sentence, expected) => {
    expect(negation(sentence)).toContainEqual(expected);
  });

  it("finds nothing in a sentence without a negation", () => {
    expect(analyze("We refunded your order yesterday.").negations()).toEqual([]);
  });
});
