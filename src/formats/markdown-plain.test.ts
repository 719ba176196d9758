/**
 * The plain-paragraph Markdown reader (markdown-plain.ts): it takes only texts whose every line
 * is blank or a paragraph line no Markdown construct can claim, and for those it must give what
 * the full adapter gives, segment for segment; and a run over such a file must not load
 * markdown-it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { globbySync } from "globby";
import { afterAll, describe, expect, it } from "vitest";
import { chunkTracer, cxlint, ROOT, SLOW, tempProjects } from "../testing/cli.js";
import { options } from "../testing/markdown.js";
import { compilePlaceholders } from "./placeholders.js";
import { parseMarkdown, parseMarkdownParts } from "./markdown.js";
import { isPlainMarkdown, plainMarkdownAdapter } from "./markdown-plain.js";
import { formatById } from "./registry.js";

const sample = globbySync(["fixtures/**/*.md", "rules/**/*.md", "README.md", "bench/README.md"], { cwd: ROOT }).map((f) => readFileSync(path.join(ROOT, f), "utf8"));
/** Every paragraph of the sample, alone, so that many of them are plain. */
const sampleParagraphs = sample.flatMap((text) => text.split(/\n[ \t]*\n/));

/** The full adapter's result, the slow way (no short cuts) and the usual way, must both be this. */
function expectSameAsFull(text: string, opts = options): void {
  const plain = plainMarkdownAdapter.parse(text, opts);
  const label = JSON.stringify(text.slice(0, 80));
  expect(plain, label).toEqual(parseMarkdown(text, opts, undefined, false));
  expect(plain, label).toEqual(parseMarkdown(text, opts));
  const parts: unknown[] = [];
  parseMarkdownParts(text, opts).parts((part) => parts.push(part));
  const plainParts: unknown[] = [];
  plainMarkdownAdapter.parseParts!(text, opts).parts((part) => plainParts.push(part));
  expect(plainParts, label).toEqual(parts);
}

/** Lines of support prose, and now and then what could make them something else. */
const rarely = <T>(often: fc.Arbitrary<T>, seldom: fc.Arbitrary<T>) => fc.oneof({ arbitrary: often, weight: 8 }, { arbitrary: seldom, weight: 1 });
const line = fc
  .tuple(
    rarely(fc.constant(""), fc.constantFrom(" ", "\t", "  ", "    ", "- ", "* ", "+ ", "1. ", "2) ", "12 ", "# ", "> ", "=", "---", "|", ":", "<", "[x]: ", "```", "~~~")),
    fc.array(
      rarely(
        fc.constantFrom("Hi", "Sam,", "we", "can't", "refund", "it.", " ", "\t", "24/7", "1.5", "#", "|", "-", ":", "!", "~", "=", "é", "\u00a0", "😀", "{{ticket.id}}"),
        fc.constantFrom("a@b.co", "_", "`", "*", "<b>", "&amp;", "[x]"),
      ),
      { minLength: 1, maxLength: 8 },
    ),
    rarely(fc.constant(""), fc.constantFrom(" ", "\t", "  ", "\u00a0")),
  )
  .map(([lead, words, trail]) => lead + words.join(" ") + trail);
const documents = fc
  .tuple(fc.array(fc.oneof(line, fc.constantFrom("", "  ", "\t")), { minLength: 1, maxLength: 10 }), fc.constantFrom("", "\n"))
  .map(([lines, end]) => lines.join("\n") + end);

