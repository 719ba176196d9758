/**
 * YAML collections of replies (.yml, .yaml): osTicket email templates, `.github/replies.yml`,
 * hand-kept macro lists. Each reply is a unit; body-like keys are linted, notes are not.
 * `yaml` gives scalar ranges and decoded values but nothing inside a scalar, so the value is
 * aligned against its source here: folded line breaks become atomic " " runs, escapes and `''`
 * atomic runs, indentation is skipped. `# cxlint-disable…` comments are directives.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type Pair, type Scalar } from "yaml";
import type { Directive, Segment, SegmentKind, Unit } from "../core/types.js";
import { DecodedTextBuilder, plainTextSegments, type DecodedText } from "./decoded-text.js";
import { parseDirective } from "./directives.js";
import { htmlSegments, looksLikeHtml } from "./html.js";
import { matchPath, parsePath, PathSyntaxError, type PathNode } from "./json-paths.js";
import type { CompiledPlaceholders } from "./placeholders.js";
import { FormatError, type FormatAdapter } from "./types.js";

const BODY_KEYS = ["body", "text", "reply", "content", "message", "response"];
const FIELD_KEYS = ["subject"];
const TITLE_KEYS = ["name", "title", "subject"];

const YAML_ESCAPES: Record<string, string> = {
  "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b",
  " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\u0085", _: "\u00a0", L: "\u2028", P: "\u2029",
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Aligns a scalar's decoded value with its source text and returns the piece map. Equal
 * characters are verbatim; a whitespace run that differs (folding, indentation, chomping) is one
 * atomic run, or skipped when it decodes to nothing; escapes are atomic. If the walk cannot
 * account for the value, the whole scalar becomes one atomic run, which is coarse but exact.
 */
export function alignScalar(source: string, node: Scalar): DecodedText {
  const value = String(node.value ?? "");
  const [start, valueEnd] = node.range!;
  let from = start;
  let to = valueEnd;
  const type = node.type;
  if (type === "QUOTE_DOUBLE" || type === "QUOTE_SINGLE") {
    from = start + 1;
    to = valueEnd - 1;
  } else if (type === "BLOCK_LITERAL" || type === "BLOCK_FOLDED") {
    const nl = source.slice(start, valueEnd).search(/\r?\n/);
    from = nl < 0 ? valueEnd : start + nl + (source[start + nl] === "\r" ? 2 : 1);
  }
  const out = new DecodedTextBuilder();
  const isWs = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";
  let i = from;
  let j = 0;
  let ok = true;
  while (j < value.length) {
    if (i >= to) {
      ok = false;
      break;
    }
    const s = source[i]!;
    const v = value[j]!;
    if (type === "QUOTE_DOUBLE" && s === "\\") {
      const c = source[i + 1] ?? "";
      if (c === "\n" || c === "\r") {
        // An escaped line break joins the lines: it and the next line's indent decode to nothing.
        i += 1;
        while (i < to && isWs(source[i])) i++;
        continue;
      }
      let decoded: string | undefined;
      let len = 2;
      if (c in HEX_LENGTH) {
        len = 2 + HEX_LENGTH[c]!;
        const cp = parseInt(source.slice(i + 2, i + len), 16);
        decoded = Number.isNaN(cp) ? undefined : String.fromCodePoint(cp);
      } else decoded = YAML_ESCAPES[c];
      if (decoded === undefined || !value.startsWith(decoded, j)) {
        ok = false;
        break;
      }
      out.atomic(decoded, [i, i + len]);
      i += len;
      j += decoded.length;
    } else if (type === "QUOTE_SINGLE" && s === "'" && source[i + 1] === "'" && v === "'") {
      out.atomic("'", [i, i + 2]);
      i += 2;
      j += 1;
    } else if (s === v && !isWs(s)) {
      let k = 1;
      const stop = (ch: string | undefined) => isWs(ch) || ch === "\\" || ch === "'";
      while (i + k < to && j + k < value.length && source[i + k] === value[j + k] && !stop(source[i + k])) k++;
      out.verbatim(source.slice(i, i + k), i);
      i += k;
      j += k;
    } else if (isWs(s)) {
      let si = i;
      while (si < to && isWs(source[si])) si++;
      let vj = j;
      while (vj < value.length && isWs(value[vj])) vj++;
      const run = source.slice(i, si);
      // Same whitespace is copied; otherwise the value's whitespace is what the source's run
      // folds to (" " for a folded break, "\n" for a blank line, nothing for indentation).
      const vRun = value.slice(j, vj);
      const lastNl = vRun.lastIndexOf("\n");
      if (run === vRun) out.verbatim(run, i);
      else if (lastNl >= 0 && lastNl < vRun.length - 1) {
        // Paragraphs are cut at line breaks, so the indent after the last break is its own piece.
        const tail = vRun.slice(lastNl + 1);
        const tailAt = run.endsWith(tail) ? si - tail.length : si;
        out.atomic(vRun.slice(0, lastNl + 1), [i, Math.max(i, tailAt)]);
        if (tailAt < si) out.verbatim(tail, tailAt);
        else out.atomic(tail, [si, si]);
      } else if (vj > j) out.atomic(vRun, [i, si]);
      i = si;
      j = vj;
    } else {
      ok = false;
      break;
    }
  }
  if (!ok) return new DecodedTextBuilder().atomic(value, [start, valueEnd]).build(start, valueEnd);
  return out.build(from, Math.max(from, Math.min(to, i)));
}

