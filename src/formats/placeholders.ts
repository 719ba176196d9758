/**
 * Template placeholders of the helpdesks (formats.md §2): found once, masked with same-length
 * filler, never flagged and never a sentence break. Value placeholders (`{{name}}`) become a
 * word of filler; control tags (`{% if %}`) and comment blocks become spaces.
 */
import type { SegmentBuilder } from "../document/segment-builder.js";

const STRICT_SOURCES: ReadonlyArray<readonly [kind: "control" | "value", source: string]> = [
  ["control", String.raw`\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}`],
  ["value", String.raw`\{%\s*[A-Za-z_]\w*(?:\.\w+)+\s*(?:,\s*fallback\s*=[^%]*)?%\}`],
  ["control", String.raw`\{%-?[\s\S]*?-?%\}`],
  ["value", String.raw`\{\{\{[\s\S]*?\}\}\}`],
  ["value", String.raw`\{\{[\s\S]*?\}\}`],
  ["value", String.raw`\{![^{}]+\}`],
  ["value", String.raw`\$\{[^{}\n]+\}`],
  ["value", String.raw`%\{[^{}\n]+\}`],
  ["value", String.raw`#\{[^{}\n]+\}`],
  ["value", String.raw`\[\[[^\[\]\n]+\]\]`],
  ["value", String.raw`<attribute\b[^>]*\/?>`],
  // Single-brace fill-ins ({first_name}, {amount}) are common in hand-written macro collections.
  ["value", String.raw`\{[A-Za-z_][\w.]*\}`],
];

export interface PlaceholderSyntax {
  readonly kind: "control" | "value";
  readonly source: string;
}

/** Compiles the built-in syntaxes plus any from config into one ordered alternation. */
export function compilePlaceholders(extra: readonly string[] = []): { regex: RegExp; kinds: ("control" | "value")[] } {
  const all: PlaceholderSyntax[] = [
    ...STRICT_SOURCES.map(([kind, source]) => ({ kind, source })),
    ...extra.map((source) => ({ kind: "value" as const, source })),
  ];
  return {
    regex: new RegExp(all.map((p) => `(${p.source})`).join("|"), "g"),
    kinds: all.map((p) => p.kind),
  };
}

const DEFAULT = compilePlaceholders();

/**
 * Appends `text` (which starts at source offset `srcStart`) to the builder, masking every
 * placeholder. Text between placeholders is verbatim.
 */
export function appendMasked(
  builder: SegmentBuilder,
  text: string,
  srcStart: number,
  placeholders = DEFAULT,
): void {
  const { regex, kinds } = placeholders;
  regex.lastIndex = 0;
  let last = 0;
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    builder.verbatim(text.slice(last, m.index), srcStart + last);
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    const filler = kinds[group - 1] === "control" ? " " : undefined;
    builder.mask(m[0], [srcStart + m.index, srcStart + m.index + m[0].length], filler);
    last = m.index + m[0].length;
  }
  builder.verbatim(text.slice(last), srcStart + last);
}

export type CompiledPlaceholders = ReturnType<typeof compilePlaceholders>;
