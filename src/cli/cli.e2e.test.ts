/**
 * End-to-end tests of the command line: each test spawns the built `bin/cxlint.js` in a temporary
 * folder of fixture files, the way a user or a CI job runs it, and asserts stdout, stderr and the
 * exit code (0 clean, 1 findings over the limits, 2 usage, config or I/O errors).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, SLOW, cxlint, tempProjects, type Run } from "../testing/cli.js";

const { project, cleanup } = tempProjects("cxlint-e2e-");
afterAll(cleanup);

const TONE_CATEGORIES = ["refusal", "blame", "restrictive-policy", "deflection", "hollow-promise", "dismissive"];
const RULE_IDS = ["no-blame", "no-deflection", "no-dismissive", "no-hollow-promise", "no-refusal", "no-restrictive-policy"];

// Fixture texts (written for these tests). Each triggers one rule the same way the rule docs do.
const CLEAN = "Thanks for writing in. Here's how you can reset your password: open Settings and tap Reset.\n";
const REFUSAL = "We can't refund this order.\n"; // no-refusal: warning by default
const BLAME = "You failed to read the instructions.\n"; // no-blame: error by default

interface JsonReport {
  version: string;
  results: Array<{
    filePath: string;
    format: string;
    units: Array<{ id: string; score: { value: number } }>;
    findings: Array<Record<string, unknown> & { ruleId: string; category: string; severity: string; line: number; suggestions: unknown[] }>;
    score: { value: number; band: string; penalties: Record<string, number>; sentences: number };
    errors: Array<{ message: string; line: number; column: number }>;
  }>;
  summary: { files: number; errors: number; warnings: number; fileErrors: number; score: { value: number } };
}

async function json(cwd: string, args: readonly string[], input = ""): Promise<{ run: Run; report: JsonReport }> {
  const run = await cxlint(cwd, [...args, "--format", "json"], input);
  try {
    return { run, report: JSON.parse(run.stdout) as JsonReport };
  } catch {
    throw new Error(`cxlint ${args.join(" ")} printed no JSON (exit ${run.code}).\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}

function ruleIds(report: JsonReport): string[] {
  return report.results.flatMap((r) => r.findings.map((f) => f.ruleId));
}

describe("cxlint lint: exit codes", SLOW, () => {
  it("a clean file exits 0 and says there are no problems", async () => {
    const dir = project({ "clean.txt": CLEAN });
    const run = await cxlint(dir, ["clean.txt"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No problems");
    expect(run.stdout).toContain("clean.txt");
    expect(run.stderr).toBe("");
  });

  it("a warning alone exits 0; --max-warnings 0 makes it exit 1 with a message", async () => {
    const dir = project({ "warn.txt": REFUSAL });
    const plain = await cxlint(dir, ["warn.txt"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/1:1\s+warning\s+Refusal/);
    expect(plain.stdout).toContain("no-refusal");
    const limited = await cxlint(dir, ["warn.txt", "--max-warnings", "0"]);
    expect(limited.code).toBe(1);
    expect(limited.stderr).toContain("--max-warnings 0");
    expect(limited.stderr).toContain("1 warning,");
    const roomy = await cxlint(dir, ["warn.txt", "--max-warnings", "1"]);
    expect(roomy.code).toBe(0);
  });

  it("an error-severity finding (no-blame) exits 1", async () => {
    const dir = project({ "blame.txt": BLAME });
    const run = await cxlint(dir, ["blame.txt"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1:1\s+error\s+Blame/);
    expect(run.stdout).toContain("no-blame");
  });

  it("--min-score exits 1 when the total score is below it", async () => {
    const dir = project({ "warn.txt": REFUSAL });
    const low = await cxlint(dir, ["warn.txt", "--min-score", "95"]);
    expect(low.code).toBe(1);
    expect(low.stderr).toContain("--min-score 95");
    const met = await cxlint(dir, ["warn.txt", "--min-score", "0"]);
    expect(met.code).toBe(0);
  });

  it("a bad --max-warnings or --min-score value is a usage error", async () => {
    const dir = project({ "clean.txt": CLEAN });
    const run = await cxlint(dir, ["clean.txt", "--min-score", "lots"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--min-score");
  });

  it("--quiet shows errors only", async () => {
    const dir = project({ "mixed.txt": REFUSAL + "\n" + BLAME });
    const run = await cxlint(dir, ["mixed.txt", "--quiet"]);
    expect(run.stdout).toContain("no-blame");
    expect(run.stdout).not.toContain("no-refusal");
    expect(run.code).toBe(1);
  });

  it("an unknown option is a usage error", async () => {
    const run = await cxlint(project(), ["--no-such-flag"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--no-such-flag");
  });
});

describe("cxlint lint: output", SLOW, () => {
  it("--format json has the documented shape, and every finding the documented fields", async () => {
    const dir = project({
      "reply.txt": [
        "We can't refund this order.",
        "",
        "You failed to read the instructions.",
        "",
        "Per my last email, the parcel is with the courier, so please contact the courier directly.",
        "",
        "Someone will get back to you soon.",
        "",
        "All sales are final.",
        "",
      ].join("\n"),
      "clean.md": "# Hello\n\n" + CLEAN,
    });
    const { run, report } = await json(dir, ["reply.txt", "clean.md"]);
    expect(run.code).toBe(1);
    expect(Object.keys(report)).toEqual(["version", "results", "summary"]);
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.results.map((r) => r.filePath)).toEqual(["reply.txt", "clean.md"]);
    for (const result of report.results) {
      for (const key of ["filePath", "format", "units", "findings", "score"]) expect(result).toHaveProperty(key);
      expect(result.units.length).toBeGreaterThanOrEqual(1);
      expect(result.score.value).toBeGreaterThanOrEqual(0);
      expect(result.score.value).toBeLessThanOrEqual(100);
      for (const key of ["value", "band", "penalties", "signals", "sentences"]) expect(result.score).toHaveProperty(key);
    }
    expect(report.results[0]!.format).toBe("text");
    expect(report.results[1]!.format).toBe("markdown");
    expect(report.results[1]!.findings).toEqual([]);

    const findings = report.results[0]!.findings;
    expect(new Set(findings.map((f) => f.category)).size).toBeGreaterThanOrEqual(5);
    const source = readFileSync(path.join(dir, "reply.txt"), "utf8");
    for (const f of findings) {
      for (const key of ["ruleId", "category", "severity", "message", "note", "range", "line", "column", "actual", "suggestions", "url"]) {
        expect(f, `${String(f.ruleId)} lacks ${key}`).toHaveProperty(key);
      }
      expect(TONE_CATEGORIES).toContain(f.category);
      expect(["error", "warning", "info"]).toContain(f.severity);
      expect(typeof f.message).toBe("string");
      expect(typeof f.note).toBe("string");
      expect(f.suggestions.length).toBeGreaterThanOrEqual(1);
      expect(String(f.url)).toMatch(/^https?:\/\//);
      const range = f.range as [number, number];
      expect(source.slice(range[0], range[1])).toBe(f.actual);
    }
    expect(report.summary.files).toBe(2);
    expect(report.summary.errors).toBe(findings.filter((f) => f.severity === "error").length);
  });

  it("-o writes the report to the file and nothing to stdout", async () => {
    const dir = project({ "warn.txt": REFUSAL });
    const run = await cxlint(dir, ["warn.txt", "-f", "json", "-o", "out.json"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    const report = JSON.parse(readFileSync(path.join(dir, "out.json"), "utf8")) as JsonReport;
    expect(ruleIds(report)).toEqual(["no-refusal"]);
  });

  it("-o writes plain text even when colour is forced", async () => {
    const dir = project({ "warn.txt": REFUSAL });
    const run = await cxlint(dir, ["warn.txt", "--color", "-o", "report.txt"]);
    expect(run.code).toBe(0);
    const report = readFileSync(path.join(dir, "report.txt"), "utf8");
    expect(report).toContain("no-refusal");
    expect(report).not.toContain("\u001b");
  });

  it("-o still names a file that could not be linted on stderr", async () => {
    const dir = project({ "warn.txt": REFUSAL });
    const run = await cxlint(dir, ["warn.txt", "missing.txt", "-o", "report.txt"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("missing.txt");
    expect(readFileSync(path.join(dir, "report.txt"), "utf8")).toContain("no-refusal");
  });

  it("-o into a folder that does not exist says so and exits 2, before linting", async () => {
    const dir = project({ "warn.txt": REFUSAL });
    const run = await cxlint(dir, ["warn.txt", "-o", "no/such/dir/report.json"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("can't write the report to no/such/dir/report.json");
  });

  it("a reader that stops early (cxlint … | head) ends the output quietly", async () => {
    const macros = Array.from({ length: 3000 }, (_, i) => ({ id: i + 1, title: `M${i}`, actions: [{ field: "comment_value", value: "We can't refund opened items." }] }));
    const dir = project({ "macros.json": JSON.stringify({ macros }) });
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [path.join(ROOT, "bin/cxlint.js"), "macros.json", "-f", "json"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("a large export is reported whole through the streaming path: every macro, valid JSON", async () => {
    const macros = Array.from({ length: 9000 }, (_, i) => ({
      id: i + 1,
      title: `Macro ${i + 1}`,
      actions: [{ field: "comment_value", value: i % 3 === 0 ? "Unfortunately we can't refund opened items." : "Happy to help with that." }],
    }));
    const dir = project({ "macros.json": JSON.stringify({ macros }, null, 2) });
    expect(readFileSync(path.join(dir, "macros.json"), "utf8").length).toBeGreaterThan(1_000_000);
    const run = await cxlint(dir, ["macros.json", "-f", "json"]);
    const report = JSON.parse(run.stdout) as JsonReport & { results: Array<{ units: unknown[] }> };
    expect(report.results[0]!.units).toHaveLength(9000);
    expect(ruleIds(report).filter((id) => id === "no-refusal")).toHaveLength(3000);
    expect(report.summary.fileErrors).toBe(0);
  });

  it("NO_COLOR output has no ANSI escapes; --color forces them", async () => {
    const dir = project({ "warn.txt": REFUSAL });
    expect((await cxlint(dir, ["warn.txt"])).stdout).not.toContain("\u001b[");
    expect((await cxlint(dir, ["warn.txt", "--color"])).stdout).toContain("\u001b[");
  });
});

describe("cxlint lint: stdin", SLOW, () => {
  it("lints piped text when no paths are given", async () => {
    const dir = project({ "clean.txt": CLEAN });
    const { run, report } = await json(dir, [], "We can't refund this order.\n");
    expect(run.code).toBe(0);
    expect(report.results).toHaveLength(1);
    expect(report.results[0]!.filePath).toBe("<stdin>");
    expect(report.results[0]!.format).toBe("text");
    expect(ruleIds(report)).toEqual(["no-refusal"]);
  });

  it("--stdin-filename picks the format and the name", async () => {
    const dir = project();
    const text = "# Refunds\n\n```\nWe can't refund this order.\n```\n\nYou failed to read the instructions.\n";
    const { run, report } = await json(dir, ["--stdin-filename", "x.md"], text);
    expect(report.results[0]!.filePath).toBe("x.md");
    expect(report.results[0]!.format).toBe("markdown");
    // Code blocks are not prose: only the blame outside the fence is reported.
    expect(ruleIds(report)).toEqual(["no-blame"]);
    expect(report.results[0]!.findings[0]!.line).toBe(7);
    expect(run.code).toBe(1);
  });
});

describe("cxlint lint: --rule", SLOW, () => {
  it("--rule id:off turns a rule off, and id:error raises one", async () => {
    const dir = project({ "blame.txt": BLAME, "warn.txt": REFUSAL });
    const off = await json(dir, ["blame.txt", "--rule", "no-blame:off"]);
    expect(off.run.code).toBe(0);
    expect(ruleIds(off.report)).toEqual([]);
    const raised = await json(dir, ["warn.txt", "--rule", "no-refusal:error"]);
    expect(raised.run.code).toBe(1);
    expect(raised.report.results[0]!.findings[0]!.severity).toBe("error");
  });

  it.each([
    ["no-blame:loud", "loud"],
    ["no-such-rule:error", "no-such-rule"],
    ["no-blame", "no-blame"],
  ])("a bad --rule value (%s) exits 2 with a message", async (value, named) => {
    const dir = project({ "blame.txt": BLAME });
    const run = await cxlint(dir, ["blame.txt", "--rule", value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--rule");
    expect(run.stderr).toContain(named);
    expect(run.stdout).toBe("");
  });
});

describe("other commands", SLOW, () => {
  it("cxlint rules lists the six rules with category and severity", async () => {
    const run = await cxlint(project(), ["rules"]);
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^rule\s+category\s+severity/);
    expect(rows.slice(1).map((r) => r.split(/\s+/)[0])).toEqual(RULE_IDS);
    expect(rows.find((r) => r.startsWith("no-blame"))).toMatch(/\bblame\s+error\b/);
  });

  it.skipIf(!existsSync(path.join(ROOT, "rules/no-refusal.md")))("cxlint explain no-refusal prints the rule's doc", async () => {
    const run = await cxlint(project(), ["explain", "no-refusal"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(path.join(ROOT, "rules/no-refusal.md"), "utf8"));
  });

  it("cxlint explain of an unknown rule exits 2 and lists the rules", async () => {
    const run = await cxlint(project(), ["explain", "no-such-rule"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no-such-rule");
    expect(run.stderr).toContain("no-refusal");
  });

  it("cxlint --version prints the package version", async () => {
    const version = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
    const run = await cxlint(project(), ["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it.each([["lint"], ["score"], ["rules"], ["explain"], ["init"]])("cxlint %s --help exits 0 and prints usage", async (command) => {
    const dir = project();
    const run = await cxlint(dir, [command, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: cxlint ${command}`);
    // --help never does the command's work.
    expect(existsSync(path.join(dir, "cxlint.config.mjs"))).toBe(false);
  });

  it("cxlint --help lists the commands", async () => {
    const run = await cxlint(project(), ["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["lint", "score", "rules", "explain", "init"]) expect(run.stdout).toContain(command);
  });

  it("cxlint init writes a config that loads; a second init needs --force", async () => {
    const dir = project({ "clean.txt": CLEAN });
    const first = await cxlint(dir, ["init"]);
    expect(first.code).toBe(0);
    expect(existsSync(path.join(dir, "cxlint.config.mjs"))).toBe(true);
    const lint = await cxlint(dir, ["clean.txt"]);
    expect(lint.code).not.toBe(2);
    expect(lint.stderr).toBe("");
    const second = await cxlint(dir, ["init"]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("--force");
    const forced = await cxlint(dir, ["init", "--force"]);
    expect(forced.code).toBe(0);
  });

  it("cxlint score prints a table, worst first, with a total", async () => {
    const dir = project({
      "replies/bad.txt": "We can't refund this order. You failed to read the terms.\n",
      "replies/good.txt": CLEAN,
      "replies/mid.txt": REFUSAL,
    });
    const run = await cxlint(dir, ["score", "replies"]);
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^file\s+unit\s+score\s+band/);
    const body = rows.slice(1, -1);
    expect(body.map((r) => r.split(/\s+/)[0])).toEqual(["replies/bad.txt", "replies/mid.txt", "replies/good.txt"]);
    const scores = body.map((r) => Number(/\s(\d+)\s/.exec(r)![1]));
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    expect(rows.at(-1)).toMatch(/^total \(3 files\)/);
  });

  it("cxlint score --min-score gates on the total; findings alone do not fail it", async () => {
    const dir = project({ "blame.txt": BLAME });
    expect((await cxlint(dir, ["score", "blame.txt"])).code).toBe(0);
    const gated = await cxlint(dir, ["score", "blame.txt", "--min-score", "90"]);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toContain("--min-score 90");
  });
});

describe("configuration", SLOW, () => {
  it(".cxlintrc.json with an unknown key exits 2 naming the file and the key", async () => {
    const dir = project({ ".cxlintrc.json": JSON.stringify({ rulez: {} }), "clean.txt": CLEAN });
    const run = await cxlint(dir, ["clean.txt"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(".cxlintrc.json");
    expect(run.stderr).toContain("rulez");
    expect(run.stdout).toBe("");
  });

  it("a config naming an unknown rule exits 2", async () => {
    const dir = project({ ".cxlintrc.json": JSON.stringify({ rules: { "no-such-rule": "error" } }), "clean.txt": CLEAN });
    const run = await cxlint(dir, ["clean.txt"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(".cxlintrc.json");
    expect(run.stderr).toContain("no-such-rule");
  });

  it("--no-config ignores a broken config", async () => {
    const dir = project({ ".cxlintrc.json": JSON.stringify({ rulez: {} }), "clean.txt": CLEAN });
    expect((await cxlint(dir, ["clean.txt", "--no-config"])).code).toBe(0);
  });

  it("overrides change severity for matching files only", async () => {
    const dir = project({
      ".cxlintrc.json": JSON.stringify({ overrides: [{ files: ["policies/**"], rules: { "no-refusal": "error" } }] }),
      "policies/a.txt": REFUSAL,
      "replies/a.txt": REFUSAL,
    });
    const { run, report } = await json(dir, ["policies", "replies"]);
    const severity = (file: string) => report.results.find((r) => r.filePath === file)!.findings.map((f) => f.severity);
    expect(severity("policies/a.txt")).toEqual(["error"]);
    expect(severity("replies/a.txt")).toEqual(["warning"]);
    expect(run.code).toBe(1);
  });

  it("a custom existence rule from config reports with its message and suggestion", async () => {
    const dir = project({
      ".cxlintrc.json": JSON.stringify({
        customRules: {
          "house/no-tier2": {
            type: "existence",
            message: '"{{phrase}}" is an internal team name.',
            phrases: ["the tier 2 team"],
            suggestion: "our specialist team",
            category: "style",
            severity: "warning",
          },
        },
      }),
      "reply.txt": "I've passed this to the tier 2 team and I'll update you by Friday.\n",
    });
    const { run, report } = await json(dir, ["reply.txt"]);
    expect(run.code).toBe(0);
    const findings = report.results[0]!.findings;
    expect(findings.map((f) => f.ruleId)).toEqual(["house/no-tier2"]);
    expect(findings[0]!.actual).toBe("the tier 2 team");
    expect(findings[0]!.message).toContain("internal team name");
    expect(findings[0]!.suggestions).toEqual([expect.objectContaining({ text: "our specialist team" })]);
  });
});

describe("inline directives", SLOW, () => {
  it("cxlint-disable-next-line in a .txt file suppresses the next line only", async () => {
    const dir = project({
      "d.txt": "Hello.\ncxlint-disable-next-line no-refusal\nWe cannot refund this order.\n\nWe cannot refund that order either.\n",
    });
    const { report } = await json(dir, ["d.txt"]);
    const findings = report.results[0]!.findings;
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([["no-refusal", 5]]);
  });

  it("--report-unused-disable-directives reports a directive that suppresses nothing", async () => {
    const dir = project({ "u.txt": "Hello there.\n\ncxlint-disable-next-line no-refusal\nThanks for writing in.\n" });
    const without = await json(dir, ["u.txt"]);
    expect(ruleIds(without.report)).toEqual([]);
    const { report } = await json(dir, ["u.txt", "--report-unused-disable-directives"]);
    const findings = report.results[0]!.findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]!.line).toBe(3);
    expect(String(findings[0]!.message)).toMatch(/unused/i);
  });
});

describe("ignore files", SLOW, () => {
  it("skips .cxlintignore and .gitignore entries when linting a directory", async () => {
    const dir = project({
      ".cxlintignore": "drafts/\n",
      ".gitignore": "build/\n",
      "docs/a.txt": REFUSAL,
      "drafts/b.txt": REFUSAL,
      "build/c.txt": REFUSAL,
    });
    const { report } = await json(dir, ["."]);
    expect(report.results.map((r) => r.filePath)).toEqual(["docs/a.txt"]);
  });

  it("--ignore-path reads another ignore file", async () => {
    const dir = project({ "my-ignore": "docs/\n", "docs/a.txt": REFUSAL, "other/b.txt": REFUSAL });
    const { report } = await json(dir, [".", "--ignore-path", "my-ignore"]);
    expect(report.results.map((r) => r.filePath)).toEqual(["other/b.txt"]);
  });

  it("skips project files (package.json, tsconfig.json) found in a directory, but lints them when named", async () => {
    const dir = project({ "tsconfig.json": '{"compilerOptions":{}}\n', "docs/a.txt": CLEAN });
    const walked = await json(dir, ["."]);
    expect(walked.run.code).toBe(0);
    expect(walked.report.results.map((r) => r.filePath)).toEqual(["docs/a.txt"]);
    const named = await cxlint(dir, ["tsconfig.json"]);
    expect(named.code).toBe(2);
    expect(named.stdout).toContain("tsconfig.json");
  });
});

describe("bad input", SLOW, () => {
  it("a missing file among good ones: the good ones are linted, the missing one named, exit 2", async () => {
    const dir = project({ "warn.txt": REFUSAL, "blame.txt": BLAME });
    const run = await cxlint(dir, ["warn.txt", "missing.txt", "blame.txt"]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain("missing.txt");
    expect(run.stdout).toContain("no-refusal");
    expect(run.stdout).toContain("no-blame");
  });

  it("a directory with no lintable files exits 2 with a message", async () => {
    const dir = project({ "empty/notes.log": "nothing here\n" });
    const run = await cxlint(dir, ["empty"]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/No lintable files in directory "empty"/);
  });

  it("a glob matching nothing exits 2 with a message", async () => {
    const dir = project({ "a.txt": CLEAN });
    const run = await cxlint(dir, ["nothing/**/*.md"]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain("nothing/**/*.md");
  });

  it("binary and invalid UTF-8 files are per-file errors with line:col; the rest is still linted", async () => {
    const dir = project({
      "good.txt": REFUSAL,
      "binary.txt": Buffer.from("Hello.\nWe can\u0000t refund.\n", "latin1"),
      "latin1.txt": Buffer.from("Hello there.\nCaf\u00e9 is closed.\n", "latin1"),
    });
    const { run, report } = await json(dir, ["good.txt", "binary.txt", "latin1.txt"]);
    expect(run.code).toBe(2);
    const byPath = new Map(report.results.map((r) => [r.filePath, r]));
    expect(byPath.get("good.txt")!.findings.map((f) => f.ruleId)).toEqual(["no-refusal"]);
    const binary = byPath.get("binary.txt")!;
    expect(binary.findings).toEqual([]);
    expect(binary.errors).toEqual([expect.objectContaining({ line: 2, column: 7 })]);
    expect(binary.errors[0]!.message).toContain("binary.txt");
    const latin1 = byPath.get("latin1.txt")!;
    expect(latin1.errors).toEqual([expect.objectContaining({ line: 2, column: 4 })]);
    expect(latin1.errors[0]!.message).toMatch(/latin1\.txt.*UTF-8/);
    expect(report.summary.fileErrors).toBe(2);

    const stylish = await cxlint(dir, ["good.txt", "binary.txt", "latin1.txt"]);
    expect(stylish.stdout).toMatch(/binary\.txt[^\n]*\n\s+2:7\s+error/);
    expect(stylish.stdout).toMatch(/latin1\.txt[^\n]*\n\s+2:4\s+error/);
  });

  it("an empty file has no findings and scores 100", async () => {
    const dir = project({ "empty.txt": "" });
    const { run, report } = await json(dir, ["empty.txt"]);
    expect(run.code).toBe(0);
    expect(report.results[0]!.findings).toEqual([]);
    expect(report.results[0]!.errors).toEqual([]);
    expect(report.results[0]!.score.value).toBe(100);
  });
});

