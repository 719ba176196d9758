/**
 * @fileoverview Caret annotations: stripping, spans, suggestions, escape lines for multi-line
 * spans, line endings, and the errors a malformed fixture gets.
 */

import { describe, expect, it } from "vitest";
import { AnnotationError, isAnnotationLine, parseFixture } from "./annotations.js";

describe("parseFixture", () => {
  it("strips caret lines and turns the carets into a source range", () => {
    const text = ["Hi Sam,", "", "You forgot to attach the invoice.", "^^^^^^^^^^ failed", "", "Thanks!", ""].join("\n");
    const { source, expected } = parseFixture(text);
    expect(source).toBe("Hi Sam,\n\nYou forgot to attach the invoice.\n\nThanks!\n");
    expect(expected).toEqual([{ range: [9, 19], messageId: "failed", annotationLine: 4 }]);
    expect(source.slice(9, 19)).toBe("You forgot");
  });

  it("uses the carets' column on the annotated line", () => {
    const text = "Sorry, we can't refund this.\n       ^^^^^^^^ refusal\n";
    const { source, expected } = parseFixture(text);
    expect(source.slice(...(expected[0]!.range as [number, number]))).toBe("we can't");
  });

  it("lets several annotation lines refer to the same line, and sorts by range", () => {
    const text = ["We can't and we won't.", "             ^^^^^^^^ refusal", "^^^^^^^^ refusal", "Next line."].join("\n");
    const { source, expected } = parseFixture(text);
    expect(source).toBe("We can't and we won't.\nNext line.");
    expect(expected.map((e) => source.slice(e.range[0], e.range[1]))).toEqual(["We can't", "we won't"]);
    expect(expected.map((e) => e.annotationLine)).toEqual([3, 2]);
  });

  it("reads the expected first suggestion as a JSON string", () => {
    const text = 'Simply click Export.\n^^^^^^ minimizer => "Click \\"Export\\"."\n';
    expect(parseFixture(text).expected[0]).toEqual({ range: [0, 6], messageId: "minimizer", suggestion: 'Click "Export".', annotationLine: 2 });
  });

  it("keeps each line's own line break (CRLF stays CRLF)", () => {
    const text = "Line one.\r\n^^^^ a\r\nLine two.\r\n\r\nLast line";
    const { source, expected } = parseFixture(text);
    expect(source).toBe("Line one.\r\nLine two.\r\n\r\nLast line");
    expect(expected[0]!.range).toEqual([0, 4]);
  });

  it("handles an annotation on the last line without a trailing line break", () => {
    const { source, expected } = parseFixture("First.\nSecond line\n       ^^^^ x");
    expect(source).toBe("First.\nSecond line\n");
    expect(source.slice(expected[0]!.range[0], expected[0]!.range[1])).toBe("line");
  });

  it("counts columns in UTF-16 units, so curly apostrophes and emoji line up", () => {
    const text = "😀 We can’t do that.\n   ^^^^^^^^ refusal\n";
    const { source, expected } = parseFixture(text);
    expect(source.slice(expected[0]!.range[0], expected[0]!.range[1])).toBe("We can’t");
  });

  it("supports @L escape lines for spans across lines, in stripped-source positions", () => {
    const text = ["Hi,", "we are not able", "^^ x", "to help with this.", "@L2:4-L3:8 refusal", '@L1:1-L1:3 greeting => "Hello,"'].join("\n");
    const { source, expected } = parseFixture(text);
    expect(source).toBe("Hi,\nwe are not able\nto help with this.\n");
    expect(expected).toEqual([
      { range: [0, 2], messageId: "greeting", suggestion: "Hello,", annotationLine: 6 },
      { range: [4, 6], messageId: "x", annotationLine: 3 },
      { range: [7, 27], messageId: "refusal", annotationLine: 5 },
    ]);
    expect(source.slice(7, 27)).toBe("are not able\nto help");
  });

  it("allows a zero-width escape range", () => {
    const { expected } = parseFixture("abc\n@L1:2-L1:2 gap\n");
    expect(expected[0]!.range).toEqual([1, 1]);
  });

  it("returns no expectations for a fixture without annotations", () => {
    const text = "We can't wait to see you!\n\nThanks.\n";
    expect(parseFixture(text)).toEqual({ source: text, expected: [] });
  });

  describe("errors", () => {
    const fails = (text: string, message: RegExp) => {
      expect(() => parseFixture(text)).toThrow(AnnotationError);
      expect(() => parseFixture(text)).toThrow(message);
    };

    it("an annotation before any source line", () => fails("^^^ refusal\nWe can't.", /line 1: annotation has no preceding source line/));
    it("carets past the end of the line", () => fails("Short.\n    ^^^^^ x\n", /line 2: carets run to column 9, past the end of line 1/));
    it("a caret line that does not parse", () => fails("Text here.\n^^^refusal\n", /line 2: looks like an annotation but does not parse/));
    it("a broken suggestion", () => fails('Text here.\n^^^^ x => "open\n', /line 2: looks like an annotation/));
    it("an escape line outside the source", () => fails("One line.\n@L3:1-L3:2 x\n", /line 2: start line 3 is outside the source/));
    it("an escape column past the line end", () => fails("One line.\n@L1:1-L1:40 x\n", /line 2: end column 40 is outside line 1/));
    it("an escape range that ends before it starts", () => fails("One line.\n@L1:5-L1:2 x\n", /ends before it starts/));
  });
});

describe("isAnnotationLine", () => {
  it("recognises caret and escape lines only", () => {
    expect(isAnnotationLine("  ^^^ refusal")).toBe(true);
    expect(isAnnotationLine('^ refusal => "x"')).toBe(true);
    expect(isAnnotationLine("@L1:2-L3:4 refusal")).toBe(true);
    expect(isAnnotationLine("^^^")).toBe(false);
    expect(isAnnotationLine("Text with ^^^ carets")).toBe(false);
    expect(isAnnotationLine("\t^^^ refusal")).toBe(false);
  });
});
