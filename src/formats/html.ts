/**
 * HTML (.html, .htm) and HTML held in other formats (a Zendesk `comment_value_html`, a Help Scout
 * `text`): customer-facing text per block element, alt/title attributes as their own segments,
 * cxlint directives from comments. Code, scripts, styles and quoted history (blockquote, Gmail's
 * `gmail_quote`) are not our voice and are skipped. Entities become atomic runs over their
 * source, so a finding after `&amp;` still slices the file exactly.
 */
import { Parser } from "htmlparser2";
import { decodeHTML } from "entities";
import type { Directive, Range, Segment, SegmentKind } from "../core/types.js";
import { SegmentBuilder } from "../document/segment-builder.js";
import { DecodedTextBuilder, appendDecoded, mapRange, remapSegment, type DecodedText } from "./decoded-text.js";
import { parseDirective } from "./directives.js";
import type { CompiledPlaceholders } from "./placeholders.js";
import type { FormatAdapter } from "./types.js";

const BLOCK = new Set([
  "address", "article", "aside", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
  "hr", "html", "legend", "li", "main", "nav", "ol", "p", "section", "summary", "table", "tbody",
  "td", "tfoot", "th", "thead", "tr", "ul", "br",
]);

/** Not customer prose (code, machinery) or not ours (quoted history). */
const SKIP = new Set([
  "script", "style", "pre", "blockquote", "noscript", "template", "svg", "math",
  "head", "textarea", "select", "iframe", "object",
]);

/** Code inside a sentence: masked as a whole, so the sentence around it stays one segment. */
const INLINE_SKIP = new Set(["code", "kbd", "samp", "var"]);

