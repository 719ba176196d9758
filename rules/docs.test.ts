/**
 * Keeps the rule documentation honest: every built-in rule has `rules/<id>.md` in the agreed
 * template, its summary table matches the rule's meta, and every example it shows behaves as
 * documented when only that rule is on at its default severity:
 *   - each line of a `text incorrect` block, and each "Instead of" cell of the Better table,
 *     gives at least one finding of the rule;
 *   - each line of a `text correct` block, and each "Try" cell of the Better table, gives none.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createResolver } from "../src/config/resolve.js";
import type { ResolvedConfig } from "../src/config/types.js";
import type { Finding } from "../src/core/types.js";
import { lintText } from "../src/linter.js";
import type { Rule } from "../src/rule-api.js";
import { BUILTIN_RULES } from "./index.js";

const RULES_DIR = dirname(fileURLToPath(import.meta.url));

const REQUIRED_HEADINGS = [
  "## Why",
  "## What it flags",
  "## What it leaves alone",
  "## Examples",
  "## Options",
  "## Severity and confidence",
] as const;

type Expectation = "incorrect" | "correct";

interface Example {
  readonly text: string;
  /** 1-based line in the .md file, for the failure message. */
  readonly line: number;
  readonly expect: Expectation;
  /** Where it came from: "text incorrect block", "Better table, Try column", … */
  readonly source: string;
}

interface ParsedDoc {
  readonly markdown: string;
  readonly headings: string[];
  readonly blocks: Array<{ kind: Expectation; line: number; lines: Example[] }>;
  readonly better: Example[];
  readonly table: Map<string, string>;
}

