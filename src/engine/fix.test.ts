import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Edit, Range } from "../core/types.js";
import { applyEdits, fixLoop, MAX_FIX_PASSES } from "./fix.js";

const edit = (start: number, end: number, text: string): Edit => ({ range: [start, end] as Range, text });

describe("applyEdits", () => {
  it("applies edits in range order whatever order they come in", () => {
    const text = "one two three";
    const r = applyEdits(text, [edit(8, 13, "3"), edit(0, 3, "1"), edit(4, 7, "2")]);
    expect(r.output).toBe("1 2 3");
    expect(r.applied.map((e) => e.text)).toEqual(["1", "2", "3"]);
    expect(r.skipped).toEqual([]);
  });

  it("skips an edit that overlaps one already applied, and keeps it for a later pass", () => {
    const r = applyEdits("abcdef", [edit(1, 4, "X"), edit(3, 5, "Y")]);
    expect(r.output).toBe("aXef");
    expect(r.skipped).toEqual([edit(3, 5, "Y")]);
  });

  it("takes the earlier-starting edit when one contains another", () => {
    const r = applyEdits("abcdef", [edit(2, 3, "c!"), edit(0, 6, "whole")]);
    expect(r.output).toBe("whole");
    expect(r.skipped.map((e) => e.text)).toEqual(["c!"]);
  });

  it("applies adjacent edits both", () => {
    const r = applyEdits("abcdef", [edit(0, 2, "AB"), edit(2, 4, "CD")]);
    expect(r.output).toBe("ABCDef");
    expect(r.applied).toHaveLength(2);
  });

  it("applies an insertion right after a replacement, but not two insertions at one offset", () => {
    expect(applyEdits("abc", [edit(0, 1, "A"), edit(1, 1, "+")]).output).toBe("A+bc");
    const two = applyEdits("abc", [edit(1, 1, "x"), edit(1, 1, "y")]);
    expect(two.output).toBe("axbc");
    expect(two.skipped.map((e) => e.text)).toEqual(["y"]);
  });

  it("skips inverted and out-of-bounds ranges", () => {
    const r = applyEdits("abc", [edit(2, 1, "X"), edit(1, 9, "Y"), edit(-1, 0, "Z")]);
    expect(r.output).toBe("abc");
    expect(r.skipped).toHaveLength(3);
  });

  it("handles deletions, insertions at both ends and an empty edit list", () => {
    expect(applyEdits("Simply click Export.", [edit(0, 8, "C")]).output).toBe("Click Export.");
    expect(applyEdits("mid", [edit(0, 0, "<"), edit(3, 3, ">")]).output).toBe("<mid>");
    expect(applyEdits("same", []).output).toBe("same");
  });

  it("never changes text outside the applied ranges (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 5 })), { maxLength: 6 }),
        (text, raw) => {
          const edits = raw.map(([a, b, t]) => {
            const s = a % (text.length + 1);
            const e = s + (b % (text.length - s + 1));
            return edit(s, e, t);
          });
          const r = applyEdits(text, edits);
          // Rebuild from the applied edits alone: the gaps between them must be the source's.
          let rebuilt = "";
          let cursor = 0;
          for (const e of r.applied) {
            expect(e.range[0]).toBeGreaterThanOrEqual(cursor);
            rebuilt += text.slice(cursor, e.range[0]) + e.text;
            cursor = e.range[1];
          }
          rebuilt += text.slice(cursor);
          expect(r.output).toBe(rebuilt);
          expect(r.applied.length + r.skipped.length).toBe(edits.length);
        },
      ),
    );
  });
});

interface FakeFinding {
  readonly fix?: Edit;
  readonly suggestion?: Edit;
}

/** A linter that flags every "simply " and fixes it by deletion. */
function simplyLinter(text: string): FakeFinding[] {
  const out: FakeFinding[] = [];
  for (const m of text.matchAll(/simply /g)) out.push({ fix: edit(m.index!, m.index! + 7, "") });
  return out;
}