/** Named entities need their `;`, except the legacy few that browsers also accept bare. */
const ENTITY = /&(?:#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;|(?:amp|lt|gt|quot|nbsp|copy|reg)(?![A-Za-z0-9=;]))/g;

/** Decodes the entities of html[start, end) into a DecodedText whose offsets are html's. */
export function decodeHtmlText(html: string, start: number, end: number): DecodedText {
  const out = new DecodedTextBuilder();
  let last = start;
  ENTITY.lastIndex = start;
  for (let m = ENTITY.exec(html); m && m.index < end; m = ENTITY.exec(html)) {
    const stop = m.index + m[0].length;
    if (stop > end) break;
    const decoded = decodeHTML(m[0]);
    if (decoded === m[0]) continue;
    out.verbatim(html.slice(last, m.index), last);
    out.atomic(decoded, [m.index, stop]);
    last = stop;
  }
  out.verbatim(html.slice(last, end), last);
  return out.build(start, end);
}

const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/dg;

/** Where alt/title values sit inside a start tag; htmlparser2 gives attribute values but no offsets. */
function attributeSpans(html: string, tagStart: number, tagEnd: number, names: ReadonlySet<string>): Array<[name: string, range: Range]> {
  const spans: Array<[string, Range]> = [];
  const nameEnd = /^<[^\s/>]+/.exec(html.slice(tagStart, tagEnd))?.[0].length ?? 1;
  ATTR.lastIndex = tagStart + nameEnd;
  for (let m = ATTR.exec(html); m && m.index < tagEnd; m = ATTR.exec(html)) {
    const name = m[1]!.toLowerCase();
    if (!names.has(name)) continue;
    const idx = m.indices?.[2] ?? m.indices?.[3] ?? m.indices?.[4];
    if (idx && idx[1] <= tagEnd) spans.push([name, [idx[0], idx[1]]]);
  }
  return spans;
}

function blockKind(name: string): SegmentKind {
  if (/^h[1-6]$/.test(name)) return "heading";
  if (name === "li" || name === "dt" || name === "dd") return "list-item";
  if (name === "td" || name === "th" || name === "caption") return "table-cell";
  return "paragraph";
}

export interface HtmlOptions {
  readonly placeholders: CompiledPlaceholders;
  /** Unit index for every segment. */
  readonly unit?: number;
  /**
   * When the HTML is the decoded value of a string in another format (JSON, YAML), its map: the
   * segments and directives are then returned in that outer source's offsets.
   */
  readonly decoded?: DecodedText;
}

export interface HtmlResult {
  readonly segments: Segment[];
  readonly directives: Directive[];
  /** Text of `<title>`, if any. */
  readonly title?: string;
}

const ALT_ATTRS = new Set(["alt", "title"]);

/** Customer-facing segments of an HTML document or fragment. */
export function htmlSegments(html: string, options: HtmlOptions): HtmlResult {
  const unit = options.unit ?? 0;
  const segments: Segment[] = [];
  const directives: Directive[] = [];
  const stack: Array<{ name: string; skip: boolean; maskFrom?: number }> = [];
  let skipDepth = 0;
  let builder: SegmentBuilder | undefined;
  let kind: SegmentKind = "paragraph";
  let title: string | undefined;
  let inTitle = false;

  const flush = () => {
    if (builder && builder.length > 0) {
      const seg = builder.build(kind, unit);
      if (seg.text.trim()) segments.push(seg);
    }
    builder = undefined;
  };
  const currentKind = (): SegmentKind => {
    for (let i = stack.length - 1; i >= 0; i--) if (BLOCK.has(stack[i]!.name) && stack[i]!.name !== "br") return blockKind(stack[i]!.name);
    return "paragraph";
  };
  const ensureBuilder = (): SegmentBuilder => {
    if (!builder) {
      builder = new SegmentBuilder();
      kind = currentKind();
    }
    return builder;
  };

  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        const cls = ` ${attribs["class"] ?? ""} `;
        const skip = SKIP.has(name) || "hidden" in attribs || / (gmail_quote|yahoo_quoted) /.test(cls);
        if (name === "title") inTitle = true;
        if (skipDepth === 0 && !skip && INLINE_SKIP.has(name)) {
          ensureBuilder();
          stack.push({ name, skip: true, maskFrom: start });
          skipDepth++;
          return;
        }
        if (BLOCK.has(name) || skip) flush();
        stack.push({ name, skip });
        if (skip) skipDepth++;
        if (skipDepth > 0) return;
        if (name === "attribute") {
          // Intercom's `<attribute key="user.name" default="there"/>` is a placeholder, not markup.
          ensureBuilder().mask(html.slice(start, end), [start, end]);
          return;
        }
        for (const [, range] of attributeSpans(html, start, end, ALT_ATTRS)) {
          const b = new SegmentBuilder();
          appendDecoded(b, decodeHtmlText(html, range[0], range[1]), options.placeholders);
          const seg = b.build("alt-text", unit);
          if (seg.text.trim()) segments.push(seg);
        }
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        // Implied closes (`<p>` ended by the next `<p>`) pop everything up to the matching open tag.
        let i = stack.length - 1;
        while (i >= 0 && stack[i]!.name !== name) i--;
        if (i < 0) return;
        const popped = stack.splice(i);
        for (const open of popped) if (open.skip) skipDepth--;
        const inline = popped.find((o) => o.maskFrom !== undefined);
        if (inline && skipDepth === 0) {
          const end = parser.endIndex + 1;
          ensureBuilder().mask(html.slice(inline.maskFrom!, end), [inline.maskFrom!, end]);
        }
        if (BLOCK.has(name) || popped.some((o) => o.skip && o.maskFrom === undefined)) flush();
      },
      ontext() {
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        if (inTitle && title === undefined) title = decodeHtmlText(html, start, end).text.trim();
        if (skipDepth > 0) return;
        appendDecoded(ensureBuilder(), decodeHtmlText(html, start, end), options.placeholders);
      },
      oncomment(data) {
        const range: Range = [parser.startIndex, parser.endIndex + 1];
        const directive = parseDirective(data, range);
        if (directive) directives.push(directive);
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  flush();

  const d = options.decoded;
  if (!d) return { segments, directives, ...(title ? { title } : {}) };
  return {
    segments: segments.map((s) => remapSegment(s, d)),
    directives: directives.map((dir) => ({ ...dir, range: mapRange(d, dir.range) })),
    ...(title ? { title } : {}),
  };
}

/** Does a string field hold HTML markup rather than plain text? */
export function looksLikeHtml(text: string): boolean {
  return /<(?:[a-z][a-z0-9]*)(?:\s[^<>]*)?\/?>|<\/[a-z][a-z0-9]*\s*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.test(text);
}

export const htmlAdapter: FormatAdapter = {
  id: "html",
  extensions: [".html", ".htm"],
  parse(text, options) {
    const { segments, directives, title } = htmlSegments(text, { placeholders: options.placeholders });
    return {
      format: "html",
      segments,
      units: [{ id: "document", range: [0, text.length], ...(title ? { title } : {}) }],
      directives,
    };
  },
};