function parseDoc(markdown: string): ParsedDoc {
  const lines = markdown.split(/\r?\n/);
  const headings: string[] = [];
  const blocks: ParsedDoc["blocks"] = [];
  const better: Example[] = [];
  const table = new Map<string, string>();
  let fence: { info: string; line: number; lines: Example[] } | undefined;
  let section = "";

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const fenceMark = /^```\s*(.*)$/.exec(raw);
    if (fence) {
      if (fenceMark && fenceMark[1] === "") {
        const kind = /^text (incorrect|correct)$/.exec(fence.info.trim())?.[1] as Expectation | undefined;
        if (kind) blocks.push({ kind, line: fence.line, lines: fence.lines.map((l) => ({ ...l, expect: kind, source: `\`text ${kind}\` block` })) });
        fence = undefined;
      } else if (raw.trim() !== "") {
        fence.lines.push({ text: raw.trim(), line: lineNo, expect: "correct", source: "" });
      }
      return;
    }
    if (fenceMark) {
      fence = { info: fenceMark[1]!, line: lineNo, lines: [] };
      return;
    }
    if (/^#{1,6} /.test(raw)) {
      headings.push(raw.trim());
      section = raw.trim();
      return;
    }
    const cells = /^\|(.*)\|\s*$/.exec(raw)?.[1]!.split("|").map((c) => c.trim());
    if (!cells || cells.length !== 2 || /^-+$/.test(cells[0]!)) return;
    if (section === "### Better") {
      if (cells[0] === "Instead of") return;
      better.push({ text: cells[0]!, line: lineNo, expect: "incorrect", source: 'Better table, "Instead of" column' });
      better.push({ text: cells[1]!, line: lineNo, expect: "correct", source: 'Better table, "Try" column' });
    } else if (headings.length === 1) {
      // The summary table under the title.
      table.set(cells[0]!.toLowerCase(), cells[1]!.replace(/`/g, ""));
    }
  });
  if (fence) throw new Error(`unclosed code fence opened on line ${fence.line}`);
  return { markdown, headings, blocks, better, table };
}

/** Only `rule` is on, at its default severity; every other built-in rule is off. */
function onlyRule(rule: Rule): ResolvedConfig {
  const off = Object.fromEntries(BUILTIN_RULES.filter((r) => r.meta.id !== rule.meta.id).map((r) => [r.meta.id, "off" as const]));
  return createResolver({ rules: off }, BUILTIN_RULES, [], {})("x.txt");
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.severity} "${f.actual}" (${f.message})`).join("; ");
}

for (const rule of BUILTIN_RULES) {
  const id = rule.meta.id;
  const file = join(RULES_DIR, `${id}.md`);

  describe(`rules/${id}.md`, () => {
    it("exists", () => {
      expect(existsSync(file), `${id}: rules/${id}.md is missing`).toBe(true);
    });
    if (!existsSync(file)) return;

    const doc = parseDoc(readFileSync(file, "utf8"));
    const config = onlyRule(rule);
    const lint = (text: string) => lintText(text, { filePath: "example.txt", config, rules: BUILTIN_RULES }).findings.filter((f) => f.ruleId === id);

    it("follows the template", () => {
      expect(doc.headings[0], `${id}: the first heading must be "# ${id}"`).toBe(`# ${id}`);
      const missing = REQUIRED_HEADINGS.filter((h) => !doc.headings.includes(h));
      expect(missing, `${id}: rules/${id}.md lacks these headings`).toEqual([]);
      const order = REQUIRED_HEADINGS.map((h) => doc.headings.indexOf(h));
      expect(order, `${id}: the sections must come in the template's order (${REQUIRED_HEADINGS.join(", ")})`).toEqual([...order].sort((a, b) => a - b));
    });

    it("summary table matches the rule's meta", () => {
      expect(doc.table.get("category"), `${id}: the table's category`).toBe(rule.meta.category);
      expect(doc.table.get("default severity"), `${id}: the table's default severity`).toBe(rule.meta.defaultSeverity);
      const fixable = doc.table.get("fixable") ?? "";
      if (rule.meta.fixable) expect(fixable, `${id}: the rule is fixable (${rule.meta.fixable}); the table should say so`).toMatch(/^yes\b/);
      else expect(fixable, `${id}: the rule is not fixable; the table should say "no — suggestions only"`).toBe("no — suggestions only");
      expect(doc.table.get("confidence") ?? "", `${id}: the table needs a confidence row`).not.toBe("");
    });

    it("documents every message id and its options", () => {
      const undocumented = Object.keys(rule.meta.messages).filter((m) => !doc.markdown.includes(`\`${m}\``));
      expect(undocumented, `${id}: message ids not named in rules/${id}.md`).toEqual([]);
      const options = Object.keys(rule.meta.defaultOptions ?? {});
      if (options.length === 0) expect(doc.markdown, `${id}: should say "This rule has no options."`).toContain("This rule has no options.");
      else for (const o of options) expect(doc.markdown, `${id}: option "${o}" is not documented`).toContain(`\`${o}\``);
      expect(doc.markdown, `${id}: the Options section should show how to change the severity`).toContain(`"${id}": "`);
      expect(doc.markdown, `${id}: the Options section should show the inline directive`).toContain(`cxlint-disable-next-line ${id} -- `);
    });

    it("has 4–8 lines in each example block, and both kinds of block", () => {
      for (const kind of ["incorrect", "correct"] as const) {
        expect(doc.blocks.some((b) => b.kind === kind), `${id}: no \`text ${kind}\` block`).toBe(true);
      }
      for (const block of doc.blocks) {
        expect(block.lines.length, `${id}: the \`text ${block.kind}\` block on line ${block.line} has ${block.lines.length} lines`).toBeGreaterThanOrEqual(4);
        expect(block.lines.length, `${id}: the \`text ${block.kind}\` block on line ${block.line} has ${block.lines.length} lines`).toBeLessThanOrEqual(8);
      }
      expect(doc.better.length, `${id}: the "### Better" section needs an "Instead of | Try" table`).toBeGreaterThan(0);
    });

    const examples = [...doc.blocks.flatMap((b) => b.lines), ...doc.better];
    for (const ex of examples) {
      it(`${ex.expect === "incorrect" ? "flags" : "passes"}: ${ex.text}`, () => {
        const found = lint(ex.text);
        const where = `${id}: rules/${id}.md:${ex.line} (${ex.source})`;
        if (ex.expect === "incorrect") {
          expect(found.length, `${where}: expected at least one ${id} finding for "${ex.text}", found none`).toBeGreaterThan(0);
        } else {
          expect(found.length, `${where}: expected no ${id} finding for "${ex.text}", found ${describeFindings(found)}`).toBe(0);
        }
      });
    }
  });
}
