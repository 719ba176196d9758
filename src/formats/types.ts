/**
 * The contract between the CLI and a format adapter: source text in, customer-facing segments,
 * units and directives out. Adapters are pure: no fs, no NLP, no rules.
 */
import type { ParsedDocument } from "../core/types.js";
import type { CompiledPlaceholders } from "./placeholders.js";

export interface AdapterOptions {
  /** Path as given by the user, for messages only. */
  readonly fileName: string;
  readonly placeholders: CompiledPlaceholders;
  /** Format settings from config (`formats.<id>`), validated by the config layer. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export interface FormatAdapter {
  readonly id: string;
  readonly extensions: readonly string[];
  parse(text: string, options: AdapterOptions): ParsedDocument;
  /** The format is not text (DOCX): read the file as bytes and call `parseBinary`, not `parse`. */
  readonly binary?: boolean;
  /**
   * Parses a binary file. The result's `sourceText` is the virtual text its ranges index into,
   * since the bytes themselves cannot be sliced into words.
   */
  parseBinary?(bytes: Uint8Array, options: AdapterOptions): Promise<ParsedDocument>;
}

/** A source that cannot be read as its format. `offset` points at the problem. */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "FormatError";
  }
}
