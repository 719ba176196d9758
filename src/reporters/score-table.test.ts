/** Tests for `cxlint score` output: worst-first order, labels, top category, colour, and JSON. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadColour } from "./shared.js";
import type { Band, FileResult, Score, Summary, UnitResult } from "../core/types.js";
import { scoreJson, scoreTable } from "./score-table.js";
import type { ReportInput } from "./types.js";

const ESC = "\u001b";

function score(value: number, penalties: Record<string, number> = {}): Score {
  const band: Band =
    value >= 90 ? "customer-centric" : value >= 75 ? "good" : value >= 50 ? "needs work" : "company-centric";
  const signals = { ownership: 0, options: 0, empathy: 0, proactive: 0 };
  return { value, band, penalties, bonus: 0, signals, sentences: 3, policy: { empowering: 0, restrictive: 0, canDoRatio: null } };
}

function unit(id: string, value: number, penalties: Record<string, number> = {}, title?: string): UnitResult {
  return { id, range: [0, 10], line: 1, score: score(value, penalties), ...(title !== undefined ? { title } : {}) };
}

function file(filePath: string, units: UnitResult[]): FileResult {
  return { filePath, format: "json", units, findings: [], score: units[0]?.score ?? score(100), errors: [] };
}

function summary(over: Partial<Summary> = {}): Summary {
  const total = score(77, { refusal: 9, blame: 3 });
  return { files: 2, errors: 0, warnings: 0, infos: 0, fileErrors: 0, score: total, ...over };
}

const macros = file("/repo/macros.json", [
  unit("m1", 88, { blame: 4 }, "Order delayed"),
  unit("m2", 41, { refusal: 20, "restrictive-policy": 25 }, "Refund denied"),
  unit("m3", 88, { dismissive: 5, blame: 5 }),
]);
const faq = file("/repo/docs/faq.md", [unit("document", 95, {}, "FAQ")]);

function input(results: FileResult[], sum = summary(), color = false): ReportInput {
  return { results, summary: sum, cwd: "/repo", color, version: "0.1.0" };
}

// Colour is asked for below; the CLI loads chalk the same way when it colours.
beforeAll(loadColour);

describe("scoreTable", () => {
  it("lists units worst first with band, top category and a total", () => {
    expect(scoreTable(input([faq, macros]))).toBe(
      [
        "file             unit           score  band              top category",
        "macros.json      Refund denied     41  company-centric   restrictive-policy",
        "macros.json      Order delayed     88  good              blame",
        "macros.json      m3                88  good              blame",
        "docs/faq.md      —                 95  customer-centric  —",
        "total (2 files)  4 units           77  good              refusal",
        "",
      ].join("\n"),
    );
  });

  it("breaks score ties by input order", () => {
    const rows = scoreTable(input([macros])).split("\n");
    expect(rows.findIndex((r) => r.includes("Order delayed"))).toBeLessThan(rows.findIndex((r) => r.includes(" m3 ")));
  });

  it("picks the largest penalty as top category, alphabetically on ties, and — when none", () => {
    const f = file("/repo/x.json", [
      unit("a", 60, { refusal: 3, deflection: 3, blame: 1 }),
      unit("b", 70, { style: 0 }),
    ]);
    const rows = scoreTable(input([f])).split("\n");
    expect(rows[1]?.trimEnd().endsWith("deflection")).toBe(true);
    expect(rows[2]?.trimEnd().endsWith("—")).toBe(true);
  });

  it("truncates long unit titles", () => {
    const long = "A".repeat(80);
    const out = scoreTable(input([file("/repo/x.json", [unit("a", 60, {}, long)])]));
    expect(out).toContain(`${"A".repeat(59)}…`);
    expect(out).not.toContain("A".repeat(60));
  });

  it("colours bands only when asked", () => {
    const plain = scoreTable(input([faq, macros]));
    const coloured = scoreTable(input([faq, macros], summary(), true));
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}[31mcompany-centric`);
    expect(coloured).toContain(`${ESC}[36mgood`);
    expect(coloured).toContain(`${ESC}[32mcustomer-centric`);
    const needsWork = scoreTable(input([file("/repo/y.md", [unit("document", 60)])], summary(), true));
    expect(needsWork).toContain(`${ESC}[33mneeds work`);
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(plain);
  });

  it("says how many files could not be scored", () => {
    expect(scoreTable(input([faq], summary({ fileErrors: 1 })))).toContain("1 file could not be scored\n");
    expect(scoreTable(input([faq]))).not.toContain("could not be scored");
  });
});

describe("scoreJson", () => {
  it("gives the same units worst first, with the full score and summary", () => {
    const parsed = JSON.parse(scoreJson(input([faq, macros])));
    expect(parsed.version).toBe("0.1.0");
    expect(parsed.units.map((u: { id: string }) => u.id)).toEqual(["m2", "m1", "m3", "document"]);
    expect(parsed.units[0]).toEqual({
      filePath: "/repo/macros.json",
      id: "m2",
      title: "Refund denied",
      score: score(41, { refusal: 20, "restrictive-policy": 25 }),
    });
    expect(parsed.units[2]).not.toHaveProperty("title");
    expect(parsed.summary).toEqual(summary());
  });
});
