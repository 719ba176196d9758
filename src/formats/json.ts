/**
 * JSON exports of helpdesks (.json): Zendesk macros, Freshdesk canned responses, Help Scout saved
 * replies, Intercom macros, Gorgias macros, Salesforce Quick Text and Zendesk dynamic content are
 * recognised by shape (formats.md §1); anything else is linted through `formats.json.paths`. Only
 * customer-facing fields become segments, each macro or reply is a unit, and every escape
 * (`\n`, `\"`, `\u00e9`, surrogate pairs) is an atomic run over its source, so findings slice the
 * .json file exactly, even inside HTML held in a string. Large files are parsed one macro (one
 * collection element) at a time, so memory follows the largest macro, not the export.
 */
import { getNodePath, parseTree, printParseErrorCode, visit, type Node, type NodeType, type ParseError } from "jsonc-parser";
import type { Directive, DocumentPart, Segment, SegmentKind, Unit } from "../core/types.js";
import { DecodedTextBuilder, plainTextSegments, sameWords, type DecodedText } from "./decoded-text.js";
import { parseDirective } from "./directives.js";
import { htmlSegments, looksLikeHtml } from "./html.js";
import { matchPath, parsePath, PathSyntaxError, type PathNode, type PathStep } from "./json-paths.js";
import type { CompiledPlaceholders } from "./placeholders.js";
import { FormatError, type AdapterOptions, type FormatAdapter, type PartedDocument } from "./types.js";
import { decodeHTML } from "entities";

const REASONS: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between values",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the array",
  EndOfFileExpected: "unexpected content after the end of the JSON value",
  InvalidCommentToken: "invalid comment",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string (a raw line break inside a string must be written \\n)",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid \\u escape (needs four hex digits)",
  InvalidEscapeCharacter: "invalid escape sequence in a string",
  InvalidCharacter: "control character inside a string (escape it, e.g. \\n or \\t)",
};

/** The parser's reason in plain words; a trailing comma gets named, as it is the usual cause. */
function reasonFor(text: string, error: ParseError): string {
  const code = printParseErrorCode(error.error);
  const before = text.slice(0, error.offset).trimEnd();
  if ((code === "PropertyNameExpected" || code === "ValueExpected") && before.endsWith(",") && /^\s*[}\]]/.test(text.slice(error.offset))) {
    return "trailing comma (JSON allows none before '}' or ']')";
  }
  return `invalid JSON: ${REASONS[code] ?? code}`;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** Decodes a string literal node with a piece per escape, in source offsets. */
export function decodeJsonString(source: string, node: Node): DecodedText {
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  const out = new DecodedTextBuilder();
  let i = start;
  while (i < end) {
    const slash = source.indexOf("\\", i);
    if (slash < 0 || slash >= end) {
      out.verbatim(source.slice(i, end), i);
      break;
    }
    out.verbatim(source.slice(i, slash), i);
    const c = source[slash + 1]!;
    if (c === "u") {
      const code = parseInt(source.slice(slash + 2, slash + 6), 16);
      // A surrogate pair is one character to the reader: one atomic run over both escapes.
      if (code >= 0xd800 && code <= 0xdbff && source.startsWith("\\u", slash + 6)) {
        const low = parseInt(source.slice(slash + 8, slash + 12), 16);
        if (low >= 0xdc00 && low <= 0xdfff) {
          out.atomic(String.fromCharCode(code, low), [slash, slash + 12]);
          i = slash + 12;
          continue;
        }
      }
      out.atomic(String.fromCharCode(code), [slash, slash + 6]);
      i = slash + 6;
    } else {
      out.atomic(SIMPLE_ESCAPES[c] ?? c, [slash, slash + 2]);
      i = slash + 2;
    }
  }
  return out.build(start, end);
}

// ---------------------------------------------------------------------------------------------
// Tree helpers

function prop(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== "object") return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}

function items(node: Node | undefined): Node[] {
  return node?.type === "array" ? (node.children ?? []) : [];
}

function str(node: Node | undefined): string | undefined {
  return node?.type === "string" ? (node.value as string) : undefined;
}

function scalarText(node: Node | undefined): string | undefined {
  return node && (node.type === "string" || node.type === "number") ? String(node.value) : undefined;
}

type Key = string | number;

