/**
 * Streaming: a document linted part by part (one part per macro of a large export, one per
 * section of a Markdown macro collection) must give what the same document gives linted as one
 * part, while its findings reach the sink as each part is done, not at the end. Directives work
 * across parts as in one document.
 */
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../rules/index.js";
import { resolveConfig } from "./config/resolve.js";
import type { FileOutcome, Finding } from "./core/types.js";
import { CHUNK_ABOVE, jsonAdapter, parseJson, parseJsonParts } from "./formats/json.js";
import { markdownAdapter } from "./formats/markdown.js";
import type { FormatAdapter } from "./formats/types.js";
import { lintWith, streamWith, type LintTextOptions, type ResultSink } from "./lint-core.js";

const options = (reportUnusedDirectives = false): LintTextOptions => ({
  filePath: "macros.json",
  config: resolveConfig(undefined, "macros.json", BUILTIN_RULES, []),
  rules: BUILTIN_RULES,
  reportUnusedDirectives,
});

/** The JSON adapter forced to one part per macro, and forced to one part for the whole file. */
const perMacro: FormatAdapter = { ...jsonAdapter, parseParts: (text, o) => parseJsonParts(text, o, { chunkAbove: 0 }) };
const onePart: FormatAdapter = {
  id: "json",
  extensions: [".json"],
  parse: (text, o) => ({ format: "json", ...parseJson(text, o, { chunkAbove: Infinity }) }),
};

function zendesk(bodies: readonly string[]): string {
  const macros = bodies.map((body, i) => ({
    id: 1000 + i,
    title: `Macro ${i}`,
    actions: [{ field: "comment_value_html", value: body }],
  }));
  return JSON.stringify({ macros }, null, 2);
}

function streamed(adapter: FormatAdapter, source: string, opts: LintTextOptions) {
  const batches: Finding[][] = [];
  const events: string[] = [];
  const sink: ResultSink = {
    begin: () => events.push("begin"),
    findings: (list) => {
      events.push("findings");
      batches.push([...list]);
    },
    end: () => events.push("end"),
  };
  const outcome: FileOutcome = streamWith(adapter, source, opts, sink);
  return { outcome, batches, events, findings: batches.flat() };
}

const BODIES = [
  "<p>Unfortunately we can't refund orders older than 30 days.</p>",
  "<p>Thanks for writing in. You failed to attach the receipt.</p>",
  "<p>Someone will get back to you.</p><p>That's not my department.</p>",
  "<p>Happy to help! Here is your tracking link.</p>",
  "<p>Under no circumstances can we accept returns.</p>",
];

