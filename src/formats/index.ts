/**
 * The adapter registry: picks a format from the file extension, then from the content, unless
 * config or --stdin-filename says otherwise.
 */
import { markdownAdapter } from "./markdown.js";
import { textAdapter } from "./text.js";
import type { FormatAdapter } from "./types.js";

export { FormatError, type AdapterOptions, type FormatAdapter } from "./types.js";
export { compilePlaceholders, type CompiledPlaceholders } from "./placeholders.js";

/** Every adapter, in sniffing order. */
export const ADAPTERS: readonly FormatAdapter[] = [markdownAdapter, textAdapter];

export function adapterById(id: string): FormatAdapter | undefined {
  return ADAPTERS.find((a) => a.id === id);
}

/** The extensions cxlint lints when it is given a directory. */
export function lintableExtensions(): string[] {
  return ADAPTERS.flatMap((a) => a.extensions);
}

/** Picks an adapter by extension; falls back to plain text for unknown extensions and stdin. */
export function adapterFor(fileName: string, _content?: string): FormatAdapter {
  const lower = fileName.toLowerCase();
  const byExt = ADAPTERS.find((a) => a.extensions.some((ext) => lower.endsWith(ext)));
  return byExt ?? textAdapter;
}
