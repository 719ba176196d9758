/**
 * @fileoverview Parses rule fixtures with inline caret annotations (architecture-anchors §8.7)
 * into the source that is linted and the findings that are expected. Pure: text in, data out.
 *
 * An annotation line is optional spaces, one or more `^`, a space and a messageId, optionally
 * followed by ` => "expected first suggestion"` (a JSON string literal, so `\"` and `\n` work):
 *
 *     You forgot to attach the invoice.
 *     ^^^^^^^^^^ failed => "Here's what we can do now: [next step]."
 *
 * It refers to the nearest preceding line that is not an annotation, and its carets mark the
 * expected span on that line, column for column (UTF-16 units, as JS string indices). Several
 * annotation lines in a row all refer to the same line.
 *
 * Findings that span lines use an escape line instead:
 *
 *     @L3:5-L4:12 messageId
 *
 * Its positions are 1-based lines and columns of the *stripped* source (the text that is
 * linted, the same numbers a Finding reports in line/column/endLine/endColumn), and the end is
 * exclusive, like Finding.endColumn.
 *
 * Annotation lines are removed together with their line break; every other line keeps its own
 * line break, so CRLF fixtures stay CRLF.
 */

import type { Range } from "../core/types.js";
import { LineIndex } from "../document/line-index.js";

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export interface ExpectedFinding {
  /** Half-open source range in the stripped text. */
  readonly range: Range;
  readonly messageId: string;
  /** The expected text of the finding's first suggestion, when the annotation gives one. */
  readonly suggestion?: string;
  /** 1-based line of the annotation in the fixture file, for error messages. */
  readonly annotationLine: number;
}

export interface ParsedFixture {
  /** The fixture with every annotation line removed: what the rule is run on. */
  readonly source: string;
  /** Expected findings, sorted by range. */
  readonly expected: readonly ExpectedFinding[];
}

/** A malformed annotation; `line` is the 1-based line in the fixture file. */
export class AnnotationError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`fixture line ${line}: ${message}`);
    this.name = "AnnotationError";
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const SUGGESTION = String.raw`(?:\s+=>\s+("(?:[^"\\]|\\.)*"))?`;
const MESSAGE_ID = String.raw`([A-Za-z][\w-]*)`;
const CARET_LINE = new RegExp(String.raw`^( *)(\^+) ${MESSAGE_ID}${SUGGESTION}[ \t]*$`);
const ESCAPE_LINE = new RegExp(String.raw`^ *@L(\d+):(\d+)-L(\d+):(\d+) ${MESSAGE_ID}${SUGGESTION}[ \t]*$`);
/** Anything that looks like it meant to be an annotation but does not parse. */
const LOOKS_LIKE_ANNOTATION = /^ *(?:\^|@L\d)/;

interface RawLine {
  /** The line without its break. */
  readonly content: string;
  /** "\n", "\r\n", "\r" or "" for the last line. */
  readonly eol: string;
}

/**
 * Splits text into lines, keeping each line's own break.
 * @param text the fixture text
 * @returns the lines; a trailing break gives no extra empty line
 */
function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  const re = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === "") break;
    lines.push({ content: m[1]!, eol: m[2]! });
  }
  return lines;
}

/**
 * Decodes the quoted suggestion of an annotation.
 * @param literal the JSON string literal, quotes included
 * @param line fixture line, for errors
 * @returns the suggestion text, or undefined when none was given
 */
function decodeSuggestion(literal: string | undefined, line: number): string | undefined {
  if (literal === undefined) return undefined;
  try {
    return JSON.parse(literal) as string;
  } catch {
    throw new AnnotationError(`the suggestion ${literal} is not a valid double-quoted string`, line);
  }
}

// ---------------------------------------------------------------------------------------------
// Public Interface
// ---------------------------------------------------------------------------------------------

/**
 * Is this line an annotation (caret or escape line)?
 * @param line one line of a fixture, without its break
 * @returns true when the line is stripped from the source
 */
export function isAnnotationLine(line: string): boolean {
  return CARET_LINE.test(line) || ESCAPE_LINE.test(line);
}

/**
 * Parses a fixture: strips annotation lines and turns them into expected findings.
 * @param text the fixture file's text
 * @returns the source to lint and the expected findings in its offsets
 * @throws AnnotationError when an annotation is malformed, points at no line, or overruns it
 */
export function parseFixture(text: string): ParsedFixture {
  const lines = splitLines(text);
  let source = "";
  /** Start offset (in `source`) and length of the nearest preceding kept line. */
  let target: { start: number; length: number; fixtureLine: number } | undefined;
  const expected: ExpectedFinding[] = [];
  const escapes: Array<{ match: RegExpExecArray; fixtureLine: number }> = [];

  lines.forEach((line, i) => {
    const fixtureLine = i + 1;
    const caret = CARET_LINE.exec(line.content);
    if (caret) {
      if (!target) throw new AnnotationError("annotation has no preceding source line", fixtureLine);
      const column = caret[1]!.length;
      const width = caret[2]!.length;
      if (column + width > target.length) {
        throw new AnnotationError(
          `carets run to column ${column + width}, past the end of line ${target.fixtureLine} (length ${target.length})`,
          fixtureLine,
        );
      }
      const suggestion = decodeSuggestion(caret[4], fixtureLine);
      expected.push({
        range: [target.start + column, target.start + column + width],
        messageId: caret[3]!,
        ...(suggestion !== undefined ? { suggestion } : {}),
        annotationLine: fixtureLine,
      });
      return;
    }
    const escape = ESCAPE_LINE.exec(line.content);
    if (escape) {
      escapes.push({ match: escape, fixtureLine });
      return;
    }
    if (LOOKS_LIKE_ANNOTATION.test(line.content)) {
      throw new AnnotationError(
        `looks like an annotation but does not parse: ${JSON.stringify(line.content)} (expected "^^^ messageId" or "@L1:2-L3:4 messageId", optionally followed by => "suggestion")`,
        fixtureLine,
      );
    }
    target = { start: source.length, length: line.content.length, fixtureLine };
    source += line.content + line.eol;
  });

  if (escapes.length > 0) {
    const index = new LineIndex(source);
    for (const { match, fixtureLine } of escapes) {
      const [startLine, startColumn, endLine, endColumn] = [1, 2, 3, 4].map((g) => Number(match[g]));
      const offset = (line: number, column: number, which: string): number => {
        if (line < 1 || line > index.lineCount) {
          throw new AnnotationError(`${which} line ${line} is outside the source (1–${index.lineCount})`, fixtureLine);
        }
        const [lineStart, lineEnd] = index.lineRange(line);
        if (column < 1 || lineStart + column - 1 > lineEnd) {
          throw new AnnotationError(`${which} column ${column} is outside line ${line} (1–${lineEnd - lineStart + 1})`, fixtureLine);
        }
        return lineStart + column - 1;
      };
      const start = offset(startLine!, startColumn!, "start");
      const end = offset(endLine!, endColumn!, "end");
      if (end < start) throw new AnnotationError("the escape range ends before it starts", fixtureLine);
      const suggestion = decodeSuggestion(match[6], fixtureLine);
      expected.push({
        range: [start, end],
        messageId: match[5]!,
        ...(suggestion !== undefined ? { suggestion } : {}),
        annotationLine: fixtureLine,
      });
    }
  }

  expected.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || a.messageId.localeCompare(b.messageId));
  return { source, expected };
}