describe("streaming a document part by part", () => {
  it("hands over findings per part, and they, the units and the scores equal the one-part lint", () => {
    const source = zendesk(Array.from({ length: 40 }, (_, i) => BODIES[i % BODIES.length]!));
    const parts = streamed(perMacro, source, options());
    const whole = lintWith(onePart, source, options());
    expect(parts.batches.length).toBeGreaterThan(20);
    expect(parts.events[0]).toBe("begin");
    expect(parts.events.at(-1)).toBe("end");
    expect(parts.findings).toEqual(whole.findings);
    const { findings: _, ...wholeOutcome } = whole;
    expect(parts.outcome).toEqual(wholeOutcome);
    expect(parts.outcome.units).toHaveLength(40);
  });

  it("the real adapter streams a large export without being told to", () => {
    const bodies = Array.from({ length: Math.ceil(CHUNK_ABOVE / 120) }, (_, i) => BODIES[i % BODIES.length]!);
    const source = zendesk(bodies);
    expect(source.length).toBeGreaterThan(CHUNK_ABOVE);
    const { batches, outcome } = streamed(jsonAdapter, source, options());
    expect(batches.length).toBeGreaterThan(1000);
    expect(outcome.units.length).toBe(bodies.length);
  });

  it("carries block directives across parts and reports unused ones at the end", () => {
    const source = zendesk([
      "<p>Hello.</p><!-- cxlint-disable no-refusal -->",
      "<p>Unfortunately we can't refund orders older than 30 days.</p>",
      "<!-- cxlint-enable no-refusal --><p>We cannot refund opened items.</p>",
      "<!-- cxlint-disable no-blame --><p>Thanks!</p>",
      "<p>You failed to attach the receipt.</p><!-- cxlint-disable-next-line no-hollow-promise -->",
    ]);
    const parts = streamed(perMacro, source, options(true));
    const whole = lintWith(onePart, source, options(true));
    expect(parts.findings).toEqual(whole.findings);
    const rules = parts.findings.map((f) => `${f.unit.id}:${f.ruleId}`);
    // Macro 1's refusal is disabled from macro 0; macro 2's comes after the enable; macro 4's
    // blame is disabled from macro 3; the trailing next-line directive suppresses nothing.
    expect(rules).toEqual(["1002:no-refusal", "document:unused-disable-directive"]);
    expect(parts.batches.at(-1)!.map((f) => f.ruleId)).toEqual(["unused-disable-directive"]);
  });

  it("an item of unknown shape after others: their findings stand, and the file gets an error where it stopped", () => {
    const good = JSON.parse(zendesk(BODIES.slice(0, 2))) as { macros: unknown[] };
    good.macros.push({ id: 9, name: "not a macro" });
    const source = JSON.stringify(good, null, 2);
    const { outcome, findings } = streamed(perMacro, source, options());
    expect(findings.map((f) => f.ruleId)).toEqual(["no-refusal", "no-blame"]);
    expect(outcome.units).toHaveLength(2);
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]!.message).toContain("item 3");
    const item = source.lastIndexOf("{", source.indexOf('"id": 9,'));
    expect(outcome.errors[0]!.line).toBe(source.slice(0, item).split("\n").length);
  });

  it("units with equal scores share one score object, equal in every field and key order to the unit's own", () => {
    const bodies = [...BODIES, ...BODIES, ...BODIES];
    const { outcome } = streamed(perMacro, zendesk(bodies), options());
    const alone = bodies.map((body) => lintWith(onePart, zendesk([body]), options()).units[0]!.score);
    expect(outcome.units.map((u) => JSON.stringify(u.score))).toEqual(alone.map((score) => JSON.stringify(score)));
    expect(outcome.units[0]!.score).toBe(outcome.units[5]!.score);
    expect(outcome.units[1]!.score).toBe(outcome.units[11]!.score);
    expect(outcome.units[0]!.score).not.toBe(outcome.units[1]!.score);
  });
});

describe("Markdown sections as parts", () => {
  const wholeMarkdown: FormatAdapter = { id: "markdown", extensions: [".md"], parse: markdownAdapter.parse };
  const mdOptions = (reportUnusedDirectives: boolean): LintTextOptions => ({ ...options(reportUnusedDirectives), filePath: "replies.md" });
  const source = [
    "# Saved replies",
    "",
    "Intro: someone will get back to you.",
    "",
    "<!-- cxlint-disable no-refusal -->",
    "",
    "## Refund, late",
    "",
    "Unfortunately we can't refund orders older than 30 days.",
    "",
    "<!-- cxlint-enable no-refusal -->",
    "<!-- cxlint-disable-next-line -->",
    "## You failed to attach the receipt",
    "",
    "We can't refund opened items.",
    "",
    "## Empty section",
    "",
    "## Blame",
    "",
    "- You failed to attach the receipt.",
    "- That's not my department. <!-- cxlint-disable-line no-deflection -->",
    "",
    "<!-- cxlint-disable-next-line no-blame -->",
    "",
  ].join("\n");

  it("gives what the whole document gives, a section's findings before the next section is parsed", () => {
    for (const unused of [false, true]) {
      const whole = lintWith(wholeMarkdown, source, mdOptions(unused));
      const parts = streamed(markdownAdapter, source, mdOptions(unused));
      expect(parts.outcome.units).toEqual(whole.units);
      expect(parts.findings).toEqual(whole.findings);
    }
    const parts = streamed(markdownAdapter, source, mdOptions(true));
    expect(parts.outcome.units.map((u) => u.id)).toEqual(["document", "refund-late", "you-failed-to-attach-the-receipt", "empty-section", "blame"]);
    expect(parts.findings.map((f) => `${f.unit.id}:${f.ruleId}`)).toEqual([
      "document:no-hollow-promise",
      "you-failed-to-attach-the-receipt:no-refusal",
      "blame:no-blame",
      "document:unused-disable-directive",
    ]);
    expect(parts.batches.length).toBeGreaterThan(2);
  });
});