describe("fixLoop", () => {
  it("fixes everything in one pass when fixes don't overlap, and reports the final findings", () => {
    let lints = 0;
    const r = fixLoop("simply a, simply b", (t) => (lints++, simplyLinter(t)));
    expect(r.output).toBe("a, b");
    expect(r.passes).toBe(1);
    expect(r.fixedCount).toBe(2);
    expect(r.cycle).toBe(false);
    expect(r.findings).toEqual([]);
    expect(lints).toBe(2);
    expect(r.applied.map((a) => [a.pass, a.replaced])).toEqual([
      [1, "simply "],
      [1, "simply "],
    ]);
  });

  it("re-lints to apply fixes that overlapped in an earlier pass", () => {
    // Each finding wants to replace "aa" with "a"; overlapping pairs wait for the next pass.
    const linter = (t: string): FakeFinding[] => {
      const out: FakeFinding[] = [];
      for (let i = t.indexOf("aa"); i >= 0; i = t.indexOf("aa", i + 1)) out.push({ fix: edit(i, i + 2, "a") });
      return out;
    };
    const r = fixLoop("aaaa", linter);
    expect(r.output).toBe("a");
    expect(r.passes).toBe(2);
    expect(r.fixedCount).toBe(3);
  });

  it("stops on a circular fix (a linter that flip-flops)", () => {
    const flipFlop = (t: string): FakeFinding[] => [{ fix: edit(0, t.length, t === "colour" ? "color" : "colour") }];
    const r = fixLoop("colour", flipFlop);
    expect(r.cycle).toBe(true);
    expect(r.passes).toBe(2);
    expect(r.output).toBe("colour");
    expect(r.findings).toBeUndefined();
  });

  it("stops after maxPasses when every pass finds something new", () => {
    const grow = (t: string): FakeFinding[] => [{ fix: edit(t.length, t.length, "!") }];
    const r = fixLoop("hi", grow);
    expect(r.passes).toBe(MAX_FIX_PASSES);
    expect(r.output).toBe("hi" + "!".repeat(MAX_FIX_PASSES));
    expect(r.cycle).toBe(false);
    expect(fixLoop("hi", grow, { maxPasses: 3 }).output).toBe("hi!!!");
  });

  it("ignores edits that change nothing, so a clean or fixed text is left as is", () => {
    const noop = (t: string): FakeFinding[] => [{ fix: edit(0, 2, t.slice(0, 2)) }];
    const r = fixLoop("same text", noop);
    expect(r).toMatchObject({ output: "same text", passes: 0, fixedCount: 0, cycle: false });
  });

  it("is idempotent: fixing twice equals fixing once", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("simply ", "click ", "a", " ", "simply simply ", "."), { maxLength: 20 }), (parts) => {
        const once = fixLoop(parts.join(""), simplyLinter).output;
        const twice = fixLoop(once, simplyLinter);
        expect(twice.output).toBe(once);
        expect(twice.fixedCount).toBe(0);
        expect(simplyLinter(once)).toEqual([]);
      }),
    );
  });

  it("uses `select` to pick another edit (suggestions) and leaves findings without one", () => {
    const linter = (t: string): FakeFinding[] =>
      t.includes("can't") ? [{ suggestion: edit(t.indexOf("We can't"), t.indexOf("We can't") + 8, "We can") }, {}] : [];
    const r = fixLoop("We can't do that.", linter, { select: (f) => f.suggestion });
    expect(r.output).toBe("We can do that.");
    expect(r.applied[0]!.finding.suggestion).toBeDefined();
  });

  it("passes the current text to `select` and stops when `continueAfter` says so", () => {
    const seenTexts: string[] = [];
    const passesSeen: Array<{ applied: number; skipped: number }> = [];
    const r = fixLoop("aaaa", (t) => (t.length > 1 ? [{ fix: edit(0, 2, "a") }, { fix: edit(1, 3, "a") }] : []), {
      select: (f, t) => (seenTexts.push(t), f.fix),
      continueAfter: (pass) => (passesSeen.push(pass), false),
    });
    expect(r.passes).toBe(1);
    expect(r.output).toBe("aaa");
    expect(seenTexts).toEqual(["aaaa", "aaaa"]);
    expect(passesSeen).toEqual([{ applied: 1, skipped: 1 }]);
  });
});
