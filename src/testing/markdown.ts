/**
 * Helpers for the Markdown adapter's tests: a parse that fails the test on a broken offset
 * invariant or on a map that had to fall back to a coarse piece, and ways to read a segment
 * back against its file.
 */
import { expect } from "vitest";
import type { ParsedDocument, Segment } from "../core/types.js";
import { toSourceRange } from "../document/segment-builder.js";
import { parseMarkdown } from "../formats/markdown.js";
import { compilePlaceholders } from "../formats/placeholders.js";
import { checkSegmentInvariants } from "./invariants.js";

export const options = { fileName: "reply.md", placeholders: compilePlaceholders() };

/** Parses; fails on a broken invariant, a fallback, or a non-verbatim run with no source. */
export function parse(source: string, settings?: Record<string, unknown>): ParsedDocument {
  const fallbacks: string[] = [];
  const doc = parseMarkdown(source, { ...options, ...(settings ? { settings } : {}) }, (what) => fallbacks.push(what));
  expect(fallbacks, JSON.stringify(source)).toEqual([]);
  expect(checkSegmentInvariants(source, doc), JSON.stringify(source)).toEqual([]);
  for (const segment of doc.segments) {
    for (const run of segment.runs) {
      if (run.kind !== "verbatim") expect(run.src[1], `${run.kind} run of ${JSON.stringify(segment.text)}`).toBeGreaterThan(run.src[0]);
    }
  }
  return doc;
}

/** The file text a phrase of a segment maps back to. */
export function sourceOf(source: string, segment: Segment, phrase: string): string {
  const at = segment.text.indexOf(phrase);
  expect(at, `${JSON.stringify(phrase)} in ${JSON.stringify(segment.text)}`).toBeGreaterThanOrEqual(0);
  const [start, end] = toSourceRange(segment, [at, at + phrase.length]);
  return source.slice(start, end);
}

/** The one segment the source makes. */
export function only(source: string): Segment {
  const { segments } = parse(source);
  expect(segments).toHaveLength(1);
  return segments[0]!;
}
