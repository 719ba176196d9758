/**
 * Markdown (.md, .markdown): turns an mdast tree into one segment per block of prose (paragraph,
 * heading, list-item paragraph, table cell, image alt text) and collects `<!-- cxlint-… -->`
 * directives. Everything that is not our voice is skipped: code, HTML, front matter, link
 * destinations, thematic breaks and block quotes (quoted customer text).
 *
 * The hard part is offsets. A text node's `value` is decoded (`&amp;` → `&`, `\*` → `*`) and has
 * container indentation removed, so this module re-aligns every value with its source slice and
 * records each decoded piece as an atomic run; everything else stays verbatim and exact.
 *
 * Files from CHUNK_ABOVE on are parsed in chunks. micromark's time grows faster than the text
 * on long documents with lists (closing a container rewrites the document's event list, work
 * that grows with the document read so far), so a 5 MB handbook took about a minute and over a
 * gigabyte in one piece. Chunks of about CHUNK_SIZE are cut before top-level ATX headings,
 * where nothing before can change how what follows is read, and each is parsed with the file's
 * link definitions; the parse itself confirms every cut (see "Large files" below), so the
 * output is the whole-file parse's, only cheaper.
 */
import type { Code, Heading, Html, Image, ImageReference, Nodes, PhrasingContent, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { frontmatter } from "micromark-extension-frontmatter";
import type { Directive, ParsedDocument, Range, Segment, SegmentKind, Unit } from "../core/types.js";
import { MASK_CHAR, SegmentBuilder } from "../document/segment-builder.js";
import { parseDirective } from "./directives.js";
import { appendMasked, type CompiledPlaceholders } from "./placeholders.js";
import type { AdapterOptions, FormatAdapter } from "./types.js";

const FRONT_MATTER = ["yaml", "toml"] as const;

export const markdownAdapter: FormatAdapter = {
  id: "markdown",
  extensions: [".md", ".markdown"],
  parse(text, options) {
    return parseMarkdown(text, options);
  },
};

/** Texts at least this long (UTF-16 units) are parsed in chunks. */
export const CHUNK_ABOVE = 256 * 1024;

/**
 * The size a chunk is cut at, at the first cut point past it. micromark's extra cost grows
 * faster than what it parses at once, so smaller is faster, down to a few tens of KB: a 650 KB
 * file with a list in every section takes about 70 s whole, 25 s in 256 KB chunks, 6 s in
 * 64 KB ones and 5 s in 32 KB ones; smaller chunks gained nothing measurable. A file with many
 * link definitions gets larger chunks, since every chunk is parsed with all of them.
 */
export const CHUNK_SIZE = 32 * 1024;

/** Internal knobs, for tests. */
export interface MarkdownParseTuning {
  /** Overrides CHUNK_ABOVE. */
  readonly chunkAbove?: number;
  /** Overrides the chunk size (CHUNK_SIZE, or more with many link definitions). */
  readonly chunkSize?: number;
  readonly trace?: (path: "whole" | "chunked", detail: ChunkTrace) => void;
}

export interface ChunkTrace {
  /** [start, end) of each chunk in the text; one range on the whole path. */
  readonly chunks: readonly Range[];
  /** Cut points the scan offered that the parse showed to be inside a block. */
  readonly rejected: number;
  /** Walks over the chunks: a second one when the scan's guess at the definitions was wrong. */
  readonly passes: number;
}

export function parseMarkdown(text: string, options: AdapterOptions, tuning: MarkdownParseTuning = {}): ParsedDocument {
  // micromark drops a leading BOM and counts offsets without it; parse past it and shift back.
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = base === 0 ? text : text.slice(base);
  const fencedReplies = options.settings?.["fencedReplies"] === true;
  const chunkAbove = tuning.chunkAbove ?? CHUNK_ABOVE;
  const chunked = body.length >= chunkAbove ? parseChunked(text, base, tuning.chunkSize, options.placeholders, fencedReplies) : undefined;
  let walked: Walked;
  if (chunked) {
    walked = chunked;
    tuning.trace?.("chunked", chunked.trace);
  } else {
    const tree = fromMarkdown(body, micromarkOptions());
    const walker = new MarkdownWalker(text, base, options.placeholders, fencedReplies);
    walker.blocks(tree, "paragraph");
    walked = { segments: walker.segments, directives: walker.directives, headings: sectionHeadings(tree.children, base) };
    tuning.trace?.("whole", { chunks: [[0, text.length]], rejected: 0, passes: 1 });
  }
  const { units, unitOf } = sectionUnits(walked.headings, text);
  return {
    format: "markdown",
    segments: walked.segments.map((s) => ({ ...s, unit: unitOf(s.runs[0]?.src[0] ?? 0) })),
    units,
    directives: walked.directives,
  };
}

function micromarkOptions() {
  return {
    extensions: [frontmatter([...FRONT_MATTER])],
    mdastExtensions: [frontmatterFromMarkdown([...FRONT_MATTER])],
  };
}

/** What a walk over the tree (or over every chunk's tree) leaves for the document. */
interface Walked {
  readonly segments: readonly Segment[];
  readonly directives: readonly Directive[];
  readonly headings: readonly SectionHeading[];
}

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

/** A top-level heading that may start a section unit, with its offset in the source text. */
interface SectionHeading {
  readonly node: Heading;
  readonly start: number;
}

/** The top-level headings below the title among `nodes`, whose offsets count from `base`. */
function sectionHeadings(nodes: readonly RootContent[], base: number): SectionHeading[] {
  const headings: SectionHeading[] = [];
  for (const node of nodes) {
    const start = node.position?.start.offset;
    if (node.type === "heading" && node.depth >= 2 && start !== undefined) headings.push({ node, start: start + base });
  }
  return headings;
}

/**
 * Macro collections in Markdown put one reply under each heading ("## Refund — outside window").
 * When a file has two or more headings at its main section level (the shallowest level below
 * the title), each section is a unit with the heading as its title and its own score; text
 * before the first section is the "document" unit. Other files are one unit.
 */
function sectionUnits(headings: readonly SectionHeading[], text: string): { units: Unit[]; unitOf: (offset: number) => number } {
  const level = headings.reduce((min, h) => Math.min(min, h.node.depth), Infinity);
  const sections = headings.filter((h) => h.node.depth === level);
  if (sections.length < 2) return { units: [{ id: "document", range: [0, text.length] }], unitOf: () => 0 };
  const starts = sections.map((h) => h.start);
  const units: Unit[] = [{ id: "document", range: [0, starts[0]!] }];
  const seen = new Map<string, number>();
  sections.forEach((h, i) => {
    const title = collapse(flatten(h.node)).trim();
    const slug = title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || `section-${i + 1}`;
    const n = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, n);
    units.push({ id: n > 1 ? `${slug}-${n}` : slug, title, range: [starts[i]!, starts[i + 1] ?? text.length] });
  });
  // Sections are in source order: the unit holding an offset is found by bisection, so a
  // handbook with hundreds of sections is not segments × sections.
  const unitOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return { units, unitOf };
}

