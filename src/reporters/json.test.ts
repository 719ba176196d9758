/** Tests for the JSON reporter: it parses back to the documented shape, with nothing added or lost. */
import { describe, expect, it } from "vitest";
import type { FileResult, Finding, Score, Summary } from "../core/types.js";
import { json } from "./json.js";

function score(value: number, penalties: Record<string, number> = {}): Score {
  return {
    value,
    band: value >= 90 ? "customer-centric" : "needs work",
    penalties,
    bonus: 2,
    signals: { ownership: 1, options: 0, empathy: 1, proactive: 0 },
    sentences: 4,
    policy: { empowering: 0, restrictive: 0, canDoRatio: null },
  };
}

const finding: Finding = {
  ruleId: "no-refusal",
  category: "refusal",
  severity: "warning",
  confidence: "high",
  message: `Refusal: "can't refund" tells the customer no without a way forward`,
  note: "A flat no leaves the customer with nowhere to go.",
  range: [40, 52],
  line: 3,
  column: 14,
  endLine: 3,
  endColumn: 26,
  actual: "can't refund",
  unit: { id: "m1", title: "Refund request" },
  suggestions: [{ text: "can offer store credit", range: [40, 52], note: "keeps the door open" }],
  url: "https://example.test/rules/no-refusal",
};

const result: FileResult = {
  filePath: "macros/refunds.json",
  format: "json",
  units: [
    { id: "m1", title: "Refund request", range: [0, 80], line: 2, score: score(72, { refusal: 12 }) },
    { id: "m2", range: [81, 160], line: 9, score: score(100) },
  ],
  findings: [finding],
  score: score(81, { refusal: 6 }),
  errors: [{ message: "Duplicate key", line: 20, column: 3 }],
};

const summary: Summary = { files: 1, errors: 0, warnings: 1, infos: 0, fileErrors: 0, score: score(81) };

describe("json", () => {
  const text = json({ results: [result], summary, cwd: "/repo", color: true, version: "1.2.3" });
  const parsed = JSON.parse(text);

  it("is two-space indented, colourless, and ends with one newline", () => {
    expect(text.startsWith('{\n  "version": "1.2.3",\n  "results": [\n')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).not.toContain("\u001b");
  });

  it("has the documented top-level and per-file fields", () => {
    expect(Object.keys(parsed)).toEqual(["version", "results", "summary"]);
    expect(parsed.version).toBe("1.2.3");
    expect(parsed.results).toHaveLength(1);
    // Findings come before units: they are written while the file is linted, units once it is done.
    expect(Object.keys(parsed.results[0])).toEqual(["filePath", "format", "findings", "units", "score", "errors"]);
    expect(parsed.results[0].filePath).toBe("macros/refunds.json");
    expect(parsed.results[0].format).toBe("json");
    expect(parsed.results[0].errors).toEqual([{ message: "Duplicate key", line: 20, column: 3 }]);
    expect(parsed.results[0].score).toEqual(score(81, { refusal: 6 }));
  });

  it("keeps findings whole", () => {
    expect(parsed.results[0].findings).toEqual([finding]);
  });

  it("writes units with id, title, range, line and score", () => {
    expect(parsed.results[0].units).toEqual([
      { id: "m1", title: "Refund request", range: [0, 80], line: 2, score: score(72, { refusal: 12 }) },
      { id: "m2", range: [81, 160], line: 9, score: score(100) },
    ]);
  });

  it("writes the summary fields", () => {
    expect(parsed.summary).toEqual(summary);
    expect(Object.keys(parsed.summary)).toEqual(["files", "errors", "warnings", "infos", "fileErrors", "score"]);
  });

  it("leaves filePath exactly as given and drops fields outside the format", () => {
    const extra = { ...result, filePath: "/abs/path/a.md", source: "secret text" } as FileResult;
    const out = JSON.parse(json({ results: [extra], summary, cwd: "/repo", color: false, version: "1.2.3" }));
    expect(out.results[0].filePath).toBe("/abs/path/a.md");
    expect(out.results[0]).not.toHaveProperty("source");
  });

  it("prints exactly what JSON.stringify prints for the same report, with or without files and findings", () => {
    const clean: FileResult = { ...result, filePath: "clean.md", findings: [], errors: [] };
    const second: Finding = { ...finding, line: 4, range: [60, 70], fix: { range: [60, 62], text: "" } };
    const many: FileResult = { ...result, findings: [finding, second] };
    for (const results of [[], [result], [clean], [many, clean, result]]) {
      const expected = {
        version: "1.2.3",
        results: results.map((r) => ({
          filePath: r.filePath,
          format: r.format,
          findings: r.findings,
          units: r.units.map((u) => ({ id: u.id, title: u.title, range: u.range, line: u.line, score: u.score })),
          score: r.score,
          errors: r.errors,
        })),
        summary,
      };
      expect(json({ results, summary, cwd: "/repo", color: false, version: "1.2.3" })).toBe(JSON.stringify(expected, null, 2) + "\n");
    }
  });

  it("streams: findings handed over part by part make the same text as all at once", () => {
    const many: FileResult = { ...result, findings: [finding, { ...finding, line: 5 }, { ...finding, line: 6 }] };
    let text = "";
    const stream = json.stream({ cwd: "/repo", color: false, version: "1.2.3" }, (chunk) => (text += chunk));
    const { findings, ...outcome } = many;
    stream.file(outcome);
    stream.findings(findings.slice(0, 1));
    stream.findings([]);
    stream.findings(findings.slice(1));
    stream.fileEnd(outcome);
    stream.end(summary);
    expect(text).toBe(json({ results: [many], summary, cwd: "/repo", color: false, version: "1.2.3" }));
  });
});
