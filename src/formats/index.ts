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
export { sniffFormat } from "./registry.js";
import { sniffFormat } from "./registry.js";

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

/** Picks an adapter by extension, then by content; plain text when neither says otherwise. */
export function adapterFor(fileName: string, content?: string): FormatAdapter {
  const lower = fileName.toLowerCase();
  const byExt = ADAPTERS.find((a) => a.extensions.some((ext) => lower.endsWith(ext)));
  if (byExt) return byExt;
  if (content === undefined) return textAdapter;
  return adapterById(sniffFormat(content)) ?? textAdapter;
}
