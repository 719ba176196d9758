/**
 * HTML adapter: block segments, skipped scopes, alt/title text, directives from comments, exact
 * offsets through entities, bad input, and a property test over random markup.
 */
import { readFileSync } from "node:fs";
import { decodeHTML } from "entities";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParsedDocument } from "../core/types.js";
import { sourceOf } from "../testing/documents.js";
import { checkSegmentInvariants } from "../testing/invariants.js";
import { htmlAdapter, htmlSegments } from "./html.js";
import { compilePlaceholders } from "./placeholders.js";

const placeholders = compilePlaceholders();
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/formats/html/${name}`, import.meta.url), "utf8");

function parse(source: string): ParsedDocument {
  const doc = htmlAdapter.parse(source, { fileName: "x.html", placeholders });
  expect(checkSegmentInvariants(source, doc)).toEqual([]);
  expect(atomicViolations(source, doc)).toEqual([]);
  return doc;
}

function atomicViolations(source: string, doc: ParsedDocument): string[] {
  const out: string[] = [];
  for (const s of doc.segments) {
    for (const r of s.runs) {
      if (r.kind !== "atomic" || r.src[0] === r.src[1]) continue;
      const raw = source.slice(r.src[0], r.src[1]);
      const text = s.text.slice(r.seg[0], r.seg[1]);
      if (decodeHTML(raw) !== text) out.push(`${JSON.stringify(raw)} is not ${JSON.stringify(text)}`);
    }
  }
  return out;
}

const render = (doc: ParsedDocument) => doc.segments.map((s) => `${s.kind}: ${JSON.stringify(s.text.replace(/\s+/g, " ").trim())}`).join("\n");


describe("html adapter", () => {
  it("a whole policy page: blocks, alt/title, skipped script/style/code/pre/blockquote", () => {
    const source = fixture("refund-policy.html");
    const doc = parse(source);
    expect(render(doc)).toMatchInlineSnapshot(`
      "heading: "Refund & Returns Policy"
      paragraph: "We do not offer refunds on digital products. All sales are final, no exceptions."
      paragraph: "Customers’ requests made after 30 days won't be processed."
      paragraph: "Contact us at xxxxxxxxxxxxxxxxx."
      paragraph: "We cannot accept returns of opened software."
      list-item: "Damaged items: here’s how we can help — send a photo."
      list-item: "Late deliveries are not our responsibility."
      table-cell: "Item"
      table-cell: "Window"
      table-cell: "Shoes"
      table-cell: "30 days"
      alt-text: "Unfortunately, returned box"
      alt-text: "Return label"
      paragraph: "Run xxxxxxxxxxxxxxxxxxxxxxxxx and we'll sort it out.""
    `);
    expect(doc.units[0]!.title).toBe("Refund Policy – Example Shop");
    for (const hidden of ["style this", "must not see", "never refund", "--deny", "cancel-order"]) {
      expect(doc.segments.some((s) => s.text.includes(hidden))).toBe(false);
    }
  });

  it("directive comments become directives over the whole comment", () => {
    const source = fixture("refund-policy.html");
    const doc = parse(source);
    expect(doc.directives).toHaveLength(1);
    expect(doc.directives[0]).toMatchObject({ kind: "disable-next-line", rules: ["no-refusal"], reason: "legal asked for this exact wording" });
    expect(source.slice(...doc.directives[0]!.range)).toBe("<!-- cxlint-disable-next-line no-refusal -- legal asked for this exact wording -->");
  });

  it("a reply fragment: <br> lines, Liquid branches, Gmail quoted history skipped", () => {
    const doc = parse(fixture("support-reply-fragment.html"));
    expect(render(doc)).toMatchInlineSnapshot(`
      "paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
      paragraph: "Sorry for the wait. As I said before, you must clear your cache."
      paragraph: "We'll call you today. Someone will get back to you.""
    `);
  });

  it("maps words after entities to their exact source", () => {
    const source = fixture("refund-policy.html");
    const doc = parse(source);
    expect(sourceOf(source, doc, "& Returns")).toBe("&amp; Returns");
    expect(sourceOf(source, doc, "won't be processed")).toBe("won&#39;t be processed");
    expect(sourceOf(source, doc, "Customers’ requests")).toBe("Customers&rsquo; requests");
    expect(sourceOf(source, doc, "30\u00a0days")).toBe("30&nbsp;days");
    expect(sourceOf(source, doc, "here’s how")).toBe("here&#x2019;s how");
    expect(sourceOf(source, doc, "not our responsibility")).toBe("not our responsibility");
    expect(sourceOf(source, doc, "Unfortunately, returned")).toBe("Unfortunately, returned");
  });

  it("inline elements do not split a segment; their words map across the tags", () => {
    const source = `<p>We <b>can&#39;t</b> <i>wait</i> to help.</p>`;
    const doc = parse(source);
    expect(doc.segments.map((s) => s.text)).toEqual(["We can't wait to help."]);
    expect(sourceOf(source, doc, "can't wait")).toBe("can&#39;t</b> <i>wait");
  });

  it("Intercom <attribute/> elements are masked placeholders", () => {
    const source = `<p>Hi <attribute key="user.name" default="there"/>, we can help.</p>`;
    const doc = parse(source);
    expect(doc.segments[0]!.placeholders.map((p) => p.raw)).toEqual([`<attribute key="user.name" default="there"/>`]);
    expect(doc.segments[0]!.text).toMatch(/^Hi x+, we can help\.$/);
  });

  it("htmlSegments composes with an outer map (HTML inside another format)", () => {
    const html = "<p>A &amp; B</p>";
    const res = htmlSegments(html, { placeholders, unit: 2 });
    expect(res.segments[0]!.unit).toBe(2);
    expect(res.segments[0]!.text).toBe("A & B");
  });

  it("malformed HTML never throws and keeps the invariants", () => {
    for (const source of ["<p>Unclosed <b>bold", "</p>stray close", "<<>>&&;;", "<p title='x>y'>T</p>", "<!-- unterminated", ""]) {
      parse(source);
    }
  });
});

