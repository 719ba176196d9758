/**
 * Safe writes and format-aware fixing: atomic writes that keep mode, BOM and line endings; edits
 * re-escaped for JSON strings, YAML scalars, CSV fields and HTML; edits that can't be placed
 * safely left alone; fixed text that would not parse never written.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../../rules/index.js";
import { compileCustomRule } from "../config/custom-rules.js";
import { createResolver } from "../config/resolve.js";
import type { Edit, Range } from "../core/types.js";
import { csvAdapter } from "../formats/csv.js";
import { htmlAdapter } from "../formats/html.js";
import { jsonAdapter } from "../formats/json.js";
import { compilePlaceholders } from "../formats/placeholders.js";
import { textAdapter } from "../formats/text.js";
import { FormatError, type FormatAdapter } from "../formats/types.js";
import { yamlAdapter } from "../formats/yaml.js";
import type { LintTextOptions } from "../lint-core.js";
import {
  createEncoder,
  eolOf,
  escapeJsonString,
  FixSession,
  fixSource,
  loadEncoderModules,
  validateFixed,
  writeFileAtomic,
} from "./write.js";

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cxlint-write-"));
  temps.push(dir);
  return dir;
}

// A team's substitution rule, as a .cxlintrc would declare it. The replacements carry quotes,
// backslashes and ampersands on purpose: each format must escape them its own way.
const BUTTON = compileCustomRule("house/button-name", {
  type: "substitution",
  message: "Name the button.",
  phrases: { "click the button": 'select "Export"', "hit save": "choose Save & Close", "the slash key": "the \\ key", asap: "by 5 pm today" },
});
const RULES = [...BUILTIN_RULES, BUTTON];
const resolve = createResolver(undefined, BUILTIN_RULES, [BUTTON]);
const lintOptions = (filePath: string): LintTextOptions => ({ filePath, config: resolve(filePath), rules: RULES });

async function fix(adapter: FormatAdapter, file: string, text: string, suggestions = false) {
  return fixSource({ adapter, text, lint: lintOptions(file), suggestions });
}

const asRead = (text: string) => ({ text, bytes: new TextEncoder().encode(text) });

function session(dryRun = false) {
  const errors: string[] = [];
  return { session: new FixSession({ dryRun, suggestions: false, color: false, stderr: (t) => errors.push(t) }), errors };
}

describe("writeFileAtomic", () => {
  it("replaces the content, keeps the mode and leaves no temp file behind", async () => {
    const dir = tempDir();
    const file = path.join(dir, "reply.txt");
    writeFileSync(file, "old");
    chmodSync(file, 0o640);
    await writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["reply.txt"]);
  });

  it("keeps an executable bit and writes through a symlink, which stays a link", async () => {
    const dir = tempDir();
    const real = path.join(dir, "real.txt");
    const link = path.join(dir, "link.txt");
    writeFileSync(real, "old");
    chmodSync(real, 0o755);
    symlinkSync(real, link);
    await writeFileAtomic(link, "new");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe("new");
    expect(statSync(real).mode & 0o777).toBe(0o755);
  });

  it("cleans up its temp file and throws when the rename fails", async () => {
    const dir = tempDir();
    const target = path.join(dir, "folder.txt");
    mkdirSync(target);
    writeFileSync(path.join(target, "inside"), "x");
    await expect(writeFileAtomic(target, "new")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["folder.txt"]);
    expect(readdirSync(target)).toEqual(["inside"]);
  });
});

describe("FixSession.file", () => {
  it("keeps the BOM, CRLF line endings and the mode, and writes only what changed", async () => {
    const dir = tempDir();
    const file = path.join(dir, "reply.txt");
    const raw = "\uFEFFHi Sam,\r\n\r\nSimply click Export.\r\n\r\nThanks!\r\n";
    writeFileSync(file, raw);
    chmodSync(file, 0o600);
    const { session: s } = session();
    const result = await s.file("reply.txt", file, { text: raw.slice(1), bytes: readFileSync(file) }, textAdapter, lintOptions("reply.txt"));
    expect(readFileSync(file, "utf8")).toBe("\uFEFFHi Sam,\r\n\r\nClick Export.\r\n\r\nThanks!\r\n");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(result.findings.filter((f) => f.fix)).toEqual([]);
    expect(s.stdout()).toBeUndefined();
  });

  it("does not write a file that has nothing to fix", async () => {
    const dir = tempDir();
    const file = path.join(dir, "clean.txt");
    writeFileSync(file, "Thanks for writing in.\n");
    const before = statSync(file).mtimeMs;
    const { session: s } = session();
    await s.file("clean.txt", file, asRead("Thanks for writing in.\n"), textAdapter, lintOptions("clean.txt"));
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it("in a dry run, collects a unified diff and writes nothing", async () => {
    const dir = tempDir();
    const file = path.join(dir, "reply.txt");
    writeFileSync(file, "Simply click Export.\n");
    const { session: s } = session(true);
    await s.file("reply.txt", file, asRead("Simply click Export.\n"), textAdapter, lintOptions("reply.txt"));
    expect(readFileSync(file, "utf8")).toBe("Simply click Export.\n");
    expect(s.stdout()).toBe("--- a/reply.txt\n+++ b/reply.txt\n@@ -1,1 +1,1 @@\n-Simply click Export.\n+Click Export.\n");
  });

  it("puts the BOM back on fixed stdin text", async () => {
    const { session: s } = session();
    await s.stdin("<stdin>", "\uFEFFSimply click Export.", textAdapter, lintOptions("stdin.txt"));
    expect(s.stdout()).toBe("\uFEFFClick Export.");
  });
});

describe("fixing inside JSON strings", () => {
  const macro = (value: string) => JSON.stringify({ macros: [{ id: 1, title: "Export", actions: [{ field: "comment_value", value }] }] }, null, 2) + "\n";

  it("JSON-escapes the replacement, so a Zendesk macro with escapes stays valid and says the right thing", async () => {
    const source = macro('Hi,\n"Simply" click the button. Then hit save.');
    expect(source).toContain('"Hi,\\n\\"Simply\\" click the button. Then hit save."');
    const r = await fix(jsonAdapter, "macros.json", source);
    expect(r.refused).toBeUndefined();
    const value = (JSON.parse(r.output) as { macros: Array<{ actions: Array<{ value: string }> }> }).macros[0]!.actions[0]!.value;
    expect(value).toBe('Hi,\n"Simply" select "Export". Then choose Save & Close.');
    expect(r.output).toContain('"Hi,\\n\\"Simply\\" select \\"Export\\". Then choose Save & Close."');
    // Only the string changed: everything outside it is byte-for-byte the same.
    expect(r.output.replace(/"value": ".*"/, "")).toBe(source.replace(/"value": ".*"/, ""));
    expect(r.result.findings.filter((f) => f.fix)).toEqual([]);
  });

  it("escapes a backslash in the replacement", async () => {
    const r = await fix(jsonAdapter, "macros.json", macro("Press the slash key to search."));
    expect((JSON.parse(r.output) as { macros: Array<{ actions: Array<{ value: string }> }> }).macros[0]!.actions[0]!.value).toBe("Press the \\ key to search.");
  });

  it("HTML-escapes, then JSON-escapes, a replacement that lands in HTML held in a JSON string", async () => {
    const r = await fix(jsonAdapter, "macros.json", macro("<p>When you are done, hit save.</p>"));
    expect(r.output).toContain('"<p>When you are done, choose Save &amp; Close.</p>"');
  });

  it("deletes a minimizer next to an escape without breaking it", async () => {
    const r = await fix(jsonAdapter, "macros.json", macro("Hi Sam,\n\nSimply click Export.\tThanks!"));
    const value = (JSON.parse(r.output) as { macros: Array<{ actions: Array<{ value: string }> }> }).macros[0]!.actions[0]!.value;
    expect(value).toBe("Hi Sam,\n\nClick Export.\tThanks!");
  });
});

describe("fixing YAML scalars", () => {
  it("escapes for double-quoted scalars and doubles quotes in single-quoted ones", async () => {
    const source = ['- name: A', '  body: "Hi,\\n\\"Simply\\" click the button asap."', "- name: B", "  reply: 'It''s done: click the button asap.'", ""].join("\n");
    const r = await fix(yamlAdapter, "replies.yml", source);
    expect(r.refused).toBeUndefined();
    expect(r.output).toBe(['- name: A', '  body: "Hi,\\n\\"Simply\\" select \\"Export\\" by 5 pm today."', "- name: B", "  reply: 'It''s done: select \"Export\" by 5 pm today.'", ""].join("\n"));
    const { parse } = await import("yaml");
    expect(parse(r.output)).toEqual([
      { name: "A", body: 'Hi,\n"Simply" select "Export" by 5 pm today.' },
      { name: "B", reply: 'It\'s done: select "Export" by 5 pm today.' },
    ]);
  });

  it("fixes a plain scalar when the replacement is safe there, and leaves it when it would change the YAML", async () => {
    const r = await fix(yamlAdapter, "replies.yml", "- name: A\n  body: Simply restart the app and reply asap\n");
    expect(r.output).toBe("- name: A\n  body: Restart the app and reply by 5 pm today\n");
    const mapping = compileCustomRule("house/colon", { type: "substitution", message: "m", phrases: { "reply asap": "reply: today" } });
    const refused = await fixSource({
      adapter: yamlAdapter,
      text: "- name: A\n  body: Please reply asap\n",
      lint: { filePath: "r.yml", config: createResolver(undefined, BUILTIN_RULES, [mapping])("r.yml"), rules: [...BUILTIN_RULES, mapping] },
    });
    expect(refused.changed).toBe(false);
    expect(refused.result.findings.map((f) => f.ruleId)).toEqual(["house/colon"]);
  });
});

describe("fixing CSV fields", () => {
  it("doubles quotes in a quoted field and refuses quotes in an unquoted one", async () => {
    const source = 'title,body\nA,"Hi ""Sam"", click the button."\nB,Please click the button now\n';
    const r = await fix(csvAdapter, "replies.csv", source);
    expect(r.output).toBe('title,body\nA,"Hi ""Sam"", select ""Export""."\nB,Please click the button now\n');
    // Row B's finding stays: an unquoted field can't take a quote without being re-quoted.
    expect(r.result.findings.map((f) => [f.ruleId, f.actual])).toEqual([["house/button-name", "click the button"]]);
  });
});

describe("fixing HTML", () => {
  it("escapes & < > in the replacement and never edits across markup", async () => {
    const r = await fix(htmlAdapter, "reply.html", "<p>When you're done, hit save.</p>\n<p><b>Simply</b> restart the app.</p>\n");
    expect(r.output).toBe("<p>When you're done, choose Save &amp; Close.</p>\n<p><b>Simply</b> restart the app.</p>\n");
    expect(r.result.findings.map((f) => f.ruleId)).toEqual(["no-dismissive"]);
  });
});

describe("createEncoder", () => {
  const encoderFor = async (adapter: FormatAdapter, text: string, fileName = "x") =>
    createEncoder({
      format: adapter.id,
      text,
      doc: adapter.parse(text, { fileName, placeholders: compilePlaceholders() }),
      modules: await loadEncoderModules(adapter.id),
      fileName,
    });
  const e = (start: number, end: number, text: string): Edit => ({ range: [start, end] as Range, text });

  it("uses the file's own line break inside a replacement", async () => {
    const text = "Line one.\r\nSimply click.\r\n";
    expect(eolOf(text)).toBe("\r\n");
    const encode = await encoderFor(textAdapter, text);
    expect(encode(e(11, 24, "Click.\nThen wait."))).toEqual(e(11, 24, "Click.\r\nThen wait."));
  });

  it("refuses an edit over a masked placeholder", async () => {
    const text = "Hi {{ticket.requester.first_name}}, simply click Export.";
    const encode = await encoderFor(textAdapter, text);
    expect(encode(e(0, text.length, "Hi xxxxxxxx, click Export."))).toBeUndefined();
    expect(encode(e(36, 44, "c"))).toEqual(e(36, 44, "c"));
  });

  it("refuses an edit outside any JSON string, or one that splits an escape", async () => {
    const text = '{"title": "A", "content": "a\\"b simply c"}';
    const q = text.indexOf('\\"'); // the escaped quote inside the content string
    const encode = await encoderFor(jsonAdapter, text, "x.json");
    expect(encode(e(0, 1, "["))).toBeUndefined();
    expect(encode(e(q, q + 1, "x"))).toBeUndefined(); // half of \"
    expect(encode(e(q - 1, q + 2, 'Q"'))).toEqual(e(q - 1, q + 2, 'Q\\"'));
  });

  it("JSON escapes control characters and quotes the way JSON.stringify does", () => {
    expect(escapeJsonString('a "b"\n\\ c\u2028')).toBe('a \\"b\\"\\n\\\\ c\u2028');
  });
});

describe("suggestions (--fix-suggestions, rewrite)", () => {
  it("applies the first suggestion of each finding and falls back to the safe fix where a placeholder is in the way", async () => {
    const r = await fix(textAdapter, "reply.txt", "Hi {{ticket.requester.first_name}}, simply click Export.\n\nWe can't refund opened items.\n", true);
    expect(r.output.startsWith("Hi {{ticket.requester.first_name}}, click Export.\n\n")).toBe(true);
    expect(r.output).not.toContain("We can't");
    expect(r.applied.map((a) => [a.kind, a.finding.ruleId])).toEqual([
      ["fix", "no-dismissive"],
      ["suggestion", "no-refusal"],
    ]);
    expect(r.result.score.value).toBeGreaterThan(r.before.score.value);
  });

  it("never applies suggestions without being asked", async () => {
    const r = await fix(textAdapter, "reply.txt", "We can't refund opened items.\n");
    expect(r.changed).toBe(false);
    expect(r.applied).toEqual([]);
  });

  it("asks per suggestion when a chooser is given, and applies only the accepted ones", async () => {
    const asked: string[] = [];
    const r = await fixSource({
      adapter: textAdapter,
      text: "We can't refund opened items. Someone will get back to you soon.",
      lint: lintOptions("reply.txt"),
      suggestions: true,
      choose: async (c) => (asked.push(c.finding.ruleId), c.finding.ruleId === "no-hollow-promise"),
    });
    expect(asked).toEqual(["no-refusal", "no-hollow-promise"]);
    expect(r.output.startsWith("We can't refund opened items. ")).toBe(true);
    expect(r.output).not.toContain("Someone will get back to you soon.");
  });
});

describe("validating the fixed text", () => {
  it("leaves the file alone and reports an error when the fixed text would not parse", async () => {
    // An adapter that rejects the fixed wording stands in for any fix that breaks a format.
    const picky: FormatAdapter = {
      ...textAdapter,
      parse(text, options) {
        const at = text.indexOf("Click");
        if (at >= 0) throw new FormatError("unexpected Click", at);
        return textAdapter.parse(text, options);
      },
    };
    const dir = tempDir();
    const file = path.join(dir, "reply.txt");
    writeFileSync(file, "Simply click Export.\n");
    const { session: s } = session();
    const result = await s.file("reply.txt", file, asRead("Simply click Export.\n"), picky, lintOptions("reply.txt"));
    expect(readFileSync(file, "utf8")).toBe("Simply click Export.\n");
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(/reply\.txt: the fixes would make it invalid text \(unexpected Click at 1:1\), so it was left unchanged/);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["no-dismissive"]);
  });

  it("names the parser's reason for JSON, and refuses a change of structure", () => {
    const options = { fileName: "m.json", placeholders: compilePlaceholders() };
    const good = '{"macros": [{"id": 1, "title": "A", "actions": [{"field": "comment_value", "value": "Hi"}]}]}';
    const before = jsonAdapter.parse(good, options);
    expect(validateFixed(jsonAdapter, before, good.replace('"Hi"', '"Hi" "there"'), options)).toMatch(/invalid JSON/);
    expect(validateFixed(jsonAdapter, before, good.replace('"id": 1', '"id": 2'), options)).toMatch(/structure/);
    expect(validateFixed(jsonAdapter, before, good.replace('"Hi"', '"Hello"'), options)).toBeUndefined();
  });
});
