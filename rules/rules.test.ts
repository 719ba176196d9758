/**
 * @fileoverview Runs every built-in rule over its fixtures (`fixtures/rules/<rule-id>/`) through
 * the fixture harness (src/testing/rule-fixtures.ts), plus the strictness checks of
 * architecture-anchors §8.7, derived from ESLint's RuleTester:
 *
 * - `valid-*` fixtures give no finding; `invalid-*` fixtures give exactly the annotated findings
 *   (ranges, messageIds, and the first suggestion where `=>` names one);
 * - every rule has a doc page, at least one valid and one invalid fixture, and every messageId it
 *   declares appears in an invalid fixture; annotations use only declared messageIds;
 * - fixture texts are unique; a rule without `meta.fixable` never returns a fix;
 * - for a fixable rule, `invalid-x.fixed.<ext>` is the text after applying every fix, and
 *   re-linting it gives no finding with a fix; without a `.fixed` file the rule must not fix.
 *
 * Severity is not compared: a refusal followed by an alternative ("We can't refund the fee, but
 * we can send a label") is reported one step lower (PRINCIPLES.md), and medium-confidence
 * findings (a quoted line in a phrase list) drop to info. The fixtures only pin down where the
 * finding is and which message it carries.
 */

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/core/types.js";
import { allMatches, defineRule } from "../src/rule-api.js";
import { parseFixture } from "../src/testing/annotations.js";
import { applyFixes, compareFixture, lintFixture, lintWithRule, messageIdOf } from "../src/testing/rule-fixtures.js";
import { BUILTIN_RULES } from "./index.js";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURES = path.join(ROOT, "fixtures", "rules");
const RULES_DIR = path.join(ROOT, "rules");

/** valid-foo.txt, invalid-foo.md, invalid-foo.fixed.txt */
const FIXTURE_NAME = /^(valid|invalid)-[a-z0-9][a-z0-9-]*(\.fixed)?\.(txt|md)$/;

interface FixtureFile {
  readonly name: string;
  readonly kind: "valid" | "invalid";
  readonly fixed: boolean;
  readonly text: string;
}

function readFixtures(ruleId: string): FixtureFile[] {
  const dir = path.join(FIXTURES, ruleId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const m = FIXTURE_NAME.exec(name);
      if (!m) return [];
      return [{ name, kind: m[1] as "valid" | "invalid", fixed: m[2] !== undefined, text: readFileSync(path.join(dir, name), "utf8") }];
    });
}

/** The name of the expected-output file for an invalid fixture. */
function fixedName(name: string): string {
  return name.replace(/\.(txt|md)$/, ".fixed.$1");
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `  ${f.line}:${f.column} ${JSON.stringify(f.actual)} ${f.message}`).join("\n");
}

const hasAnyDoc = BUILTIN_RULES.some((r) => existsSync(path.join(RULES_DIR, `${r.meta.id}.md`)));

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe("fixture folders", () => {
  it("every folder under fixtures/rules belongs to a built-in rule", () => {
    const ids = new Set(BUILTIN_RULES.map((r) => r.meta.id));
    const folders = existsSync(FIXTURES) ? readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
    expect(folders.filter((f) => !ids.has(f))).toEqual([]);
  });

  it("every file in a rule's folder follows the naming convention", () => {
    const bad: string[] = [];
    for (const rule of BUILTIN_RULES) {
      const dir = path.join(FIXTURES, rule.meta.id);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (!FIXTURE_NAME.test(name)) bad.push(`${rule.meta.id}/${name}`);
        else if (name.includes(".fixed.") && !existsSync(path.join(dir, name.replace(".fixed.", ".")))) {
          bad.push(`${rule.meta.id}/${name} (no matching invalid fixture)`);
        } else if (name.startsWith("valid-") && name.includes(".fixed.")) bad.push(`${rule.meta.id}/${name} (only invalid fixtures have .fixed files)`);
      }
    }
    expect(bad, "expected valid-*.{txt,md}, invalid-*.{txt,md} or invalid-*.fixed.{txt,md}").toEqual([]);
  });

  it("no two fixtures share a text (after stripping annotations)", () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const rule of BUILTIN_RULES) {
      for (const file of readFixtures(rule.meta.id)) {
        if (file.fixed) continue;
        const hash = createHash("sha256").update(parseFixture(file.text).source).digest("hex");
        const where = `${rule.meta.id}/${file.name}`;
        const first = seen.get(hash);
        if (first) duplicates.push(`${where} repeats ${first}`);
        else seen.set(hash, where);
      }
    }
    expect(duplicates).toEqual([]);
  });
});

