/**
 * The programmatic API's one-call lint: picks the adapter from the file name (or `format`) among
 * all adapters, which this module loads eagerly, then lints through lint-core.
 */
import type { FileResult } from "./core/types.js";
import { adapterById, adapterFor } from "./formats/index.js";
import { FormatError, type FormatAdapter } from "./formats/types.js";
import { lintBinaryWith, lintWith, type LintTextOptions } from "./lint-core.js";

export { engineRules, errorResult, lintBinaryWith, lintWith, type LintTextOptions } from "./lint-core.js";

export function pickAdapter(filePath: string, text: string, format?: string): FormatAdapter {
  if (format) {
    const adapter = adapterById(format);
    if (!adapter) throw new FormatError(`Unknown format "${format}".`, 0);
    return adapter;
  }
  return adapterFor(filePath, text);
}

export function lintText(text: string, options: LintTextOptions): FileResult {
  return lintWith(pickAdapter(options.filePath, text, options.format), text, options);
}

export function lintBinary(bytes: Uint8Array, adapter: FormatAdapter, options: LintTextOptions): Promise<FileResult> {
  return lintBinaryWith(adapter, bytes, options);
}
