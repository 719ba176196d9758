/**
 * The quality bar for rewrite suggestions (issue "Here's how we can"): every suggestion, applied,
 * must clear the rule that produced it; a rewritten "worse" text must score in the band of the
 * guide's own rewrite or higher; and no suggestion may balloon, repeat a word or break a
 * contraction. Prints its figures. The dev set stays in ../shared and is read, not copied.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createResolver } from "../src/config/resolve.js";
import type { Finding } from "../src/core/types.js";
import { lintText } from "../src/linter.js";
import { BANDS } from "../src/scoring/score.js";
import { parseFixture } from "../src/testing/annotations.js";
import { lintWithRule } from "../src/testing/rule-fixtures.js";
import { BUILTIN_RULES } from "./index.js";

const fixturesDir = fileURLToPath(new URL("../fixtures/rules/", import.meta.url));
const devset = fileURLToPath(new URL("../../shared/devset/", import.meta.url));
const allOn = createResolver(undefined, BUILTIN_RULES, [])("case.txt");

/** Applies the first suggestion of each finding, skipping overlaps, right to left. */
function applyFirstSuggestions(source: string, findings: readonly Finding[]): string {
  const edits = findings
    .flatMap((f) => (f.suggestions[0] ? [f.suggestions[0]] : []))
    .sort((a, b) => a.range[0] - b.range[0]);
  const kept: typeof edits = [];
  for (const e of edits) if (!kept.some((k) => k.range[0] < e.range[1] && e.range[0] < k.range[1])) kept.push(e);
  let out = source;
  for (const e of kept.reverse()) out = out.slice(0, e.range[0]) + e.text + out.slice(e.range[1]);
  return out;
}

/** Does the suggestion, as text of its own, still trip the rule that made it? */
function stillFlagged(finding: Finding): boolean {
  const text = finding.suggestions[0]!.text;
  return lintWithRule(finding.ruleId, "suggestion.txt", text + "\n").some((f) => f.ruleId === finding.ruleId);
}

function fixtureFindings(): Array<{ where: string; source: string; finding: Finding }> {
  const out: Array<{ where: string; source: string; finding: Finding }> = [];
  for (const rule of BUILTIN_RULES) {
    const dir = fixturesDir + rule.meta.id;
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.startsWith("invalid-") && !f.includes(".fixed."))) {
      const { source } = parseFixture(readFileSync(`${dir}/${file}`, "utf8"));
      for (const finding of lintWithRule(rule.meta.id, file, source)) out.push({ where: `${rule.meta.id}/${file}`, source, finding });
    }
  }
  return out;
}

const readJsonl = <T>(name: string): T[] =>
  readFileSync(devset + name, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

describe("suggestions on the rule fixtures", () => {
  const cases = fixtureFindings();

  it("every finding carries 1–3 suggestions", () => {
    expect(cases.length).toBeGreaterThan(50);
    for (const { where, finding } of cases) {
      expect(finding.suggestions.length, `${where}: ${finding.actual}`).toBeGreaterThanOrEqual(1);
      expect(finding.suggestions.length, `${where}: ${finding.actual}`).toBeLessThanOrEqual(3);
    }
  });

  it("every suggestion re-lints clean for its rule (100%)", () => {
    const dirty = cases.filter((c) => stillFlagged(c.finding)).map((c) => `${c.where}: "${c.finding.suggestions[0]!.text}"`);
    console.log(`fixtures: ${cases.length - dirty.length}/${cases.length} suggestions re-lint clean`);
    expect(dirty).toEqual([]);
  });

  it("placeholders in the sentence survive the rewrite byte for byte", () => {
    const withPlaceholders = cases.filter(({ source, finding }) => {
      const [s, e] = finding.suggestions[0]!.range;
      return /\{\{[^}]+\}\}/.test(source.slice(s, e));
    });
    for (const { where, source, finding } of withPlaceholders) {
      const s = finding.suggestions[0]!;
      const original = source.slice(s.range[0], s.range[1]).match(/\{\{[^}]+\}\}/g) ?? [];
      const kept = s.text.match(/\{\{[^}]+\}\}/g) ?? [];
      // A rewrite may drop a clause, but any placeholder it writes must be one the source had.
      for (const p of kept) expect(original, `${where}: ${s.text}`).toContain(p);
      expect(s.text, where).not.toMatch(/x{5,}/);
    }
  });
});

describe.skipIf(!existsSync(devset + "cases.jsonl"))("suggestions on the dev set", () => {
  const cases = existsSync(devset + "cases.jsonl") ? readJsonl<{ id: string; text: string }>("cases.jsonl") : [];
  const flagged = cases.flatMap((c) => {
    const source = c.text + "\n";
    return lintText(source, { filePath: "case.txt", config: allOn, rules: BUILTIN_RULES }).findings.map((finding) => ({ c, source, finding }));
  });

  it("≥ 95% of suggestions re-lint clean for their rule", () => {
    const dirty = flagged.filter((f) => stillFlagged(f.finding));
    const share = 1 - dirty.length / flagged.length;
    console.log(`dev set: ${flagged.length - dirty.length}/${flagged.length} suggestions re-lint clean (${(100 * share).toFixed(1)}%)`);
    for (const d of dirty) console.log(`  still flagged: ${d.c.id} ${d.finding.ruleId}: "${d.finding.suggestions[0]!.text}"`);
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  it("no suggestion is over 3× its sentence, repeats a word or breaks a contraction", () => {
    const problems: string[] = [];
    for (const { c, source, finding } of flagged) {
      for (const s of finding.suggestions) {
        const original = source.slice(s.range[0], s.range[1]);
        if (s.text.length > 3 * Math.max(original.length, 20)) problems.push(`${c.id}: too long: "${s.text}"`);
        const doubled = /\b(\p{L}+)\s+\1\b/iu.exec(s.text);
        if (doubled && !/^(?:that|had)$/i.test(doubled[1]!)) problems.push(`${c.id}: doubled "${doubled[0]}": "${s.text}"`);
        if (/\s['’](?:t|s|ll|re|ve|d|m)\b|\b\p{L}+['’]\s|n['’]\s*t\b(?<!n['’]t)/iu.test(s.text)) problems.push(`${c.id}: broken contraction: "${s.text}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!existsSync(devset + "pairs.jsonl"))("rewrites of the pairs", () => {
  it("the rewritten 'worse' text reaches the band of the guide's 'better' text in ≥ 80% of pairs", () => {
    const pairs = readJsonl<{ id: string; worse: string; better: string }>("pairs.jsonl");
    const bandIndex = (v: number) => BANDS.findIndex(([min]) => v >= min);
    const lint = (text: string) => lintText(text, { filePath: "case.txt", config: allOn, rules: BUILTIN_RULES });
    let reached = 0;
    const misses: string[] = [];
    for (const p of pairs) {
      const worse = lint(p.worse + "\n");
      const rewritten = applyFirstSuggestions(p.worse + "\n", worse.findings);
      const after = lint(rewritten).score.value;
      const better = lint(p.better + "\n").score.value;
      if (bandIndex(after) <= bandIndex(better)) reached++;
      else misses.push(`${p.id}: ${after} vs ${better}: "${rewritten.trim()}"`);
    }
    console.log(`pairs: rewrite reaches the better text's band in ${reached}/${pairs.length} (${((100 * reached) / pairs.length).toFixed(1)}%)`);
    for (const m of misses) console.log(`  ${m}`);
    expect(reached / pairs.length).toBeGreaterThanOrEqual(0.8);
  });
});