// ---------------------------------------------------------------------------------------------

interface Ctx {
  readonly source: string;
  readonly placeholders: CompiledPlaceholders;
  readonly segments: Segment[];
  readonly directives: Directive[];
  readonly units: Unit[];
  readonly html: boolean | undefined;
}

function lintScalar(c: Ctx, node: Scalar, unit: number, kind: SegmentKind = "paragraph"): void {
  if (typeof node.value !== "string" || !node.range) return;
  const d = alignScalar(c.source, node);
  if (kind === "paragraph" && (c.html ?? looksLikeHtml(d.text))) {
    const res = htmlSegments(d.text, { placeholders: c.placeholders, unit, decoded: d });
    c.segments.push(...res.segments);
    c.directives.push(...res.directives);
  } else {
    c.segments.push(...plainTextSegments(d, { placeholders: c.placeholders, unit, kind }));
  }
}

/** Every string under a node (a body may be a list of alternatives or a map of languages). */
function lintAll(c: Ctx, node: unknown, unit: number, kind?: SegmentKind): void {
  if (isScalar(node)) lintScalar(c, node, unit, kind);
  else if (isSeq(node)) node.items.forEach((n) => lintAll(c, n, unit, kind));
  else if (isMap(node)) node.items.forEach((p) => lintAll(c, p.value, unit, kind));
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}
function get(node: unknown, keys: readonly string[]): unknown[] {
  if (!isMap(node)) return [];
  return node.items.filter((p) => keys.includes((keyOf(p) ?? "").toLowerCase())).map((p) => p.value);
}
function hasBody(node: unknown): boolean {
  return get(node, BODY_KEYS).length > 0;
}
function titleOf(node: unknown): string | undefined {
  for (const v of get(node, TITLE_KEYS)) if (isScalar(v) && v.value != null && String(v.value).trim()) return String(v.value).trim();
  return undefined;
}
function rangeOf(node: unknown, fallback: readonly [number, number]): [number, number] {
  const r = (node as YamlNode | null)?.range;
  return r ? [r[0], r[2]] : [fallback[0], fallback[1]];
}

function addUnit(c: Ctx, node: unknown, id: string, title: string | undefined, fallback: readonly [number, number]): number {
  c.units.push({ id, range: rangeOf(node, fallback), ...(title ? { title } : {}) });
  return c.units.length - 1;
}

