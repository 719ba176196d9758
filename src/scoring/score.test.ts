/**
 * Property tests for the customer-centricity score (DESIGN.md "Score"): bounded, banded,
 * deterministic, monotonic (a finding removed or a positive signal added never lowers it) and
 * length-normalised (a text repeated twice scores within ±1). First on scoreUnit/combineScores
 * with generated findings, then end to end through lintText on texts built from a pool of
 * sentences written for this test.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../../rules/index.js";
import { createResolver } from "../config/resolve.js";
import type { UserConfig } from "../config/types.js";
import type { Category, Confidence, Finding, Score, ScoreSignals, Severity } from "../core/types.js";
import { lintText } from "../linter.js";
import { BANDS, NEUTRAL, bandOf, combineScores, scoreUnit, type UnitInput } from "./score.js";

const CATEGORY_LIST: readonly Category[] = ["refusal", "blame", "restrictive-policy", "deflection", "hollow-promise", "dismissive", "style"];
const SEVERITY_LIST: readonly Severity[] = ["error", "warning", "info"];
const CONFIDENCE_LIST: readonly Confidence[] = ["high", "medium"];
const NO_SIGNALS: ScoreSignals = { ownership: 0, options: 0, empathy: 0, proactive: 0 };

function finding(category: Category, severity: Severity, confidence: Confidence): Finding {
  return {
    ruleId: `test-${category}`,
    category,
    severity,
    confidence,
    message: "m",
    note: "n",
    range: [0, 1],
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    actual: "x",
    unit: { id: "document" },
    suggestions: [],
    url: "https://example.test/rule",
  };
}

const findingArb: fc.Arbitrary<Finding> = fc
  .tuple(fc.constantFrom(...CATEGORY_LIST), fc.constantFrom(...SEVERITY_LIST), fc.constantFrom(...CONFIDENCE_LIST))
  .map(([c, s, k]) => finding(c, s, k));

const signalsArb: fc.Arbitrary<ScoreSignals> = fc.record({
  ownership: fc.nat(20),
  options: fc.nat(20),
  empathy: fc.nat(20),
  proactive: fc.nat(20),
});

/** A unit: 0..60 sentences, up to that many positive ones, and up to 40 findings. */
const unitArb: fc.Arbitrary<UnitInput> = fc
  .record({
    sentences: fc.nat(60),
    positive: fc.nat(60),
    empowering: fc.nat(60),
    findings: fc.array(findingArb, { maxLength: 40 }),
    signals: signalsArb,
  })
  .map(({ sentences, positive, empowering, findings, signals }) => ({
    findings,
    sentences,
    positiveSentences: Math.min(positive, sentences),
    empowering: Math.min(empowering, sentences),
    signals,
  }));

function expectWellFormed(score: Score): void {
  expect(Number.isInteger(score.value)).toBe(true);
  expect(score.value).toBeGreaterThanOrEqual(0);
  expect(score.value).toBeLessThanOrEqual(100);
  expect(score.band).toBe(bandOf(score.value));
  for (const p of Object.values(score.penalties)) expect(p).toBeGreaterThanOrEqual(0);
}

describe("bandOf", () => {
  it("names the bands at their boundaries (90 / 75 / 50)", () => {
    expect(bandOf(100)).toBe("customer-centric");
    expect(bandOf(90)).toBe("customer-centric");
    expect(bandOf(89)).toBe("good");
    expect(bandOf(75)).toBe("good");
    expect(bandOf(74)).toBe("needs work");
    expect(bandOf(50)).toBe("needs work");
    expect(bandOf(49)).toBe("company-centric");
    expect(bandOf(0)).toBe("company-centric");
    expect(BANDS.map(([min]) => min)).toEqual([90, 75, 50, 0]);
  });

  it("is a step function of the value for every score 0..100", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), (v) => {
        const expected = v >= 90 ? "customer-centric" : v >= 75 ? "good" : v >= 50 ? "needs work" : "company-centric";
        expect(bandOf(v)).toBe(expected);
      }),
    );
  });
});

