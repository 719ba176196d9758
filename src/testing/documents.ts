/**
 * Test helpers for adapter output: a readable rendering of a parsed document for inline
 * snapshots, the source text behind a word of a segment, and a minimal DOCX file.
 */
import JSZip from "jszip";
import type { ParsedDocument, Segment } from "../core/types.js";
import { toSourceRange } from "../document/segment-builder.js";

/** One line per unit (`unit 0: id "title"`), then one per segment (`  [unit] kind: "text"`). */
export function renderUnits(doc: ParsedDocument): string {
  return [
    ...doc.units.map((u, i) => `unit ${i}: ${u.id}${u.title ? ` "${u.title}"` : ""}`),
    ...doc.segments.map((s) => `  [${s.unit}] ${s.kind}: ${JSON.stringify(s.text)}`),
  ].join("\n");
}

/** The source text that the `nth` occurrence of `word` in the document's segments maps back to. */
export function sourceOf(source: string, doc: ParsedDocument, word: string, nth = 0): string {
  const hits: Array<[Segment, number]> = [];
  for (const s of doc.segments) for (let i = s.text.indexOf(word); i >= 0; i = s.text.indexOf(word, i + 1)) hits.push([s, i]);
  const hit = hits[nth];
  if (!hit) throw new Error(`"${word}" not in any segment`);
  const [start, end] = toSourceRange(hit[0], [hit[1], hit[1] + word.length]);
  return source.slice(start, end);
}

export const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A .docx whose document body is `body` (WordprocessingML paragraphs). */
export function docxFromBody(body: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "uint8array" });
}