/** A reply map: its subject as a field, its body keys as text; notes and names are not linted. */
function lintReply(c: Ctx, node: unknown, id: string, title: string | undefined, fallback: readonly [number, number]): void {
  const unit = addUnit(c, node, String(get(node, ["id"]).map((v) => (isScalar(v) ? v.value : undefined))[0] ?? id), title, fallback);
  for (const v of get(node, FIELD_KEYS)) lintAll(c, v, unit, "field");
  for (const v of get(node, BODY_KEYS)) lintAll(c, v, unit);
}

const EXPECTED =
  "a list of replies (maps with name/title and body/text/reply/content/message/response), a map of reply name → text, " +
  'or a single reply map (osTicket: subject + body). For other layouts, set formats.yaml.paths, e.g. { "formats": { "yaml": { "paths": ["$.replies[*].answer"] } } }';

/** Finds the replies in one YAML document by shape. Returns false when there are none to find. */
function lintShapes(c: Ctx, root: unknown, docRange: readonly [number, number]): boolean {
  if (root == null || (isScalar(root) && root.value == null)) return true;
  const seqOfReplies = (node: unknown) => isSeq(node) && node.items.length > 0 && node.items.some(hasBody);
  const lintSeq = (node: unknown) => {
    if (!isSeq(node)) return;
    node.items.forEach((item, i) => {
      if (hasBody(item)) lintReply(c, item, `#${i + 1}`, titleOf(item), docRange);
    });
  };
  if (isSeq(root)) {
    if (seqOfReplies(root)) {
      lintSeq(root);
      return true;
    }
    if (root.items.every((n) => isScalar(n) && typeof n.value === "string")) {
      root.items.forEach((n, i) => lintAll(c, n, addUnit(c, n, `#${i + 1}`, undefined, docRange)));
      return true;
    }
    return false;
  }
  if (!isMap(root)) return false;
  if (hasBody(root)) {
    lintReply(c, root, "document", titleOf(root), docRange);
    return true;
  }
  const wrapped = root.items.find((p) => seqOfReplies(p.value));
  if (wrapped) {
    lintSeq(wrapped.value);
    return true;
  }
  const values = root.items.map((p) => p.value);
  if (values.length > 0 && values.every((v) => isScalar(v) && typeof v.value === "string")) {
    for (const p of root.items) lintAll(c, p.value, addUnit(c, p, keyOf(p) ?? "", keyOf(p), docRange));
    return true;
  }
  if (values.length > 0 && values.some(hasBody)) {
    for (const p of root.items) if (hasBody(p.value)) lintReply(c, p.value, keyOf(p) ?? "", titleOf(p.value) ?? keyOf(p), docRange);
    return true;
  }
  return false;
}

function toPathNode(node: unknown): PathNode<unknown> {
  return {
    node,
    children: () => {
      if (isMap(node)) return node.items.map((p) => [keyOf(p) ?? "", toPathNode(p.value)] as const);
      if (isSeq(node)) return node.items.map((n, i) => [i, toPathNode(n)] as const);
      return [];
    },
  };
}

function lintPaths(c: Ctx, root: unknown, paths: readonly string[], titlePath: string | undefined, docRange: readonly [number, number]): void {
  const compile = (p: string, key: string) => {
    try {
      return parsePath(p);
    } catch (e) {
      if (e instanceof PathSyntaxError) throw new FormatError(`formats.yaml.${key}: ${e.message}`, 0);
      throw e;
    }
  };
  const title = titlePath ? compile(titlePath, "title") : undefined;
  // The unit of a matched field is the map holding it: find parents by walking once.
  const parent = new Map<unknown, unknown>();
  const walk = (n: unknown) => {
    if (isMap(n)) n.items.forEach((p) => (parent.set(p.value, n), walk(p.value)));
    else if (isSeq(n)) n.items.forEach((x) => walk(x));
  };
  walk(root);
  const units = new Map<unknown, number>();
  const hits = paths.flatMap((p) => matchPath(toPathNode(root), compile(p, "paths")).map((m) => m.node));
  hits.sort((a, b) => ((a as YamlNode)?.range?.[0] ?? 0) - ((b as YamlNode)?.range?.[0] ?? 0));
  for (const hit of new Set(hits)) {
    const owner = parent.get(hit) ?? hit;
    let unit = units.get(owner);
    if (unit === undefined) {
      const picked = title ? matchPath(toPathNode(owner), title).map((m) => m.node).find(isScalar) : undefined;
      unit = addUnit(c, owner, `#${units.size + 1}`, picked ? String(picked.value) : titleOf(owner), docRange);
      units.set(owner, unit);
    }
    lintAll(c, hit, unit);
  }
}