describe("scoreUnit", () => {
  it("scores an empty unit 100 with no penalties", () => {
    const score = scoreUnit({ findings: [], sentences: 0, positiveSentences: 0, signals: NO_SIGNALS });
    expect(score).toMatchObject({ value: 100, band: "customer-centric", penalties: {}, bonus: 0, signals: NO_SIGNALS, sentences: 0 });
  });

  it("reports the policy balance but never lets it move the value", () => {
    fc.assert(
      fc.property(unitArb, (unit) => {
        const none = scoreUnit({ ...unit, empowering: 0 });
        const score = scoreUnit(unit);
        expect(score.value).toBe(none.value);
        expect(score.policy.empowering).toBe(unit.empowering);
        expect(score.policy.restrictive).toBe(unit.findings.filter((f) => f.category === "restrictive-policy").length);
      }),
    );
  });

  it("scores a clean unit with no positive signal NEUTRAL, and a fully positive one 100", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (sentences) => {
        expect(scoreUnit({ findings: [], sentences, positiveSentences: 0, signals: NO_SIGNALS }).value).toBe(NEUTRAL);
        expect(scoreUnit({ findings: [], sentences, positiveSentences: sentences, signals: NO_SIGNALS }).value).toBe(100);
      }),
    );
  });

  it("stays within 0..100, integral, with the band of its value", () => {
    fc.assert(fc.property(unitArb, (unit) => expectWellFormed(scoreUnit(unit))));
  });

  it("is deterministic: the same input gives an equal Score", () => {
    fc.assert(
      fc.property(unitArb, (unit) => {
        const copy: UnitInput = { ...unit, findings: unit.findings.map((f) => ({ ...f })), signals: { ...unit.signals } };
        expect(scoreUnit(copy)).toEqual(scoreUnit(unit));
      }),
    );
  });

  it("is monotonic: removing any one finding never lowers the score", () => {
    fc.assert(
      fc.property(
        unitArb.filter((u) => u.findings.length > 0),
        fc.nat(),
        (unit, pick) => {
          const i = pick % unit.findings.length;
          const without = { ...unit, findings: unit.findings.filter((_, j) => j !== i) };
          expect(scoreUnit(without).value).toBeGreaterThanOrEqual(scoreUnit(unit).value);
        },
      ),
    );
  });

  it("is monotonic: adding a finding never raises the score", () => {
    fc.assert(
      fc.property(unitArb, findingArb, (unit, extra) => {
        const more = { ...unit, findings: [...unit.findings, extra] };
        expect(scoreUnit(more).value).toBeLessThanOrEqual(scoreUnit(unit).value);
      }),
    );
  });

  it("is monotonic: one more positive sentence at the same sentence count never lowers the score", () => {
    fc.assert(
      fc.property(
        unitArb.filter((u) => u.positiveSentences < u.sentences),
        (unit) => {
          const more = { ...unit, positiveSentences: unit.positiveSentences + 1 };
          expect(scoreUnit(more).value).toBeGreaterThanOrEqual(scoreUnit(unit).value);
          expect(scoreUnit(more).bonus).toBeGreaterThanOrEqual(scoreUnit(unit).bonus);
        },
      ),
    );
  });

  it("is length-normalised: twice the sentences, findings and positive sentences scores within ±1", () => {
    fc.assert(
      fc.property(
        unitArb.filter((u) => u.sentences > 0),
        (unit) => {
          const doubled = {
            findings: [...unit.findings, ...unit.findings],
            sentences: unit.sentences * 2,
            positiveSentences: unit.positiveSentences * 2,
            signals: unit.signals,
          };
          expect(Math.abs(scoreUnit(doubled).value - scoreUnit(unit).value)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it("splits the points lost across the categories of the findings", () => {
    fc.assert(
      fc.property(
        unitArb.filter((u) => u.sentences > 0),
        (unit) => {
          const score = scoreUnit(unit);
          expect(Object.keys(score.penalties).sort()).toEqual([...new Set(unit.findings.map((f) => f.category))].sort());
        },
      ),
    );
  });
});

const scoreArb: fc.Arbitrary<Score> = unitArb.map(scoreUnit);

describe("combineScores", () => {
  it("scores no units 100", () => {
    const total = combineScores([]);
    expect(total.value).toBe(100);
    expect(total.band).toBe("customer-centric");
    expect(total.sentences).toBe(0);
  });

  it("keeps a single score's value and band", () => {
    fc.assert(
      fc.property(scoreArb, (s) => {
        const total = combineScores([s]);
        expect(total.value).toBe(s.value);
        expect(total.band).toBe(s.band);
        expect(total.sentences).toBe(s.sentences);
      }),
    );
  });

  it("lies between the lowest and highest unit score, within bounds", () => {
    fc.assert(
      fc.property(fc.array(scoreArb, { minLength: 1, maxLength: 12 }), (scores) => {
        const total = combineScores(scores);
        expectWellFormed(total);
        expect(total.value).toBeGreaterThanOrEqual(Math.min(...scores.map((s) => s.value)));
        expect(total.value).toBeLessThanOrEqual(Math.max(...scores.map((s) => s.value)));
        expect(total.sentences).toBe(scores.reduce((n, s) => n + s.sentences, 0));
      }),
    );
  });

  it("is deterministic, and a list repeated twice combines to the same value", () => {
    fc.assert(
      fc.property(fc.array(scoreArb, { maxLength: 12 }), (scores) => {
        expect(combineScores(scores)).toEqual(combineScores(scores.map((s) => ({ ...s }))));
        expect(Math.abs(combineScores([...scores, ...scores]).value - combineScores(scores).value)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("is monotonic: removing a finding from one unit never lowers the total", () => {
    fc.assert(
      fc.property(
        fc.array(unitArb, { maxLength: 6 }),
        unitArb.filter((u) => u.findings.length > 0),
        fc.nat(),
        (others, unit, pick) => {
          const i = pick % unit.findings.length;
          const better = { ...unit, findings: unit.findings.filter((_, j) => j !== i) };
          const before = combineScores([...others, unit].map(scoreUnit)).value;
          const after = combineScores([...others, better].map(scoreUnit)).value;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// End to end through lintText, on texts built from sentences written for this test.

/** Each is flagged by the rule named, on its own. */
const FLAGGED: ReadonlyArray<readonly [ruleId: string, sentence: string]> = [
  ["no-refusal", "We can't refund this order."],
  ["no-blame", "You failed to attach the receipt."],
  ["no-deflection", "Please contact the courier directly about the delay."],
  ["no-hollow-promise", "Someone will get back to you soon."],
  ["no-restrictive-policy", "All sales are final."],
  ["no-dismissive", "Per my last email, the parcel has shipped."],
  ["no-restrictive-policy", "We reserve the right to cancel any order."],
];
/** Clean, with no positive signal. */
const NEUTRAL_SENTENCES: readonly string[] = [
  "Your order number is 48213.",
  "The jacket comes in three colours.",
  "Our store opens at nine every morning.",
  "The invoice is attached to this message.",
  "The parcel is in our warehouse.",
];
/** Clean, with a positive signal (empathy, ownership, options, follow-up). */
const POSITIVE_SENTENCES: readonly string[] = [
  "I'm sorry the parcel arrived damaged.",
  "Thank you for your patience with this.",
  "I've already issued a full refund to your card.",
  "You can swap it for another size at no cost.",
  "I'll email you the tracking number by 5 pm today.",
  "Here's how you can reset your password.",
];
const ALL_SENTENCES = [...FLAGGED.map(([, s]) => s), ...NEUTRAL_SENTENCES, ...POSITIVE_SENTENCES];

const defaultConfig = createResolver(undefined, BUILTIN_RULES, [])("reply.txt");
function lint(text: string, user?: UserConfig) {
  const config = user ? createResolver(user, BUILTIN_RULES, [])("reply.txt") : defaultConfig;
  return lintText(text, { filePath: "reply.txt", config, rules: BUILTIN_RULES });
}

/** A reply: paragraphs of sentences from the pool. */
const replyArb: fc.Arbitrary<string[][]> = fc.array(fc.array(fc.constantFrom(...ALL_SENTENCES), { minLength: 1, maxLength: 4 }), {
  minLength: 1,
  maxLength: 5,
});
const render = (paragraphs: readonly (readonly string[])[]) => paragraphs.map((p) => p.join(" ")).join("\n\n") + "\n";

// lintText runs the rules (and compromise on candidate sentences), so fewer runs than the defaults.
const E2E = { numRuns: 40 };

describe("the score through lintText", () => {
  it("the sentence pool is what it claims: each flagged sentence is found by its rule, the rest are clean", () => {
    for (const [ruleId, sentence] of FLAGGED) expect(lint(sentence + "\n").findings.map((f) => f.ruleId)).toContain(ruleId);
    for (const sentence of NEUTRAL_SENTENCES) {
      const r = lint(sentence + "\n");
      expect(r.findings, sentence).toEqual([]);
      expect(r.score.value, sentence).toBe(NEUTRAL);
    }
    for (const sentence of POSITIVE_SENTENCES) {
      const r = lint(sentence + "\n");
      expect(r.findings, sentence).toEqual([]);
      expect(r.score.value, sentence).toBe(100);
    }
  });

  it("an empty document scores 100 with no findings", () => {
    for (const text of ["", "\n", "   \n\n  \n"]) {
      const r = lint(text);
      expect(r.findings).toEqual([]);
      expect(r.score.value).toBe(100);
      expect(r.score.band).toBe("customer-centric");
    }
  });

  it("is bounded and deterministic", () => {
    fc.assert(
      fc.property(replyArb, (paragraphs) => {
        const text = render(paragraphs);
        const first = lint(text);
        expectWellFormed(first.score);
        for (const unit of first.units) expectWellFormed(unit.score);
        expect(lint(text).score).toEqual(first.score);
      }),
      E2E,
    );
  });

  it("is length-normalised: the text repeated twice scores within ±1", () => {
    fc.assert(
      fc.property(replyArb, (paragraphs) => {
        const once = lint(render(paragraphs));
        const twice = lint(render([...paragraphs, ...paragraphs]));
        expect(twice.findings).toHaveLength(once.findings.length * 2);
        expect(twice.score.sentences).toBe(once.score.sentences * 2);
        expect(Math.abs(twice.score.value - once.score.value)).toBeLessThanOrEqual(1);
      }),
      E2E,
    );
  });

  it("is monotonic: turning rules off (removing their findings) never lowers the score", () => {
    const ruleIds = BUILTIN_RULES.map((r) => r.meta.id);
    fc.assert(
      fc.property(replyArb, fc.subarray(ruleIds, { minLength: 1 }), (paragraphs, off) => {
        const text = render(paragraphs);
        const all = lint(text);
        const fewer = lint(text, { rules: Object.fromEntries(off.map((id) => [id, "off"])) });
        expect(fewer.findings.length).toBeLessThanOrEqual(all.findings.length);
        expect(fewer.score.sentences).toBe(all.score.sentences);
        expect(fewer.score.value).toBeGreaterThanOrEqual(all.score.value);
      }),
      E2E,
    );
  });

  it("is monotonic: a neutral sentence replaced by a positive one never lowers the score", () => {
    const withNeutral = fc
      .tuple(replyArb, fc.nat(), fc.constantFrom(...NEUTRAL_SENTENCES), fc.constantFrom(...POSITIVE_SENTENCES))
      .map(([paragraphs, at, neutral, positive]) => {
        const p = at % paragraphs.length;
        const before = paragraphs.map((para, i) => (i === p ? [...para, neutral] : para));
        const after = paragraphs.map((para, i) => (i === p ? [...para, positive] : para));
        return { before, after };
      });
    fc.assert(
      fc.property(withNeutral, ({ before, after }) => {
        const a = lint(render(before));
        const b = lint(render(after));
        expect(b.score.sentences).toBe(a.score.sentences);
        expect(b.score.value).toBeGreaterThanOrEqual(a.score.value);
      }),
      E2E,
    );
  });

  it("a flagged sentence added to a clean reply lowers its score", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...NEUTRAL_SENTENCES, ...POSITIVE_SENTENCES), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...FLAGGED),
        (clean, [, flagged]) => {
          const before = lint(render([clean]));
          const after = lint(render([clean, [flagged]]));
          expect(after.score.value).toBeLessThan(before.score.value);
        },
      ),
      E2E,
    );
  });
});
