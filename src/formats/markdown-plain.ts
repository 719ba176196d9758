/**
 * Markdown that is only paragraphs of plain text, read without markdown-it. Most single-macro
 * files are such ("Hi Sam,", two paragraphs, "Best, Dana"), and loading markdown-it with its
 * entity tables, and parsing, was about 9 ms of the 50 that such a file's run took over a bare
 * `node`. The Markdown entry of the format registry hands a file to this reader only when
 * `isPlainMarkdown` says every line of it is either blank or a paragraph line that no Markdown
 * construct can claim and that markdown-it would keep as it stands; such a file's segments are the
 * ones the full adapter makes (src/formats/markdown-plain.test.ts holds the two to the same
 * result). Anything else goes to markdown.ts.
 */
import type { ParsedDocument, Segment } from "../core/types.js";
import { SegmentBuilder } from "../document/segment-builder.js";
import { appendMasked } from "./placeholders.js";
import type { AdapterOptions, FormatAdapter, PartedDocument } from "./types.js";

/**
 * What markdown-it's inline rules act on, other than line endings: escapes, code, emphasis,
 * links and images, autolinks and HTML, entities; and a line ending after two spaces (a hard
 * break). Everything else is text to them (`!` opens an image only before `[`).
 */
export const INLINE_MARKUP = /[\\`*_[<&]| {2}\n/;

/** A URL or an e-mail address may be in the text: the full adapter masks those. */
export const URL_HINT = /:\/\/|www\.|@|mailto:/i;

/** Blanks next to a line ending, which markdown-it's newline rule drops or reads as a hard break. */
export const BLANK_AT_LINE_ENDING = /[ \t]\n|\n[ \t]/;

/**
 * What a paragraph line may start with: a letter, or digits that do not mark an ordered list item.
 * Every other block (headings, lists, quotes, fences, HTML, tables, setext underlines, link
 * definitions, indented code, front matter) starts with something else, and a lazy or indented
 * line starts with a blank.
 */
const PARAGRAPH_LINE = /^(?:[A-Za-z]|\d+(?![\d.)]))/;

/** Characters markdown-it or the full adapter read otherwise than as the text they are. */
const NOT_PLAIN = /[\r\0\uFEFF]/;

/**
 * The text's paragraphs, each from its first line's start to its last line's end without the
 * trailing blanks (markdown-it's content of it), when the text is paragraphs of plain text only;
 * undefined for any other text.
 */
function plainParagraphs(text: string): Array<[number, number]> | undefined {
  if (NOT_PLAIN.test(text) || INLINE_MARKUP.test(text) || URL_HINT.test(text)) return undefined;
  const out: Array<[number, number]> = [];
  let from = -1;
  let to = 0;
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    if (/^[ \t]*$/.test(line)) {
      if (from >= 0) out.push([from, to]);
      from = -1;
    } else {
      // Blanks at the end of a line inside a paragraph are dropped or make a hard break.
      if (!PARAGRAPH_LINE.test(line) || (from >= 0 && to < start - 1)) return undefined;
      if (from < 0) from = start;
      to = end;
      while (text.charCodeAt(to - 1) === 0x20 || text.charCodeAt(to - 1) === 0x09) to--;
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  if (from >= 0) out.push([from, to]);
  return out;
}

/** Whether the text is paragraphs of plain text only, as plainMarkdownParts reads it. */
export function isPlainMarkdown(text: string): boolean {
  return plainParagraphs(text) !== undefined;
}

/** A segment worth linting has at least one visible character that is not masked. */
export function hasProse(segment: Segment): boolean {
  return segment.runs.some((run) => run.kind !== "mask" && /\S/.test(segment.text.slice(run.seg[0], run.seg[1])));
}

/** The document in one part, as parseMarkdownParts makes it; only for a text isPlainMarkdown accepts. */
export function plainMarkdownParts(text: string, options: AdapterOptions): PartedDocument {
  const paragraphs = plainParagraphs(text);
  if (!paragraphs) throw new Error(`${options.fileName}: not plain Markdown; the full Markdown adapter reads it`);
  return {
    format: "markdown",
    directives: [],
    parts(emit) {
      const segments: Segment[] = [];
      for (const [from, to] of paragraphs) {
        const builder = new SegmentBuilder();
        appendMasked(builder, text.slice(from, to), from, options.placeholders);
        const segment = builder.build("paragraph");
        if (hasProse(segment)) segments.push({ ...segment, unit: 0 });
      }
      emit({ segments, units: [{ id: "document", range: [0, text.length] }], directives: [] });
    },
  };
}

/**
 * The Markdown adapter for a text isPlainMarkdown accepts (the registry hands out this one only
 * for such a text); any other text is an error here.
 */
export const plainMarkdownAdapter: FormatAdapter = {
  id: "markdown",
  extensions: [".md", ".markdown"],
  parse(text, options): ParsedDocument {
    let document: ParsedDocument | undefined;
    plainMarkdownParts(text, options).parts((part) => {
      document = { format: "markdown", segments: [...part.segments], units: [...part.units], directives: [...part.directives] };
    });
    return document!;
  },
  parseParts: plainMarkdownParts,
};