/** `# cxlint-…` comments, from the CST so that a `#` inside a block scalar is never one. */
function commentDirectives(doc: Document.Parsed, source: string): Directive[] {
  const out: Directive[] = [];
  const seen = new Set<number>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      const token = value as { type?: string; offset?: number; source?: string };
      if (token.type === "comment" && typeof token.offset === "number" && typeof token.source === "string" && !seen.has(token.offset)) {
        seen.add(token.offset);
        const d = parseDirective(token.source.slice(1), [token.offset, token.offset + token.source.length]);
        if (d) out.push(d);
      } else for (const v of Object.values(value)) if (v && typeof v === "object") visit(v);
    }
  };
  // Comments before the first node and after the last one live in the document's own tokens.
  const cst = (doc.contents as { srcToken?: unknown } | null)?.srcToken;
  visit(cst);
  // Leading comments are not reachable from the contents' token; fall back to a line scan above it.
  const first = (doc.contents as YamlNode | null)?.range?.[0] ?? source.length;
  const re = /^[ \t]*(#[^\r\n]*)/gm;
  for (let m = re.exec(source); m && m.index < first; m = re.exec(source)) {
    const offset = m.index + m[0].length - m[1]!.length;
    if (offset >= (doc.range?.[0] ?? 0) && !seen.has(offset)) {
      seen.add(offset);
      const d = parseDirective(m[1]!.slice(1), [offset, offset + m[1]!.length]);
      if (d) out.push(d);
    }
  }
  return out;
}

export const yamlAdapter: FormatAdapter = {
  id: "yaml",
  extensions: [".yml", ".yaml"],
  parse(text, options) {
    const docs = parseAllDocuments(text, { keepSourceTokens: true, prettyErrors: false, uniqueKeys: false });
    const list = Array.isArray(docs) ? docs : [];
    if (!Array.isArray(docs)) {
      // parseAllDocuments returns an EmptyStream when there is nothing but comments and blanks.
      return { format: "yaml", segments: [], units: [{ id: "document", range: [0, text.length] }], directives: [] };
    }
    for (const doc of list) {
      const error = doc.errors[0];
      if (error) throw new FormatError(`invalid YAML: ${error.message.split("\n")[0]}`, error.pos[0]);
    }
    const settings = options.settings ?? {};
    const paths = typeof settings["paths"] === "string" ? [settings["paths"]] : Array.isArray(settings["paths"]) ? (settings["paths"] as string[]) : [];
    const c: Ctx = {
      source: text,
      placeholders: options.placeholders,
      segments: [],
      directives: [],
      units: [],
      html: typeof settings["html"] === "boolean" ? settings["html"] : undefined,
    };
    for (const doc of list) {
      const docRange = [doc.range[0], doc.range[2]] as const;
      if (paths.length > 0) lintPaths(c, doc.contents, paths, typeof settings["title"] === "string" ? settings["title"] : undefined, docRange);
      else if (!lintShapes(c, doc.contents, docRange)) {
        throw new FormatError(`no replies found; cxlint expects ${EXPECTED}`, (doc.contents as YamlNode | null)?.range?.[0] ?? 0);
      }
      c.directives.push(...commentDirectives(doc, text));
    }
    if (c.units.length === 0) c.units.push({ id: "document", range: [0, text.length] });
    c.directives.sort((a, b) => a.range[0] - b.range[0]);
    return { format: "yaml", segments: c.segments, units: c.units, directives: c.directives };
  },
};
