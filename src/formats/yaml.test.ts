/**
 * YAML adapter: reply collections by shape or formats.yaml.paths, exact offsets inside folded,
 * literal and quoted scalars, `# cxlint-…` directives, bad input, and a property test that
 * stringifies random values in every scalar style.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Scalar, stringify } from "yaml";
import type { ParsedDocument } from "../core/types.js";
import { renderUnits, sourceOf } from "../testing/documents.js";
import { checkSegmentInvariants } from "../testing/invariants.js";
import { compilePlaceholders } from "./placeholders.js";
import { FormatError } from "./types.js";
import { yamlAdapter } from "./yaml.js";

const placeholders = compilePlaceholders();
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/formats/yaml/${name}`, import.meta.url), "utf8");

function parse(source: string, settings?: Record<string, unknown>): ParsedDocument {
  const doc = yamlAdapter.parse(source, { fileName: "x.yml", placeholders, ...(settings ? { settings } : {}) });
  expect(checkSegmentInvariants(source, doc)).toEqual([]);
  return doc;
}

const render = renderUnits;

describe("yaml adapter", () => {
  it("a list of saved replies: body keys linted, notes skipped, every scalar style", () => {
    const doc = parse(fixture("saved-replies.yml"));
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: #1 "Refund outside window"
      unit 1: #2 "Partner order"
      unit 2: #3 "Password reset"
        [0] paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxx, unfortunately refunds are only possible within 30 days, so we can't help with this one.\\nOur policy doesn't allow exceptions."
        [1] paragraph: "That order was placed with our partner, please contact them \\"directly\\" at partner.example — they'll sort it out."
        [2] paragraph: "Here's how we can get you back in:\\n  1. Click \\"Forgot password\\" # not a comment\\n  2. Check your inbox"
        [2] paragraph: "You're all set; we'll keep an eye on it.""
    `);
    expect(doc.segments.some((s) => s.text.includes("Internal"))).toBe(false);
  });

  it("osTicket template: subject as a field, HTML body, notes skipped", () => {
    const doc = parse(fixture("message.autoresp.yaml"));
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: document "Message received [#%{ticket.number}]"
        [0] field: "Message received [#xxxxxxxxxxxxxxxx]"
        [0] heading: "Dear xxxxxxxxxxxxxxxxxxxxxxx,"
        [0] paragraph: "\\nYour reply to ticket #xxxxxxxxxxxxxxxx has been noted.\\n"
        [0] paragraph: "\\nYou must not reply to this email — we won't read it.\\n"
        [0] paragraph: "\\nYour xxxxxxxxxxxxxxx Team,"
        [0] paragraph: "\\nxxxxxxxxxxxx\\n""
    `);
  });

  it("a map of reply name to text", () => {
    const doc = parse(fixture("replies-by-name.yaml"));
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: late_fee "late_fee"
      unit 1: shipping_delay "shipping_delay"
        [0] paragraph: "Late fees cannot be waived."
        [1] paragraph: "Sorry for the wait! Your parcel left our warehouse today and should arrive by Friday.""
    `);
  });

  it("`# cxlint-…` comments are directives over the comment; `#` inside a block scalar is text", () => {
    const source = fixture("saved-replies.yml");
    const doc = parse(source);
    expect(doc.directives).toHaveLength(1);
    expect(doc.directives[0]).toMatchObject({ kind: "disable-next-line", rules: ["no-deflection"] });
    expect(source.slice(...doc.directives[0]!.range)).toBe("# cxlint-disable-next-line no-deflection -- the partner really owns this");
    expect(doc.segments.some((s) => s.text.includes("# not a comment"))).toBe(true);
  });

  it("formats.yaml.paths picks fields in other layouts", () => {
    const source = "faq:\n  - q: Can I get a refund?\n    answer: No refunds after 30 days.\n    internal: skip me\n";
    const doc = parse(source, { paths: ["$.faq[*].answer"], title: "q" });
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: #1 "Can I get a refund?"
        [0] paragraph: "No refunds after 30 days.""
    `);
  });
});

describe("yaml adapter: exact positions", () => {
  const source = fixture("saved-replies.yml");

  it("inside a folded scalar, across a folded line break", () => {
    const doc = parse(source);
    expect(sourceOf(source, doc, "possible within")).toBe("possible\n    within");
    expect(sourceOf(source, doc, "we can't help")).toBe("we can't help");
    expect(sourceOf(source, doc, "doesn't allow")).toBe("doesn't allow");
  });

  it("inside a double-quoted scalar with escapes", () => {
    const doc = parse(source);
    expect(sourceOf(source, doc, `"directly"`)).toBe(String.raw`\"directly\"`);
    expect(sourceOf(source, doc, "— they'll")).toBe(String.raw`\u2014 they'll`);
  });

  it("inside a literal block and a single-quoted scalar", () => {
    const doc = parse(source);
    expect(sourceOf(source, doc, "Check your inbox")).toBe("Check your inbox");
    expect(sourceOf(source, doc, "You're all set")).toBe("You''re all set");
    expect(sourceOf(source, doc, "we'll keep")).toBe("we''ll keep");
  });

  it("inside HTML held in a block scalar", () => {
    const src = fixture("message.autoresp.yaml");
    const doc = parse(src);
    expect(sourceOf(src, doc, "— we won't read")).toBe("&mdash; we won&#39;t read");
  });
});

describe("yaml adapter: bad input", () => {
  const lineOf = (text: string, offset: number) => text.slice(0, offset).split("\n").length;
  const errorOf = (source: string): FormatError => {
    try {
      yamlAdapter.parse(source, { fileName: "x.yml", placeholders });
    } catch (e) {
      if (e instanceof FormatError) return e;
      throw e;
    }
    throw new Error("no FormatError");
  };

  it("invalid YAML: reason and the offset of the problem", () => {
    const source = "- name: A\n  body: fine\n- name: B\n  body: [unclosed\n- name: C\n";
    const e = errorOf(source);
    expect(e.message).toMatch(/^invalid YAML: /);
    expect(lineOf(source, e.offset)).toBeGreaterThanOrEqual(4);
  });

  it("bad indentation", () => {
    const source = "name: A\nbody: ok\n  extra: bad\n";
    const e = errorOf(source);
    expect(e.message).toMatch(/^invalid YAML: /);
    expect(lineOf(source, e.offset)).toBe(2);
  });

  it("no replies: says what shape is expected and how to set formats.yaml.paths", () => {
    const e = errorOf("settings:\n  retries: 3\n  verbose: true\n");
    expect(e.message).toMatch(/formats\.yaml\.paths/);
  });

  it("empty and comment-only files", () => {
    expect(parse("").segments).toEqual([]);
    expect(parse("# nothing here\n").segments).toEqual([]);
  });
});

describe("yaml adapter: properties", () => {
  const styles = [Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;
  const text = fc
    .array(fc.oneof(fc.constantFrom("We", "can't", " ", "  ", "\n", "\n\n", "\t", '"', "'", "\\", "é", "😀", "{{x}}", "# no", ": x", "- y", "word"), fc.string({ maxLength: 4 })), {
      maxLength: 20,
    })
    .map((p) => p.join(""));

  it("a placeholder inside a scalar that maps only as a whole keeps the source moving forward", () => {
    // Found by the property below: a leading tab made the quoted scalar map as one piece.
    for (const body of [" \t{{x}}", "  \t{{x}} "]) {
      const source = stringify([{ name: "r", body }], { defaultStringType: "PLAIN", lineWidth: 20, minContentWidth: 0 });
      expect(parse(source).segments).toHaveLength(1);
    }
  });

  it("any value in any scalar style: runs tile, verbatim slices match, value round-trips", () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...styles), fc.integer({ min: 20, max: 80 }), (value, type, lineWidth) => {
        let source: string;
        try {
          source = stringify([{ name: "r", body: value }], { defaultStringType: type, lineWidth, minContentWidth: 0 });
        } catch {
          return; // yaml refuses some values in some styles
        }
        const doc = parse(source);
        // Every segment's characters, read back through the map, come from the body scalar.
        for (const s of doc.segments) {
          for (const r of s.runs) expect(r.src[0]).toBeGreaterThanOrEqual(source.indexOf("body:"));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("the alignment is exact (no whole-scalar fallback) for folded and quoted styles of plain prose", () => {
    const words = fc.array(fc.constantFrom("We", "can't", "help", "today,", "sorry", "é", "😀", "refund.", "\"quoted\"", "it's"), { minLength: 1, maxLength: 40 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(words, fc.constantFrom(...styles), (value, type) => {
        const source = stringify([{ name: "r", body: value }], { defaultStringType: type, lineWidth: 30, minContentWidth: 0 });
        const doc = parse(source);
        for (const s of doc.segments) {
          for (const r of s.runs) {
            const len = r.src[1] - r.src[0];
            // Atomic runs are escapes, '' pairs or folded whitespace: short, never the whole scalar.
            if (r.kind === "atomic") expect(len).toBeLessThan(20);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
