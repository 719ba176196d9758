import { applyPatch } from "diff";
import { beforeAll, describe, expect, it } from "vitest";
import { loadColour } from "./shared.js";
import { readableDiff, unifiedDiff } from "./diff.js";

// Colour is asked for below; the CLI loads chalk the same way when it colours.
beforeAll(loadColour);

describe("unifiedDiff", () => {
  it("is empty when nothing changed", () => {
    expect(unifiedDiff("a.txt", "same\n", "same\n")).toBe("");
  });

  it("prints git-style headers and hunks that apply back to the file", () => {
    const before = "Hi Sam,\n\nSimply click Export.\n\nThanks!\n";
    const after = "Hi Sam,\n\nClick Export.\n\nThanks!\n";
    const patch = unifiedDiff("replies/a.txt", before, after);
    expect(patch).toBe("--- a/replies/a.txt\n+++ b/replies/a.txt\n@@ -1,5 +1,5 @@\n Hi Sam,\n \n-Simply click Export.\n+Click Export.\n \n Thanks!\n");
    expect(applyPatch(before, patch)).toBe(after);
  });

  it("keeps CRLF line endings and a missing final newline", () => {
    const patch = unifiedDiff("a.txt", "Simply click.\r\nBye", "Click.\r\nBye");
    expect(patch).toContain("-Simply click.\r\n+Click.\r\n");
    expect(applyPatch("Simply click.\r\nBye", patch)).toBe("Click.\r\nBye");
  });

  it("colours removed lines red and added lines green only when asked", () => {
    const coloured = unifiedDiff("a.txt", "a\n", "b\n", { color: true });
    expect(coloured).toContain("\u001b[31m-a\u001b[39m");
    expect(coloured).toContain("\u001b[32m+b\u001b[39m");
    expect(unifiedDiff("a.txt", "a\n", "b\n")).not.toContain("\u001b[");
  });
});

describe("readableDiff", () => {
  it("shows the whole text with changed lines marked", () => {
    expect(readableDiff("Hi,\nWe can't.\nBye", "Hi,\nHere's what we can do.\nBye")).toBe("  Hi,\n- We can't.\n+ Here's what we can do.\n  Bye\n");
  });

  it("colours, and makes control characters visible", () => {
    const out = readableDiff("a\u001b[2J", "b", { color: true });
    expect(out).toBe("\u001b[31m- a\uFFFD[2J\u001b[39m\n\u001b[32m+ b\u001b[39m\n");
  });

  it("is empty for two empty texts", () => {
    expect(readableDiff("", "")).toBe("");
  });
});