function toPathNode(node: Node): PathNode<Node> {
  return {
    node,
    children: () => {
      if (node.type === "object") {
        return (node.children ?? []).flatMap((p) => (p.children?.[1] ? [[p.children[0]!.value as string, toPathNode(p.children[1])] as const] : []));
      }
      if (node.type === "array") return (node.children ?? []).map((c, i) => [i, toPathNode(c)] as const);
      return [];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Emitting segments

class Collector {
  segments: Segment[] = [];
  directives: Directive[] = [];
  /** Units of the current part; `segment.unit` indexes into these. */
  units: Unit[] = [];
  /** Parts handed over so far. */
  emitted = 0;
  /** Where the tree being linted sits in the file: [] for the whole file's tree, an element's path for an element parsed alone. */
  base: readonly Key[] = [];
  constructor(
    readonly source: string,
    readonly placeholders: CompiledPlaceholders,
    /** Takes each finished part; without it, everything stays in one part. */
    private readonly emit?: (part: DocumentPart) => void,
  ) {}

  /** Hands over what was collected since the last part (whole units only) and starts a new part. */
  flush(): void {
    if (!this.emit || (this.units.length === 0 && this.directives.length === 0)) return;
    this.segments.sort(bySource);
    this.emit({ segments: this.segments, units: this.units, directives: this.directives });
    this.emitted++;
    this.segments = [];
    this.units = [];
    this.directives = [];
  }

  /** JSON Pointer of a node, from the file's root. */
  pointer(node: Node): string {
    return "/" + [...this.base, ...getNodePath(node)].map((k) => String(k).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
  }

  unit(node: Node, id: string, title?: string): number {
    this.units.push({ id, range: [node.offset, node.offset + node.length], ...(title ? { title } : {}) });
    return this.units.length - 1;
  }

  plain(node: Node | undefined, unit: number, kind: SegmentKind = "paragraph"): void {
    if (node?.type !== "string") return;
    const d = decodeJsonString(this.source, node);
    this.segments.push(...plainTextSegments(d, { placeholders: this.placeholders, unit, kind }));
  }

  html(node: Node | undefined, unit: number): void {
    if (node?.type !== "string") return;
    const d = decodeJsonString(this.source, node);
    const res = htmlSegments(d.text, { placeholders: this.placeholders, unit, decoded: d });
    this.segments.push(...res.segments);
    this.directives.push(...res.directives);
  }

  /** A string whose markup is not known: HTML if it looks like HTML. */
  auto(node: Node | undefined, unit: number, html?: boolean): void {
    if (node?.type !== "string") return;
    if (html ?? looksLikeHtml(node.value as string)) this.html(node, unit);
    else this.plain(node, unit);
  }

  /**
   * Two renderings of one reply (Freshdesk content/content_html, Gorgias body_text/body_html):
   * when they say the same words, lint the plain one only, so each finding is reported once;
   * when they differ, both can reach the customer, so lint both.
   */
  oneOf(plain: Node | undefined, html: Node | undefined, unit: number): void {
    const p = str(plain);
    const h = str(html);
    if (p !== undefined && h !== undefined && sameWords(p, decodeHTML(h.replace(/<(?!attribute\b)[^>]*>/g, " ")), this.placeholders)) {
      this.plain(plain, unit);
      return;
    }
    this.plain(plain, unit);
    this.html(html, unit);
  }
}

// ---------------------------------------------------------------------------------------------
// Vendor shapes (formats.md §1)

interface Shape {
  readonly name: string;
  readonly matches: (item: Node) => boolean;
  readonly lint: (c: Collector, item: Node, index: number) => void;
}

function idOf(item: Node, fallback: () => string, ...keys: string[]): string {
  for (const k of [...keys, "id"]) {
    const v = scalarText(prop(item, k));
    if (v !== undefined) return v;
  }
  return fallback();
}

/** Zendesk's `comment_value` is a string or, in UI-built macros, `["channel:all", "text"]`. */
function commentText(value: Node | undefined): Node | undefined {
  if (value?.type === "string") return value;
  const strings = items(value).filter((n) => n.type === "string" && !/^channel:/.test(n.value as string));
  return strings[strings.length - 1];
}

const zendesk: Shape = {
  name: "Zendesk macro",
  matches: (item) => items(prop(item, "actions")).some((a) => prop(a, "field") !== undefined),
  lint(c, item, index) {
    const unit = c.unit(item, idOf(item, () => c.pointer(item)), str(prop(item, "title")) ?? `macro ${index + 1}`);
    const actions = items(prop(item, "actions"));
    const values = (field: string) => actions.filter((a) => str(prop(a, "field")) === field).map((a) => prop(a, "value"));
    const mode = values("comment_mode_is_public")[0];
    // An internal note never reaches the customer; its subject change still does.
    const internal = mode !== undefined && (mode.value === false || mode.value === "false");
    for (const subject of values("subject")) c.plain(subject, unit, "field");
    if (internal) return;
    c.oneOf(commentText(values("comment_value")[0]), values("comment_value_html")[0], unit);
  },
};

const gorgias: Shape = {
  name: "Gorgias macro",
  matches: (item) => items(prop(item, "actions")).some((a) => str(prop(a, "name")) !== undefined && prop(a, "field") === undefined),
  lint(c, item, index) {
    const unit = c.unit(item, idOf(item, () => c.pointer(item)), str(prop(item, "name")) ?? `macro ${index + 1}`);
    for (const action of items(prop(item, "actions"))) {
      if (str(prop(action, "name")) !== "setResponseText") continue;
      const args = prop(action, "arguments");
      c.oneOf(prop(args, "body_text"), prop(args, "body_html"), unit);
    }
  },
};

const freshdesk: Shape = {
  name: "Freshdesk canned response",
  matches: (item) => str(prop(item, "content_html")) !== undefined || (str(prop(item, "content")) !== undefined && prop(item, "title") !== undefined),
  lint(c, item, index) {
    const unit = c.unit(item, idOf(item, () => c.pointer(item)), str(prop(item, "title")) ?? `response ${index + 1}`);
    c.oneOf(prop(item, "content"), prop(item, "content_html"), unit);
  },
};

const helpScout: Shape = {
  name: "Help Scout saved reply",
  matches: (item) =>
    prop(item, "name") !== undefined &&
    ["text", "chatText", "preview", "chatPreview"].some((k) => str(prop(item, k)) !== undefined),
  lint(c, item, index) {
    const unit = c.unit(item, idOf(item, () => c.pointer(item)), str(prop(item, "name")) ?? `saved reply ${index + 1}`);
    const text = prop(item, "text");
    const chat = prop(item, "chatText");
    if (text || chat) {
      // Email (HTML) and chat (plain) are separate replies; one pass when they say the same.
      c.oneOf(chat, text, unit);
    } else {
      // The list endpoint only has (truncated) previews; better than linting nothing.
      c.auto(prop(item, "preview"), unit);
      c.auto(prop(item, "chatPreview"), unit);
    }
  },
};

const intercom: Shape = {
  name: "Intercom macro",
  matches: (item) =>
    str(prop(item, "type")) === "macro" ||
    str(prop(item, "body_text")) !== undefined ||
    ((prop(item, "name") !== undefined || prop(item, "title") !== undefined) &&
      (str(prop(item, "body")) !== undefined || prop(item, "body")?.type === "array")),
  lint(c, item, index) {
    const title = str(prop(item, "name")) ?? str(prop(item, "title")) ?? `macro ${index + 1}`;
    const unit = c.unit(item, idOf(item, () => c.pointer(item)), title);
    c.plain(prop(item, "subject"), unit, "field");
    const body = prop(item, "body");
    if (body?.type === "array") {
      // Block-style bodies: each block's `text` holds inline HTML.
      for (const block of items(body)) c.html(prop(block, "text"), unit);
      if (!prop(item, "body_text")) return;
    }
    c.oneOf(prop(item, "body_text"), body?.type === "string" ? body : undefined, unit);
  },
};

const salesforce: Shape = {
  name: "Salesforce Quick Text",
  matches: (item) => str(prop(item, "Message")) !== undefined,
  lint(c, item, index) {
    const unit = c.unit(item, idOf(item, () => c.pointer(item), "Id"), str(prop(item, "Name")) ?? `quick text ${index + 1}`);
    c.auto(prop(item, "Message"), unit);
  },
};

const dynamicContent: Shape = {
  name: "Zendesk dynamic content item",
  matches: (item) => items(prop(item, "variants")).some((v) => prop(v, "content") !== undefined),
  lint(c, item, index) {
    const unit = c.unit(item, idOf(item, () => c.pointer(item)), str(prop(item, "name")) ?? `item ${index + 1}`);
    for (const v of items(prop(item, "variants"))) c.auto(prop(v, "content"), unit);
  },
};

const SHAPES: readonly Shape[] = [zendesk, gorgias, dynamicContent, freshdesk, helpScout, salesforce, intercom];

const KNOWN_FIELDS =
  "Zendesk macros (actions[] of {field, value} with field comment_value / comment_value_html), " +
  "Gorgias macros (actions[] with name setResponseText and arguments.body_text / body_html), " +
  "Freshdesk canned responses (title + content / content_html), " +
  "Help Scout saved replies (name + text / chatText), " +
  "Intercom macros (name + body / body_text), " +
  "Salesforce Quick Text (Name + Message) and Zendesk dynamic content (variants[].content)";

const HOW_TO_PATHS =
  'set formats.json.paths in the cxlint config to the fields to lint, e.g. { "formats": { "json": { "paths": ["$.items[*].reply"] } } }';

/** Envelope keys of list endpoints; `strict` ones say "this is a macro export", so a shape mismatch is an error. */
const ENVELOPES: ReadonlyArray<readonly [key: string, strict: boolean]> = [
  ["macros", true],
  ["macro", true],
  ["canned_responses", true],
  ["saved_replies", true],
  ["data", false],
  ["_results", false],
  ["records", false],
  ["items", false],
  ["responses", false],
];

/** The item list of a vendor export: the root array or an envelope's, and the strict envelope key if any. */
function envelopeList(root: Node): { list: Node | readonly Node[]; envelope?: string } | undefined {
  if (root.type === "array") return { list: root };
  if (root.type !== "object") return undefined;
  for (const [key, strict] of ENVELOPES) {
    const v = prop(root, key);
    if (v?.type === "array") return strict ? { list: v, envelope: key } : { list: v };
    if (v?.type === "object" && key === "macro") return { list: [v], envelope: key };
  }
  return undefined;
}

function lintVendor(c: Collector, root: Node): boolean {
  const found = envelopeList(root) ?? (root.type === "object" && SHAPES.some((s) => s.matches(root)) ? { list: [root] } : undefined);
  if (!found) return false;
  const list = Array.isArray(found.list) ? (found.list as readonly Node[]) : items(found.list as Node);
  return lintItems(c, list.length, list, found.envelope);
}

/**
 * Lints the object items of a list of `count` values, read once and in order (so an element
 * parsed on its own can be dropped before the next). The first item no shape knows is an error
 * when the envelope says this is a macro export or when another item is known; when none is
 * known, this is not an export cxlint knows (false).
 */
function lintItems(c: Collector, count: number, list: Iterable<Node>, envelope: string | undefined): boolean {
  // An empty export has nothing to lint.
  if (count === 0) return true;
  let known = 0;
  let unknown: { index: number; offset: number } | undefined;
  let index = 0;
  for (const item of list) {
    if (item.type !== "object") continue;
    const i = index++;
    const shape = SHAPES.find((s) => s.matches(item));
    if (shape) {
      known++;
      if (!unknown) shape.lint(c, item, i);
    } else {
      unknown ??= { index: i, offset: item.offset };
    }
    if (unknown && (envelope || known > 0)) break;
  }
  // A list of unknown things is not an export we know.
  if (known === 0 && !envelope) return false;
  if (!unknown) return true;
  const what = envelope ? `"${envelope}" export` : "export";
  throw new FormatError(
    `item ${unknown.index + 1} of this ${what} has none of the fields cxlint lints; expected ${KNOWN_FIELDS}. ` +
      `If this file has another layout, ${HOW_TO_PATHS}`,
    unknown.offset,
  );
}

// ---------------------------------------------------------------------------------------------
// Generic paths

function stringList(value: unknown, key: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  throw new FormatError(`formats.${key} must be a path string or a list of path strings`, 0);
}

function compile(path: string, key: string) {
  try {
    return parsePath(path);
  } catch (e) {
    if (e instanceof PathSyntaxError) throw new FormatError(`formats.${key}: ${e.message}`, 0);
    throw e;
  }
}

interface PathSettings {
  readonly paths: readonly PathStep[][];
  readonly title?: PathStep[];
  readonly id?: PathStep[];
  readonly html?: boolean;
}

/** Compiles the settings' paths, in the order their errors are reported: title, id, then paths. */
function pathSettings(settings: Readonly<Record<string, unknown>>, paths: readonly string[]): PathSettings {
  const title = typeof settings["title"] === "string" ? compile(settings["title"], "json.title") : undefined;
  const id = typeof settings["id"] === "string" ? compile(settings["id"], "json.id") : undefined;
  const html = typeof settings["html"] === "boolean" ? settings["html"] : undefined;
  return { paths: paths.map((p) => compile(p, "json.paths")), title, id, html };
}

function stringsUnder(node: Node, out: Node[]): void {
  if (node.type === "string") out.push(node);
  else for (const child of node.children ?? []) stringsUnder(child, out);
}

interface Hit {
  readonly unit: Node;
  readonly value: Node;
}

/** The strings under a selected node, each with its unit: a field of an object belongs to that object (the macro); a bare array item is its own unit. */
function addHits(match: Node, hits: Hit[]): void {
  const unit = match.parent?.type === "property" ? match.parent.parent! : match;
  const strings: Node[] = [];
  stringsUnder(match, strings);
  for (const value of strings) hits.push({ unit, value });
}

/**
 * Units and segments for hits, in unit order then source order, each string once (in the
 * outermost unit that selects it). Called on the whole file's hits, or on groups of them in
 * document order whose units no other group has.
 */
function emitHits(c: Collector, hits: Hit[], ps: PathSettings): void {
  hits.sort((a, b) => a.unit.offset - b.unit.offset || a.value.offset - b.value.offset);
  const unitIndex = new Map<Node, number>();
  const seen = new Set<Node>();
  for (const { unit, value } of hits) {
    if (seen.has(value)) continue;
    seen.add(value);
    let index = unitIndex.get(unit);
    if (index === undefined) {
      const pick = (steps: PathStep[] | undefined) =>
        steps ? matchPath(toPathNode(unit), steps).map((n) => scalarText(n.node)).find((v) => v !== undefined) : undefined;
      const title = pick(ps.title) ?? (unit.type === "object" ? (str(prop(unit, "title")) ?? str(prop(unit, "name"))) : undefined);
      const id = pick(ps.id) ?? (unit.type === "object" ? scalarText(prop(unit, "id")) : undefined) ?? c.pointer(unit);
      index = c.unit(unit, id, title);
      unitIndex.set(unit, index);
    }
    const key = value.parent?.type === "property" ? String(value.parent.children?.[0]?.value ?? "") : "";
    c.auto(value, index, ps.html ?? (/html$/i.test(key) ? true : undefined));
  }
}

function lintPaths(c: Collector, root: Node, ps: PathSettings): void {
  const hits: Hit[] = [];
  for (const steps of ps.paths) for (const match of matchPath(toPathNode(root), steps)) addHits(match.node, hits);
  emitHits(c, hits, ps);
}

// ---------------------------------------------------------------------------------------------
// Large files, one collection element at a time
//
// parseTree on a 20 MB export builds millions of nodes at once. Instead, one visit over the file
// checks it (the same errors parseTree reports) and builds a skeleton: the tree without the
// elements of its collections, the outermost arrays at depth ≤ 2 (the root array, `macros`,
// `data.items`…), of which it keeps each element's [start, end). Each element is then parsed on
// its own, linted, and dropped. The output is the same as the whole-tree path's; shapes the
// chunked path cannot follow (a single macro, a path that selects a whole collection) fall back
// to it.

/** Files at least this long (UTF-16 units) are parsed one collection element at a time. */
export const CHUNK_ABOVE = 1_000_000;

/** Internal knobs, for tests. */
export interface JsonParseTuning {
  /** Parse element by element from this length on (0: always, Infinity: never). */
  readonly chunkAbove?: number;
  /** Told which path produced the result. */
  readonly trace?: (path: "whole" | "chunked") => void;
}

const PARSE_OPTIONS = { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true };

interface Collection {
  /** The array, in the skeleton: its `children` stay empty. */
  readonly node: Node;
  /** Each element's [start, end) in the source, one pair after the other. */
  readonly bounds: number[];
}

interface Skeleton {
  readonly root: Node | undefined;
  readonly errors: ParseError[];
  /** By array node, in document order. */
  readonly collections: Map<Node, Collection>;
  /** Collections and their ancestors: the nodes whose subtree the skeleton lacks. */
  readonly holders: Set<Node>;
}

/** A jsonc-parser node while it is built. */
interface Building {
  type: NodeType;
  offset: number;
  length: number;
  parent?: Building;
  children?: Building[];
  value?: unknown;
  colonOffset?: number;
}

/** Not the chunked path's case after all (an element that does not parse alone): use the whole tree. */
class ChunkFallback extends Error {
  constructor(readonly offset: number) {
    super("a collection element does not parse on its own");
  }
}

/** parseTree's tree builder, except that collection elements are only measured. */
function scanSkeleton(text: string): Skeleton {
  const errors: ParseError[] = [];
  const collections = new Map<Node, Collection>();
  const top: Building = { type: "array", offset: -1, length: -1, children: [] };
  let parent = top;
  let level = 0; // containers open around the next value
  let open: Collection | undefined; // the collection `parent` is
  let nesting = 0; // containers open inside the current element of `open`
  let start = 0; // where that element began
  const add = (node: Building) => {
    parent.children!.push(node);
    return node;
  };
  const completeProperty = (end: number) => {
    if (parent.type === "property") {
      parent.length = end - parent.offset;
      parent = parent.parent!;
    }
  };
  const enterElement = (offset: number) => {
    if (nesting++ === 0) start = offset;
  };
  const leaveElement = (offset: number, length: number) => {
    if (--nesting === 0) open!.bounds.push(start, offset + length);
  };
  visit(
    text,
    {
      onObjectBegin(offset) {
        if (open) return enterElement(offset);
        parent = add({ type: "object", offset, length: -1, parent, children: [] });
        level++;
      },
      onObjectProperty(name, offset, length) {
        if (open) return;
        parent = add({ type: "property", offset, length: -1, parent, children: [] });
        parent.children!.push({ type: "string", value: name, offset, length, parent });
      },
      onObjectEnd(offset, length) {
        if (open) return leaveElement(offset, length);
        completeProperty(offset + length);
        parent.length = offset + length - parent.offset;
        parent = parent.parent!;
        level--;
        completeProperty(offset + length);
      },
      onArrayBegin(offset) {
        if (open) return enterElement(offset);
        parent = add({ type: "array", offset, length: -1, parent, children: [] });
        if (level <= 2) {
          open = { node: parent as Node, bounds: [] };
          collections.set(open.node, open);
        }
        level++;
      },
      onArrayEnd(offset, length) {
        if (open && nesting > 0) return leaveElement(offset, length);
        open = undefined;
        parent.length = offset + length - parent.offset;
        parent = parent.parent!;
        level--;
        completeProperty(offset + length);
      },
      onLiteralValue(value: unknown, offset, length) {
        if (open) {
          if (nesting === 0) open.bounds.push(offset, offset + length);
          return;
        }
        const type: NodeType = value === null ? "null" : (typeof value as "string" | "number" | "boolean");
        add({ type, offset, length, parent, value });
        completeProperty(offset + length);
      },
      onSeparator(sep, offset) {
        if (open || parent.type !== "property") return;
        if (sep === ":") parent.colonOffset = offset;
        else if (sep === ",") completeProperty(offset);
      },
      onError(error, offset, length) {
        errors.push({ error, offset, length });
      },
    },
    PARSE_OPTIONS,
  );
  const root = top.children![0];
  if (root) delete root.parent;
  const holders = new Set<Node>();
  for (const node of collections.keys()) for (let n: Node | undefined = node; n; n = n.parent) holders.add(n);
  return { root: root as Node | undefined, errors, collections, holders };
}

/** Parses source[start, end) on its own, with the offsets it has in the source. */
function parseElement(text: string, start: number, end: number): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text.slice(start, end), errors, PARSE_OPTIONS) as Building | undefined;
  if (!root || errors.length > 0) throw new ChunkFallback(start);
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    n.offset += start;
    if (n.colonOffset !== undefined) n.colonOffset += start;
    if (n.children) for (const child of n.children) stack.push(child);
  }
  return root as Node;
}

/** A collection's object elements, each parsed when asked for, with `c.base` at its path. */
function* elementObjects(c: Collector, text: string, col: Collection): Generator<Node> {
  const path = getNodePath(col.node);
  try {
    for (let i = 0; i < col.bounds.length; i += 2) {
      const start = col.bounds[i]!;
      if (text.charCodeAt(start) !== 0x7b /* { */) continue;
      c.base = [...path, i / 2];
      yield parseElement(text, start, col.bounds[i + 1]!);
      // The element is linted by the time the next one is asked for.
      c.flush();
    }
  } finally {
    c.base = [];
  }
}

/** Per path, the NFA states (steps consumed) a node's path reaches; matchPath as a walk down from the root. */
type PathStates = ReadonlyArray<readonly number[]>;

/** States after one more key (a property name) or index (of an array of `length` items); undefined when no path can match below. */
function advance(paths: readonly PathStep[][], states: PathStates, key: Key, length: number): PathStates | undefined {
  let live = false;
  const next = states.map((ks, p) => {
    const steps = paths[p]!;
    const out: number[] = [];
    const reach = (k: number) => {
      if (!out.includes(k)) out.push(k);
    };
    for (const k of ks) {
      const step = steps[k];
      if (!step) continue;
      if (step.type === "index") {
        if (key === (step.index < 0 ? length + step.index : step.index)) reach(k + 1);
      } else {
        if (step.deep) reach(k);
        if (step.type === "any" || key === step.key) reach(k + 1);
      }
    }
    live ||= out.length > 0;
    return out;
  });
  return live ? next : undefined;
}

function selected(paths: readonly PathStep[][], states: PathStates): boolean {
  return states.some((ks, p) => ks.includes(paths[p]!.length));
}

/** Nodes under `node` (itself included) that a path selects; `stop` may claim a node instead of it being walked. */
function selectUnder(node: Node, states: PathStates, paths: readonly PathStep[][], out: Node[], stop?: (node: Node, states: PathStates) => boolean): void {
  if (stop?.(node, states)) return;
  if (selected(paths, states)) out.push(node);
  if (node.type === "object") {
    for (const p of node.children ?? []) {
      const value = p.children?.[1];
      const next = value && advance(paths, states, p.children![0]!.value as string, 0);
      if (next) selectUnder(value, next, paths, out, stop);
    }
  } else if (node.type === "array") {
    const kids = node.children ?? [];
    kids.forEach((kid, i) => {
      const next = advance(paths, states, i, kids.length);
      if (next) selectUnder(kid, next, paths, out, stop);
    });
  }
}

/**
 * formats.json.paths over the skeleton, then over each element a path can reach, emitting
 * groups in unit order. False when a selection spans elements (a path selects a collection or
 * a node holding one, or a title/id path would look into one): the whole tree is needed.
 */
function planPathsChunked(text: string, sk: Skeleton, ps: PathSettings): ((c: Collector) => void) | undefined {
  const { paths } = ps;
  const matches: Node[] = [];
  const reached: Array<{ col: Collection; states: PathStates }> = [];
  let spans = false;
  selectUnder(sk.root!, paths.map(() => [0]), paths, matches, (node, states) => {
    if (sk.holders.has(node) && selected(paths, states)) spans = true;
    const col = sk.collections.get(node);
    if (col) reached.push({ col, states });
    return spans || col !== undefined;
  });
  if (spans) return undefined;
  const outside: Hit[] = [];
  for (const m of matches) addHits(m, outside);
  if ((ps.title || ps.id) && outside.some((h) => sk.holders.has(h.unit))) return undefined;
  // Skeleton units come before, between or after elements: sorted once, emitted in turn.
  outside.sort((a, b) => a.unit.offset - b.unit.offset || a.value.offset - b.value.offset);
  const seen = new Set<Node>();
  const pending = outside.filter((h) => !seen.has(h.value) && seen.add(h.value));
  return (c) => {
    let next = 0;
    const emitOutsideBefore = (offset: number) => {
      let end = next;
      while (end < pending.length && pending[end]!.unit.offset < offset) end++;
      if (end > next) emitHits(c, pending.slice(next, end), ps);
      next = end;
      c.flush();
    };
    for (const { col, states } of reached) {
      const path = getNodePath(col.node);
      const count = col.bounds.length / 2;
      for (let i = 0; i < count; i++) {
        const at = advance(paths, states, i, count);
        if (!at) continue;
        const start = col.bounds[2 * i]!;
        emitOutsideBefore(start);
        const found: Node[] = [];
        selectUnder(parseElement(text, start, col.bounds[2 * i + 1]!), at, paths, found);
        const hits: Hit[] = [];
        for (const m of found) addHits(m, hits);
        c.base = [...path, i];
        emitHits(c, hits, ps);
        c.base = [];
        c.flush();
      }
    }
    emitOutsideBefore(Infinity);
  };
}

// ---------------------------------------------------------------------------------------------

/** `// cxlint-disable-next-line …` in a JSONC comment. */
function commentDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  visit(text, {
    onComment(offset, length) {
      const raw = text.slice(offset, offset + length);
      const body = raw.startsWith("//") ? raw.slice(2) : raw.slice(2, -2);
      const d = parseDirective(body, [offset, offset + length]);
      if (d) out.push(d);
    },
  });
  return out;
}

