import { describe, expect, it } from "vitest";
import { toSourceRange } from "../document/segment-builder.js";
import { markdownAdapter } from "./markdown.js";
import { compilePlaceholders } from "./placeholders.js";

const parse = (text: string, settings: Record<string, unknown> = {}) =>
  markdownAdapter.parse(text, { fileName: "replies.md", placeholders: compilePlaceholders(), settings });

describe("markdown macro collections", () => {
  const source = "# Saved replies\n\nUse these in the inbox.\n\n## Refund approved\n\nYour refund is on its way.\n\n## Out of stock\n\nWe can't restock that item.\n";

  it("makes each main section a unit titled by its heading", () => {
    const doc = parse(source);
    expect(doc.units.map((u) => [u.id, u.title])).toEqual([
      ["document", undefined],
      ["refund-approved", "Refund approved"],
      ["out-of-stock", "Out of stock"],
    ]);
    const unitOf = (text: string) => doc.segments.find((s) => s.text.includes(text))!.unit;
    expect(unitOf("Use these")).toBe(0);
    expect(unitOf("on its way")).toBe(1);
    expect(unitOf("restock")).toBe(2);
    expect(source.slice(...doc.units[2]!.range)).toBe("## Out of stock\n\nWe can't restock that item.\n");
  });

  it("keeps a file with a single section as one unit", () => {
    expect(parse("# Policy\n\n## Returns\n\nReturns are free.\n").units).toHaveLength(1);
  });

  it("lints fenced replies only when formats.markdown.fencedReplies is on", () => {
    const saved = "## Closing a stale issue\n\n```\nHi {{user}}, we can't reproduce this.\n\nWe'll be in touch.\n```\n\n## Duplicate\n\n```\nThis is a duplicate of #12.\n```\n";
    expect(parse(saved).segments.map((s) => s.kind)).toEqual(["heading", "heading"]);
    const doc = parse(saved, { fencedReplies: true });
    const replies = doc.segments.filter((s) => s.kind === "paragraph");
    expect(replies.map((s) => saved.slice(...toSourceRange(s, [0, s.text.length])))).toEqual([
      "Hi {{user}}, we can't reproduce this.",
      "We'll be in touch.",
      "This is a duplicate of #12.",
    ]);
    expect(replies[0]!.placeholders.map((p) => p.raw)).toEqual(["{{user}}"]);
    expect(replies.map((s) => s.unit)).toEqual([1, 1, 2]);
  });
});
