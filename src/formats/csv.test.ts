/**
 * CSV adapter: reply/title/id columns by header or settings, exact offsets through multi-byte
 * characters and doubled quotes, HTML cells, bad input, and a property test over random cells.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParsedDocument } from "../core/types.js";
import { toSourceRange } from "../document/segment-builder.js";
import { renderUnits, sourceOf } from "../testing/documents.js";
import { checkSegmentInvariants } from "../testing/invariants.js";
import { csvAdapter } from "./csv.js";
import { compilePlaceholders } from "./placeholders.js";
import { FormatError } from "./types.js";

const placeholders = compilePlaceholders();
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/formats/csv/${name}`, import.meta.url), "utf8");

function parse(source: string, settings?: Record<string, unknown>, fileName = "x.csv"): ParsedDocument {
  const doc = csvAdapter.parse(source, { fileName, placeholders, ...(settings ? { settings } : {}) });
  expect(checkSegmentInvariants(source, doc)).toEqual([]);
  // A CSV atomic run is a doubled quote (or an HTML entity in an HTML cell).
  for (const s of doc.segments) {
    for (const r of s.runs) {
      if (r.kind !== "atomic" || r.src[0] === r.src[1]) continue;
      const raw = source.slice(r.src[0], r.src[1]);
      expect([s.text.slice(r.seg[0], r.seg[1]), raw]).toSatisfy(([t, src]: string[]) => (src === '""' ? t === '"' : src!.startsWith("&")));
    }
  }
  return doc;
}

const render = renderUnits;

describe("csv adapter", () => {
  it("Salesforce Quick Text export: Message column, Name titles, Id ids", () => {
    const doc = parse(fixture("salesforce-quicktext.csv"));
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: 0BTxx0000000001 "Refund - not eligible"
      unit 1: 0BTxx0000000002 "Résumé upload"
      unit 2: 0BTxx0000000003 "Plan upgrade"
        [0] paragraph: "Hi xxxxxxxxxxxxxxxxxxxx, unfortunately your order is not eligible for a refund."
        [0] paragraph: "Per our policy, we \\"cannot\\" make exceptions."
        [1] paragraph: "Bonjour xxxxxxxxxxxxxxxxxxxx — you must upload your résumé again; the file was corrupt 😀."
        [2] paragraph: "Here's how we can move you to the annual plan today.""
    `);
  });

  it("semicolon-delimited, CRLF, HTML cells", () => {
    const doc = parse(fixture("canned-replies-semicolon.csv"));
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: 1 "Late fee"
      unit 1: 2 "Delay"
        [0] paragraph: "Late fees cannot be waived & that's final."
        [1] paragraph: "Sorry for the delay, your order ships tomorrow.""
    `);
  });

  it("maps words after multi-byte characters and doubled quotes exactly", () => {
    const source = fixture("salesforce-quicktext.csv");
    const doc = parse(source);
    expect(sourceOf(source, doc, `"cannot" make`)).toBe(`""cannot"" make`);
    expect(sourceOf(source, doc, "you must upload")).toBe("you must upload");
    expect(sourceOf(source, doc, "résumé again")).toBe("résumé again");
    expect(sourceOf(source, doc, "corrupt 😀.")).toBe("corrupt 😀.");
    expect(sourceOf(source, doc, "Here's how")).toBe("Here's how");
  });

  it("HTML cells map entities to the CSV source", () => {
    const source = fixture("canned-replies-semicolon.csv");
    const doc = parse(source);
    expect(sourceOf(source, doc, "& that's final")).toBe("&amp; that&#39;s final");
  });

  it("formats.csv.column / titleColumn / idColumn choose the columns", () => {
    const source = "key,label,agent_text,customer_text\nk1,Label one,Never shown,We can help today.\n";
    const doc = parse(source, { column: "customer_text", titleColumn: "label", idColumn: "key" });
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: k1 "Label one"
        [0] paragraph: "We can help today.""
    `);
  });

  it("a header that only contains a reply word is found", () => {
    const doc = parse("Shortcut,Reply Text\nhi,Hello there.\n");
    expect(doc.segments.map((s) => s.text)).toEqual(["Hello there."]);
  });

  it("empty file and header-only file", () => {
    expect(parse("").segments).toEqual([]);
    expect(parse("title,body\n").units).toEqual([]);
  });
});

describe("csv adapter: bad input", () => {
  const lineOf = (text: string, offset: number) => text.slice(0, offset).split("\n").length;
  const errorOf = (source: string, settings?: Record<string, unknown>): FormatError => {
    try {
      csvAdapter.parse(source, { fileName: "x.csv", placeholders, ...(settings ? { settings } : {}) });
    } catch (e) {
      if (e instanceof FormatError) return e;
      throw e;
    }
    throw new Error("no FormatError");
  };

  it("an unclosed quote points at its line", () => {
    const source = 'title,body\nA,fine\nB,"never closed\nC,more\n';
    const e = errorOf(source);
    expect(e.message).toMatch(/invalid CSV: .*quote/i);
    expect(lineOf(source, e.offset)).toBe(3);
  });

  it("no reply column: says what headers are expected and how to set formats.csv.column", () => {
    const e = errorOf("a,b\n1,2\n");
    expect(e.message).toMatch(/formats\.csv\.column/);
    expect(e.message).toMatch(/body, content, text, reply, message, response/);
  });

  it("a configured column that is not in the header", () => {
    expect(errorOf("title,body\nx,y\n", { column: "reply_html" }).message).toMatch(/"reply_html".*title, body/);
  });
});

describe("csv adapter: properties", () => {
  const cell = fc.array(fc.oneof(fc.constantFrom('"', ",", "\n", "é", "😀", "We", " ", "can't", "{{x}}", "ü"), fc.string({ maxLength: 3 })), { maxLength: 12 }).map((p) => p.join(""));
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

  it("runs tile, verbatim slices match, doubled quotes are atomic", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 5 }), fc.boolean(), (rows, crlf) => {
        const nl = crlf ? "\r\n" : "\n";
        // Quoting every cell keeps any content legal CSV; blank bodies are dropped like csv-parse drops empty lines.
        const source = ["title,body", ...rows.map(([t, b]) => `${quote(t)},${quote(b)}`)].join(nl) + nl;
        const doc = parse(source);
        expect(doc.units).toHaveLength(rows.length);
        for (const s of doc.segments) {
          const [a, b] = toSourceRange(s, [0, s.text.length]);
          expect(source.slice(a, b).replace(/""/g, '"').length).toBeGreaterThanOrEqual(s.text.trim().length > 0 ? 1 : 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
