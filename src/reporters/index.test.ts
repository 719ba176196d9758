/** Tests for the reporter registry. */
import { describe, expect, it } from "vitest";
import {
  REPORTER_NAMES,
  SCORE_REPORTER_NAMES,
  getReporter,
  getScoreReporter,
  json,
  scoreJson,
  scoreTable,
  stylish,
} from "./index.js";

describe("reporter registry", () => {
  it("maps lint format names to reporters", () => {
    expect(REPORTER_NAMES).toEqual(["stylish", "json"]);
    expect(getReporter("stylish")).toBe(stylish);
    expect(getReporter("json")).toBe(json);
  });

  it("maps score format names to reporters", () => {
    expect(SCORE_REPORTER_NAMES).toEqual(["table", "json"]);
    expect(getScoreReporter("table")).toBe(scoreTable);
    expect(getScoreReporter("json")).toBe(scoreJson);
  });

  it("returns undefined for unknown names, including prototype members", () => {
    for (const name of ["sarif", "Stylish", "constructor", "__proto__", "toString", ""]) {
      expect(getReporter(name)).toBeUndefined();
      expect(getScoreReporter(name)).toBeUndefined();
    }
  });
});

describe("the package's API", () => {
  it("colours on request, with no call to load chalk first", async () => {
    const api = await import("../index.js");
    const summary = { files: 0, errors: 0, warnings: 0, infos: 0, fileErrors: 0, score: api.combineScores([]) };
    const text = api.getReporter("stylish")!({ results: [], summary, cwd: "/repo", color: true, version: "1.0.0" });
    expect(text).toContain("\u001b[");
    expect(text).toContain("No problems found");
  });
});