describe.each(BUILTIN_RULES.map((rule) => [rule.meta.id, rule] as const))("%s", (ruleId, rule) => {
  const fixtures = readFixtures(ruleId);
  const valid = fixtures.filter((f) => f.kind === "valid" && !f.fixed);
  const invalid = fixtures.filter((f) => f.kind === "invalid" && !f.fixed);
  const fixedFiles = new Map(fixtures.filter((f) => f.fixed).map((f) => [f.name, f.text]));
  const declared = Object.keys(rule.meta.messages);

  if (hasAnyDoc) {
    it(`has a doc page rules/${ruleId}.md`, () => {
      expect(existsSync(path.join(RULES_DIR, `${ruleId}.md`))).toBe(true);
    });
  } else {
    it.todo(`has a doc page rules/${ruleId}.md (rule docs are not written yet; this check turns on once any rules/*.md exists)`);
  }

  it("has at least one valid and one invalid fixture", () => {
    expect(valid.length, `fixtures/rules/${ruleId}/valid-*`).toBeGreaterThan(0);
    expect(invalid.length, `fixtures/rules/${ruleId}/invalid-*`).toBeGreaterThan(0);
  });

  it("covers every declared messageId in an invalid fixture, and annotates no undeclared one", () => {
    const used = new Set(invalid.flatMap((f) => parseFixture(f.text).expected.map((e) => e.messageId)));
    const missing = declared.filter((id) => !used.has(id));
    const undeclared = [...used].filter((id) => !declared.includes(id));
    expect(missing, `messageIds of ${ruleId} with no invalid fixture: ${missing.join(", ")}`).toEqual([]);
    expect(undeclared, `annotations name messageIds ${ruleId} does not declare: ${undeclared.join(", ")}`).toEqual([]);
  });

  it.each(valid.map((f) => [f.name, f] as const))("valid: %s gives no finding", (name, file) => {
    const { source, expected } = parseFixture(file.text);
    expect(expected, `${name} is a valid fixture but has annotations`).toEqual([]);
    const findings = lintWithRule(ruleId, name, source);
    expect(findings.length, `unexpected findings in ${name}:\n${describeFindings(findings)}`).toBe(0);
  });

  it.each(invalid.map((f) => [f.name, f] as const))("invalid: %s gives exactly the annotated findings", (name, file) => {
    const result = lintFixture(ruleId, name, file.text);
    expect(result.expected.length, `${name} is an invalid fixture but has no annotation`).toBeGreaterThan(0);
    expect(compareFixture(result), `${name}:\n${describeFindings(result.findings)}`).toEqual([]);
    for (const finding of result.findings) {
      expect(finding.ruleId).toBe(ruleId);
      expect(finding.category).toBe(rule.meta.category);
      expect(finding.message, "message slots are filled").not.toMatch(/\{\{|\}\}/);
      expect(messageIdOf(rule, finding), `message ${JSON.stringify(finding.message)} matches one template`).toBeDefined();
    }
  });

  if (!rule.meta.fixable) {
    it("returns no fix (meta.fixable is not set)", () => {
      const withFix = fixtures
        .filter((f) => !f.fixed)
        .flatMap((f) => lintWithRule(ruleId, f.name, parseFixture(f.text).source).filter((x) => x.fix).map((x) => `${f.name} ${x.line}:${x.column}`));
      expect(withFix).toEqual([]);
    });
  } else {
    it.each(invalid.map((f) => [f.name, f] as const))("fix: %s", (name, file) => {
      const { source, findings } = lintFixture(ruleId, name, file.text);
      const expectedName = fixedName(name);
      const expectedText = fixedFiles.get(expectedName);
      if (expectedText === undefined) {
        const fixes = findings.filter((f) => f.fix);
        expect(fixes.length, `${name} has no ${expectedName}, so no finding may carry a fix:\n${describeFindings(fixes)}`).toBe(0);
        return;
      }
      const { text, applied } = applyFixes(source, findings);
      expect(applied, `${expectedName} exists, so ${name} should produce at least one fix`).toBeGreaterThan(0);
      expect(text).toBe(expectedText);
      const again = lintWithRule(ruleId, expectedName, text).filter((f) => f.fix);
      expect(again.length, `the fixed text still has fixable findings:\n${describeFindings(again)}`).toBe(0);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The harness itself
// ---------------------------------------------------------------------------------------------

describe("rule-fixtures harness", () => {
  /** A stand-in rule, so the harness is tested apart from the real rules' behaviour. */
  const fruit = defineRule({
    meta: {
      id: "test-fruit",
      category: "style",
      defaultSeverity: "warning",
      description: "Flags fruit.",
      messages: {
        banana: { message: 'Fruit: "{{phrase}}" is a banana.', note: "Bananas." },
        kiwi: { message: 'Fruit: "{{phrase}}" is {{shade}}.', note: "Kiwis." },
      },
      trigger: /\b(?:banana|kiwi)\b/,
    },
    check(ctx) {
      for (const { range } of allMatches(/\bbanana\b/g, ctx.normal)) {
        ctx.report({ messageId: "banana", range, data: { phrase: ctx.text.slice(range[0], range[1]) }, suggestions: [{ text: "plantain", range }] });
      }
      for (const { range } of allMatches(/\bkiwi\b/g, ctx.normal)) {
        ctx.report({ messageId: "kiwi", range, data: { phrase: ctx.text.slice(range[0], range[1]), shade: "green" } });
      }
    },
  });
  const run = (text: string) => compareFixture(lintFixture("test-fruit", "x.txt", text, [fruit]));

  it("passes a fixture whose annotations match", () => {
    expect(run('A banana and a kiwi.\n  ^^^^^^ banana => "plantain"\n               ^^^^ kiwi\n')).toEqual([]);
  });

  it("reports missing, unexpected and mislabelled findings, and a wrong suggestion", () => {
    expect(run("No fruit here.\n^^ banana\n")).toEqual([expect.stringMatching(/^missing finding banana at 1:1 "No"/)]);
    expect(run("A kiwi.\n")).toEqual([expect.stringMatching(/^unexpected finding kiwi at 1:3 "kiwi"/)]);
    expect(run("A kiwi.\n  ^^^^ banana\n")).toEqual([expect.stringMatching(/^wrong messageId at 1:3 "kiwi": expected banana, got kiwi/)]);
    expect(run('A banana.\n  ^^^^^^ banana => "apple"\n')).toEqual([
      'suggestion mismatch at 1:3 "banana": expected "apple", got "plantain"',
    ]);
  });

  it("recovers the messageId from the message, with other slots as wildcards", () => {
    const [b, k] = lintFixture("test-fruit", "x.txt", "Banana, kiwi.", [fruit]).actual;
    expect([b?.messageId, k?.messageId]).toEqual(["banana", "kiwi"]);
  });

  it("lints with only the rule under test enabled", () => {
    const findings = lintWithRule("no-blame", "x.txt", "This is user error. We can't refund it.");
    expect(findings.map((f) => f.ruleId)).toEqual(["no-blame"]);
  });

  it("applies fixes in range order and skips overlapping ones", () => {
    const finding = (range: [number, number], text: string) => ({ range, fix: { range, text } }) as unknown as Finding;
    const out = applyFixes("aa bb cc dd", [finding([6, 8], "CC"), finding([0, 2], "AA"), finding([1, 4], "xx"), { range: [3, 5] } as unknown as Finding]);
    expect(out).toEqual({ text: "AA bb CC dd", applied: 2 });
  });
});
