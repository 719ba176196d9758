/**
 * DOCX adapter: a real .docx built in the test (a zip of WordprocessingML, made with jszip),
 * paragraphs as lines of the virtual source, headings and list items, placeholders masked,
 * unreadable input, and a property test over the virtual-source builder.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParsedDocument } from "../core/types.js";
import { toSourceRange } from "../document/segment-builder.js";
import { docxFromBody, escapeXml } from "../testing/documents.js";
import { checkSegmentInvariants } from "../testing/invariants.js";
import { docxAdapter, docxFromHtml } from "./docx.js";
import { compilePlaceholders } from "./placeholders.js";
import { FormatError } from "./types.js";

const placeholders = compilePlaceholders();

/** A minimal but real .docx: paragraphs with an optional built-in style (Heading1, ListParagraph…). */
async function makeDocx(paragraphs: ReadonlyArray<{ text: string; style?: string; bold?: string }>): Promise<Uint8Array> {
  const body = paragraphs
    .map((p) => {
      const style = p.style ? `<w:pPr><w:pStyle w:val="${p.style}"/></w:pPr>` : "";
      const bold = p.bold ? `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${escapeXml(p.bold)}</w:t></w:r>` : "";
      return `<w:p>${style}<w:r><w:t xml:space="preserve">${escapeXml(p.text)}</w:t></w:r>${bold}</w:p>`;
    })
    .join("");
  return docxFromBody(body);
}

const PARAGRAPHS = [
  { text: "Refund & Returns Policy", style: "Heading1" },
  { text: "Hi {{customer.first_name}}, we do not offer refunds on digital products. ", bold: "No exceptions." },
  { text: "" },
  { text: "Returns after 30 days won't be accepted — café orders included." },
];

async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument & { sourceText: string }> {
  const doc = await docxAdapter.parseBinary!(bytes, { fileName: "x.docx", placeholders });
  expect(doc.sourceText).toBeTypeOf("string");
  expect(checkSegmentInvariants(doc.sourceText!, doc)).toEqual([]);
  return doc as ParsedDocument & { sourceText: string };
}

describe("docx adapter", () => {
  it("paragraphs become lines of a virtual source; headings keep their kind", async () => {
    const doc = await parseDocx(await makeDocx(PARAGRAPHS));
    expect(doc.sourceText).toMatchInlineSnapshot(`
      "Refund & Returns Policy
      Hi {{customer.first_name}}, we do not offer refunds on digital products. No exceptions.
      Returns after 30 days won't be accepted — café orders included."
    `);
    expect(doc.segments.map((s) => `${s.kind}: ${s.text}`)).toMatchInlineSnapshot(`
      [
        "heading: Refund & Returns Policy",
        "paragraph: Hi xxxxxxxxxxxxxxxxxxxxxxx, we do not offer refunds on digital products. No exceptions.",
        "paragraph: Returns after 30 days won't be accepted — café orders included.",
      ]
    `);
  });

  it("a finding's range slices the virtual source to the flagged words, on the paragraph's line", async () => {
    const doc = await parseDocx(await makeDocx(PARAGRAPHS));
    const seg = doc.segments.find((s) => s.text.includes("won't be accepted"))!;
    const i = seg.text.indexOf("won't be accepted");
    const [a, b] = toSourceRange(seg, [i, i + "won't be accepted".length]);
    expect(doc.sourceText.slice(a, b)).toBe("won't be accepted");
    expect(doc.sourceText.slice(0, a).split("\n").length).toBe(3);
  });

  it("the committed fixture parses", async () => {
    const bytes = new Uint8Array(readFileSync(new URL("../../fixtures/formats/docx/refund-policy.docx", import.meta.url)));
    const doc = await parseDocx(bytes);
    expect(doc.segments.length).toBeGreaterThan(0);
  });

  it("unreadable bytes are a FormatError; parse(text) says the format is binary", async () => {
    await expect(docxAdapter.parseBinary!(new TextEncoder().encode("not a zip"), { fileName: "x.docx", placeholders })).rejects.toBeInstanceOf(FormatError);
    expect(() => docxAdapter.parse("x", { fileName: "x.docx", placeholders })).toThrow(FormatError);
    expect(docxAdapter.binary).toBe(true);
  });

  it("virtual source: runs tile and verbatim runs slice-match for any block HTML", () => {
    const text = fc.array(fc.constantFrom("We", " ", "can't", "{{x}}", "&amp;", "é", "😀", "\n", "<br>", "<b>b</b>", "%{n}"), { maxLength: 15 }).map((p) => p.join(""));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("p", "h1", "li", "td"), text), { maxLength: 6 }), (blocks) => {
        const html = blocks.map(([tag, t]) => `<${tag}>${t}</${tag}>`).join("");
        const doc = docxFromHtml(html, { placeholders });
        expect(checkSegmentInvariants(doc.sourceText, doc)).toEqual([]);
        expect(doc.sourceText.split("\n").length).toBe(Math.max(1, doc.segments.length));
      }),
      { numRuns: 200 },
    );
  });
});