// ---------------------------------------------------------------------------------------------
// Large files, in chunks
//
// A chunk may start only where the whole-file parse starts afresh, whatever came before: at a
// top-level ATX heading (`#`…`######` at column 0, then a space, a tab or the end of the line).
// A heading at column 0 closes every list and block quote (it cannot be a lazy line) and
// interrupts a paragraph, and nothing is left open after it. What it cannot end is a fenced
// code block, an HTML block of kinds 1–5 (`<script`, `<pre`, `<style`, `<textarea`, `<!--`,
// `<?`, `<!X`, `<![CDATA[`: they run to their closing text) and front matter.
//
// A line scan offers cut points: heading lines after a blank line (which has already ended the
// constructs that run until one: paragraphs, HTML blocks of kinds 6 and 7, a definition over
// several lines), outside front matter, fences and HTML blocks of kinds 1–5. Only the parse
// decides, though. A chunk is parsed with a bare `#` line after it, and the cut stands only if
// that line comes out as a top-level heading at the chunk's end. That is sound because
// micromark reads the lines before a heading the same whatever the heading says; the one
// construct that looks further ahead, front matter searching for its closing line, is only
// ever in the first chunk, which holds all of it. When the cut falls inside a block the scan
// missed (a fence in a list item, indented like a top-level one, say), the chunk ends instead
// at the last top-level heading the parse found in it, and the scan starts again from there.
// When the scan offers no cut for long, a window to a plain line start is parsed just to find
// such a heading. So the scan's mistakes cost time, never output.
//
// The one thing a heading does not cut is link reference definitions: `[label]` in one section
// is a link only if `[label]: url` appears somewhere in the file. Every chunk is parsed with a
// `[label]: x` for each label the file defines, ahead of its first line (it starts with a
// heading, which closes them), or for the first chunk, which keeps line 1 for front matter,
// after its sentinel; the nodes outside the chunk are dropped. The labels come from the scan;
// the chunks' own definition nodes then say which are real, and a wrong guess is put right by
// a second walk. (No GFM extension is loaded, so there are no footnotes; `[^1]: …` is an
// ordinary definition.)

