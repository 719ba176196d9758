/** Tests for the stylish reporter: exact layout with colour off, colour switching, plurals, safety. */
import { Chalk } from "chalk";
import { beforeAll, describe, expect, it } from "vitest";
import { loadColour, painter } from "./shared.js";
import type { Band, FileResult, Finding, Score, Summary } from "../core/types.js";
import { stylish } from "./stylish.js";
import type { ReportInput } from "./types.js";

const ESC = "\u001b";

function band(value: number): Band {
  return value >= 90 ? "customer-centric" : value >= 75 ? "good" : value >= 50 ? "needs work" : "company-centric";
}

function score(value: number): Score {
  return {
    value,
    band: band(value),
    penalties: {},
    bonus: 0,
    signals: { ownership: 0, options: 0, empathy: 0, proactive: 0 },
    sentences: 1,
    policy: { empowering: 0, restrictive: 0, canDoRatio: null },
  };
}

type Needed = Pick<Finding, "line" | "column" | "severity" | "message" | "ruleId">;

function finding(over: Partial<Finding> & Needed): Finding {
  return {
    category: "refusal",
    confidence: "high",
    note: "It leaves the customer stuck.",
    range: [0, 1],
    endLine: over.line,
    endColumn: over.column + 1,
    actual: "x",
    unit: { id: "document" },
    suggestions: [],
    url: `https://example.test/rules/${over.ruleId}`,
    ...over,
  };
}

function file(filePath: string, over: Partial<FileResult> = {}): FileResult {
  return { filePath, format: "text", units: [], findings: [], score: score(100), errors: [], ...over };
}

function summary(over: Partial<Summary> = {}): Summary {
  return { files: 1, errors: 0, warnings: 0, infos: 0, fileErrors: 0, score: score(100), ...over };
}

function input(results: FileResult[], sum: Summary, color = false): ReportInput {
  return { results, summary: sum, cwd: "/repo", color, version: "0.1.0" };
}

const refunds = file("/repo/macros/refunds.json", {
  format: "json",
  score: score(72),
  findings: [
    finding({
      line: 3,
      column: 14,
      severity: "warning",
      message: `Refusal: "can't refund" tells the customer no without a way forward`,
      ruleId: "no-refusal",
      unit: { id: "m1", title: "Refund request" },
      suggestions: [
        { text: "we can offer store credit", range: [10, 22] },
        { text: "second option, never shown", range: [10, 22] },
      ],
    }),
    finding({
      line: 12,
      column: 1,
      severity: "error",
      message: `Blame: "you failed to" puts the fault on the customer`,
      ruleId: "no-blame",
      category: "blame",
      // The whole-document unit never shows its title: the path already names it.
      unit: { id: "document", title: "Refunds" },
    }),
    finding({
      line: 120,
      column: 7,
      severity: "info",
      message: "Hollow promise",
      ruleId: "no-hollow-promise",
      category: "hollow-promise",
      unit: { id: "m2" },
    }),
  ],
});
const broken = file("/repo/broken.json", {
  format: "json",
  errors: [{ message: "Unexpected token } in JSON", line: 4, column: 2 }],
});
const clean = file("/repo/clean.md", { score: score(96) });

const mixedSummary = summary({ files: 3, errors: 1, warnings: 1, infos: 1, fileErrors: 1, score: score(81) });

// Colour is asked for below; the CLI loads chalk the same way when it colours.
beforeAll(loadColour);

describe("painter", () => {
  it("without colour gives what chalk gives at level 0, for any style or chain of styles", () => {
    const plain = painter(false);
    const chalk = new Chalk({ level: 0 });
    for (const args of [["text"], [""], ["two", "words"], [42], ["a\nb"]] as unknown[][]) {
      expect(plain.red(...args)).toBe(chalk.red(...args));
      expect(plain.green.bold(...args)).toBe(chalk.green.bold(...args));
      expect(plain.dim.underline.yellow(...args)).toBe(chalk.dim.underline.yellow(...args));
      expect(plain(...args)).toBe(chalk(...args));
    }
  });

  it("with colour is chalk at level 1", () => {
    expect(painter(true).red("x")).toBe(new Chalk({ level: 1 }).red("x"));
    expect(painter(true).red("x")).not.toBe("x");
  });
});