function parseFailure(text: string, errors: readonly ParseError[]): FormatError {
  return new FormatError(reasonFor(text, errors[0]!), errors[0]!.offset);
}

function noExport(root: Node): FormatError {
  return new FormatError(`no known helpdesk export found; cxlint recognises ${KNOWN_FIELDS}. For other JSON, ${HOW_TO_PATHS}`, root.offset);
}

/** Settings' paths, when the file is linted through them rather than as a vendor export. */
function pathsOf(options: AdapterOptions): PathSettings | undefined {
  const settings = options.settings ?? {};
  const paths = stringList(settings["paths"], "json.paths");
  return paths && paths.length > 0 ? pathSettings(settings, paths) : undefined;
}

/** Lints the whole file as one tree into `c`; false when it holds nothing but blanks and comments. */
function lintWhole(c: Collector, text: string, options: AdapterOptions): boolean {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, PARSE_OPTIONS);
  if (errors.length > 0) throw parseFailure(text, errors);
  if (!root) return false;
  const ps = pathsOf(options);
  if (ps) lintPaths(c, root, ps);
  else if (!lintVendor(c, root)) throw noExport(root);
  return true;
}

/**
 * How the file is linted one collection element at a time: checks it whole (throwing its parse
 * error), then returns the lint to run into a Collector. Null: nothing but blanks and comments;
 * undefined: the file needs the whole tree.
 */