describe("html adapter: properties", () => {
  it("runs tile, verbatim slices match, atomic runs decode to their source", () => {
    const piece = fc.oneof(
      fc.constantFrom("<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<b>", "</b>", "<li>", "<h2>", "</h2>", "<td>", "<script>x<y</script>",
        "<code>c</code>", "<blockquote>q</blockquote>", '<img alt="a &amp; b" title=\'t\'>', "<!-- cxlint-disable -->", "<!-- plain -->",
        "&amp;", "&#39;", "&#x2019;", "&rsquo;", "&nbsp;", "&bogus;", "&amp", "{{name}}", "{% if x %}", "We", " ", "can't", "\n", "é", "😀",
        '<attribute key="u" default="there"/>'),
      fc.string({ maxLength: 5 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const source = parts.join("");
        const doc = htmlAdapter.parse(source, { fileName: "x.html", placeholders });
        expect(checkSegmentInvariants(source, doc)).toEqual([]);
        expect(atomicViolations(source, doc)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});

describe("adapter registry: extension, then content sniffing", () => {
  it("picks by extension first, then by content for unknown or missing extensions", async () => {
    const { adapterFor, sniffFormat } = await import("./index.js");
    expect(adapterFor("policy.HTM").id).toBe("html");
    expect(adapterFor("macros.json", "not json").id).toBe("json");
    expect(adapterFor("replies.yml").id).toBe("yaml");
    expect(adapterFor("quick.csv").id).toBe("csv");
    expect(adapterFor("policy.docx").id).toBe("docx");
    expect(adapterFor("export", '\uFEFF  {"macros": []}').id).toBe("json");
    expect(adapterFor("export", "[1]").id).toBe("json");
    expect(adapterFor("Refund Policy", "<!DOCTYPE html><html></html>").id).toBe("html");
    expect(adapterFor("-", "<p>Hi</p>").id).toBe("html");
    expect(adapterFor("notes", "We can't <3 this").id).toBe("text");
    expect(adapterFor("stdin").id).toBe("text");
    expect(sniffFormat("  <div class=x>")).toBe("html");
  });
});
