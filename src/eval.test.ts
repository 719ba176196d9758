/**
 * The shared dev set, measured in-process: per-category precision and recall on labelled real
 * sentences, and how often the score ranks a guide's recommended rewrite above the phrasing it
 * warns against. Prints the figures; fails if they fall below the issue targets. The data lives
 * beside the project (../shared/devset) and is never copied in; without it the test is skipped.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../rules/index.js";
import { createResolver } from "./config/resolve.js";
import { CATEGORIES, type ToneCategory } from "./core/types.js";
import { lintText } from "./linter.js";
import { BANDS } from "./scoring/score.js";

const devset = fileURLToPath(new URL("../../shared/devset/", import.meta.url));
const config = createResolver(undefined, BUILTIN_RULES, [])("case.txt");
const lint = (text: string) => lintText(text + "\n", { filePath: "case.txt", config, rules: BUILTIN_RULES });
const readJsonl = <T>(name: string): T[] =>
  readFileSync(devset + name, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

describe.skipIf(!existsSync(devset + "cases.jsonl"))("dev set accuracy", () => {
  it("meets precision ≥ 0.92 and recall ≥ 0.85, with no category at zero recall", () => {
    const cases = readJsonl<{ id: string; text: string; labels: ToneCategory[] }>("cases.jsonl");
    const tally = Object.fromEntries(CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
    let cleanCases = 0;
    let falseAlarms = 0;
    for (const c of cases) {
      const got = new Set(lint(c.text).findings.map((f) => f.category));
      for (const cat of CATEGORIES) {
        const gold = c.labels.includes(cat);
        const hit = got.has(cat);
        if (gold && hit) tally[cat]!.tp++;
        else if (hit) tally[cat]!.fp++;
        else if (gold) tally[cat]!.fn++;
      }
      if (c.labels.length === 0) {
        cleanCases++;
        if ([...got].some((g) => (CATEGORIES as readonly string[]).includes(g))) falseAlarms++;
      }
    }
    const sum = Object.values(tally).reduce((s, t) => ({ tp: s.tp + t.tp, fp: s.fp + t.fp, fn: s.fn + t.fn }), { tp: 0, fp: 0, fn: 0 });
    const precision = sum.tp / (sum.tp + sum.fp);
    const recall = sum.tp / (sum.tp + sum.fn);
    const rows = Object.entries(tally).map(([c, t]) => {
      const p = t.tp / (t.tp + t.fp || 1);
      const r = t.tp / (t.tp + t.fn || 1);
      return `${c.padEnd(19)} tp ${t.tp} fp ${t.fp} fn ${t.fn}  P ${p.toFixed(2)} R ${r.toFixed(2)} F1 ${((2 * p * r) / (p + r || 1)).toFixed(2)}`;
    });
    console.log(
      [...rows, `micro P ${precision.toFixed(3)} R ${recall.toFixed(3)}; false alarms on clean cases ${falseAlarms}/${cleanCases}`].join("\n"),
    );
    expect(precision).toBeGreaterThanOrEqual(0.92);
    expect(recall).toBeGreaterThanOrEqual(0.85);
    for (const [c, t] of Object.entries(tally)) expect(t.tp, `${c} has zero recall`).toBeGreaterThan(0);
    expect(falseAlarms / cleanCases).toBeLessThanOrEqual(0.05);
  });
});

describe.skipIf(!existsSync(devset + "pairs.jsonl"))("score ranking on before/after pairs", () => {
  it("ranks the better wording higher in ≥ 90% of pairs and never inverts by more than one band", () => {
    const pairs = readJsonl<{ id: string; worse: string; better: string }>("pairs.jsonl");
    const bandIndex = (v: number) => BANDS.findIndex(([min]) => v >= min);
    let right = 0;
    const inverted: string[] = [];
    for (const p of pairs) {
      const worse = lint(p.worse).score.value;
      const better = lint(p.better).score.value;
      if (better > worse) right++;
      if (better < worse) inverted.push(`${p.id}: ${worse} > ${better} (${bandIndex(better) - bandIndex(worse)} bands)`);
    }
    console.log(`pairs: better ranked higher in ${right}/${pairs.length} (${((100 * right) / pairs.length).toFixed(1)}%); inverted: ${inverted.join("; ") || "none"}`);
    expect(right / pairs.length).toBeGreaterThanOrEqual(0.9);
    for (const p of pairs) {
      const worse = lint(p.worse).score.value;
      const better = lint(p.better).score.value;
      if (better < worse) expect(bandIndex(better) - bandIndex(worse), p.id).toBeLessThanOrEqual(1);
    }
  });
});