describe("stylish", () => {
  it("prints problem files with aligned columns, the first rewrite, and a summary", () => {
    const out = stylish(input([refunds, clean, broken], mixedSummary));
    expect(out).toBe(
      [
        "macros/refunds.json — score 72 (needs work)",
        `    3:14  warning  [Refund request] Refusal: "can't refund" tells the customer no without a way forward  no-refusal`,
        "                   → we can offer store credit",
        `   12:1   error    Blame: "you failed to" puts the fault on the customer                                 no-blame`,
        "  120:7   info     Hollow promise                                                                        no-hollow-promise",
        "",
        "broken.json — not scored",
        "  4:2  error  Unexpected token } in JSON",
        "",
        "✖ 3 problems (1 error, 1 warning, 1 info)",
        "  1 file could not be linted",
        "  score 81 (good) across 3 files",
        "",
      ].join("\n"),
    );
  });

  it("lists every file with its score when all are clean", () => {
    const other = file("/repo/docs/faq.md", { score: score(91) });
    const out = stylish(input([clean, other], summary({ files: 2, score: score(94) })));
    expect(out).toBe(
      [
        "clean.md — score 96 (customer-centric)",
        "docs/faq.md — score 91 (customer-centric)",
        "",
        "✔ No problems found · score 94 (customer-centric) across 2 files",
        "",
      ].join("\n"),
    );
  });

  it("prints only the summary when there were no files", () => {
    expect(stylish(input([], summary({ files: 0 })))).toBe(
      "✔ No problems found · score 100 (customer-centric) across 0 files\n",
    );
  });

  it("leaves clean files out when some file has problems", () => {
    const out = stylish(input([clean, refunds], summary({ files: 2, errors: 1, warnings: 1, infos: 1 })));
    expect(out).not.toContain("clean.md");
    expect(out).toContain("macros/refunds.json");
  });

  it("never ends a line with spaces", () => {
    const out = stylish(input([refunds, broken], mixedSummary));
    for (const line of out.split("\n")) expect(line).toBe(line.trimEnd());
  });

  it("adds ANSI colour only when asked", () => {
    const plain = stylish(input([refunds, broken], mixedSummary, false));
    const coloured = stylish(input([refunds, broken], mixedSummary, true));
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}[31m`); // red errors
    expect(coloured).toContain(`${ESC}[33m`); // yellow warnings
    expect(coloured).toContain(`${ESC}[34m`); // blue infos
    expect(coloured).toContain(`${ESC}[4m`); // underlined path
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(plain);
  });

  it.each([
    [summary({ warnings: 1 }), "✖ 1 problem (1 warning)"],
    [summary({ errors: 2 }), "✖ 2 problems (2 errors)"],
    [summary({ infos: 1 }), "✖ 1 problem (1 info)"],
    [summary({ errors: 1, infos: 3 }), "✖ 4 problems (1 error, 3 infos)"],
    [summary({ fileErrors: 2 }), "✖ 2 files could not be linted"],
  ])("pluralises the summary %#", (sum, expected) => {
    expect(stylish(input([], sum)).split("\n")[0]).toBe(expected);
  });

  it("says 'file' for one file and 'files' otherwise", () => {
    expect(stylish(input([], summary({ files: 1 })))).toContain("across 1 file\n");
    expect(stylish(input([], summary({ files: 2, warnings: 1 })))).toContain("across 2 files\n");
  });

  it("shows paths relative to cwd, and leaves relative or stdin paths as given", () => {
    const f = (p: string) => file(p, { errors: [{ message: "unreadable", line: 1, column: 1 }] });
    const out = stylish(input([f("/elsewhere/a.md"), f("docs/b.md"), f("<stdin>")], summary({ fileErrors: 3 })));
    expect(out).toContain("../elsewhere/a.md — not scored");
    expect(out).toContain("docs/b.md — not scored");
    expect(out).toContain("<stdin> — not scored");
  });

  it("keeps each finding on one line and strips terminal control characters from file text", () => {
    const sneaky = file("/repo/a.txt", {
      findings: [
        finding({
          line: 1,
          column: 1,
          severity: "warning",
          message: `Refusal: "we can't\n  do that${ESC}[2J"`,
          ruleId: "no-refusal",
          suggestions: [{ text: "here's how\r\nwe can", range: [0, 1] }],
        }),
      ],
    });
    const out = stylish(input([sneaky], summary({ warnings: 1 })));
    expect(out).not.toContain(ESC);
    expect(out.split("\n").slice(1, 3)).toEqual([
      `  1:1  warning  Refusal: "we can't do that\uFFFD[2J"  no-refusal`,
      "                → here's how we can",
    ]);
  });

  it("lists a file's findings by line, even when unused-directive findings arrive last", () => {
    const late = file("/repo/a.md", {
      score: score(80),
      findings: [
        finding({ line: 9, column: 1, severity: "warning", message: "Refusal.", ruleId: "no-refusal" }),
        finding({ line: 2, column: 1, severity: "warning", message: "Unused directive.", ruleId: "unused-disable-directive" }),
      ],
    });
    const lines = stylish(input([late], summary({ warnings: 2 }))).split("\n");
    expect(lines.findIndex((l) => l.includes("Unused directive."))).toBeLessThan(lines.findIndex((l) => l.includes("Refusal.")));
  });
});

