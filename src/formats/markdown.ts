/**
 * Markdown (.md, .markdown): turns an mdast tree into one segment per block of prose (paragraph,
 * heading, list-item paragraph, table cell, image alt text) and collects `<!-- cxlint-… -->`
 * directives. Everything that is not our voice is skipped: code, HTML, front matter, link
 * destinations, thematic breaks and block quotes (quoted customer text).
 *
 * The hard part is offsets. A text node's `value` is decoded (`&amp;` → `&`, `\*` → `*`) and has
 * container indentation removed, so this module re-aligns every value with its source slice and
 * records each decoded piece as an atomic run; everything else stays verbatim and exact.
 */
import type { Code, Heading, Html, Image, ImageReference, Nodes, PhrasingContent, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { frontmatter } from "micromark-extension-frontmatter";
import type { Directive, Range, Segment, SegmentKind, Unit } from "../core/types.js";
import { MASK_CHAR, SegmentBuilder } from "../document/segment-builder.js";
import { parseDirective } from "./directives.js";
import { appendMasked, type CompiledPlaceholders } from "./placeholders.js";
import type { FormatAdapter } from "./types.js";

const FRONT_MATTER = ["yaml", "toml"] as const;

export const markdownAdapter: FormatAdapter = {
  id: "markdown",
  extensions: [".md", ".markdown"],
  parse(text, options) {
    // micromark drops a leading BOM and counts offsets without it; parse past it and shift back.
    const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const body = base === 0 ? text : text.slice(base);
    const tree = fromMarkdown(body, {
      extensions: [frontmatter([...FRONT_MATTER])],
      mdastExtensions: [frontmatterFromMarkdown([...FRONT_MATTER])],
    });
    const walker = new MarkdownWalker(text, base, options.placeholders, options.settings?.["fencedReplies"] === true);
    walker.blocks(tree, "paragraph");
    const { units, unitOf } = sectionUnits(tree, text, base);
    return {
      format: "markdown",
      segments: walker.segments.map((s) => ({ ...s, unit: unitOf(s.runs[0]?.src[0] ?? 0) })),
      units,
      directives: walker.directives,
    };
  },
};

/** Any node whose children are block content (root, list, list item, extension containers). */
interface BlockParent {
  readonly children: readonly RootContent[];
}

class MarkdownWalker {
  readonly segments: Segment[] = [];
  readonly directives: Directive[] = [];

  /**
   * `base` is added to every node offset of the main tree: node offsets count from the parsed
   * string, which starts after a BOM. Re-parsed image labels bring their own base.
   */
  constructor(
    private readonly source: string,
    private readonly base: number,
    private readonly placeholders: CompiledPlaceholders,
    /** SAVED_REPLIES.md style: the replies are the fenced blocks under each heading. */
    private readonly fencedReplies = false,
  ) {}

  /** Block-level walk. `paragraphKind` is "list-item" below a list item. */
  blocks(parent: BlockParent, paragraphKind: SegmentKind): void {
    for (const node of parent.children) {
      switch (node.type) {
        case "paragraph":
          this.prose(node.children, paragraphKind);
          break;
        case "heading":
          this.prose(node.children, "heading");
          break;
        case "list":
        case "listItem":
          this.blocks(node, "list-item");
          break;
        case "html":
          this.collectDirectives(node);
          break;
        // Quoted text is the customer's or a colleague's, not ours; code, markup and metadata are
        // not prose at all.
        case "code":
          if (this.fencedReplies && (!node.lang || /^(?:text|txt|md|markdown|plain)$/i.test(node.lang))) this.fenced(node);
          break;
        case "blockquote":
        case "yaml":
        case "thematicBreak":
        case "definition":
          break;
        default:
          // `toml` front matter has no mdast type of its own; anything else with children (an
          // extension's container) is walked as a container.
          if ((node.type as string) === "toml") break;
          if ("children" in node) this.blocks(node as BlockParent, paragraphKind);
      }
    }
  }

  /** A fenced reply: its paragraphs, mapped verbatim to the lines between the fences. */
  private fenced(node: Code): void {
    const range = rangeOf(node, this.base);
    if (!range) return;
    const start = this.source.indexOf("\n", range[0]) + 1;
    if (start <= 0 || this.source.slice(start, start + node.value.length) !== node.value) return;
    for (const m of node.value.matchAll(/[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g)) {
      const builder = new SegmentBuilder();
      appendMasked(builder, m[0], start + m.index!, this.placeholders);
      this.push(builder.build("paragraph"));
    }
  }

  /** One segment from a run of phrasing content; image alt texts follow as their own segments. */
  private prose(children: readonly PhrasingContent[], kind: SegmentKind): void {
    const builder = new SegmentBuilder();
    const images: (Image | ImageReference)[] = [];
    this.inline(children, builder, this.base, images);
    const segment = builder.build(kind);
    if (kind !== "heading" && looksLikePipeTable(segment)) {
      for (const cell of splitTableCells(segment)) this.push(cell);
    } else {
      this.push(segment);
    }
    for (const image of images) this.altText(image);
  }

  private push(segment: Segment): void {
    if (hasProse(segment)) this.segments.push(segment);
  }

  private inline(
    children: readonly PhrasingContent[],
    builder: SegmentBuilder,
    base: number,
    images: (Image | ImageReference)[] | undefined,
  ): void {
    for (const node of children) {
      const range = rangeOf(node, base);
      switch (node.type) {
        case "text":
          if (range) appendText(builder, node.value, this.source, range, this.placeholders);
          break;
        case "inlineCode":
          // Code sits inside sentences ("click `Save` to continue"): mask it so the sentence holds.
          if (range) builder.mask(this.source.slice(range[0], range[1]), range);
          break;
        case "break":
          if (range) builder.atomic("\n", range);
          break;
        case "html":
          if (range) this.inlineHtml(node, builder, range);
          break;
        case "image":
        case "imageReference":
          if (range) builder.mask(this.source.slice(range[0], range[1]), range);
          images?.push(node);
          break;
        case "link":
          if (range && this.source[range[0]] === "<") {
            builder.mask(this.source.slice(range[0], range[1]), range);
            break;
          }
          this.inline(node.children, builder, base, images);
          break;
        default:
          // emphasis, strong, linkReference and anything an extension adds: their text is prose,
          // their markup is not, so the runs simply step over the markup.
          if ("children" in node) this.inline(node.children as PhrasingContent[], builder, base, images);
      }
    }
  }

  private inlineHtml(node: Html, builder: SegmentBuilder, range: Range): void {
    const raw = this.source.slice(range[0], range[1]);
    if (raw.startsWith("<!--")) {
      this.collectDirectives(node);
      return;
    }
    // A line break tag separates words as surely as a newline does.
    if (/^<br\s*\/?>$/i.test(raw)) {
      builder.atomic("\n", range);
      return;
    }
    // Some helpdesks write placeholders as tags (`<attribute name="first_name"/>`).
    const masks = placeholderSpans(raw, this.placeholders);
    const whole = masks.length === 1 && masks[0]!.start === 0 && masks[0]!.end === raw.length ? masks[0] : undefined;
    if (whole) builder.mask(raw, range, whole.filler);
  }

  private collectDirectives(node: Html): void {
    const range = rangeOf(node, this.base);
    if (!range) return;
    const raw = this.source.slice(range[0], range[1]);
    for (const m of raw.matchAll(/<!--([\s\S]*?)-->/g)) {
      const start = range[0] + m.index;
      const directive = parseDirective(m[1]!, [start, start + m[0].length]);
      if (directive) this.directives.push(directive);
    }
  }

  /**
   * mdast keeps only the flattened `alt` string, so the label is re-parsed on its own to recover
   * exact runs (`![a *b* c](x)` → "a b c" with the `*` stepped over).
   */
  private altText(image: Image | ImageReference): void {
    const alt = image.alt ?? "";
    const range = rangeOf(image, this.base);
    if (!alt.trim() || !range) return;
    const labelStart = range[0] + 2;
    const labelEnd = findLabelEnd(this.source, labelStart, range[1]);
    const builder = new SegmentBuilder();
    if (labelEnd !== undefined) {
      const label = fromMarkdown(this.source.slice(labelStart, labelEnd));
      const paragraph = label.children.length === 1 && label.children[0]!.type === "paragraph" ? label.children[0] : undefined;
      if (paragraph) this.inline(paragraph.children, builder, labelStart, undefined);
      if (paragraph && collapse(flatten(paragraph)) === collapse(alt)) {
        this.push(builder.build("alt-text"));
        return;
      }
    }
    // The label did not re-parse to the same text: still lint it, mapped as one unit.
    this.push(new SegmentBuilder().atomic(alt, [labelStart, labelEnd ?? range[1]]).build("alt-text"));
  }
}

function rangeOf(node: Nodes, base: number): Range | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  return [start + base, end + base];
}

/** The text mdast would make an `alt` from, to check that a re-parsed label agrees with it. */
function flatten(node: Nodes): string {
  if ("value" in node) return node.value;
  if ("alt" in node) return node.alt ?? "";
  return "children" in node ? node.children.map((child) => flatten(child)).join("") : "";
}

/** Compares alt texts while ignoring how line breaks were spelled. */
function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A segment worth linting has at least one visible character that is not masked. */
function hasProse(segment: Segment): boolean {
  return segment.runs.some((run) => run.kind !== "mask" && /\S/.test(segment.text.slice(run.seg[0], run.seg[1])));
}

/** The `]` that closes an image label starting at `from`, honouring escapes and nesting. */
function findLabelEnd(source: string, from: number, limit: number): number | undefined {
  let depth = 0;
  for (let i = from; i < limit; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[") depth++;
    else if (c === "]") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Text nodes: align the decoded value with the source, then mask placeholders and URLs.

/** One stretch of a decoded text value and the source it came from. */
interface DecodedPiece {
  readonly value: Range;
  readonly src: Range;
  readonly kind: "verbatim" | "atomic";
}

interface MaskSpan {
  start: number;
  end: number;
  /** Undefined: the default letter filler. */
  filler: string | undefined;
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
/** CommonMark's character reference shapes; whether a named one exists is left to the parser. */
const CHARACTER_REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/y;
/** What a paragraph drops from the source: container indentation and trailing line whitespace. */
const DROPPED_WHITESPACE = /[ \t\r\n]/;
/**
 * Bare URLs and e-mail addresses (CommonMark leaves them as text). A `{{…}}` placeholder inside a
 * URL is taken whole so the URL does not stop at its inner spaces.
 */
const BARE_URL = /(?:\b(?:https?:\/\/|mailto:|www\.)(?:\{\{[^{}]*\}\}|\{%[^{}]*%\}|[^\s<>"'`])+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/gi;
const URL_HINT = /:\/\/|www\.|@|mailto:/i;

/**
 * Decoded references, memoised. The parser itself is the decoder, so there is no second copy of
 * the HTML entity table to drift out of step with micromark's.
 */
const decodedReferences = new Map<string, string>();

function decodeReference(reference: string): string {
  let decoded = decodedReferences.get(reference);
  if (decoded === undefined) {
    const first = fromMarkdown(reference).children[0];
    const text = first?.type === "paragraph" && first.children.length === 1 ? first.children[0] : undefined;
    decoded = text?.type === "text" ? text.value : reference;
    decodedReferences.set(reference, decoded);
  }
  return decoded;
}

/**
 * Walks `value` and `source[range]` together. Escapes and references become atomic pieces,
 * characters that match stay verbatim, and dropped indentation is stepped over. Anything the walk
 * cannot explain ends the walk with one atomic piece for the rest, which is coarse but exact.
 */
export function alignDecoded(value: string, source: string, range: Range): DecodedPiece[] {
  const pieces: DecodedPiece[] = [];
  const verbatim = (at: number, src: number) => {
    const last = pieces[pieces.length - 1];
    if (last && last.kind === "verbatim" && last.value[1] === at && last.src[1] === src) {
      pieces[pieces.length - 1] = { kind: "verbatim", value: [last.value[0], at + 1], src: [last.src[0], src + 1] };
    } else {
      pieces.push({ kind: "verbatim", value: [at, at + 1], src: [src, src + 1] });
    }
  };
  let i = 0;
  let j = range[0];
  const end = range[1];
  while (i < value.length) {
    if (j >= end) {
      pieces.push({ kind: "atomic", value: [i, value.length], src: [end, end] });
      break;
    }
    const c = source[j]!;
    if (c === "\\" && j + 1 < end && ASCII_PUNCTUATION.test(source[j + 1]!) && value[i] === source[j + 1]) {
      pieces.push({ kind: "atomic", value: [i, i + 1], src: [j, j + 2] });
      i += 1;
      j += 2;
      continue;
    }
    if (c === "&") {
      CHARACTER_REFERENCE.lastIndex = j;
      const m = CHARACTER_REFERENCE.exec(source);
      if (m && j + m[0].length <= end) {
        const decoded = decodeReference(m[0]);
        if (decoded !== m[0] && value.startsWith(decoded, i)) {
          pieces.push({ kind: "atomic", value: [i, i + decoded.length], src: [j, j + m[0].length] });
          i += decoded.length;
          j += m[0].length;
          continue;
        }
      }
    }
    // CommonMark replaces NUL with U+FFFD for safety.
    if (c === "\0" && value[i] === "\uFFFD") {
      pieces.push({ kind: "atomic", value: [i, i + 1], src: [j, j + 1] });
      i++;
      j++;
      continue;
    }
    if (value[i] === c) {
      verbatim(i, j);
      i++;
      j++;
      continue;
    }
    if (DROPPED_WHITESPACE.test(c)) {
      j++;
      continue;
    }
    pieces.push({ kind: "atomic", value: [i, value.length], src: [j, end] });
    break;
  }
  return pieces;
}

/** Placeholder spans of `text`, found by the shared masking code run on a scratch builder. */
function placeholderSpans(text: string, placeholders: CompiledPlaceholders): MaskSpan[] {
  const scratch = new SegmentBuilder();
  appendMasked(scratch, text, 0, placeholders);
  const built = scratch.build("paragraph");
  return built.runs
    .filter((run) => run.kind === "mask")
    .map((run) => {
      const filler = built.text[run.seg[0]];
      return { start: run.seg[0], end: run.seg[1], filler: filler === MASK_CHAR ? undefined : filler };
    });
}

/** Bare URL spans, trimmed of the sentence punctuation that usually follows them. */
function urlSpans(text: string): MaskSpan[] {
  const spans: MaskSpan[] = [];
  for (const m of text.matchAll(BARE_URL)) {
    let url = m[0];
    for (;;) {
      const trimmed = url.replace(/[.,;:!?'"*_]+$/, "");
      const unbalanced = trimmed.endsWith(")") && count(trimmed, "(") < count(trimmed, ")");
      const next = unbalanced ? trimmed.slice(0, -1) : trimmed;
      if (next === url) break;
      url = next;
    }
    if (url.length > 0 && /[\w}]/.test(url)) spans.push({ start: m.index, end: m.index + url.length, filler: undefined });
  }
  return spans;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** URLs win over the placeholders inside them; overlapping spans merge. */
function mergeSpans(urls: MaskSpan[], placeholders: MaskSpan[]): MaskSpan[] {
  const all = [...urls, ...placeholders].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: MaskSpan[] = [];
  for (const span of all) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      // A merged span reads as a word unless both halves were control tags.
      if (last.filler !== span.filler) last.filler = undefined;
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

/** Appends a text node (value decoded, source at `range`) with placeholders and URLs masked. */
function appendText(
  builder: SegmentBuilder,
  value: string,
  source: string,
  range: Range,
  placeholders: CompiledPlaceholders,
): void {
  const verbatim = source.slice(range[0], range[1]) === value;
  if (verbatim && !URL_HINT.test(value)) {
    appendMasked(builder, value, range[0], placeholders);
    return;
  }
  const pieces: DecodedPiece[] = verbatim
    ? [{ kind: "verbatim", value: [0, value.length], src: range }]
    : alignDecoded(value, source, range);
  const spans = mergeSpans(urlSpans(value), placeholderSpans(value, placeholders));
  emitPieces(builder, value, source, pieces, spans);
}

/** Emits pieces in order, replacing each mask span (widened to whole atomic pieces) by filler. */
function emitPieces(
  builder: SegmentBuilder,
  value: string,
  source: string,
  pieces: readonly DecodedPiece[],
  spans: readonly MaskSpan[],
): void {
  // Pieces tile the value in order, so the one holding an offset is found by bisection; a long
  // paragraph full of references and URLs must stay linear-ish, not pieces × spans.
  const indexAt = (offset: number) => {
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pieces[mid]!.value[1] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const srcStart = (offset: number) => {
    const p = pieces[indexAt(offset)]!;
    return p.kind === "verbatim" ? p.src[0] + (offset - p.value[0]) : p.src[0];
  };
  const srcEnd = (offset: number) => {
    const p = pieces[indexAt(offset - 1)]!;
    return p.kind === "verbatim" ? p.src[0] + (offset - p.value[0]) : p.src[1];
  };
  const emitPlain = (from: number, to: number) => {
    if (from >= to) return;
    for (let k = indexAt(from); k < pieces.length && pieces[k]!.value[0] < to; k++) {
      const p = pieces[k]!;
      const a = Math.max(from, p.value[0]);
      const b = Math.min(to, p.value[1]);
      if (a >= b) continue;
      if (p.kind === "verbatim") builder.verbatim(value.slice(a, b), p.src[0] + (a - p.value[0]));
      else builder.atomic(value.slice(p.value[0], p.value[1]), p.src);
    }
  };
  let at = 0;
  for (const span of spans) {
    const first = pieces[indexAt(span.start)]!;
    const last = pieces[indexAt(span.end - 1)]!;
    const start = first.kind === "atomic" ? first.value[0] : span.start;
    const end = last.kind === "atomic" ? last.value[1] : span.end;
    if (start < at) continue;
    emitPlain(at, start);
    const src: Range = [srcStart(start), srcEnd(end)];
    builder.mask(source.slice(src[0], src[1]), src, span.filler, end - start);
    at = end;
  }
  emitPlain(at, value.length);
}

// ---------------------------------------------------------------------------------------------
// Pipe tables. Plain CommonMark reads a GFM table as one paragraph; splitting it into cells keeps
// sentences from running across columns.

const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

function looksLikePipeTable(segment: Segment): boolean {
  const lines = segment.text.split(/\r?\n/);
  return lines.length >= 2 && lines[0]!.includes("|") && lines[1]!.includes("-") && DELIMITER_ROW.test(lines[1]!);
}

/**
 * Cuts a table paragraph at every `|` and line break that is verbatim source, so an escaped `\|`
 * (an atomic run) or a pipe inside code (masked) never splits a cell.
 */
function splitTableCells(segment: Segment): Segment[] {
  const cuts: number[] = [];
  for (const run of segment.runs) {
    if (run.kind !== "verbatim") continue;
    for (let k = run.seg[0]; k < run.seg[1]; k++) {
      const c = segment.text[k];
      if (c === "|" || c === "\n") cuts.push(k);
    }
  }
  const cells: Segment[] = [];
  let from = 0;
  for (const cut of [...cuts, segment.text.length]) {
    const cell = sliceSegment(segment, from, cut, "table-cell");
    if (cell && !/^[\s:|-]*$/.test(cell.text)) cells.push(cell);
    from = cut + 1;
  }
  return cells;
}

/** The part of `segment` between two offsets, trimmed, with runs clipped and rebased. */
function sliceSegment(segment: Segment, from: number, to: number, kind: SegmentKind): Segment | undefined {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(segment.text[start]!)) start++;
  while (end > start && /\s/.test(segment.text[end - 1]!)) end--;
  if (start >= end) return undefined;
  // Never cut through an atomic or mask run: widen to take it whole.
  for (const run of segment.runs) {
    if (run.kind === "verbatim") continue;
    if (run.seg[0] < start && start < run.seg[1]) start = run.seg[0];
    if (run.seg[0] < end && end < run.seg[1]) end = run.seg[1];
  }
  const builder = new SegmentBuilder();
  const placeholdersByStart = new Map(segment.placeholders.map((p) => [p.range[0], p.raw]));
  for (const run of segment.runs) {
    const a = Math.max(start, run.seg[0]);
    const b = Math.min(end, run.seg[1]);
    if (a >= b) continue;
    if (run.kind === "verbatim") builder.verbatim(segment.text.slice(a, b), run.src[0] + (a - run.seg[0]));
    else if (run.kind === "atomic") builder.atomic(segment.text.slice(a, b), run.src);
    else {
      const filler = segment.text[a]!;
      builder.mask(placeholdersByStart.get(run.seg[0]) ?? "", run.src, filler, b - a);
    }
  }
  return builder.build(kind, segment.unit);
}

/**
 * Macro collections in Markdown put one reply under each heading ("## Refund — outside window").
 * When a file has two or more headings at its main section level (the shallowest level below
 * the title), each section is a unit with the heading as its title and its own score; text
 * before the first section is the "document" unit. Other files are one unit.
 */
function sectionUnits(tree: Root, text: string, base: number): { units: Unit[]; unitOf: (offset: number) => number } {
  const headings = tree.children.filter((n): n is Heading => n.type === "heading" && n.depth >= 2);
  const level = Math.min(...headings.map((h) => h.depth));
  const sections = headings.filter((h) => h.depth === level && h.position?.start.offset !== undefined);
  if (sections.length < 2) return { units: [{ id: "document", range: [0, text.length] }], unitOf: () => 0 };
  const starts = sections.map((h) => h.position!.start.offset! + base);
  const units: Unit[] = [{ id: "document", range: [0, starts[0]!] }];
  const seen = new Map<string, number>();
  sections.forEach((h, i) => {
    const title = collapse(flatten(h)).trim();
    const slug = title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || `section-${i + 1}`;
    const n = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, n);
    units.push({ id: n > 1 ? `${slug}-${n}` : slug, title, range: [starts[i]!, starts[i + 1] ?? text.length] });
  });
  const unitOf = (offset: number) => {
    let unit = 0;
    for (let i = 0; i < starts.length && starts[i]! <= offset; i++) unit = i + 1;
    return unit;
  };
  return { units, unitOf };
}