function planChunked(text: string, options: AdapterOptions): ((c: Collector) => void) | null | undefined {
  const sk = scanSkeleton(text);
  if (sk.errors.length > 0) throw parseFailure(text, sk.errors);
  if (!sk.root) return null;
  if (sk.collections.size === 0) return undefined;
  const ps = pathsOf(options);
  if (ps) return planPathsChunked(text, sk, ps);
  const root = sk.root;
  const found = envelopeList(root);
  const col = found && !Array.isArray(found.list) ? sk.collections.get(found.list as Node) : undefined;
  // A single macro, or a root object that is one: small, or no elements to split it by.
  if (!found || !col) return undefined;
  return (c) => {
    if (!lintItems(c, col.bounds.length / 2, elementObjects(c, text, col), found.envelope)) throw noExport(root);
  };
}

/** A file with nothing but blanks and comments: one unit, nothing to lint. */
function emptyPart(text: string): DocumentPart {
  return { segments: [], units: [{ id: "document", range: [0, text.length] }], directives: [] };
}

const bySource = (a: Segment, b: Segment) => (a.runs[0]?.src[0] ?? 0) - (b.runs[0]?.src[0] ?? 0);

/**
 * The file in parts (PartedDocument): one per collection element for files from `chunkAbove`
 * on, else one part. Parse errors are thrown here, before any part; an item of unknown shape
 * is thrown from `parts`, after the parts before it.
 */