/** A chunk's top-level nodes, and where it ends, which may be before the end it was asked for. */
interface ParsedChunk {
  /** Offsets counted in the parsed string, which starts with the definitions (see above). */
  readonly nodes: readonly RootContent[];
  /** Where the chunk starts in the parsed string. */
  readonly offset: number;
  readonly end: number;
}

const LINE_END = /\r\n?|\n/g;
const BLANK_LINE = /^[ \t]*$/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
/** The same, read in the file where a heading node starts (a setext heading may start with `#`). */
const ATX_HEADING_AT = /#{1,6}(?:[ \t\r\n]|$)/y;
/** A fence opener with its info string; a backtick fence's info may hold no backtick. */
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** Front matter as micromark-extension-frontmatter reads it: line 1, then a closing line. */
const FRONT_MATTER_OPEN = /^(---|\+\+\+)[ \t]*(\r\n?|\n)/;
/** HTML blocks of kinds 1–5: how each starts (0–3 spaces in) and the text that ends it. */
const HTML_BLOCKS: readonly { readonly start: RegExp; readonly end: RegExp }[] = [
  { start: /^ {0,3}<(?:script|pre|style|textarea)(?=[ \t>]|$)/i, end: /<\/(?:script|pre|style|textarea)>/i },
  { start: /^ {0,3}<!--/, end: /-->/ },
  { start: /^ {0,3}<\?/, end: /\?>/ },
  { start: /^ {0,3}<![A-Za-z]/, end: />/ },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/ },
];
/** A line that may hold a link reference definition, inside block quotes and list items too. */
const DEFINITION_LABEL = /^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*\[((?:[^\\[\]]|\\.)+)\]:/;

/**
 * Offers cut points: reads the file line by line, tracking the blocks a heading cannot end. It
 * reads on only as far as asked, and is put back in step where the parse showed it wrong.
 */
class CutScanner {
  /** Cut points read so far, ascending. */
  private readonly cuts: number[] = [];
  /** Where the next line to read starts. */
  private at: number;
  private fence: { readonly char: string; readonly length: number } | undefined;
  private htmlEnd: RegExp | undefined;
  private afterBlank = false;

  constructor(
    private readonly body: string,
    /** The end of the front matter's closing line; 0 without front matter. */
    readonly frontMatterEnd: number,
  ) {
    this.at = lineStartFrom(body, frontMatterEnd);
  }

  get found(): number {
    return this.cuts.length;
  }

  /** Reads the whole file, putting the labels it seems to define in `labels`. */
  readAll(labels: Set<string>): void {
    while (this.at < this.body.length) this.readLine(labels);
  }

  /** The first cut from `from` on and before `limit`, reading on as far as needed. */
  cutFrom(from: number, limit: number): number | undefined {
    for (;;) {
      let lo = 0;
      let hi = this.cuts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cuts[mid]! < from) lo = mid + 1;
        else hi = mid;
      }
      const cut = this.cuts[lo];
      if (cut !== undefined) return cut < limit ? cut : undefined;
      if (this.at >= this.body.length || this.at >= limit) return undefined;
      this.readLine(undefined);
    }
  }

  /** Reads on from `at`, a cut, as from the top of a file: what came before it is closed. */
  restart(at: number): void {
    while (this.cuts.length > 0 && this.cuts[this.cuts.length - 1]! > at) this.cuts.pop();
    this.at = at;
    this.fence = undefined;
    this.htmlEnd = undefined;
    this.afterBlank = false;
  }

  private readLine(labels: Set<string> | undefined): void {
    const start = this.at;
    LINE_END.lastIndex = start;
    const eol = LINE_END.exec(this.body);
    const end = eol ? eol.index : this.body.length;
    this.at = eol ? end + eol[0].length : this.body.length;
    const line = this.body.slice(start, end);
    const blank = BLANK_LINE.test(line);
    if (this.fence) {
      if (isClosingFence(line, this.fence.char, this.fence.length)) this.fence = undefined;
    } else if (this.htmlEnd) {
      if (this.htmlEnd.test(line)) this.htmlEnd = undefined;
    } else {
      if (this.afterBlank && ATX_HEADING.test(line)) this.cuts.push(start);
      const opener = FENCE_OPEN.exec(line);
      const tag = line.indexOf("<");
      const html = opener || tag < 0 || tag > 3 ? undefined : HTML_BLOCKS.find((kind) => kind.start.test(line));
      if (opener && !(opener[1]![0] === "`" && opener[2]!.includes("`"))) {
        this.fence = { char: opener[1]![0]!, length: opener[1]!.length };
      } else if (html && !html.end.test(line.slice(line.match(html.start)![0].length))) {
        this.htmlEnd = html.end;
      } else if (labels && line.includes("]:")) {
        const label = DEFINITION_LABEL.exec(line)?.[1];
        if (label !== undefined) labels.add(normalizeLabel(label));
      }
    }
    this.afterBlank = blank;
  }
}