describe("the demo folder", SLOW, () => {
  it("shows findings in several categories, and great-reply.txt stays clean and high", async () => {
    const { run, report } = await json(ROOT, ["fixtures/demo"]);
    expect(run.code).toBe(1);
    const byName = new Map(report.results.map((r) => [path.basename(r.filePath), r]));
    expect([...byName.keys()].sort()).toEqual(["great-reply.txt", "refund-macros.md", "returns-policy.md", "shipping-delay.txt"]);
    expect(byName.get("great-reply.txt")!.findings).toEqual([]);
    expect(byName.get("great-reply.txt")!.score.value).toBeGreaterThanOrEqual(90);
    for (const name of ["refund-macros.md", "returns-policy.md", "shipping-delay.txt"]) {
      expect(byName.get(name)!.findings.length, name).toBeGreaterThan(0);
    }
    const categories = new Set(report.results.flatMap((r) => r.findings.map((f) => f.category)));
    expect(categories.size).toBeGreaterThanOrEqual(4);
  });
});

describe("worker threads", () => {
  it("gives the same report on worker threads as on one thread, in input order", SLOW, async () => {
    const files: Record<string, string> = {};
    const texts = [CLEAN, REFUSAL, BLAME, "Someone will get back to you soon.\n", "All sales are final.\n"];
    for (let i = 0; i < 60; i++) files[`replies/reply-${String(i).padStart(2, "0")}.${i % 3 === 0 ? "md" : "txt"}`] = texts[i % texts.length]!;
    files["replies/bad.txt"] = "binary\u0000data";
    const dir = project(files);
    const one = await json(dir, ["replies", "--threads", "0"]);
    const many = await json(dir, ["replies", "--threads", "2"]);
    const defaulted = await json(dir, ["replies"]);
    expect(one.report.results).toHaveLength(61);
    expect(many.report).toEqual(one.report);
    expect(defaulted.report).toEqual(one.report);
    expect(many.run.code).toBe(2);
    expect(many.report.results.map((r) => r.filePath)).toEqual(one.report.results.map((r) => r.filePath));
  });

  it("refuses a --threads value that is not a number", SLOW, async () => {
    const run = await cxlint(project({ "a.txt": CLEAN }), ["a.txt", "--threads", "many"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--threads needs a number/);
  });
});
