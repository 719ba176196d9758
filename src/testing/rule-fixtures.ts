/**
 * @fileoverview The rule-fixture harness (architecture-anchors §8.7): lints an annotated fixture
 * with only the rule under test enabled, recovers each finding's messageId from its message, and
 * compares the findings with the annotations. Pure: the caller reads the fixture files.
 */

import type { Edit, Finding, Range } from "../core/types.js";
import type { ResolvedConfig } from "../config/types.js";
import { createResolver } from "../config/resolve.js";
import { LineIndex } from "../document/line-index.js";
import { lintText } from "../linter.js";
import type { Rule } from "../rule-api.js";
import { BUILTIN_RULES } from "../../rules/index.js";
import { parseFixture, type ExpectedFinding } from "./annotations.js";

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** A finding as the harness compares it. */
export interface ActualFinding {
  readonly range: Range;
  /** Recovered from the message text; undefined when no template of the rule matches. */
  readonly messageId: string | undefined;
  readonly suggestion?: string;
  readonly finding: Finding;
}

export interface FixtureResult {
  /** The fixture with annotations stripped: the text that was linted. */
  readonly source: string;
  readonly expected: readonly ExpectedFinding[];
  readonly findings: readonly Finding[];
  readonly actual: readonly ActualFinding[];
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/**
 * Finds a rule by id.
 * @param ruleId the rule's id
 * @param rules the rules to search
 * @returns the rule
 * @throws when the id is unknown
 */
function ruleById(ruleId: string, rules: readonly Rule[]): Rule {
  const rule = rules.find((r) => r.meta.id === ruleId);
  if (!rule) throw new Error(`Unknown rule "${ruleId}" (known: ${rules.map((r) => r.meta.id).join(", ")})`);
  return rule;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A regex that matches a message built from `template`: `{{phrase}}` is `phrase` when given, and
 * every other slot (and `{{phrase}}` when not given) is any text.
 */
function templateRegExp(template: string, phrase: string | undefined): RegExp {
  let source = "";
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    source += escapeRegExp(template.slice(last, m.index));
    source += m[1] === "phrase" && phrase !== undefined ? escapeRegExp(phrase) : "[\\s\\S]*?";
    last = m.index! + m[0].length;
  }
  source += escapeRegExp(template.slice(last));
  return new RegExp(`^${source}$`);
}

/**
 * Which of the rule's messages produced this finding. Core types carry no messageId, so it is
 * recovered by matching the message text against each template, first with `{{phrase}}` filled
 * with the flagged source text, then (for findings whose source differs from the sentence text,
 * such as an HTML entity) with any text in that slot. When several templates match, the one with
 * the most fixed text wins.
 * @param rule the rule that reported the finding
 * @param finding the finding
 * @returns the messageId, or undefined when none or several templates match
 */
export function messageIdOf(rule: Rule, finding: Finding): string | undefined {
  const entries = Object.entries(rule.meta.messages);
  /** How much of the template is fixed text: the more, the more specific the match. */
  const literal = (template: string) => template.replace(/\{\{\s*\w+\s*\}\}/g, "").length;
  for (const phrase of [finding.actual, undefined]) {
    const hits = entries
      .filter(([, m]) => templateRegExp(m.message, phrase).test(finding.message))
      .sort((a, b) => literal(b[1].message) - literal(a[1].message));
    if (hits.length === 0) continue;
    // Two templates that match equally specifically cannot be told apart.
    if (hits.length > 1 && literal(hits[0]![1].message) === literal(hits[1]![1].message)) return undefined;
    return hits[0]![0];
  }
  return undefined;
}

/**
 * A config with only `ruleId` on, at its default severity, not strict, no options.
 * @param ruleId the rule under test
 * @param fileName the fixture's file name (overrides never match: there are none)
 * @param rules every built-in rule
 * @returns the resolved config
 */
export function fixtureConfig(ruleId: string, fileName: string, rules: readonly Rule[] = BUILTIN_RULES): ResolvedConfig {
  const rule = ruleById(ruleId, rules);
  return createResolver({ extends: [], rules: { [ruleId]: rule.meta.defaultSeverity } }, rules, [])(fileName);
}

/**
 * Lints text (no annotations) with only one rule on; the format comes from the file extension.
 * @param ruleId the rule under test
 * @param fileName the fixture's file name, e.g. "invalid-basic.md"
 * @param source the text to lint
 * @param rules every built-in rule
 * @returns the findings
 */
export function lintWithRule(ruleId: string, fileName: string, source: string, rules: readonly Rule[] = BUILTIN_RULES): readonly Finding[] {
  const result = lintText(source, { filePath: fileName, config: fixtureConfig(ruleId, fileName, rules), rules });
  if (result.errors.length > 0) {
    throw new Error(`${fileName} could not be linted: ${result.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join("; ")}`);
  }
  return result.findings;
}

/**
 * Strips the fixture's annotations, lints the rest with only `ruleId` enabled and returns both
 * sides of the comparison.
 * @param ruleId the rule under test
 * @param fileName the fixture's file name (its extension picks the format)
 * @param text the fixture file's text, annotations included
 * @param rules every built-in rule
 * @returns the stripped source, the expected and the actual findings
 */
export function lintFixture(ruleId: string, fileName: string, text: string, rules: readonly Rule[] = BUILTIN_RULES): FixtureResult {
  const rule = ruleById(ruleId, rules);
  const { source, expected } = parseFixture(text);
  const findings = lintWithRule(ruleId, fileName, source, rules);
  const actual = findings.map((finding) => ({
    range: finding.range,
    messageId: messageIdOf(rule, finding),
    ...(finding.suggestions[0] ? { suggestion: finding.suggestions[0].text } : {}),
    finding,
  }));
  return { source, expected, findings, actual };
}

/**
 * Compares a fixture's findings with its annotations: same ranges and messageIds, and the same
 * first suggestion where the annotation names one.
 * @param result what lintFixture returned
 * @returns one line per mismatch; empty when the fixture passes
 */
export function compareFixture(result: FixtureResult): string[] {
  const lines = new LineIndex(result.source);
  const where = (range: Range) => {
    const p = lines.positionAt(range[0]);
    return `${p.line}:${p.column} ${JSON.stringify(result.source.slice(range[0], range[1]))}`;
  };
  const problems: string[] = [];
  const unmatched = [...result.actual];
  for (const exp of result.expected) {
    const i = unmatched.findIndex((a) => a.range[0] === exp.range[0] && a.range[1] === exp.range[1] && a.messageId === exp.messageId);
    if (i < 0) {
      const sameRange = unmatched.find((a) => a.range[0] === exp.range[0] && a.range[1] === exp.range[1]);
      problems.push(
        sameRange
          ? `wrong messageId at ${where(exp.range)}: expected ${exp.messageId}, got ${sameRange.messageId ?? "(unrecognised message)"} (${JSON.stringify(sameRange.finding.message)})`
          : `missing finding ${exp.messageId} at ${where(exp.range)} (annotation on fixture line ${exp.annotationLine})`,
      );
      if (sameRange) unmatched.splice(unmatched.indexOf(sameRange), 1);
      continue;
    }
    const [hit] = unmatched.splice(i, 1);
    if (exp.suggestion !== undefined && hit!.suggestion !== exp.suggestion) {
      problems.push(
        `suggestion mismatch at ${where(exp.range)}: expected ${JSON.stringify(exp.suggestion)}, got ${hit!.suggestion === undefined ? "no suggestion" : JSON.stringify(hit!.suggestion)}`,
      );
    }
  }
  for (const extra of unmatched) {
    problems.push(`unexpected finding ${extra.messageId ?? "(unrecognised message)"} at ${where(extra.range)}: ${extra.finding.message}`);
  }
  return problems;
}

/**
 * Applies the findings' safe fixes: sorted by range, an edit that overlaps (or touches the same
 * start as) an earlier one is skipped, as in ESLint's single pass.
 * @param source the linted text
 * @param findings findings, some with `fix`
 * @returns the fixed text and how many edits were applied
 */
export function applyFixes(source: string, findings: readonly Finding[]): { text: string; applied: number } {
  const edits = findings
    .map((f) => f.fix)
    .filter((e): e is Edit => e !== undefined)
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let text = "";
  let last = 0;
  let lastStart = -1;
  let applied = 0;
  for (const edit of edits) {
    if (edit.range[0] < last || edit.range[0] === lastStart) continue;
    text += source.slice(last, edit.range[0]) + edit.text;
    last = edit.range[1];
    lastStart = edit.range[0];
    applied++;
  }
  return { text: text + source.slice(last), applied };
}
