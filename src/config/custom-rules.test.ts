import { describe, expect, it } from "vitest";
import { normalize, type ReportDescriptor, type Rule, type SentenceContext } from "../rule-api.js";
import { compileCustomRule, containsPhrase, phraseSource } from "./custom-rules.js";
import type { CustomPhraseRule } from "./types.js";
import { validateConfig } from "./validate.js";

/** Runs a rule the way the engine does: trigger on the normalised sentence, then check. */
function run(rule: Rule, text: string): { triggered: boolean; reports: ReportDescriptor[] } {
  const reports: ReportDescriptor[] = [];
  const normal = normalize(text);
  const ctx: SentenceContext = {
    text,
    normal,
    before: "",
    after: "",
    segmentKind: "paragraph",
    placeholders: [],
    options: {},
    nlp() {
      throw new Error("custom rules never need the NLP layer");
    },
    conjugate() {
      throw new Error("custom rules never need the NLP layer");
    },
    namesTime() {
      throw new Error("custom rules never need the NLP layer");
    },
    report(descriptor) {
      reports.push(descriptor);
    },
  };
  const triggered = rule.meta.trigger.test(normal);
  if (triggered) rule.check(ctx);
  return { triggered, reports };
}

function spans(text: string, reports: readonly ReportDescriptor[]): string[] {
  return reports.map((r) => text.slice(r.range[0], r.range[1]));
}

const existence: CustomPhraseRule = {
  type: "existence",
  message: '"{{phrase}}" is an internal team name.',
  phrases: ["tier 2 team", "L2"],
  suggestion: "our specialist team",
  category: "deflection",
};

const substitution: CustomPhraseRule = {
  type: "substitution",
  message: 'Write "{{replacement}}" instead of "{{phrase}}".',
  phrases: { "e-mail": "email", asap: "as soon as possible", "can't": "cannot", "get back": "reply", "get back to you": "reply to you" },
};

describe("existence rules", () => {
  const rule = compileCustomRule("house/no-teams", existence);

  it("has the shape of a built-in rule", () => {
    expect(rule.meta).toMatchObject({ id: "house/no-teams", category: "deflection", defaultSeverity: "warning" });
    expect(rule.meta.fixable).toBeUndefined();
    expect(rule.meta.messages.custom?.message).toBe(existence.message);
    expect(rule.meta.messages.custom?.note).toBeTruthy();
    expect(rule.meta.trigger.global).toBe(false);
  });

  it("reports every occurrence, in any case, with the suggestion", () => {
    const text = "I sent it to the Tier 2  team; l2 will answer. The TIER 2\nTEAM is quick.";
    const { triggered, reports } = run(rule, text);
    expect(triggered).toBe(true);
    expect(spans(text, reports)).toEqual(["Tier 2  team", "l2", "TIER 2\nTEAM"]);
    expect(reports[0]).toMatchObject({ messageId: "custom", data: { phrase: "Tier 2  team" } });
    expect(reports[0]?.suggestions?.[0]).toEqual({ text: "Our specialist team", range: reports[0]!.range });
    expect(reports[1]?.suggestions?.[0]?.text).toBe("our specialist team");
    expect(reports.every((r) => r.fix === undefined)).toBe(true);
  });

  it("matches whole words only", () => {
    expect(run(rule, "We use L2TP and tier 2 teams.").reports).toEqual([]);
    expect(run(rule, "Ask L2.").reports).toHaveLength(1);
  });

  it("reports without suggestions when the spec has none", () => {
    const bare = compileCustomRule("bare", { type: "existence", message: "m", phrases: ["per our policy"] });
    const { reports } = run(bare, "Per our policy, no.");
    expect(reports).toHaveLength(1);
    expect(reports[0]?.suggestions).toEqual([]);
    expect(bare.meta.category).toBe("style");
  });

  it("matches curly apostrophes against straight ones in phrases", () => {
    const rule2 = compileCustomRule("x", { type: "existence", message: "m", phrases: ["we don't"] });
    expect(spans("Sorry, we don\u2019t.", run(rule2, "Sorry, we don\u2019t.").reports)).toEqual(["we don\u2019t"]);
  });
});

