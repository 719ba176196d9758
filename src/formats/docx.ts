/**
 * Word documents (.docx): policy documents and script books. DOCX is a zip of XML, not text, so
 * nothing in the file can be sliced to a word. mammoth turns it into semantic HTML; the HTML
 * adapter picks the customer-facing blocks (skipping the same things it skips on the web); and
 * the adapter returns a virtual source (`ParsedDocument.sourceText`): one line per non-empty text
 * block (paragraph, heading, list item, table cell; a soft line break starts a new one).
 * Ranges index that text, so a finding reports line = paragraph number and the words it flags.
 */
import mammoth from "mammoth";
import type { Segment, SegmentKind } from "../core/types.js";
import { SegmentBuilder } from "../document/segment-builder.js";
import { htmlSegments } from "./html.js";
import { appendMasked, type CompiledPlaceholders } from "./placeholders.js";
import { FormatError, type AdapterOptions, type FormatAdapter } from "./types.js";

/** Matches nothing: the first pass wants the paragraphs' real words, masking comes after. */
const NO_PLACEHOLDERS: CompiledPlaceholders = { regex: /(?!)/g, kinds: [] };

/** Builds the virtual source and its segments from mammoth's HTML. Pure, so tests can call it. */
export function docxFromHtml(html: string, options: Pick<AdapterOptions, "placeholders">) {
  const blocks = htmlSegments(html, { placeholders: NO_PLACEHOLDERS }).segments;
  const lines: string[] = [];
  const kinds: SegmentKind[] = [];
  for (const block of blocks) {
    // One paragraph, one line: soft breaks inside a block become spaces.
    const line = block.text.replace(/\r\n|\r|\n/g, " ").trim();
    if (!line) continue;
    lines.push(line);
    kinds.push(block.kind);
  }
  const sourceText = lines.join("\n");
  const segments: Segment[] = [];
  let offset = 0;
  lines.forEach((line, i) => {
    const b = new SegmentBuilder();
    appendMasked(b, line, offset, options.placeholders);
    segments.push(b.build(kinds[i]!, 0));
    offset += line.length + 1;
  });
  return {
    format: "docx",
    segments,
    units: [{ id: "document", range: [0, sourceText.length] as const }],
    directives: [],
    sourceText,
  };
}

export const docxAdapter: FormatAdapter = {
  id: "docx",
  extensions: [".docx"],
  binary: true,
  parse() {
    throw new FormatError("a .docx file is binary: read it as bytes and use parseBinary", 0);
  },
  async parseBinary(bytes, options) {
    let html: string;
    try {
      html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value;
    } catch (e) {
      const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
      throw new FormatError(`not a readable .docx file (${reason})`, 0);
    }
    return docxFromHtml(html, options);
  },
};
