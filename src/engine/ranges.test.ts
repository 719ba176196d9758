/**
 * @fileoverview The range invariant, for every rule and every format adapter: a finding's range
 * slices exactly its `actual` text out of the source, the span is non-empty and trimmed, never
 * covers a masked placeholder, and its line/column/endLine/endColumn agree with the range.
 *
 * The prose comes from the rules' own invalid fixtures (fixtures/rules/<id>/invalid-*.txt, with
 * annotations stripped), so every rule is known to fire on it. Each adapter gets the same
 * paragraphs wrapped in its own syntax, with escapes and entities where the format has them
 * (`\u2019` in JSON and YAML, `&rsquo;` and `&#39;` in HTML, `""` in CSV), so findings cross
 * atomic runs and not only verbatim ones.
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../../rules/index.js";
import type { ResolvedConfig } from "../config/types.js";
import type { Finding, ParsedDocument, Range } from "../core/types.js";
import { LineIndex } from "../document/line-index.js";
import { ADAPTERS, compilePlaceholders, type FormatAdapter } from "../formats/index.js";
import { engineRules, lintText } from "../linter.js";
import { parseFixture } from "../testing/annotations.js";
import { docxFromBody, escapeXml } from "../testing/documents.js";
import { fixtureConfig } from "../testing/rule-fixtures.js";
import { lintDocument } from "./lint.js";

// ---------------------------------------------------------------------------------------------
// Prose
// ---------------------------------------------------------------------------------------------

const FIXTURES = fileURLToPath(new URL("../../fixtures/rules/", import.meta.url));

/** Paragraphs of a rule's invalid .txt fixtures, annotations stripped. */
function paragraphsFor(ruleId: string): string[] {
  const dir = path.join(FIXTURES, ruleId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^invalid-.*(?<!\.fixed)\.txt$/.test(name))
    .sort()
    .flatMap((name) => parseFixture(readFileSync(path.join(dir, name), "utf8")).source.split(/\r?\n\s*\r?\n/))
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Stripped sources of a rule's invalid .md fixtures, linted as they are in the markdown case. */
function markdownFixturesFor(ruleId: string): string[] {
  const dir = path.join(FIXTURES, ruleId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^invalid-.*(?<!\.fixed)\.md$/.test(name))
    .sort()
    .map((name) => parseFixture(readFileSync(path.join(dir, name), "utf8")).source);
}

// ---------------------------------------------------------------------------------------------
// One document per format
// ---------------------------------------------------------------------------------------------

interface Built {
  readonly fileName: string;
  /** Text formats: the file's text. Binary formats: the bytes. */
  readonly text?: string;
  readonly bytes?: Promise<Uint8Array>;
}

const hex = (c: string) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
/** A JSON string literal with curly quotes and dashes written as \u escapes. */
const jsonString = (s: string) => JSON.stringify(s).replace(/[\u2018\u2019\u201c\u201d\u2014]/g, hex);

async function makeDocx(lines: readonly string[]): Promise<Uint8Array> {
  const body = lines.map((l) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(l)}</w:t></w:r></w:p>`).join("");
  return docxFromBody(body);
}

/** Document builders by adapter id. An adapter without one gets a todo, not a silent pass. */
const BUILDERS: Record<string, (paragraphs: readonly string[], ruleId: string) => Built> = {
  text: (ps) => ({ fileName: "reply.txt", text: ps.join("\n\n") + "\n" }),
  markdown: (ps, ruleId) => ({
    fileName: "replies.md",
    text: [
      "# Saved replies",
      ...ps.map((p, i) => (i % 3 === 1 && !p.includes("\n") ? `- ${p}` : i % 3 === 2 ? `_Note:_ ${p}` : p)),
      ...markdownFixturesFor(ruleId),
    ].join("\n\n"),
  }),
  json: (ps) => ({
    fileName: "macros.json",
    text:
      `{\n  "macros": [\n` +
      ps
        .map((p, i) => `    { "id": ${i + 1}, "title": "Reply ${i + 1}", "actions": [{ "field": "comment_value", "value": ${jsonString(p)} }] }`)
        .join(",\n") +
      `\n  ]\n}\n`,
  }),
  html: (ps) => ({
    fileName: "replies.html",
    text:
      `<!doctype html>\n<html><body>\n<h1>Replies</h1>\n` +
      ps
        .map((p, i) => {
          const escaped = escapeXml(p).replace(/\u2019/g, "&rsquo;");
          return `<p>${i % 2 === 1 ? escaped.replace(/'/g, "&#39;") : escaped}</p>`.replace(/\n/g, "<br>\n");
        })
        .join("\n") +
      `\n</body></html>\n`,
  }),
  yaml: (ps) => ({
    fileName: "replies.yml",
    text: ps
      .map((p, i) =>
        i % 2 === 0
          ? `- name: Reply ${i + 1}\n  body: ${jsonString(p)}\n`
          : `- name: Reply ${i + 1}\n  body: |\n${p
              .split("\n")
              .map((l) => `    ${l}`)
              .join("\n")}\n`,
      )
      .join(""),
  }),
  csv: (ps) => ({
    fileName: "replies.csv",
    text: "Name,Message\n" + ps.map((p, i) => `Reply ${i + 1},"${p.replace(/"/g, '""')}"`).join("\n") + "\n",
  }),
  docx: (ps) => ({ fileName: "replies.docx", bytes: makeDocx(ps.flatMap((p) => p.split("\n"))) }),
};