describe("substitution rules", () => {
  const rule = compileCustomRule("house/plain", substitution);

  it("is safely fixable", () => {
    expect(rule.meta.fixable).toBe("safe");
  });

  it("fixes each phrase with its replacement, keeping a capital first letter", () => {
    const text = "E-mail us; we'll reply ASAP.";
    const { reports } = run(rule, text);
    expect(spans(text, reports)).toEqual(["E-mail", "ASAP"]);
    // An all-caps acronym mid-sentence is not a capitalised word; at the sentence start it is.
    expect(reports.map((r) => r.fix?.text)).toEqual(["Email", "as soon as possible"]);
    expect(run(rule, '"ASAP" is fine.').reports[0]?.fix?.text).toBe("As soon as possible");
    expect(reports[0]?.fix?.range).toEqual(reports[0]?.range);
    expect(reports[0]?.suggestions).toEqual([{ text: "Email", range: reports[0]!.range }]);
    expect(reports[0]?.data).toEqual({ phrase: "E-mail", replacement: "Email" });
  });

  it("prefers the longest phrase at a position", () => {
    const text = "We will get back to you soon, or get back later.";
    const { reports } = run(rule, text);
    expect(spans(text, reports)).toEqual(["get back to you", "get back"]);
    expect(reports.map((r) => r.fix?.text)).toEqual(["reply to you", "reply"]);
  });

  it("handles apostrophes and leaves the rest of the text alone", () => {
    const text = "Sorry, I can\u2019t. Canteen food is fine.";
    const { reports } = run(rule, text);
    expect(spans(text, reports)).toEqual(["can\u2019t"]);
    expect(reports[0]?.fix?.text).toBe("cannot");
  });

  it("applying the fixes leaves nothing to report", () => {
    const text = "E-mail me ASAP so I can get back to you.";
    const { reports } = run(rule, text);
    let fixed = text;
    for (const r of [...reports].sort((a, b) => b.range[0] - a.range[0])) {
      fixed = fixed.slice(0, r.fix!.range[0]) + r.fix!.text + fixed.slice(r.fix!.range[1]);
    }
    expect(fixed).toBe("Email me as soon as possible so I can reply to you.");
    expect(run(rule, fixed).reports).toEqual([]);
  });

  it("respects ignoreCase: false while the trigger stays a superset", () => {
    const exact = compileCustomRule("brand", { type: "substitution", message: "m", phrases: { Zendesk: "Zendesk Support" }, ignoreCase: false });
    // The prefilter fires on any case; check keeps only the exact one.
    const lower = run(exact, "our zendesk account");
    expect(lower.triggered).toBe(true);
    expect(lower.reports).toEqual([]);
    const right = run(exact, "Open Zendesk now");
    expect(spans("Open Zendesk now", right.reports)).toEqual(["Zendesk"]);
  });
});

describe("helpers", () => {
  it("builds word-bounded sources only where the phrase has word edges", () => {
    expect(new RegExp(phraseSource("$5 fee", true), "u").test("a $5 fee")).toBe(true);
    expect(new RegExp(phraseSource("asap!", true), "u").test("do it asap!")).toBe(true);
    expect(new RegExp(phraseSource("caf", true), "u").test("café")).toBe(false);
  });

  it("containsPhrase tells whether a replacement would be flagged again", () => {
    expect(containsPhrase("full refund", ["refund"])).toBe(true);
    expect(containsPhrase("refunded", ["refund"])).toBe(false);
  });

  it("compiles specs as validation returns them", () => {
    const config = validateConfig(
      { customRules: { "house/x": { type: "existence", message: "m", phrases: ["kindly"], severity: "error" } } },
      "c.json",
      [],
    );
    const rule = compileCustomRule("house/x", config.customRules!["house/x"]!);
    expect(rule.meta.defaultSeverity).toBe("error");
    expect(run(rule, "Kindly wait.").reports).toHaveLength(1);
  });
});
