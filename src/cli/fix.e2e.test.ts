/**
 * End-to-end tests of --fix, --fix-dry-run, --fix-suggestions and `cxlint rewrite`: each spawns
 * the built `bin/cxlint.js` in a temporary folder, the way a user runs it, and checks the files
 * on disk as well as the output. A property test at the end drives the same fixing code in
 * process over generated texts.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { SLOW, cxlint, tempProjects } from "../testing/cli.js";
import { BUILTIN_RULES } from "../../rules/index.js";
import { compileCustomRule } from "../config/custom-rules.js";
import { createResolver } from "../config/resolve.js";
import { textAdapter } from "../formats/text.js";
import { lintWith } from "../lint-core.js";
import { fixSource } from "./write.js";

const { project, cleanup } = tempProjects("cxlint-fix-");
afterAll(cleanup);


const read = (dir: string, name: string) => readFileSync(path.join(dir, name), "utf8");
const mtime = (dir: string, name: string) => statSync(path.join(dir, name)).mtimeMs;

// A team's substitution rule, as a .cxlintrc.json declares it. Its replacement has quotes and an
// ampersand, which must be escaped inside a JSON string.
const CONFIG = JSON.stringify({
  customRules: {
    "house/button-name": {
      type: "substitution",
      message: 'Name the button instead of "{{phrase}}".',
      phrases: { "click the button": 'select "Save & Close"' },
    },
  },
});

const REWRITE_INPUT = "We can't refund opened items. Someone will get back to you soon.";

describe("cxlint --fix", SLOW, () => {
  it('deletes "Simply" before an instruction and reports what is left', async () => {
    const dir = project({ "reply.txt": "Simply click Export.\n" });
    const run = await cxlint(dir, ["--fix", "reply.txt"]);
    expect(run.code).toBe(0);
    expect(read(dir, "reply.txt")).toBe("Click Export.\n");
    expect(run.stdout).toContain("No problems");
    expect(run.stderr).toBe("");
  });

  it("is a no-op the second time: same bytes, same mtime", async () => {
    const dir = project({ "reply.txt": "Hi Sam,\n\nSimply click Export, then simply restart the app.\n" });
    const first = await cxlint(dir, ["--fix", "reply.txt"]);
    expect(first.code).toBe(0);
    const fixed = read(dir, "reply.txt");
    expect(fixed).not.toMatch(/simply/i);
    const before = mtime(dir, "reply.txt");
    await new Promise((r) => setTimeout(r, 20));
    const second = await cxlint(dir, ["--fix", "reply.txt"]);
    expect(second.code).toBe(0);
    expect(read(dir, "reply.txt")).toBe(fixed);
    expect(mtime(dir, "reply.txt")).toBe(before);
  });

  it("never applies tone rewrites: a refusal stays, and the file is not touched", async () => {
    const dir = project({ "reply.txt": "We can't refund opened items.\n" });
    const before = mtime(dir, "reply.txt");
    const run = await cxlint(dir, ["--fix", "reply.txt"]);
    expect(run.code).toBe(0); // no-refusal is a warning
    expect(read(dir, "reply.txt")).toBe("We can't refund opened items.\n");
    expect(mtime(dir, "reply.txt")).toBe(before);
    expect(run.stdout).toContain("no-refusal");
  });

  it("applies a custom substitution from .cxlintrc.json in a .txt and inside a Zendesk macro JSON string with escapes", async () => {
    const macro = [
      "{",
      '  "macros": [',
      "    {",
      '      "id": 360001,',
      '      "title": "Saving",',
      '      "actions": [{ "field": "comment_value", "value": "Hi,\\n\\"Simply\\" click the button when you\'re done." }]',
      "    }",
      "  ]",
      "}",
      "",
    ].join("\n");
    const dir = project({ ".cxlintrc.json": CONFIG, "macros.json": macro, "reply.txt": "When you're done, click the button.\n" });
    const run = await cxlint(dir, ["--fix", "macros.json", "reply.txt"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(read(dir, "reply.txt")).toBe('When you\'re done, select "Save & Close".\n');
    const fixed = read(dir, "macros.json");
    const parsed = JSON.parse(fixed) as { macros: Array<{ actions: Array<{ value: string }> }> };
    expect(parsed.macros[0]!.actions[0]!.value).toBe('Hi,\n"Simply" select "Save & Close" when you\'re done.');
    expect(fixed).toBe(macro.replace("click the button", 'select \\"Save & Close\\"'));
  });

  it("keeps a BOM and CRLF line endings", async () => {
    const dir = project({ "reply.txt": "\uFEFFHi Sam,\r\n\r\nSimply click Export.\r\n" });
    await cxlint(dir, ["--fix", "reply.txt"]);
    expect(read(dir, "reply.txt")).toBe("\uFEFFHi Sam,\r\n\r\nClick Export.\r\n");
  });

  it("prints the fixed text for piped input, with the report on stderr", async () => {
    const dir = project();
    const run = await cxlint(dir, ["--fix", "--stdin-filename", "reply.txt"], "Simply click Export. We can't refund it.\n");
    expect(run.stdout).toBe("Click Export. We can't refund it.\n");
    expect(run.stderr).toContain("no-refusal");
    expect(run.code).toBe(0);
  });

  it("refuses --fix together with --fix-dry-run (exit 2)", async () => {
    const dir = project({ "reply.txt": "Simply click Export.\n" });
    const run = await cxlint(dir, ["--fix", "--fix-dry-run", "reply.txt"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/can't be used together/);
    expect(read(dir, "reply.txt")).toBe("Simply click Export.\n");
  });
});

describe("cxlint --fix-dry-run", SLOW, () => {
  it("prints a unified diff and changes nothing", async () => {
    const dir = project({ "reply.txt": "Hi Sam,\n\nSimply click Export.\n\nThanks!\n" });
    const before = mtime(dir, "reply.txt");
    const run = await cxlint(dir, ["--fix-dry-run", "reply.txt"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("--- a/reply.txt\n+++ b/reply.txt\n@@ -1,5 +1,5 @@\n Hi Sam,\n \n-Simply click Export.\n+Click Export.\n \n Thanks!\n");
    expect(run.stderr).toContain("reply.txt");
    expect(read(dir, "reply.txt")).toBe("Hi Sam,\n\nSimply click Export.\n\nThanks!\n");
    expect(mtime(dir, "reply.txt")).toBe(before);
  });
});

describe("cxlint --fix-suggestions (stdin is not a terminal)", SLOW, () => {
  it("applies the first suggestion of every finding, plus the safe fixes", async () => {
    const dir = project({ "reply.txt": `${REWRITE_INPUT} Simply reply to this email.\n` });
    const run = await cxlint(dir, ["--fix-suggestions", "reply.txt"]);
    expect(run.code).toBe(0);
    const fixed = read(dir, "reply.txt");
    expect(fixed).not.toContain("We can't");
    expect(fixed).not.toContain("Someone will get back to you soon");
  });
});

describe("cxlint rewrite", SLOW, () => {
  it("prints the diff, each applied suggestion and the score before → after", async () => {
    const dir = project();
    const run = await cxlint(dir, ["rewrite", REWRITE_INPUT]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(`- ${REWRITE_INPUT}`);
    expect(lines[1]).toMatch(/^\+ /);
    expect(lines[1]).not.toContain("We can't");
    expect(run.stdout).toMatch(/^- "We can't refund opened items\." → ".+"  \(no-refusal\)$/m);
    expect(run.stdout).toMatch(/^- "Someone will get back to you soon\." → ".+"  \(no-hollow-promise\)$/m);
    const score = /^score (\d+) \(([a-z -]+)\) → (\d+) \(([a-z -]+)\)$/m.exec(run.stdout);
    expect(score).not.toBeNull();
    expect(Number(score![3])).toBeGreaterThan(Number(score![1]));
  });

  it("reads the text from stdin", async () => {
    const run = await cxlint(project(), ["rewrite"], "Simply click Export.\n");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("- Simply click Export.\n+ Click Export.\n");
  });

  it("--format json gives input, output, the applied changes and both scores", async () => {
    const run = await cxlint(project(), ["rewrite", REWRITE_INPUT, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      version: string;
      input: string;
      output: string;
      applied: Array<{ ruleId: string; actual: string; range: [number, number]; text: string; note?: string }>;
      before: { value: number; band: string };
      after: { value: number; band: string };
    };
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.input).toBe(REWRITE_INPUT);
    expect(report.output).not.toBe(REWRITE_INPUT);
    expect(report.applied.map((a) => a.ruleId)).toEqual(["no-refusal", "no-hollow-promise"]);
    for (const a of report.applied) {
      expect(REWRITE_INPUT.slice(a.range[0], a.range[1])).toBe(a.actual);
      expect(report.output).toContain(a.text);
      expect(typeof a.note).toBe("string");
    }
    expect(report.after.value).toBeGreaterThan(report.before.value);
    expect(typeof report.before.band).toBe("string");
  });

  it("says so when there is nothing to rewrite, and exits 0", async () => {
    const run = await cxlint(project(), ["rewrite", "Thanks for writing in."]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Nothing to rewrite.");
  });

  it("exits 2 on a usage error", async () => {
    const run = await cxlint(project(), ["rewrite", "x", "--format", "sarif"]);
    expect(run.code).toBe(2);
  });
});

describe("fixing converges (property)", () => {
  const custom = compileCustomRule("house/terms", {
    type: "substitution",
    message: "Use the house term.",
    phrases: { "click the button": 'select "Save"', "e-mail": "email", "log-in page": "sign-in page" },
  });
  const rules = [...BUILTIN_RULES, custom];
  const config = createResolver(undefined, BUILTIN_RULES, [custom])("reply.txt");
  const lint = { filePath: "reply.txt", config, rules };
  const SENTENCES = [
    "Simply click Export.",
    "Simply restart the app and try again.",
    "Please simply open Settings.",
    "Then simply click the button.",
    "Send us an e-mail if it happens again.",
    "Go to the log-in page and click the button.",
    "Thanks for your patience.",
    "We can't refund opened items.",
    "Obviously, you need to sign in first.",
    "Our team simply loves this feature.",
  ];

  it("leaves no fixable finding, and fixing twice equals fixing once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...SENTENCES), { minLength: 1, maxLength: 6 }), fc.constantFrom(" ", "\n", "\n\n"), async (picked, glue) => {
        const text = picked.join(glue) + "\n";
        const once = await fixSource({ adapter: textAdapter, text, lint });
        expect(once.result.findings.filter((f) => f.fix)).toEqual([]);
        expect(lintWith(textAdapter, once.output, lint).findings.filter((f) => f.fix)).toEqual([]);
        const twice = await fixSource({ adapter: textAdapter, text: once.output, lint });
        expect(twice.output).toBe(once.output);
        expect(twice.changed).toBe(false);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