describe("plain Markdown without markdown-it", () => {
  it("gives the full adapter's segments for every plain text of the sample and of generated documents", () => {
    let plain = 0;
    for (const text of [...sample, ...sampleParagraphs]) {
      if (!isPlainMarkdown(text)) continue;
      plain++;
      expectSameAsFull(text);
    }
    expect(plain).toBeGreaterThan(50);
    let generated = 0;
    fc.assert(
      fc.property(documents, (text) => {
        if (!isPlainMarkdown(text)) return;
        generated++;
        expectSameAsFull(text);
      }),
      { numRuns: 5000 },
    );
    expect(generated).toBeGreaterThan(300);
  });

  it("masks placeholders as the full adapter does", () => {
    // A placeholder syntax of the user's that starts with a letter can mask a whole paragraph.
    const opts = { ...options, placeholders: compilePlaceholders(["%[a-z]+%", "TICKET\\d+"]) };
    for (const text of ["Hi {{ticket.requester.name}},\n\nYour order {{ticket.id}} shipped, %agent%.\n", "TICKET123\n\nThanks!", "Hi {% if x %}Sam{% endif %}"]) {
      expect(isPlainMarkdown(text), text).toBe(true);
      expectSameAsFull(text, opts);
    }
  });

  it("takes a reply of plain paragraphs, with blanks at a paragraph's end and digits that start no list", () => {
    for (const text of [
      "Hi Sam,\n\nThanks for getting in touch about order #48213. It shipped on May 4!\n\nBest,\nDana from Support\n",
      "Thanks! \t\n\t\nBest, ",
      "24/7 support is here.\n2024 was a good year.",
      "One line, no line ending",
      "",
    ]) {
      expect(isPlainMarkdown(text), JSON.stringify(text)).toBe(true);
      expectSameAsFull(text);
    }
  });

  it("leaves every other construct to the full adapter", () => {
    for (const text of [
      "# Refunds\n\nWe refund.",
      "Refunds\n=======",
      "Refunds\n---",
      "- item",
      "* item",
      "+ item",
      "1. item",
      "2) item",
      "> quoted",
      "    code",
      "\tcode",
      "Hi,\n  indented continuation",
      "```\ncode\n```",
      "~~~\ncode\n~~~",
      "<!-- cxlint-disable no-refusal -->\nWe can't.",
      "We <b>can</b>.",
      "a | b\n--|--\nc | d",
      "[help]: https://example.com",
      "---\ntitle: x\n---\nHi",
      "\uFEFFHi",
      "Hi\r\nthere",
      "Hi\0",
      "We *can*.",
      "Call `help`.",
      "Tom &amp; Jerry",
      "A \\* star",
      "Write to help@example.com.",
      "See www.example.com",
      "Two spaces  \nmake a break.",
      "A blank \nat a line's end",
      "é first",
      "\u00a0first",
    ]) {
      expect(isPlainMarkdown(text), JSON.stringify(text)).toBe(false);
      expect(() => plainMarkdownAdapter.parse(text, options), JSON.stringify(text)).toThrow(/not plain Markdown/);
    }
  });

  it("is what the format registry loads for a plain text, and the full adapter otherwise", async () => {
    const entry = formatById("markdown")!;
    const { markdownAdapter } = await import("./markdown.js");
    expect(await entry.load("Hi Sam,\n\nThanks!\n")).toBe(plainMarkdownAdapter);
    expect(await entry.load("# Hi\n")).toBe(markdownAdapter);
    expect(await entry.load()).toBe(markdownAdapter);
  });
});

describe("plain Markdown in the built CLI", () => {
  const { project, cleanup } = tempProjects("cxlint-plain-md-");
  afterAll(cleanup);

  it("lints a plain reply without loading markdown-it, and a file with a heading with it", SLOW, async () => {
    const dir = project({ "reply.md": "Hi Sam,\n\nWe can't refund opened items.\n\nBest,\nDana\n", "macros.md": "# Refunds\n\nWe can't refund opened items.\n" });
    const tracer = chunkTracer(dir);
    const markdownIt = (name: string) => readFileSync(path.join(ROOT, "dist", "bundle", name), "latin1").includes("function MarkdownIt(");
    const plain = await cxlint(dir, ["--format", "json", "reply.md"], "", tracer.env);
    const full = await cxlint(dir, ["--format", "json", "macros.md"], "", tracer.env);
    const chunks = (stderr: string) => tracer.compiled(stderr).map((c) => c.name);
    expect(chunks(plain.stderr).length).toBeGreaterThan(3);
    expect(chunks(plain.stderr).filter(markdownIt)).toEqual([]);
    expect(chunks(full.stderr).filter(markdownIt)).toHaveLength(1);
    const findings = (run: { stdout: string }) => (JSON.parse(run.stdout) as { results: { findings: { ruleId: string; line: number }[] }[] }).results[0]!.findings;
    expect(findings(plain).map((f) => [f.ruleId, f.line])).toEqual([["no-refusal", 3]]);
    expect(findings(full).map((f) => [f.ruleId, f.line])).toEqual([["no-refusal", 3]]);
  });
});