// ---------------------------------------------------------------------------------------------
// Linting and checking
// ---------------------------------------------------------------------------------------------

interface Linted {
  readonly source: string;
  readonly doc: ParsedDocument;
  readonly findings: readonly Finding[];
}

async function lintBuilt(adapter: FormatAdapter, built: Built, config: ResolvedConfig): Promise<Linted> {
  const options = { fileName: built.fileName, placeholders: compilePlaceholders(config.placeholders), settings: config.formats[adapter.id] ?? {} };
  if (adapter.binary) {
    const doc = await adapter.parseBinary!(await built.bytes!, options);
    const source = doc.sourceText!;
    const { findings } = lintDocument(source, doc, engineRules(config, BUILTIN_RULES), { strict: config.strict });
    return { source, doc, findings };
  }
  const source = built.text!;
  const result = lintText(source, { filePath: built.fileName, config, rules: BUILTIN_RULES });
  expect(result.errors, `${built.fileName} did not parse`).toEqual([]);
  expect(result.format).toBe(adapter.id);
  return { source, doc: adapter.parse(source, options), findings: result.findings };
}

/** The end of a trimmed span: a word character, a closing quote, or an escape or entity for one. */
const TRIMMED_END = /(?:[\p{L}\p{N}'’"”]|&(?:#\d+|#x[\da-f]+|[a-z]+\d*);|\\u[\da-f]{4}|\\["'])$/iu;
const PLACEHOLDER_TEXT = /\{\{|\}\}|\{%|%\}|\{!|\[\[|\]\]/;

function rangeViolations({ source, doc, findings }: Linted): string[] {
  const lines = new LineIndex(source);
  const masks: Range[] = doc.segments.flatMap((s) => s.runs.filter((r) => r.kind === "mask").map((r) => r.src));
  const out: string[] = [];
  for (const f of findings) {
    const where = `${f.ruleId} ${f.line}:${f.column} ${JSON.stringify(f.actual)}`;
    const [start, end] = f.range;
    const slice = source.slice(start, end);
    if (!(0 <= start && start < end && end <= source.length)) out.push(`${where}: range ${start}-${end} is empty or out of bounds`);
    if (slice !== f.actual) out.push(`${where}: source slice is ${JSON.stringify(slice)}`);
    if (slice.trim() !== slice) out.push(`${where}: starts or ends with white space`);
    if (!/^[\p{L}\p{N}]/u.test(slice)) out.push(`${where}: starts with ${JSON.stringify(slice.charAt(0))}, not a word character`);
    if (!TRIMMED_END.test(slice)) out.push(`${where}: ends with ${JSON.stringify(slice.slice(-1))}, not a word character or closing quote`);
    if (PLACEHOLDER_TEXT.test(slice)) out.push(`${where}: contains placeholder syntax`);
    const mask = masks.find((m) => m[0] < end && start < m[1]);
    if (mask) out.push(`${where}: overlaps the masked placeholder ${JSON.stringify(source.slice(mask[0], mask[1]))}`);
    const a = lines.positionAt(start);
    const b = lines.positionAt(end);
    if (a.line !== f.line || a.column !== f.column || b.line !== f.endLine || b.column !== f.endColumn) {
      out.push(`${where}: position ${f.line}:${f.column}-${f.endLine}:${f.endColumn}, range says ${a.line}:${a.column}-${b.line}:${b.column}`);
    }
    for (const s of f.suggestions) {
      if (!(0 <= s.range[0] && s.range[0] <= s.range[1] && s.range[1] <= source.length)) out.push(`${where}: suggestion range out of bounds`);
    }
    if (f.fix && !(0 <= f.fix.range[0] && f.fix.range[0] <= f.fix.range[1] && f.fix.range[1] <= source.length)) out.push(`${where}: fix range out of bounds`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe.each(ADAPTERS.map((a) => [a.id, a] as const))("ranges in %s", (adapterId, adapter) => {
  const build = BUILDERS[adapterId];
  if (!build) {
    it.todo(`no document builder for the "${adapterId}" adapter yet: add one to BUILDERS in src/engine/ranges.test.ts`);
    return;
  }

  it.each(BUILTIN_RULES.map((r) => [r.meta.id] as const))("%s: every finding slices its own words", async (ruleId) => {
    const paragraphs = paragraphsFor(ruleId);
    expect(paragraphs.length, `fixtures/rules/${ruleId}/invalid-*.txt give the prose for this test`).toBeGreaterThan(0);
    const built = build(paragraphs, ruleId);
    const linted = await lintBuilt(adapter, built, fixtureConfig(ruleId, built.fileName));
    expect(linted.findings.length, `${ruleId} found nothing in the ${adapterId} document`).toBeGreaterThan(0);
    expect(linted.findings.every((f) => f.ruleId === ruleId)).toBe(true);
    expect(rangeViolations(linted)).toEqual([]);
  });

  it("all rules together: every finding slices its own words", async () => {
    const paragraphs = BUILTIN_RULES.flatMap((r) => paragraphsFor(r.meta.id));
    const built = build(paragraphs, BUILTIN_RULES[0]!.meta.id);
    const config: ResolvedConfig = { ...fixtureConfig(BUILTIN_RULES[0]!.meta.id, built.fileName), rules: new Map(BUILTIN_RULES.map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: r.meta.defaultOptions ?? {} }])) };
    const linted = await lintBuilt(adapter, built, config);
    expect(new Set(linted.findings.map((f) => f.ruleId)).size, "every rule fires somewhere").toBe(BUILTIN_RULES.length);
    expect(rangeViolations(linted)).toEqual([]);
  });
});

describe("text with CRLF line endings", () => {
  it.each(BUILTIN_RULES.map((r) => [r.meta.id] as const))("%s: positions count CRLF as one line break", async (ruleId) => {
    const text = paragraphsFor(ruleId).map((p) => p.replace(/\n/g, "\r\n")).join("\r\n\r\n") + "\r\n";
    const textAdapter = ADAPTERS.find((a) => a.id === "text")!;
    const linted = await lintBuilt(textAdapter, { fileName: "reply.txt", text }, fixtureConfig(ruleId, "reply.txt"));
    expect(linted.findings.length).toBeGreaterThan(0);
    expect(rangeViolations(linted)).toEqual([]);
  });
});
