/**
 * The contract between the CLI and a format adapter: source text in, customer-facing segments,
 * units and directives out. Adapters are pure: no fs, no NLP, no rules.
 */
import type { Directive, DocumentPart, ParsedDocument } from "../core/types.js";
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
  /**
   * Large sources: the document in parts of whole units (DocumentPart), so that neither its
   * segments nor its findings are held for the whole file. Adapters without it are linted from
   * `parse` as one part.
   */
  parseParts?(text: string, options: AdapterOptions): PartedDocument;
  /** The format is not text (DOCX): read the file as bytes and call `parseBinary`, not `parse`. */
  readonly binary?: boolean;
  /**
   * Parses a binary file. The result's `sourceText` is the virtual text its ranges index into,
   * since the bytes themselves cannot be sliced into words.
   */
  parseBinary?(bytes: Uint8Array, options: AdapterOptions): Promise<ParsedDocument>;
}

export interface PartedDocument {
  readonly format: string;
  /** Directives that may apply anywhere in the file, known before the first part. */
  readonly directives: readonly Directive[];
  /**
   * Parses the rest, handing over each part in source order. It may throw a FormatError after
   * some parts were handed over (an export whose item 5,000 has an unknown shape).
   */
  readonly parts: (emit: (part: DocumentPart) => void) => void;
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
