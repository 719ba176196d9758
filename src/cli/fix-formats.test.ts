/**
 * Fixing never breaks a file, in any format: for generated exports of every text adapter, with
 * flagged sentences full of characters that need escaping, applying the safe fixes and every
 * suggestion gives a file that still parses, with the same units, and fixing again changes
 * nothing more.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../../rules/index.js";
import { compileCustomRule } from "../config/custom-rules.js";
import { createResolver } from "../config/resolve.js";
import { csvAdapter } from "../formats/csv.js";
import { htmlAdapter } from "../formats/html.js";
import { jsonAdapter } from "../formats/json.js";
import { markdownAdapter } from "../formats/markdown.js";
import { compilePlaceholders } from "../formats/placeholders.js";
import { textAdapter } from "../formats/text.js";
import type { FormatAdapter } from "../formats/types.js";
import { yamlAdapter } from "../formats/yaml.js";
import { fixSource } from "./write.js";

const custom = compileCustomRule("say-team-member", { type: "substitution", message: "Say team member.", phrases: { rep: "team member" } });
const rules = [...BUILTIN_RULES, custom];

// Sentences written for this test: flagged ones (with quotes, ampersands, backslashes and
// placeholders next to the flagged words) and clean ones.
const SENTENCES = [
  'Simply click "Export" & wait.',
  "We can't refund \"opened\" items.",
  "Someone will get back to you soon, {{ticket.requester.first_name}}.",
  "You failed to enter the code \\ PIN.",
  "Your rep will call — obviously, you need to answer.",
  "That's not my department.",
  "All sales are final: no exceptions.",
  "Thanks for your patience <3.",
  "I'll email you by Friday with the tracking number.",
];

const sentence = fc.constantFrom(...SENTENCES);
const reply = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(" "));

const escapeHtml = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const FORMATS: ReadonlyArray<{ adapter: FormatAdapter; file: string; build: (replies: string[]) => string }> = [
  { adapter: textAdapter, file: "r.txt", build: (r) => r.join("\n\n") + "\n" },
  { adapter: markdownAdapter, file: "r.md", build: (r) => r.map((x, i) => `## Macro ${i}\n\n${x}\n`).join("\n") },
  { adapter: htmlAdapter, file: "r.html", build: (r) => r.map((x) => `<p>${escapeHtml(x)}</p>`).join("\n") + "\n" },
  {
    adapter: jsonAdapter,
    file: "r.json",
    build: (r) =>
      JSON.stringify({ macros: r.map((x, i) => ({ id: i + 1, title: `Macro ${i}`, actions: [{ field: "comment_value", value: x }] })) }, null, 2) + "\n",
  },
  { adapter: yamlAdapter, file: "r.yml", build: (r) => r.map((x, i) => `- name: Macro ${i}\n  body: ${JSON.stringify(x)}\n`).join("") },
  { adapter: csvAdapter, file: "r.csv", build: (r) => "title,body\n" + r.map((x, i) => `Macro ${i},"${x.replace(/"/g, '""')}"\n`).join("") },
];

describe.each(FORMATS)("fixing $file keeps it valid", ({ adapter, file, build }) => {
  const lint = { filePath: file, config: createResolver(undefined, BUILTIN_RULES, [custom])(file), rules };
  const parse = (text: string) => adapter.parse(text, { fileName: file, placeholders: compilePlaceholders(), settings: {} });

  it("with safe fixes and with every suggestion applied", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(reply, { minLength: 1, maxLength: 3 }), fc.boolean(), async (replies, suggestions) => {
        const text = build(replies);
        const before = parse(text);
        const once = await fixSource({ adapter, text, lint, suggestions });
        expect(once.refused, once.refused).toBeUndefined();
        const after = parse(once.output);
        expect(after.units.length).toBe(before.units.length);
        // "Simply click" and "rep" always have a safe fix, so the file must change.
        if (replies.some((r) => r.includes("Simply click") || r.includes("rep "))) expect(once.changed).toBe(true);
        if (!suggestions) {
          expect(once.result.findings.filter((f) => f.fix)).toEqual([]);
          const twice = await fixSource({ adapter, text: once.output, lint });
          expect(twice.output).toBe(once.output);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