export function parseJsonParts(text: string, options: AdapterOptions, tuning: JsonParseTuning = {}): PartedDocument {
  // A BOM is not JSON; a same-length blank keeps every offset.
  const parseText = text.charCodeAt(0) === 0xfeff ? " " + text.slice(1) : text;
  const plan = parseText.length >= (tuning.chunkAbove ?? CHUNK_ABOVE) ? planChunked(parseText, options) : undefined;
  const whole = (emit: (part: DocumentPart) => void) => {
    tuning.trace?.("whole");
    const c = new Collector(parseText, options.placeholders, emit);
    if (lintWhole(c, parseText, options)) c.flush();
    else emit(emptyPart(text));
  };
  let parts: PartedDocument["parts"];
  if (plan === undefined) {
    // Parse now, so a parse error comes before any part, as on the chunked path.
    const found: DocumentPart[] = [];
    whole((part) => found.push(part));
    parts = (emit) => found.forEach((part) => emit(part));
  } else if (plan === null) {
    parts = (emit) => emit(emptyPart(text));
  } else {
    parts = (emit) => {
      tuning.trace?.("chunked");
      const c = new Collector(parseText, options.placeholders, emit);
      try {
        plan(c);
        c.flush();
      } catch (e) {
        if (!(e instanceof ChunkFallback)) throw e;
        if (c.emitted > 0) throw new FormatError(`this element could not be read on its own (${e.message}); please report this file`, e.offset);
        whole(emit);
      }
    };
  }
  const directives = text.includes("cxlint-") ? commentDirectives(parseText) : [];
  return { format: "json", directives, parts };
}

/** The whole document at once: every part joined, for callers that want one ParsedDocument. */
export function parseJson(
  text: string,
  options: AdapterOptions,
  tuning: JsonParseTuning = {},
): { segments: Segment[]; units: Unit[]; directives: Directive[] } {
  const doc = parseJsonParts(text, options, tuning);
  const segments: Segment[] = [];
  const units: Unit[] = [];
  const directives: Directive[] = [...doc.directives];
  doc.parts((part) => {
    const offset = units.length;
    units.push(...part.units);
    for (const segment of part.segments) segments.push(offset === 0 ? segment : { ...segment, unit: segment.unit + offset });
    directives.push(...part.directives);
  });
  directives.sort((a, b) => a.range[0] - b.range[0]);
  segments.sort(bySource);
  return { segments, units, directives };
}

export const jsonAdapter: FormatAdapter = {
  id: "json",
  extensions: [".json"],
  parse(text, options) {
    return { format: "json", ...parseJson(text, options) };
  },
  parseParts(text, options) {
    return parseJsonParts(text, options);
  },
};
