/**
 * The formats the CLI knows, without loading them: each entry names its extensions and loads its
 * adapter (and so its parser) only when a file of that format is linted. A pre-commit run over
 * two .txt files never pays for the Markdown, HTML, YAML, CSV or DOCX parsers.
 */
import type { FormatAdapter } from "./types.js";

export interface FormatEntry {
  readonly id: string;
  readonly extensions: readonly string[];
  readonly binary?: boolean;
  /**
   * Loads the adapter. Given the one text it is for, an entry may load a lighter reader that
   * can parse only texts like it: a Markdown text of plain paragraphs gets one that does not load
   * markdown-it (markdown-plain.ts). Without a text, the full adapter.
   */
  load(text?: string): Promise<FormatAdapter>;
}

async function loadMarkdown(text: string | undefined): Promise<FormatAdapter> {
  if (text !== undefined) {
    const plain = await import("./markdown-plain.js");
    if (plain.isPlainMarkdown(text)) return plain.plainMarkdownAdapter;
  }
  return (await import("./markdown.js")).markdownAdapter;
}

/** In sniffing order; the extension lists must equal the adapters' own (a test checks). */
export const FORMATS: readonly FormatEntry[] = [
  { id: "markdown", extensions: [".md", ".markdown"], load: loadMarkdown },
  { id: "json", extensions: [".json"], load: async () => (await import("./json.js")).jsonAdapter },
  { id: "html", extensions: [".html", ".htm"], load: async () => (await import("./html.js")).htmlAdapter },
  { id: "yaml", extensions: [".yml", ".yaml"], load: async () => (await import("./yaml.js")).yamlAdapter },
  { id: "csv", extensions: [".csv", ".tsv"], load: async () => (await import("./csv.js")).csvAdapter },
  { id: "docx", extensions: [".docx"], binary: true, load: async () => (await import("./docx.js")).docxAdapter },
  { id: "text", extensions: [".txt", ".text"], load: async () => (await import("./text.js")).textAdapter },
];

export function formatById(id: string): FormatEntry | undefined {
  return FORMATS.find((f) => f.id === id);
}

export function lintableExtensions(): string[] {
  return FORMATS.flatMap((f) => f.extensions);
}

/**
 * What the content looks like, for files with no known extension (exports are often saved
 * without one) and stdin: JSON if it opens with `{` or `[`, HTML if it opens with a doctype,
 * `<html` or a tag, else plain text.
 */
export function sniffFormat(content: string): "json" | "html" | "text" {
  const head = content.replace(/^\uFEFF/, "").trimStart().slice(0, 256);
  if (head.startsWith("{") || head.startsWith("[")) return "json";
  if (/^<(?:!doctype\s+html|html\b|[a-z][a-z0-9-]*[\s/>]|!--)/i.test(head)) return "html";
  return "text";
}

/** The format of a file by extension; `undefined` when only the content can tell. */
export function formatByExtension(fileName: string): FormatEntry | undefined {
  const lower = fileName.toLowerCase();
  return FORMATS.find((f) => f.extensions.some((ext) => lower.endsWith(ext)));
}

/** By extension, then by content; plain text when neither says otherwise. */
export function formatFor(fileName: string, content?: string): FormatEntry {
  return formatByExtension(fileName) ?? formatById(content === undefined ? "text" : sniffFormat(content))!;
}
