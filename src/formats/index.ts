/**
 * The adapter registry: picks a format from the file extension, then from the content, unless
 * config or --stdin-filename says otherwise.
 */
import { csvAdapter } from "./csv.js";
import { docxAdapter } from "./docx.js";
import { htmlAdapter } from "./html.js";
import { jsonAdapter } from "./json.js";
import { markdownAdapter } from "./markdown.js";
import { textAdapter } from "./text.js";
import { yamlAdapter } from "./yaml.js";
import type { FormatAdapter } from "./types.js";

export { FormatError, type AdapterOptions, type FormatAdapter } from "./types.js";
export { compilePlaceholders, type CompiledPlaceholders } from "./placeholders.js";

/** Every adapter, in sniffing order. */
export const ADAPTERS: readonly FormatAdapter[] = [
  markdownAdapter,
  jsonAdapter,
  htmlAdapter,
  yamlAdapter,
  csvAdapter,
  docxAdapter,
  textAdapter,
];

export function adapterById(id: string): FormatAdapter | undefined {
  return ADAPTERS.find((a) => a.id === id);
}

/** The extensions cxlint lints when it is given a directory. */
export function lintableExtensions(): string[] {
  return ADAPTERS.flatMap((a) => a.extensions);
}

/**
 * What the content looks like, for files with no known extension (formats.md §5.8: exports are
 * often saved without one) and stdin: JSON if it opens with `{` or `[`, HTML if it opens with a
 * doctype, `<html` or a tag, else plain text.
 */
export function sniffFormat(content: string): "json" | "html" | "text" {
  const head = content.replace(/^\uFEFF/, "").trimStart().slice(0, 256);
  if (head.startsWith("{") || head.startsWith("[")) return "json";
  if (/^<(?:!doctype\s+html|html\b|[a-z][a-z0-9-]*[\s/>]|!--)/i.test(head)) return "html";
  return "text";
}

/** Picks an adapter by extension, then by content; plain text when neither says otherwise. */
export function adapterFor(fileName: string, content?: string): FormatAdapter {
  const lower = fileName.toLowerCase();
  const byExt = ADAPTERS.find((a) => a.extensions.some((ext) => lower.endsWith(ext)));
  if (byExt) return byExt;
  if (content === undefined) return textAdapter;
  return adapterById(sniffFormat(content)) ?? textAdapter;
}