/**
 * How much of `body` its front matter takes, up to the end of the closing line; 0: none; -1:
 * opened and never closed.
 */
function frontMatterLength(body: string): number {
  const open = FRONT_MATTER_OPEN.exec(body);
  if (!open) return 0;
  const marker = open[1] === "---" ? "-{3}" : "\\+{3}";
  // The opening line's own line ending starts the search: the closing line may come right after.
  const close = new RegExp(`(?:\\r\\n?|\\n)${marker}[ \\t]*(?=[\\r\\n]|$)`, "g");
  close.lastIndex = open[0].length - open[2]!.length;
  const found = close.exec(body);
  return found ? found.index + found[0].length : -1;
}

function isClosingFence(line: string, char: string, length: number): boolean {
  let i = 0;
  while (i < 3 && line[i] === " ") i++;
  let run = 0;
  while (line[i + run] === char) run++;
  return run >= length && BLANK_LINE.test(line.slice(i + run));
}

/** The identifier mdast gives a label (micromark's normalisation, lower-cased). */
function normalizeLabel(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, " ")
    .replace(/^ | $/g, "")
    .toLowerCase()
    .toUpperCase()
    .toLowerCase();
}

/** Definitions for exactly `labels`, one a line. */
function definitionsOf(labels: ReadonlySet<string>): string {
  let text = "";
  for (const label of labels) text += `[${label}]: x\n`;
  return text;
}

function definedIn(nodes: readonly RootContent[], into: Set<string>): Set<string> {
  for (const node of nodes) {
    if (node.type === "definition") into.add(node.identifier);
    else if (node.type === "blockquote" || node.type === "list" || node.type === "listItem") definedIn(node.children, into);
  }
  return into;
}

