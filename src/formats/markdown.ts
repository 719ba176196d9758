/**
 * Markdown (.md, .markdown): one segment per block of prose (paragraph, heading, list-item
 * paragraph, table cell, image alt text), and the `<!-- cxlint-… -->` directives. Everything
 * that is not our voice is skipped: code, HTML, front matter, link destinations, thematic breaks
 * and block quotes (quoted customer text).
 *
 * The parser is markdown-it (CommonMark preset, raw HTML on). micromark and mdast, before it,
 * took a third of cxlint's time on the benchmark's support set (700–900 ms to build the trees of
 * its 200 Markdown files; markdown-it parses them in 27 ms), and their time grew faster than the
 * text on long documents with lists (a 5 MB handbook took a minute), so large files had to be
 * parsed in chunks. markdown-it's time grows with the text, and a file's blocks are parsed whole;
 * inline content is parsed as the walk reaches it, and a macro collection is handed over a
 * section at a time (parseMarkdownParts), so a large handbook's segments are not all alive at once.
 *
 * The hard part is offsets, which markdown-it does not give: a block has line numbers only, and
 * inline tokens nothing. So two maps are made here, each checked as it is made:
 * - inline content → file. A paragraph's or heading's content is its source lines with
 *   container indentation cut off, trimmed, and line endings normalised. Each content line is
 *   matched to its source line from the line's end (where nothing was cut), character for
 *   character; spaces markdown-it made from a tab, line endings and anything the match cannot
 *   explain map to their source as one atomic piece, coarse but exact.
 * - token → inline content. The inline tokenizer is markdown-it's own loop, run here so that
 *   every token a rule pushes gets the stretch of content that rule consumed, and pending text
 *   the stretch it was collected from. A text token whose stretch does not read as its content
 *   falls back to one atomic piece between its neighbours.
 * Escapes and entities stay separate tokens (`text_join` is off), so markdown-it decodes them and
 * each becomes an atomic piece over its source; everything else is verbatim.
 *
 * A few places where markdown-it reads a document otherwise than CommonMark (and cxlint before
 * it) are put right in `createMarkdownParser()`.
 */
import MarkdownIt, { type ParserInline, type StateBlock, type StateCore, type StateInline, type Token } from "markdown-it";
import type { Directive, ParsedDocument, Range, Segment, SegmentKind, Unit } from "../core/types.js";
import { forEachLineBreak, lastAtOrBefore } from "../document/line-index.js";
import { MASK_CHAR, SegmentBuilder } from "../document/segment-builder.js";
import { parseDirective } from "./directives.js";
import { BLANK_AT_LINE_ENDING, hasProse, INLINE_MARKUP, URL_HINT } from "./markdown-plain.js";
import { appendMasked, type CompiledPlaceholders } from "./placeholders.js";
import type { AdapterOptions, FormatAdapter, PartedDocument } from "./types.js";

export const markdownAdapter: FormatAdapter = {
  id: "markdown",
  extensions: [".md", ".markdown"],
  parse(text, options) {
    return parseMarkdown(text, options);
  },
  parseParts(text, options) {
    return parseMarkdownParts(text, options);
  },
};

/**
 * Called, in tests, wherever a map had to fall back to a coarse atomic piece: never, on any
 * input the tests know of.
 */
export type MarkdownFallback = (what: string) => void;

/** The whole document: its parts, put together. */
export function parseMarkdown(text: string, options: AdapterOptions, onFallback?: MarkdownFallback, plainPaths = true): ParsedDocument {
  const segments: Segment[] = [];
  const units: Unit[] = [];
  const directives: Directive[] = [];
  parseMarkdownParts(text, options, onFallback, plainPaths).parts((part) => {
    for (const segment of part.segments) segments.push({ ...segment, unit: units.length + segment.unit });
    units.push(...part.units);
    directives.push(...part.directives);
  });
  return { format: "markdown", segments, units, directives };
}

/**
 * The document a unit at a time (one part per section of a macro collection, see sectionUnits),
 * so that a large handbook's segments are never all alive at once. The block parse and the
 * sections come first; each section's inline content is parsed as the walk reaches it.
 *
 * `plainPaths: false` sends all inline content through markdown-it's inline parser and the
 * content map, even plain text that needs neither (see plainInlineTokens and verbatimStart), so
 * that a test can hold the two ways to the same result.
 */
