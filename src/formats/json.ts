/**
 * JSON exports of helpdesks (.json): Zendesk macros, Freshdesk canned responses, Help Scout saved
 * replies, Intercom macros, Gorgias macros, Salesforce Quick Text and Zendesk dynamic content are
 * recognised by shape (formats.md §1); anything else is linted through `formats.json.paths`. Only
 * customer-facing fields become segments, each macro or reply is a unit, and every escape
 * (`\n`, `\"`, `\u00e9`, surrogate pairs) is an atomic run over its source, so findings slice the
 * .json file exactly, even inside HTML held in a string.
 */
import { getNodePath, parseTree, printParseErrorCode, visit, type Node, type ParseError } from "jsonc-parser";
import type { Directive, Segment, SegmentKind, Unit } from "../core/types.js";
import { DecodedTextBuilder, plainTextSegments, sameWords, type DecodedText } from "./decoded-text.js";
import { parseDirective } from "./directives.js";
import { htmlSegments, looksLikeHtml } from "./html.js";
import { matchPath, parsePath, PathSyntaxError, type PathNode } from "./json-paths.js";
import type { CompiledPlaceholders } from "./placeholders.js";
import { FormatError, type AdapterOptions, type FormatAdapter } from "./types.js";
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

function pointer(node: Node): string {
  return "/" + getNodePath(node).map((k) => String(k).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

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
  readonly segments: Segment[] = [];
  readonly directives: Directive[] = [];
  readonly units: Unit[] = [];
  constructor(
    readonly source: string,
    readonly placeholders: CompiledPlaceholders,
  ) {}

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

function idOf(item: Node, fallback: string, ...keys: string[]): string {
  for (const k of [...keys, "id"]) {
    const v = scalarText(prop(item, k));
    if (v !== undefined) return v;
  }
  return fallback;
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
    const unit = c.unit(item, idOf(item, pointer(item)), str(prop(item, "title")) ?? `macro ${index + 1}`);
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
    const unit = c.unit(item, idOf(item, pointer(item)), str(prop(item, "name")) ?? `macro ${index + 1}`);
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
    const unit = c.unit(item, idOf(item, pointer(item)), str(prop(item, "title")) ?? `response ${index + 1}`);
    c.oneOf(prop(item, "content"), prop(item, "content_html"), unit);
  },
};

const helpScout: Shape = {
  name: "Help Scout saved reply",
  matches: (item) =>
    prop(item, "name") !== undefined &&
    ["text", "chatText", "preview", "chatPreview"].some((k) => str(prop(item, k)) !== undefined),
  lint(c, item, index) {
    const unit = c.unit(item, idOf(item, pointer(item)), str(prop(item, "name")) ?? `saved reply ${index + 1}`);
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
    const unit = c.unit(item, idOf(item, pointer(item)), title);
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
    const unit = c.unit(item, idOf(item, pointer(item), "Id"), str(prop(item, "Name")) ?? `quick text ${index + 1}`);
    c.auto(prop(item, "Message"), unit);
  },
};

const dynamicContent: Shape = {
  name: "Zendesk dynamic content item",
  matches: (item) => items(prop(item, "variants")).some((v) => prop(v, "content") !== undefined),
  lint(c, item, index) {
    const unit = c.unit(item, idOf(item, pointer(item)), str(prop(item, "name")) ?? `item ${index + 1}`);
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

function lintVendor(c: Collector, root: Node): boolean {
  let list: Node[] | undefined;
  let envelope: string | undefined;
  if (root.type === "array") list = items(root);
  else if (root.type === "object") {
    for (const [key, strict] of ENVELOPES) {
      const v = prop(root, key);
      if (v?.type === "array" || (v?.type === "object" && key === "macro")) {
        list = v.type === "array" ? items(v) : [v];
        if (strict) envelope = key;
        break;
      }
    }
    if (!list && SHAPES.some((s) => s.matches(root))) list = [root];
  }
  if (!list) return false;
  const objects = list.filter((n) => n.type === "object");
  const shapes = objects.map((item) => SHAPES.find((s) => s.matches(item)));
  const known = shapes.filter(Boolean).length;
  // An empty export has nothing to lint; a list of unknown things is not an export we know.
  if (list.length === 0) return true;
  if (known === 0 && !envelope) return false;
  objects.forEach((item, i) => {
    const shape = shapes[i];
    if (!shape) {
      const what = envelope ? `"${envelope}" export` : "export";
      throw new FormatError(
        `item ${i + 1} of this ${what} has none of the fields cxlint lints; expected ${KNOWN_FIELDS}. ` +
          `If this file has another layout, ${HOW_TO_PATHS}`,
        item.offset,
      );
    }
    shape.lint(c, item, i);
  });
  return true;
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

function stringsUnder(node: Node, out: Node[]): void {
  if (node.type === "string") out.push(node);
  else for (const child of node.children ?? []) stringsUnder(child, out);
}

function lintPaths(c: Collector, root: Node, settings: Readonly<Record<string, unknown>>, paths: readonly string[]): void {
  const titlePath = typeof settings["title"] === "string" ? compile(settings["title"], "json.title") : undefined;
  const idPath = typeof settings["id"] === "string" ? compile(settings["id"], "json.id") : undefined;
  const html = typeof settings["html"] === "boolean" ? settings["html"] : undefined;
  const hits: Array<{ unit: Node; value: Node }> = [];
  for (const path of paths) {
    for (const match of matchPath(toPathNode(root), compile(path, "json.paths"))) {
      // A field of an object belongs to that object (the macro); a bare array item is its own unit.
      const unit = match.node.parent?.type === "property" ? match.node.parent.parent! : match.node;
      const strings: Node[] = [];
      stringsUnder(match.node, strings);
      for (const value of strings) hits.push({ unit, value });
    }
  }
  hits.sort((a, b) => a.unit.offset - b.unit.offset || a.value.offset - b.value.offset);
  const unitIndex = new Map<Node, number>();
  const seen = new Set<Node>();
  for (const { unit, value } of hits) {
    if (seen.has(value)) continue;
    seen.add(value);
    let index = unitIndex.get(unit);
    if (index === undefined) {
      const pick = (steps: ReturnType<typeof parsePath> | undefined) =>
        steps ? matchPath(toPathNode(unit), steps).map((n) => scalarText(n.node)).find((v) => v !== undefined) : undefined;
      const title = pick(titlePath) ?? (unit.type === "object" ? (str(prop(unit, "title")) ?? str(prop(unit, "name"))) : undefined);
      const id = pick(idPath) ?? (unit.type === "object" ? scalarText(prop(unit, "id")) : undefined) ?? pointer(unit);
      index = c.unit(unit, id, title);
      unitIndex.set(unit, index);
    }
    const key = value.parent?.type === "property" ? String(value.parent.children?.[0]?.value ?? "") : "";
    c.auto(value, index, html ?? (/html$/i.test(key) ? true : undefined));
  }
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

export function parseJson(text: string, options: AdapterOptions): { segments: Segment[]; units: Unit[]; directives: Directive[] } {
  // A BOM is not JSON; a same-length blank keeps every offset.
  const parseText = text.charCodeAt(0) === 0xfeff ? " " + text.slice(1) : text;
  const errors: ParseError[] = [];
  const root = parseTree(parseText, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true });
  if (errors.length > 0) throw new FormatError(reasonFor(parseText, errors[0]!), errors[0]!.offset);
  if (!root) return { segments: [], units: [{ id: "document", range: [0, text.length] }], directives: [] };

  const c = new Collector(parseText, options.placeholders);
  const settings = options.settings ?? {};
  const paths = stringList(settings["paths"], "json.paths");
  if (paths && paths.length > 0) lintPaths(c, root, settings, paths);
  else if (!lintVendor(c, root)) {
    throw new FormatError(`no known helpdesk export found; cxlint recognises ${KNOWN_FIELDS}. For other JSON, ${HOW_TO_PATHS}`, root.offset);
  }
  const directives = text.includes("cxlint-") ? [...commentDirectives(parseText), ...c.directives] : c.directives;
  directives.sort((a, b) => a.range[0] - b.range[0]);
  c.segments.sort((a, b) => (a.runs[0]?.src[0] ?? 0) - (b.runs[0]?.src[0] ?? 0));
  return { segments: c.segments, units: c.units, directives };
}

export const jsonAdapter: FormatAdapter = {
  id: "json",
  extensions: [".json"],
  parse(text, options) {
    return { format: "json", ...parseJson(text, options) };
  },
};