/** The nodes are one definition for each of `labels`. */
function definesExactly(nodes: readonly RootContent[], labels: ReadonlySet<string>): boolean {
  return nodes.length === labels.size && nodes.every((n) => n.type === "definition") && sameSet(definedIn(nodes, new Set()), labels);
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function startOf(node: Nodes): number {
  return node.position?.start.offset ?? -1;
}

/**
 * Parses the chunk from `start` (a cut point) to `end`, which is a cut the scan offered when
 * `endIsCut`, else just a line start. Returns the chunk if `end` proved to be a cut, else the
 * chunk up to the last top-level ATX heading of the window; a number: the first chunk needs
 * parsing again, up to that heading, as the definitions after its sentinel were swallowed;
 * "open": no top-level heading after `start`, the window must grow; undefined: the
 * definitions did not come out as written, so nothing here can be trusted.
 */
function parseChunk(
  body: string,
  start: number,
  end: number,
  endIsCut: boolean,
  definitions: string,
  labels: ReadonlySet<string>,
): ParsedChunk | number | "open" | undefined {
  const last = end === body.length;
  // The first chunk keeps line 1 for front matter, so its definitions go after its sentinel;
  // the others start with a heading, and theirs go first, where no open block can take them.
  const prefix = start > 0 ? definitions : "";
  const suffix = last ? "" : start > 0 ? "#\n" : "#\n" + definitions;
  const children = fromMarkdown(prefix + body.slice(start, end) + suffix, micromarkOptions()).children;
  const from = prefix.length;
  const to = from + end - start;
  let first = 0;
  while (first < children.length && startOf(children[first]!) < from) first++;
  const head = children[first];
  if (start > 0 && (head === undefined || startOf(head) !== from || !definesExactly(children.slice(0, first), labels))) return undefined;
  let after = first;
  while (after < children.length && startOf(children[after]!) < to) after++;
  if (last) return { nodes: children.slice(first), offset: from, end };
  const sentinel = children[after];
  if (endIsCut && sentinel?.type === "heading" && startOf(sentinel) === to) {
    if (start === 0 && !definesExactly(children.slice(after + 1), labels)) return undefined;
    return { nodes: children.slice(first, after), offset: from, end };
  }
  for (let k = after - 1; k > first; k--) {
    const node = children[k]!;
    const at = start + startOf(node) - from;
    ATX_HEADING_AT.lastIndex = at;
    if (node.type === "heading" && (body[at - 1] === "\n" || body[at - 1] === "\r") && ATX_HEADING_AT.test(body)) {
      return start === 0 && labels.size > 0 ? at : { nodes: children.slice(first, k), offset: from, end: at };
    }
  }
  return "open";
}

/** The first line start at or after `at`. */
function lineStartFrom(body: string, at: number): number {
  if (at <= 0) return 0;
  LINE_END.lastIndex = at - 1;
  const eol = LINE_END.exec(body);
  return eol ? eol.index + eol[0].length : body.length;
}

/** A chunked walk, or undefined when the file is better parsed whole. */
function parseChunked(
  text: string,
  base: number,
  chunkSize: number | undefined,
  placeholders: CompiledPlaceholders,
  fencedReplies: boolean,
): (Walked & { readonly trace: ChunkTrace }) | undefined {
  const body = base === 0 ? text : text.slice(base);
  const frontMatterEnd = frontMatterLength(body);
  // Front matter opened and never closed: while micromark looks for its closing line it reads
  // every line as plain flow, without lists or block quotes, to the end of the file; no chunk
  // after the first would read them so.
  if (frontMatterEnd < 0) return undefined;
  const scanner = new CutScanner(body, frontMatterEnd);
  const scannedLabels = new Set<string>();
  scanner.readAll(scannedLabels);
  if (scanner.found === 0) return undefined;
  let rejected = 0;
  const walk = (labels: ReadonlySet<string>, ends: readonly number[] | undefined) => {
    const definitions = definitionsOf(labels);
    const size = Math.max(chunkSize ?? Math.max(CHUNK_SIZE, Math.min(4 * definitions.length, 8 * CHUNK_SIZE)), 1);
    const segments: Segment[] = [];
    const directives: Directive[] = [];
    const headings: SectionHeading[] = [];
    const defined = new Set<string>();
    const chunkEnds: number[] = [];
    for (let start = 0; start < body.length; ) {
      let chunk: ParsedChunk | number | "open" | undefined;
      if (ends) {
        const end = ends[chunkEnds.length]!;
        chunk = parseChunk(body, start, end, true, definitions, labels);
        if (typeof chunk !== "object" || chunk.end !== end) return undefined;
      } else {
        for (let span = size; ; ) {
          // No cut offered for long: a section without headings, or a scan out of step with
          // the file (it has the fences the wrong way round). A window to a line start further
          // on will show where the headings really are.
          const far = Math.max(span, CHUNK_SIZE);
          const cut = scanner.cutFrom(start + span, start + 2 * far);
          const end = cut ?? lineStartFrom(body, Math.max(start + far, frontMatterEnd));
          chunk = parseChunk(body, start, end, cut !== undefined, definitions, labels);
          if (typeof chunk === "number") chunk = parseChunk(body, start, chunk, true, definitions, labels);
          if (cut !== undefined && (typeof chunk !== "object" || chunk.end !== end)) rejected++;
          if (chunk !== "open" && typeof chunk !== "number") {
            if (chunk && chunk.end !== cut) scanner.restart(chunk.end);
            break;
          }
          // Twice as far each time, so that a long stretch costs a few parses, not one per cut.
          span = 2 * (end - start);
        }
      }
      if (!chunk) return undefined;
      const shift = base + start - chunk.offset;
      const walker = new MarkdownWalker(text, shift, placeholders, fencedReplies);
      walker.blocks({ children: chunk.nodes }, "paragraph");
      for (const segment of walker.segments) segments.push(segment);
      for (const directive of walker.directives) directives.push(directive);
      for (const heading of sectionHeadings(chunk.nodes, shift)) headings.push(heading);
      definedIn(chunk.nodes, defined);
      chunkEnds.push(chunk.end);
      start = chunk.end;
    }
    return { segments, directives, headings, defined, chunkEnds };
  };
  let passes = 1;
  let walked = walk(scannedLabels, undefined);
  if (walked && !sameSet(walked.defined, scannedLabels)) {
    // Which labels are defined is a matter of block structure, the same in the chunks as in the
    // whole file, so the first walk found the right set, only too late to parse with it.
    const defined = walked.defined;
    passes++;
    walked = walk(defined, walked.chunkEnds);
    if (walked && !sameSet(walked.defined, defined)) walked = undefined;
  }
  if (!walked) return undefined;
  const chunks: Range[] = walked.chunkEnds.map((end, i) => [base + (walked!.chunkEnds[i - 1] ?? 0), base + end]);
  chunks[0] = [0, chunks[0]![1]];
  return { segments: walked.segments, directives: walked.directives, headings: walked.headings, trace: { chunks, rejected, passes } };
}