export function parseMarkdownParts(text: string, options: AdapterOptions, onFallback?: MarkdownFallback, plainPaths = true): PartedDocument {
  // A leading BOM is not part of the document: parse past it and count offsets from it.
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = base === 0 ? text : text.slice(base);
  const lines = new SourceLines(text, base);
  // markdown-it has no front matter. It is cut off here as cxlint has always read it (YAML `---`
  // or TOML `+++` on line 1, up to a closing line of the same) and replaced by as many empty
  // lines, so that line numbers still match the file and nothing after it reads differently.
  // markdown-it-front-matter reads it otherwise: `---` only, four dashes or `---title` too, and
  // an unclosed block running to the end of the file.
  const frontMatter = frontMatterLength(body);
  const input = frontMatter > 0 ? "\n".repeat(lines.lineAt(base + frontMatter)) + body.slice(frontMatter) : body;
  const md = parser();
  // The block parse fills env with the link definitions that the inline parses below resolve.
  const env = {};
  const tokens = md.parse(input, env);
  const inlineTokens = (inline: Token): Token[] => {
    const plain = plainPaths ? plainInlineTokens(inline.content, md) : undefined;
    if (plain) return plain;
    const out: Token[] = [];
    md.inline.parse(inline.content, md, env, out);
    return out;
  };
  const units = sectionUnits(sectionHeadings(tokens, lines, inlineTokens), text);
  return {
    format: "markdown",
    directives: [],
    parts(emit) {
      const walker = new MarkdownWalker(text, lines, options.placeholders, options.settings?.["fencedReplies"] === true, inlineTokens, plainPaths, onFallback);
      // The line each unit after the first starts on: a block from there on is that unit's.
      const firstLines = units.slice(1).map((unit) => lines.lineAt(unit.range[0]));
      let current = 0;
      const flush = () => {
        const segments = walker.segments.splice(0).map((segment) => ({ ...segment, unit: 0 }));
        emit({ segments, units: [units[current]!], directives: walker.directives.splice(0) });
        current++;
      };
      walker.blocks(tokens, (line) => {
        while (current < firstLines.length && line >= firstLines[current]!) flush();
      });
      while (current < units.length) flush();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The parser

let instance: MarkdownIt | undefined;

function parser(): MarkdownIt {
  if (!instance) {
    instance = createMarkdownParser();
    // Inline content is parsed a paragraph at a time as the walk reaches it, so that its tokens
    // die young instead of living, a whole file's worth, until the walk ends (on the 5 MB
    // handbook, collecting them was a fifth of the run).
    instance.core.ruler.disable("inline");
  }
  return instance;
}

/**
 * How deep markdown-it nests before it gives up on structure and drops what is deeper.
 * commonmark's 20 would drop the text of ten lists in lists. Each level is a deeper recursion
 * (block quotes in block quotes ran out of stack at about 1,100), so the block parser gets 400:
 * two hundred lists in lists. Inline, nesting is brackets inside brackets, each a recursion when
 * a link label is looked ahead, and the inline parser keeps markdown-it's default of 100.
 */
const BLOCK_NESTING = 400;
const INLINE_NESTING = 100;

/**
 * The parser as the adapter uses it. `positions: false` keeps markdown-it's own inline
 * tokenizer, so that a test can hold the positioned one to the same tokens.
 */
export function createMarkdownParser({ positions = true } = {}): MarkdownIt {
  const md = new MarkdownIt("commonmark", { html: true });
  const options = md.options as { maxNesting?: number };
  md.core.ruler.before("block", "block_nesting", () => void (options.maxNesting = BLOCK_NESTING));
  md.core.ruler.after("block", "inline_nesting", () => void (options.maxNesting = INLINE_NESTING));
  // Escapes and entities stay `text_special` tokens with their source in `markup`, and unmatched
  // emphasis markers stay one token per character, so that every token has its own position.
  md.core.ruler.disable("text_join");
  md.inline.ruler2.disable("fragments_join");
  // markdown-it's normalize rewrites every line ending, "\n" as "\n" too, which copies the
  // whole text (60-70 ms on the 5 MB handbook); without "\r" or NUL it changes nothing.
  const coreRules = (md.core.ruler as unknown as { __rules__: { name: string; fn: (state: StateCore) => void }[] }).__rules__;
  const normalize = coreRules.find((r) => r.name === "normalize")!.fn;
  md.core.ruler.at("normalize", (state) => {
    if (/[\r\0]/.test(state.src)) normalize(state);
  });
  if (positions) {
    md.inline.State = positionedState(md.inline.State);
    md.inline.tokenize = tokenizeWithPositions;
  }
  const inlineRules = (md.inline.ruler as unknown as { __rules__: { name: string; fn: InlineRule }[] }).__rules__;
  md.inline.ruler.at("backticks", backticksFromTheLeft(inlineRules.find((r) => r.name === "backticks")!.fn));
  // Nothing is rendered, so no link is unsafe (markdown-it would read a definition or an
  // autolink to `javascript:` as plain text, which CommonMark does not), and no address needs
  // encoding for an href.
  md.validateLink = () => true;
  md.normalizeLink = (url) => url;
  md.normalizeLinkText = (text) => text;
  const rules = (md.block.ruler as unknown as { __rules__: { name: string; fn: BlockRule; alt: string[] }[] }).__rules__;
  const rule = (name: string) => rules.find((r) => r.name === name)!.fn;
  md.block.ruler.at("reference", definitionsThenParagraph(rule("reference"), rule("lheading"), rule("paragraph")));
  trackContainers(md);
  for (const { name, fn, alt } of [...rules]) {
    if (alt.includes("paragraph")) md.block.ruler.at(name, notOnIndentedLazyLines(fn), { alt: [...alt] });
  }
  return md;
}

type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;
type InlineRule = (state: StateInline, silent: boolean) => boolean;

/**
 * The backticks rule remembers, once it has scanned to the end of the text for a closing run,
 * where runs of each length were, and trusts that from then on. When that scan started ahead of
 * where the tokenizer is (a link label looked ahead first), the runs in between were never seen:
 * "[a `e` b ``c" lost its code span `e`. Such a scan is forgotten, and made again from here.
 */
function backticksFromTheLeft(rule: InlineRule): InlineRule {
  const scannedFrom = new WeakMap<StateInline, number>();
  return (state, silent) => {
    const cache = state as StateInline & { backticks: Record<number, number>; backticksScanned: boolean };
    if (cache.backticksScanned && (scannedFrom.get(state) ?? 0) > state.pos) {
      cache.backticksScanned = false;
      cache.backticks = {};
    }
    const scanned = cache.backticksScanned;
    const at = state.pos;
    const ok = rule(state, silent);
    if (!scanned && cache.backticksScanned) scannedFrom.set(state, at);
    return ok;
  };
}

/** The content indent of every container the block parser is in, outermost first; NaN: a quote. */
const containers = new WeakMap<StateBlock, number[]>();

function trackContainers(md: MarkdownIt): void {
  const tokenize = md.block.tokenize;
  md.block.tokenize = function (state, startLine, endLine) {
    let stack = containers.get(state);
    if (!stack) containers.set(state, (stack = []));
    stack.push(state.parentType === "blockquote" ? NaN : state.blkIndent);
    try {
      tokenize.call(this, state, startLine, endLine);
    } finally {
      stack.pop();
    }
  };
}

/**
 * A line too little indented for the list item whose paragraph it follows is a lazy line of that
 * paragraph unless it starts a block; CommonMark reads its indentation from the innermost
 * container it does belong to, and 4 columns or more there is indented code, which cannot
 * interrupt a paragraph. markdown-it reads it from the list item's, where it is never 4 or more,
 * so `-    Step` then `    # note` ended the item at a heading (then indented code). Not
 * applied in block quotes, whose lines markdown-it re-indents.
 */
function notOnIndentedLazyLines(rule: BlockRule): BlockRule {
  return (state, line, endLine, silent) => {
    if (silent && (state.parentType === "paragraph" || state.parentType === "reference")) {
      const indent = state.sCount[line]!;
      const stack = containers.get(state);
      if (stack && indent >= 4 && indent < state.blkIndent && !stack.some(Number.isNaN)) {
        let inner = 0;
        for (const at of stack) if (at <= indent) inner = Math.max(inner, at);
        if (indent - inner >= 4) return false;
      }
    }
    return rule(state, line, endLine, silent);
  };
}

/**
 * CommonMark reads link reference definitions out of a paragraph's text once the paragraph is
 * closed, so a line right after a definition that could not start a block there is still that
 * paragraph's: an indented line is not code, a lazy line does not end a list item, `<b>` does
 * not start an HTML block, `2.` does not start a list. markdown-it starts afresh after each
 * definition; this reads on the way CommonMark (and micromark) do.
 */
function definitionsThenParagraph(reference: BlockRule, lheading: BlockRule, paragraph: BlockRule): BlockRule {
  return (state, startLine, endLine, silent) => {
    if (!reference(state, startLine, endLine, silent)) return false;
    if (silent) return true;
    for (;;) {
      const line = state.line;
      if (line >= endLine || state.isEmpty(line)) return true;
      // A negative indent is markdown-it's mark for a lazy line of a block quote's paragraph.
      if (state.sCount[line]! >= 0 && state.sCount[line]! - state.blkIndent < 4 && startsBlock(state, line, endLine)) return true;
      // Read it as the paragraph's next line, whatever its indentation.
      const indent = state.sCount[line]!;
      state.sCount[line] = state.blkIndent;
      const more = reference(state, line, endLine, false);
      if (!more && !lheading(state, line, endLine, false)) paragraph(state, line, endLine, false);
      state.sCount[line] = indent;
      if (!more) return true;
    }
  };
}

/** Whether `line` starts a block that may interrupt a paragraph (the paragraph rule's test). */
function startsBlock(state: StateBlock, line: number, endLine: number): boolean {
  const parentType = state.parentType;
  state.parentType = "paragraph";
  try {
    return state.md.block.ruler.getRules("paragraph").some((rule) => rule(state, line, endLine, true));
  } finally {
    state.parentType = parentType;
  }
}

/** An inline state whose pending text knows where it started. */
interface PositionedStateInline extends StateInline {
  pendingStart: number;
}

/** The inline state markdown-it makes, plus: a text token made from pending text gets its stretch. */
function positionedState(Base: typeof StateInline): typeof StateInline {
  return class extends Base implements PositionedStateInline {
    pendingStart = 0;

    override pushPending(): Token {
      const start = this.pendingStart;
      const token = super.pushPending();
      // The newline rule may have cut trailing spaces off the pending text, never its start.
      token.map = [start, start + token.content.length];
      return token;
    }
  };
}

/**
 * markdown-it's ParserInline.prototype.tokenize (14.x), plus positions: each token a rule
 * pushes gets the [start, end) of `state.pos` around that rule call in `map`, unless it already
 * has one (pending text, and the tokens of a link's label, tokenized by a nested call).
 * Emphasis markers get one character each.
 */
function tokenizeWithPositions(this: ParserInline, state: StateInline): void {
  const positioned = state as PositionedStateInline;
  const rules = this.ruler.getRules("");
  const len = rules.length;
  const end = state.posMax;
  const maxNesting = (state.md.options as { maxNesting?: number }).maxNesting ?? INLINE_NESTING;
  const tokens = state.tokens;

  while (state.pos < end) {
    const prevPos = state.pos;
    if (state.pending.length === 0) positioned.pendingStart = prevPos;
    const before = tokens.length;
    let ok = false;

    if (state.level < maxNesting) {
      for (let i = 0; i < len; i++) {
        ok = rules[i]!(state, false);
        if (ok) {
          if (prevPos >= state.pos) throw new Error("inline rule didn't increment state.pos");
          break;
        }
      }
    }

    if (ok) {
      placeTokens(state, before, prevPos, state.pos);
      if (state.pos >= end) break;
      continue;
    }

    state.pending += state.src[state.pos++];
  }

  if (state.pending) state.pushPending();
}

/**
 * The tokens tokenizeWithPositions makes for inline content without INLINE_MARKUP, made
 * directly: text a line at a time, each line ending a soft break. Undefined for any other content.
 * Most paragraphs of support text are such, and markdown-it's tokenizer would try each of its
 * rules at every `-`, `:` or `!` in them and copy the text a character at a time around them.
 * (src/formats/markdown-offsets.test.ts holds the two to the same tokens.)
 */
export function plainInlineTokens(content: string, md: MarkdownIt): Token[] | undefined {
  if (INLINE_MARKUP.test(content)) return undefined;
  const Token = md.core.State.prototype.Token;
  const tokens: Token[] = [];
  let start = 0;
  for (;;) {
    const newline = content.indexOf("\n", start);
    // markdown-it's newline rule drops one space before a line ending (two make a hard break).
    const end = newline < 0 ? content.length : content.charCodeAt(newline - 1) === SPACE ? newline - 1 : newline;
    if (end > start) {
      const text = new Token("text", "", 0);
      text.content = content.slice(start, end);
      text.map = [start, end];
      tokens.push(text);
    }
    if (newline < 0) return tokens;
    // …and skips the next line's leading blanks.
    let next = newline + 1;
    while (next < content.length && isSpace(content.charCodeAt(next))) next++;
    const softbreak = new Token("softbreak", "br", 0);
    softbreak.map = [newline, next];
    tokens.push(softbreak);
    start = next;
  }
}

/**
 * Where inline content stands in the file exactly as it is, when it is plain text (no
 * INLINE_MARKUP, no URL to mask, no blanks at a line ending): its segment is then the file's text
 * from there, masked, as the walk would make it through tokens and a content map. Undefined for
 * anything else, and when the file's text differs (indentation in a container, CRLF, NUL).
 */
function verbatimStart(content: string, lines: SourceLines, firstLine: number, lastEnd: (line: number) => number): number | undefined {
  if (content.length === 0 || INLINE_MARKUP.test(content) || BLANK_AT_LINE_ENDING.test(content) || URL_HINT.test(content)) return undefined;
  const newline = content.indexOf("\n");
  const lineStart = lines.starts[firstLine];
  if (lineStart === undefined) return undefined;
  // The content's first line ends where its source line does (the last line: at lastEnd).
  const start = newline < 0 ? lastEnd(firstLine) - content.length : lines.ends[firstLine]! - newline;
  return start >= lineStart && lines.source.startsWith(content, start) ? start : undefined;
}

function placeTokens(state: StateInline, from: number, start: number, end: number): void {
  const tokens = state.tokens;
  const marker = state.src[start];
  let cursor = start;
  for (let k = from; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.map) continue;
    const n = token.content.length;
    // Emphasis (and strikethrough) push one text token per marker they consumed.
    if (token.type === "text" && n > 0 && cursor + n <= end && token.content === marker!.repeat(n)) {
      token.map = [cursor, cursor + n];
      cursor += n;
    } else {
      token.map = [start, end];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Source lines, and inline content mapped back onto them

/** Line starts and ends of the file, split as markdown-it splits the text it parses. */
class SourceLines {
  /** Where each line starts. */
  readonly starts: number[] = [];
  /** Where each line's text ends, before its line ending. */
  readonly ends: number[] = [];

  constructor(
    readonly source: string,
    base: number,
  ) {
    let start = base;
    forEachLineBreak(source, base, (end, next) => {
      this.starts.push(start);
      this.ends.push(end);
      start = next;
    });
    this.starts.push(start);
    this.ends.push(source.length);
  }

  /** Where line `line`'s line ending ends (the next line's start). */
  next(line: number): number {
    return this.starts[line + 1] ?? this.source.length;
  }

  /** The line that holds `offset`. */
  lineAt(offset: number): number {
    return lastAtOrBefore(this.starts, offset);
  }
}

/**
 * Inline content → file. Pieces tile the content: a `same` piece is the same characters in the
 * file (a NUL there reads U+FFFD here, as markdown-it replaces it), any other maps as a unit.
 */
class ContentMap {
  /** Content offset where each piece starts; pieces are in order. */
  private readonly at: number[] = [];
  private readonly src: number[] = [];
  private readonly srcEnd: number[] = [];
  private readonly same: boolean[] = [];

  constructor(
    readonly content: string,
    /** The file the content came from. */
    private readonly file: string,
  ) {}

  add(at: number, src: number, srcEnd: number, same: boolean): void {
    this.at.push(at);
    this.src.push(src);
    this.srcEnd.push(srcEnd);
    this.same.push(same);
  }

  /** The piece that holds content offset `offset`. */
  private pieceAt(offset: number): number {
    return lastAtOrBefore(this.at, offset);
  }

  /** The file offset a content offset starts at. */
  start(offset: number): number {
    const k = this.pieceAt(offset);
    return this.same[k] ? this.src[k]! + (offset - this.at[k]!) : this.src[k]!;
  }

  /** The file offset a content stretch ending at `offset` ends at. */
  end(offset: number): number {
    if (offset <= 0) return this.start(0);
    const k = this.pieceAt(offset - 1);
    return this.same[k] ? this.src[k]! + (offset - this.at[k]!) : this.srcEnd[k]!;
  }

  range(from: number, to: number): Range {
    const start = this.start(from);
    return [start, to > from ? Math.max(start, this.end(to)) : start];
  }

  /** The stretch [from, to) of the content as pieces of `value`, which it starts at `valueAt`. */
  pieces(from: number, to: number, valueAt: number, into: DecodedPiece[]): void {
    if (from >= to) return;
    const source = this.content;
    for (let k = this.pieceAt(from); k < this.at.length && this.at[k]! < to; k++) {
      const pieceEnd = this.at[k + 1] ?? source.length;
      const a = Math.max(from, this.at[k]!);
      const b = Math.min(to, pieceEnd);
      if (a >= b) continue;
      if (!this.same[k]) {
        into.push({ kind: "atomic", value: [valueAt + a - from, valueAt + b - from], src: [this.src[k]!, this.srcEnd[k]!] });
        continue;
      }
      const shift = this.src[k]! - this.at[k]!;
      const file = this.file;
      // A NUL in the file is U+FFFD in the content: an atomic piece of its own.
      let i = a;
      for (let nul = source.indexOf("\uFFFD", a); nul >= 0 && nul < b; nul = source.indexOf("\uFFFD", nul + 1)) {
        if (file.charCodeAt(nul + shift) !== 0) continue;
        if (nul > i) into.push({ kind: "verbatim", value: [valueAt + i - from, valueAt + nul - from], src: [i + shift, nul + shift] });
        into.push({ kind: "atomic", value: [valueAt + nul - from, valueAt + nul + 1 - from], src: [nul + shift, nul + 1 + shift] });
        i = nul + 1;
      }
      if (b > i) into.push({ kind: "verbatim", value: [valueAt + i - from, valueAt + b - from], src: [i + shift, b + shift] });
    }
  }
}

const TAB = 0x09;
const SPACE = 0x20;

/** Content and file characters that are the same character to markdown-it. */
function sameChar(content: number, file: number): boolean {
  return content === file || (content === 0xfffd && file === 0);
}

/**
 * Maps an inline token's content onto the file. `lastEnd` is where the last content line ends
 * in the file (ATX headings drop a closing sequence); every other line ends where its source
 * line does, since only indentation is cut from a line's start.
 */
function mapContent(
  content: string,
  lines: SourceLines,
  firstLine: number,
  lastEnd: (line: number) => number,
  onFallback: MarkdownFallback | undefined,
): ContentMap {
  const map = new ContentMap(content, lines.source);
  const source = lines.source;
  let from = 0;
  for (let line = firstLine; ; line++) {
    const newline = content.indexOf("\n", from);
    const to = newline < 0 ? content.length : newline;
    const lineStart = lines.starts[line];
    if (lineStart === undefined) {
      // More content lines than file lines: nothing here can be trusted.
      onFallback?.(`content line ${line} past the end`);
      map.add(from, lines.source.length, lines.source.length, false);
      break;
    }
    const end = newline < 0 ? lastEnd(line) : lines.ends[line]!;
    // From the end back, character for character.
    let c = to;
    let s = end;
    while (c > from && s > lineStart && sameChar(content.charCodeAt(c - 1), source.charCodeAt(s - 1))) {
      c--;
      s--;
    }
    if (c > from) {
      // Left over: spaces markdown-it made from the tab before, or something unexplained.
      let spaces = c;
      while (spaces > from && content.charCodeAt(spaces - 1) === SPACE) spaces--;
      if (spaces === from && s > lineStart && source.charCodeAt(s - 1) === TAB) {
        map.add(from, s - 1, s, false);
      } else {
        onFallback?.(`line ${line}: ${JSON.stringify(content.slice(from, c))} unexplained`);
        map.add(from, lineStart, s, false);
      }
    }
    if (c < to) map.add(c, s, end, true);
    if (newline < 0) break;
    map.add(newline, lines.ends[line]!, lines.next(line), false);
    from = newline + 1;
  }
  return map;
}

/** Where an ATX heading's content ends on its line: before trailing blanks and closing `#`s. */
function atxContentEnd(source: string, lineStart: number, lineEnd: number, level: number): number {
  const open = source.indexOf("#", lineStart);
  const pos = open < 0 || open >= lineEnd ? lineStart : open + level;
  let max = lineEnd;
  while (max > pos && isSpace(source.charCodeAt(max - 1))) max--;
  let tmp = max;
  while (tmp > pos && source.charCodeAt(tmp - 1) === 0x23) tmp--;
  if (tmp > pos && isSpace(source.charCodeAt(tmp - 1))) max = tmp;
  return trimEnd(source, pos, max);
}

function isSpace(code: number): boolean {
  return code === SPACE || code === TAB;
}

/** `end` moved back over the blanks asciiTrim would drop. */
function trimEnd(source: string, from: number, end: number): number {
  while (end > from && isSpace(source.charCodeAt(end - 1))) end--;
  return end;
}

// ---------------------------------------------------------------------------------------------
// The walk

/** A top-level heading that may start a section unit. */
interface SectionHeading {
  readonly depth: number;
  readonly start: number;
  readonly title: () => string;
}

/** One stretch of a text run's value and the file text it came from. */
interface DecodedPiece {
  readonly value: Range;
  readonly src: Range;
  readonly kind: "verbatim" | "atomic";
}

/**
 * Text, escapes, entities and soft line breaks in a row: masked as one text, so that a
 * placeholder with an escaped `\_` inside, or a URL with an `&amp;`, is still masked whole.
 */
interface TextRun {
  value: string;
  readonly pieces: DecodedPiece[];
}

class MarkdownWalker {
  readonly segments: Segment[] = [];
  readonly directives: Directive[] = [];

  constructor(
    private readonly source: string,
    private readonly lines: SourceLines,
    private readonly placeholders: CompiledPlaceholders,
    /** SAVED_REPLIES.md style: the replies are the fenced blocks under each heading. */
    private readonly fencedReplies: boolean,
    /** The inline tokens of a paragraph or heading, parsed when asked for. */
    private readonly inlineTokens: (inline: Token) => Token[],
    /** Plain text that stands in the file as it is becomes a segment without tokens or map. */
    private readonly plainPaths: boolean,
    private readonly onFallback: MarkdownFallback | undefined,
  ) {}

  /** The walk over the block tokens. `beforeTopLevel` hears of each top-level block's first line before it is walked. */
  blocks(tokens: readonly Token[], beforeTopLevel: (line: number) => void): void {
    let lists = 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.level === 0 && token.nesting !== -1 && token.map) beforeTopLevel(token.map[0]);
      switch (token.type) {
        case "paragraph_open": {
          const inline = tokens[i + 1];
          if (inline?.type === "inline") this.prose(inline, lists > 0 ? "list-item" : "paragraph", undefined);
          break;
        }
        case "heading_open": {
          const inline = tokens[i + 1];
          if (inline?.type !== "inline" || !inline.map) break;
          const atx = token.markup[0] === "#";
          this.prose(inline, "heading", atx ? Number(token.tag.slice(1)) : undefined);
          break;
        }
        case "bullet_list_open":
        case "ordered_list_open":
          lists++;
          break;
        case "bullet_list_close":
        case "ordered_list_close":
          lists--;
          break;
        // Quoted text is the customer's or a colleague's, not ours.
        case "blockquote_open": {
          let depth = 1;
          while (depth > 0 && ++i < tokens.length) {
            const type = tokens[i]!.type;
            if (type === "blockquote_open") depth++;
            else if (type === "blockquote_close") depth--;
          }
          break;
        }
        case "html_block":
          if (token.map) this.collectDirectives([this.lines.starts[token.map[0]]!, this.lines.ends[token.map[1] - 1]!]);
          break;
        case "fence":
          if (this.fencedReplies && /^(?:|text|txt|md|markdown|plain)$/i.test(token.info.trim().split(/\s/)[0]!)) this.fenced(token);
          break;
        // Code, thematic breaks and definitions are not prose; list items are walked through.
        default:
      }
    }
  }

  /** A fenced reply: its paragraphs, mapped verbatim to the lines between the fences. */
  private fenced(token: Token): void {
    if (!token.map) return;
    // Every content line ends with "\n" but the file's last, if it has none.
    const content = token.content.endsWith("\n") ? token.content.slice(0, -1) : token.content;
    if (content.length === 0 && !token.content) return;
    const count = content.split("\n").length;
    const first = token.map[0] + 1;
    const start = this.lines.starts[first];
    const end = this.lines.ends[first + count - 1];
    if (start === undefined || end === undefined) return;
    // Only a fence whose lines are the file's as they stand (not indented in a list item).
    const value = this.source.slice(start, end);
    if (value.replace(/\r\n?/g, "\n") !== content) return;
    for (const m of value.matchAll(/[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g)) {
      const builder = new SegmentBuilder();
      appendMasked(builder, m[0], start + m.index!, this.placeholders);
      this.push(builder.build("paragraph"));
    }
  }

  /**
   * One segment from a paragraph or heading; image alt texts follow as their own segments.
   * `atxLevel`: an ATX heading's level, whose closing sequence is not content.
   */
  private prose(inline: Token, kind: SegmentKind, atxLevel: number | undefined): void {
    if (!inline.map) return;
    const lines = this.lines;
    const lastEnd = (line: number) =>
      atxLevel === undefined
        ? trimEnd(this.source, lines.starts[line]!, lines.ends[line]!)
        : atxContentEnd(this.source, lines.starts[line]!, lines.ends[line]!, atxLevel);
    const builder = new SegmentBuilder();
    const start = this.plainPaths ? verbatimStart(inline.content, lines, inline.map[0], lastEnd) : undefined;
    if (start !== undefined) {
      // What the walk below would make of it: one verbatim run, masked.
      appendMasked(builder, inline.content, start, this.placeholders);
      this.pushProse(builder.build(kind));
      return;
    }
    const map = mapContent(inline.content, lines, inline.map[0], lastEnd, this.onFallback);
    const images: { token: Token; offset: number }[] = [];
    this.inline(this.inlineTokens(inline), 0, map, builder, images);
    this.pushProse(builder.build(kind));
    for (const { token, offset } of images) {
      const alt = new SegmentBuilder();
      this.inline(token.children ?? [], offset + 2, map, alt, undefined);
      this.push(alt.build("alt-text"));
    }
  }

  /** A paragraph's segment, or its cells if it reads as a pipe table. */
  private pushProse(segment: Segment): void {
    if (segment.kind !== "heading" && looksLikePipeTable(segment)) {
      for (const cell of splitTableCells(segment)) this.push(cell);
    } else {
      this.push(segment);
    }
  }

  private push(segment: Segment): void {
    if (hasProse(segment)) this.segments.push(segment);
  }

  /**
   * Inline tokens into the builder. `offset` is where the tokens' positions start in the
   * content (an image's label starts 2 after the image). Images are masked and, when `images`
   * is given, collected for their alt text.
   */
  private inline(
    tokens: readonly Token[],
    offset: number,
    map: ContentMap,
    builder: SegmentBuilder,
    images: { token: Token; offset: number }[] | undefined,
  ): void {
    const content = map.content;
    const ranges = tokenRanges(tokens, offset, content, this.onFallback);
    let run: TextRun | undefined;
    const flush = () => {
      if (run && run.value.length > 0) this.appendRun(builder, run);
      run = undefined;
    };
    const text = () => (run ??= { value: "", pieces: [] });
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const [from, to] = ranges[i]!;
      switch (token.type) {
        case "text":
        case "text_special": {
          if (token.content.length === 0) break;
          const t = text();
          if (token.type === "text_special" && token.content !== token.markup) {
            t.pieces.push({ kind: "atomic", value: [t.value.length, t.value.length + token.content.length], src: map.range(from, to) });
          } else if (content.startsWith(token.content, from) && to - from === token.content.length) {
            map.pieces(from, to, t.value.length, t.pieces);
          } else {
            // The stretch does not read as the token: aligned by hand, coarse where it must be.
            this.onFallback?.(`${token.type} ${JSON.stringify(token.content)} at ${from}`);
            const at = t.value.length;
            for (const p of alignDecoded(token.content, this.source, map.range(from, to))) {
              t.pieces.push({ kind: p.kind, value: [at + p.value[0], at + p.value[1]], src: p.src });
            }
          }
          t.value += token.content;
          break;
        }
        case "softbreak": {
          // The line ending as written ("\r\n" too): the segment's text is the file's.
          const t = text();
          trimTrailingBlanks(t);
          const newline = content.indexOf("\n", from);
          const src = newline >= from && newline < to ? map.range(newline, newline + 1) : undefined;
          const ending = src ? this.source.slice(src[0], src[1]) : "";
          if (src && /^(?:\r\n?|\n)$/.test(ending)) {
            t.pieces.push({ kind: "verbatim", value: [t.value.length, t.value.length + ending.length], src });
            t.value += ending;
          } else {
            this.onFallback?.(`soft break at ${from} without a line ending`);
            t.pieces.push({ kind: "atomic", value: [t.value.length, t.value.length + 1], src: map.range(from, to) });
            t.value += "\n";
          }
          break;
        }
        case "hardbreak": {
          const newline = content.indexOf("\n", from);
          const end = newline >= from && newline < to ? newline + 1 : to;
          let start = from;
          if (content[from] !== "\\") {
            // Trailing spaces make this break, and it covers them.
            if (run) trimTrailingBlanks(run);
            const before = ranges[i - 1]?.[1] ?? offset;
            while (start > before && isSpace(content.charCodeAt(start - 1))) start--;
          }
          flush();
          builder.atomic("\n", map.range(start, end));
          break;
        }
        case "code_inline": {
          // Code sits inside sentences ("click `Save` to continue"): mask it so the sentence holds.
          flush();
          const range = map.range(from, to);
          builder.mask(this.source.slice(range[0], range[1]), range);
          break;
        }
        case "html_inline":
          flush();
          this.inlineHtml(builder, map.range(from, to));
          break;
        case "image": {
          flush();
          const range = map.range(from, to);
          builder.mask(this.source.slice(range[0], range[1]), range);
          images?.push({ token, offset: from });
          break;
        }
        case "link_open":
          flush();
          if (token.markup === "autolink") {
            const range = map.range(from, to);
            builder.mask(this.source.slice(range[0], range[1]), range);
            while (i + 1 < tokens.length && tokens[i]!.type !== "link_close") i++;
          }
          break;
        default:
          // Emphasis, strong and link boundaries: their text is prose, their markup is not, so
          // the runs simply step over the markup.
          flush();
      }
    }
    flush();
  }

  /** Appends a run of text with placeholders and URLs masked. */
  private appendRun(builder: SegmentBuilder, run: TextRun): void {
    const { value, pieces } = run;
    const first = pieces[0]!;
    const verbatim = pieces.every((p, k) => p.kind === "verbatim" && (k === 0 || p.src[0] === pieces[k - 1]!.src[1]));
    if (verbatim && !URL_HINT.test(value)) {
      appendMasked(builder, value, first.src[0], this.placeholders);
      return;
    }
    const spans = mergeSpans(urlSpans(value), placeholderSpans(value, this.placeholders));
    emitPieces(builder, value, this.source, pieces, spans);
  }

  private inlineHtml(builder: SegmentBuilder, range: Range): void {
    const raw = this.source.slice(range[0], range[1]);
    if (raw.startsWith("<!--")) {
      this.collectDirectives(range);
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

  private collectDirectives(range: Range): void {
    const raw = this.source.slice(range[0], range[1]);
    for (const m of raw.matchAll(/<!--([\s\S]*?)-->/g)) {
      const start = range[0] + m.index;
      const directive = parseDirective(m[1]!, [start, start + m[0].length]);
      if (directive) this.directives.push(directive);
    }
  }
}

/**
 * Each token's [start, end) in the content. A token whose position does not read as it
 * (which the tokenizer should never leave) gets the stretch between its neighbours instead.
 */
function tokenRanges(tokens: readonly Token[], offset: number, content: string, onFallback?: MarkdownFallback): Range[] {
  let autolink = false;
  const ranges: (Range | undefined)[] = tokens.map((token) => {
    const map = token.map;
    if (!map) return undefined;
    const range: Range = [map[0] + offset, map[1] + offset];
    if (range[0] > range[1] || range[1] > content.length) return undefined;
    // An autolink's text is its address, normalised; the autolink is masked whole.
    if (token.type === "link_open" || token.type === "link_close") autolink = token.type === "link_open" && token.markup === "autolink";
    if (autolink) return range;
    // An emphasis marker used up by `strong` (a text token emptied): its character stays its own.
    if (token.type === "text" && token.content === "") return range;
    if (token.type === "text" && token.content !== content.slice(range[0], range[1])) return undefined;
    if (token.type === "text_special" && token.markup !== content.slice(range[0], range[1])) return undefined;
    return range;
  });
  ranges.forEach((range, i) => {
    if (!range) onFallback?.(`${tokens[i]!.type} ${JSON.stringify(tokens[i]!.content)} has no position`);
  });
  return ranges.map((range, i) => {
    if (range) return range;
    let before = offset;
    for (let k = i - 1; k >= 0; k--) {
      const r = ranges[k];
      if (r) {
        before = r[1];
        break;
      }
    }
    let after = content.length;
    for (let k = i + 1; k < ranges.length; k++) {
      const r = ranges[k];
      if (r) {
        after = r[0];
        break;
      }
    }
    return [before, Math.max(before, after)];
  });
}

/** Blanks before a line ending are no part of the text; markdown-it leaves tabs there. */
function trimTrailingBlanks(run: TextRun): void {
  const { pieces } = run;
  for (;;) {
    const last = pieces[pieces.length - 1];
    if (!last || last.kind !== "verbatim") return;
    let end = last.value[1];
    while (end > last.value[0] && isSpace(run.value.charCodeAt(end - 1))) end--;
    if (end === last.value[1]) return;
    run.value = run.value.slice(0, end);
    if (end === last.value[0]) {
      pieces.pop();
      continue;
    }
    pieces[pieces.length - 1] = { kind: "verbatim", value: [last.value[0], end], src: [last.src[0], last.src[0] + (end - last.value[0])] };
    return;
  }
}

/**
 * The plain text of inline tokens, for a unit's title: text decoded, code and HTML as written,
 * images by their alt text, hard breaks as nothing (titles have always read so).
 */
function flatten(tokens: readonly Token[], offset: number, content: string): string {
  const ranges = tokenRanges(tokens, offset, content);
  let text = "";
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    switch (token.type) {
      case "text":
      case "text_special":
      case "code_inline":
      case "html_inline":
        text += token.content;
        break;
      case "softbreak":
        text += "\n";
        break;
      case "image":
        text += flatten(token.children ?? [], ranges[i]![0] + 2, content);
        break;
      case "link_open":
        // An autolink's text is the address as written between its brackets.
        if (token.markup === "autolink") {
          text += content.slice(ranges[i]![0] + 1, ranges[i]![1] - 1);
          while (i + 1 < tokens.length && tokens[i]!.type !== "link_close") i++;
        }
        break;
      default:
    }
  }
  return text;
}

/** Compares titles while ignoring how line breaks were spelled. */
function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------------------------------------
// Text runs: mask placeholders and URLs over decoded pieces.

interface MaskSpan {
  start: number;
  end: number;
  /** Undefined: the default letter filler. */
  filler: string | undefined;
}

/**
 * Bare URLs and e-mail addresses (CommonMark leaves them as text). A `{{…}}` placeholder inside a
 * URL is taken whole so the URL does not stop at its inner spaces.
 */
const BARE_URL = /(?:\b(?:https?:\/\/|mailto:|www\.)(?:\{\{[^{}]*\}\}|\{%[^{}]*%\}|[^\s<>"'`])+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/gi;
/** What a paragraph drops from the source: container indentation and trailing line whitespace. */
const DROPPED_WHITESPACE = /[ \t\r\n]/;

/**
 * Walks `value` and `source[range]` together: characters that match stay verbatim, a NUL that
 * reads U+FFFD is an atomic piece, dropped indentation is stepped over. Anything the walk cannot
 * explain ends the walk with one atomic piece for the rest, which is coarse but exact.
 */
export function alignDecoded(value: string, source: string, range: Range): DecodedPiece[] {
  const pieces: DecodedPiece[] = [];
  let i = 0;
  let j = range[0];
  const end = range[1];
  while (i < value.length) {
    if (j >= end) {
      pieces.push({ kind: "atomic", value: [i, value.length], src: [end, end] });
      break;
    }
    const c = source[j]!;
    if (c === "\0" && value[i] === "\uFFFD") {
      pieces.push({ kind: "atomic", value: [i, i + 1], src: [j, j + 1] });
      i++;
      j++;
      continue;
    }
    if (value[i] === c) {
      const last = pieces[pieces.length - 1];
      if (last && last.kind === "verbatim" && last.value[1] === i && last.src[1] === j) {
        pieces[pieces.length - 1] = { kind: "verbatim", value: [last.value[0], i + 1], src: [last.src[0], j + 1] };
      } else {
        pieces.push({ kind: "verbatim", value: [i, i + 1], src: [j, j + 1] });
      }
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

/** The top-level headings below the title (level 2 and deeper), where each starts in the file. */
function sectionHeadings(tokens: readonly Token[], lines: SourceLines, inlineTokens: (inline: Token) => Token[]): SectionHeading[] {
  const headings: SectionHeading[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const inline = tokens[i + 1];
    if (token.type !== "heading_open" || token.level !== 0 || inline?.type !== "inline" || !inline.map) continue;
    const depth = Number(token.tag.slice(1));
    if (depth < 2) continue;
    let start = lines.starts[inline.map[0]]!;
    while (isSpace(lines.source.charCodeAt(start))) start++;
    headings.push({ depth, start, title: () => collapse(flatten(inlineTokens(inline), 0, inline.content)).trim() });
  }
  return headings;
}

/**
 * Macro collections in Markdown put one reply under each heading ("## Refund — outside window").
 * When a file has two or more headings at its main section level (the shallowest level below
 * the title), each section is a unit with the heading as its title and its own score; text
 * before the first section is the "document" unit. Other files are one unit.
 */
function sectionUnits(headings: readonly SectionHeading[], text: string): Unit[] {
  const level = headings.reduce((min, h) => Math.min(min, h.depth), Infinity);
  const sections = headings.filter((h) => h.depth === level);
  if (sections.length < 2) return [{ id: "document", range: [0, text.length] }];
  const starts = sections.map((h) => h.start);
  const units: Unit[] = [{ id: "document", range: [0, starts[0]!] }];
  const seen = new Map<string, number>();
  sections.forEach((h, i) => {
    const title = h.title();
    const slug = title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || `section-${i + 1}`;
    const n = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, n);
    units.push({ id: n > 1 ? `${slug}-${n}` : slug, title, range: [starts[i]!, starts[i + 1] ?? text.length] });
  });
  return units;
}

// ---------------------------------------------------------------------------------------------
// Front matter

/** Front matter as micromark-extension-frontmatter read it: line 1, then a closing line. */
const FRONT_MATTER_OPEN = /^(---|\+\+\+)[ \t]*(\r\n?|\n)/;

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
