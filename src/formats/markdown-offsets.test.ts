/**
 * Markdown adapter, offsets: markdown-it gives lines for blocks and nothing for inline tokens,
 * so the adapter maps both itself (see markdown.ts). These tests hold the maps to the file, on
 * a large varied sample and on the constructs that move text about: container prefixes, lazy
 * lines, tabs, line endings, NUL, headings, front matter; and hold the few places where the
 * adapter reads Markdown otherwise than markdown-it does to CommonMark.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { globbySync } from "globby";
import type Token from "markdown-it/lib/token.mjs";
import { describe, expect, it } from "vitest";
import { only, options, parse, sourceOf } from "../testing/markdown.js";
import { createMarkdownParser, parseMarkdown, plainInlineTokens } from "./markdown.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

function kindsAndTexts(source: string, settings?: Record<string, unknown>): [string, string][] {
  return parse(source, settings).segments.map((s) => [s.kind, s.text]);
}

// ---------------------------------------------------------------------------------------------
// The sample: every Markdown file of the repository's fixtures and rule docs, the README, and
// every string of the Markdown adapter's own tests.

const files = globbySync(["fixtures/**/*.md", "rules/**/*.md", "README.md", "bench/README.md"], { cwd: root }).map((f) =>
  readFileSync(root + f, "utf8"),
);

function stringsOf(test: string): string[] {
  const found: string[] = [];
  for (const m of readFileSync(fileURLToPath(new URL(test, import.meta.url)), "utf8").matchAll(/"(?:[^"\\\n]|\\.)*"/g)) {
    try {
      const value = JSON.parse(m[0]) as string;
      if (value.length > 3) found.push(value);
    } catch {
      // A TypeScript escape JSON does not know (`\'`): not needed.
    }
  }
  return found;
}

const testInputs = [...stringsOf("./markdown.test.ts"), ...stringsOf("./markdown-units.test.ts"), ...stringsOf("./markdown-offsets.test.ts")];
/** Blocks (blank-line separated) of the whole sample, for the generated documents. */
const blocks = [...files, ...testInputs].flatMap((text) => text.split(/\r?\n[ \t]*\r?\n/)).filter((b) => b.trim().length > 0);

/** A block inside a container: list items (continued indented, lazily or with a tab), quotes. */
const contained = fc.tuple(fc.constantFrom(...blocks), fc.constantFrom("", "- ", "1. ", "10)  ", "-\t", "> ", "  ", "    - ", "* "), fc.constantFrom("indent", "lazy", "tab")).map(
  ([block, marker, continued]) => {
    const lines = block.split(/\r?\n/);
    const rest = continued === "lazy" ? "" : continued === "tab" && marker ? "\t" : " ".repeat(marker.length);
    return lines.map((line, i) => (i === 0 ? marker : marker.startsWith(">") ? "> " : rest) + line).join("\n");
  },
);
const documents = fc
  .tuple(fc.array(contained, { minLength: 1, maxLength: 6 }), fc.constantFrom("\n", "\r\n", "\r"), fc.constantFrom("\n", "\n\n"), fc.boolean())
  .map(([parts, eol, between, bom]) => (bom ? "\uFEFF" : "") + parts.join(between).replace(/\n/g, eol));

describe("markdown offsets: a varied sample", () => {
  it("has a sample worth the name", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(testInputs.length).toBeGreaterThanOrEqual(60);
    expect(blocks.length).toBeGreaterThanOrEqual(500);
  });

  it("maps every verbatim run of every sample file to its source, with LF, CRLF and CR endings and a BOM", () => {
    for (const text of [...files, ...testInputs]) {
      for (const variant of [text, text.replace(/\r?\n/g, "\r\n"), text.replace(/\r?\n/g, "\r"), `\uFEFF${text}`]) parse(variant);
    }
  });

  it("maps every verbatim run of generated documents to its source", () => {
    fc.assert(
      fc.property(documents, fc.boolean(), (source, fenced) => {
        parse(source, fenced ? { fencedReplies: true } : undefined);
      }),
      { numRuns: 400 },
    );
  });

  it("tokenizes inline content exactly as markdown-it does, positions aside", () => {
    const positioned = createMarkdownParser();
    const plain = createMarkdownParser({ positions: false });
    const shape = (tokens: readonly Token[]): unknown[] =>
      tokens.map((t) => [t.type, t.content, t.markup, t.info, t.children ? shape(t.children) : null]);
    for (const text of [...files, ...testInputs, ...blocks]) {
      expect(shape(positioned.parse(text, {})), JSON.stringify(text.slice(0, 80))).toEqual(shape(plain.parse(text, {})));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Plain text, which skips markdown-it's inline parser (and, where it stands in the file as it is,
// the content map): the same tokens and the same segments as the full way.

describe("markdown offsets: plain text the short way", () => {
  const md = createMarkdownParser();
  const fullTokens = (content: string): Token[] => {
    const out: Token[] = [];
    md.inline.parse(content, md, {}, out);
    return out;
  };
  /** Inline content as the block rules leave it: lines, blanks around line endings, trimmed. */
  const plainContent = fc
    .array(
      fc.tuple(
        fc.array(fc.constantFrom("We", "can't", "help", " ", "\t", "-", ":", "!", "]", "#", "{x}", "\u00a0", "é", "😀", "https://x.io"), { minLength: 1, maxLength: 8 }),
        fc.constantFrom("", " ", "  ", "\t", " \t"),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((lines) => lines.map(([words, lead]) => lead + words.join("")).join("\n").trim())
    .filter((content) => content.length > 0 && content.split("\n").every((line) => line.trim().length > 0));

  it("makes the tokens markdown-it makes, positions and all, for plain inline content", () => {
    const sampleContents = [...files, ...testInputs].flatMap((text) => md.parse(text, {}).filter((t) => t.type === "inline").map((t) => t.content));
    let plain = 0;
    for (const content of sampleContents) {
      const tokens = plainInlineTokens(content, md);
      if (!tokens) continue;
      plain++;
      expect(tokens, JSON.stringify(content)).toEqual(fullTokens(content));
    }
    expect(plain).toBeGreaterThan(300);
    fc.assert(
      fc.property(plainContent, (content) => {
        const tokens = plainInlineTokens(content, md);
        // Only a line ending after two spaces (a hard break) is left to markdown-it.
        expect(tokens === undefined, JSON.stringify(content)).toBe(/ {2}\n/.test(content));
        if (tokens) expect(tokens).toEqual(fullTokens(content));
      }),
      { numRuns: 1000 },
    );
  });

  it("leaves content with inline markup to markdown-it", () => {
    for (const content of ["We *can* help.", "Call `help`.", "See [the page](x).", "A <b>bold</b> move.", "Tom &amp; Jerry", "\\* not a list", "Two spaces  \nmake a break."]) {
      expect(plainInlineTokens(content, md), content).toBeUndefined();
    }
  });

  it("makes the segments the full way makes, on the sample and generated documents", () => {
    const same = (source: string, settings?: Record<string, unknown>) => {
      const opts = { ...options, ...(settings ? { settings } : {}) };
      expect(parseMarkdown(source, opts), JSON.stringify(source.slice(0, 80))).toEqual(parseMarkdown(source, opts, undefined, false));
    };
    for (const text of [...files, ...testInputs]) {
      for (const variant of [text, text.replace(/\r?\n/g, "\r\n"), `\uFEFF${text}`, text.replace(/\n/g, " \n")]) same(variant);
    }
    fc.assert(
      fc.property(documents, fc.boolean(), (source, fenced) => same(source, fenced ? { fencedReplies: true } : undefined)),
      { numRuns: 400 },
    );
    const paragraphs = fc.tuple(fc.array(plainContent, { minLength: 1, maxLength: 5 }), fc.constantFrom("", "- ", "# ", "  "));
    fc.assert(
      fc.property(paragraphs, ([contents, marker]) => same(contents.map((c) => marker + c).join("\n\n"))),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Constructs that move text about

describe("markdown offsets: headings", () => {
  it("maps ATX headings past their marker, closing sequence and escapes", () => {
    const source = "  ## We can't \\# help ##  \n";
    const segment = only(source);
    expect(segment.text).toBe("We can't # help");
    expect(sourceOf(source, segment, "can't # help")).toBe("can't \\# help");
    expect(sourceOf(source, segment, "We")).toBe("We");
  });

  it("keeps a closing-looking sequence that is not one", () => {
    expect(only("# Refunds take 5 days#\n").text).toBe("Refunds take 5 days#");
    expect(only("# # #\n").text).toBe("#");
    expect(sourceOf("# # #\n", only("# # #\n"), "#")).toBe("#");
  });

  it("maps setext headings over several indented lines", () => {
    const source = "We can't\n   refund it\t\n=====\n";
    const segment = only(source);
    expect([segment.kind, segment.text]).toEqual(["heading", "We can't\nrefund it"]);
    expect(sourceOf(source, segment, "refund it")).toBe("refund it");
  });

  it("reads headings inside list items", () => {
    const source = "- # We can't help\n\n  ## Nor can they ##\n";
    expect(kindsAndTexts(source)).toEqual([
      ["heading", "We can't help"],
      ["heading", "Nor can they"],
    ]);
  });

  it("starts a section unit where its heading starts, past its indentation", () => {
    const source = "# Replies\n\n  ## One\nWe can't.\n\n Two\n---\nWe won't.\n";
    const doc = parse(source);
    expect(doc.units.map((u) => [u.id, source.slice(u.range[0], u.range[0] + 5)])).toEqual([
      ["document", "# Rep"],
      ["one", "## On"],
      ["two", "Two\n-"],
    ]);
  });
});

describe("markdown offsets: containers, lazy lines and tabs", () => {
  it("maps list-item paragraphs whose lines are indented with tabs", () => {
    const source = "-\tWe can't\n\trefund it.\n";
    const segment = only(source);
    expect(segment.text).toBe("We can't\nrefund it.");
    expect(sourceOf(source, segment, "refund")).toBe("refund");
  });

  it("maps a line whose tab markdown-it expanded only in part", () => {
    const source = "- We can't\n\t  refund it.\n";
    const segment = only(source);
    expect(segment.text).toBe("We can't\nrefund it.");
    expect(sourceOf(source, segment, "refund")).toBe("refund");
  });

  it("maps lazy continuation lines of a list item", () => {
    const source = "1. We can't\nrefund it.\n   - Nor that.\n";
    const doc = parse(source);
    expect(doc.segments.map((s) => s.text)).toEqual(["We can't\nrefund it.", "Nor that."]);
    expect(sourceOf(source, doc.segments[0]!, "refund it.")).toBe("refund it.");
  });

  it("maps nested list items, and items whose content starts far from the marker", () => {
    const source = "- One\n  - Two\n    three\n\n10)   We can't\n      refund.\n";
    expect(kindsAndTexts(source)).toEqual([
      ["list-item", "One"],
      ["list-item", "Two\nthree"],
      ["list-item", "We can't\nrefund."],
    ]);
  });

  it("skips block quotes with their lazy lines, in list items too", () => {
    expect(kindsAndTexts("> You never answer\nlazy line\n\n- > quoted\n  lazy\n\nWe're sorry.\n")).toEqual([["paragraph", "We're sorry."]]);
  });

  it("drops the blanks before a line ending, tabs too", () => {
    const source = "We can't\t \nrefund.\n";
    const segment = only(source);
    expect(segment.text).toBe("We can't\nrefund.");
    expect(segment.runs.map((r) => r.kind)).toEqual(["verbatim", "verbatim"]);
  });

  it("reads a tab before two trailing spaces as a hard break over the spaces", () => {
    const source = "We can't\t  \nrefund.\n";
    const segment = only(source);
    expect(segment.text).toBe("We can't\nrefund.");
    expect(segment.runs.filter((r) => r.kind === "atomic").map((r) => source.slice(r.src[0], r.src[1]))).toEqual(["  \n"]);
  });
});

describe("markdown offsets: line endings, NUL, front matter", () => {
  it("keeps CR and CRLF line endings as written", () => {
    const source = "We can't\rrefund\r\nthis.";
    const segment = only(source);
    expect(segment.text).toBe(source);
    expect(segment.runs).toEqual([{ kind: "verbatim", seg: [0, source.length], src: [0, source.length] }]);
  });

  it("reads NUL as U+FFFD, mapped as a unit", () => {
    const source = "We\0can't \uFFFD refund.";
    const segment = only(source);
    expect(segment.text).toBe("We\uFFFDcan't \uFFFD refund.");
    expect(segment.runs.filter((r) => r.kind === "atomic")).toEqual([{ kind: "atomic", seg: [2, 3], src: [2, 3] }]);
  });

  it("skips front matter and keeps the offsets after it", () => {
    for (const source of ["---\ntitle: We can't\n---\n\nWe can't refund.\n", "+++\r\ntitle = 'x'\r\n+++\r\nWe can't refund.\r\n", "\uFEFF--- \n---\nWe can't refund.\n"]) {
      const segment = only(source);
      expect(segment.text).toBe("We can't refund.");
      expect(sourceOf(source, segment, "can't refund")).toBe("can't refund");
    }
  });

  it("reads an unclosed front matter opener as Markdown", () => {
    expect(kindsAndTexts("---\n- We can't refund.\n> quoted\n")).toEqual([["list-item", "We can't refund."]]);
  });

  it("lints fenced replies with CR line endings", () => {
    const source = "## Reply\r\r```\rWe can't reproduce this.\r```\r";
    const doc = parse(source, { fencedReplies: true });
    expect(doc.segments.map((s) => s.text)).toEqual(["Reply", "We can't reproduce this."]);
  });
});

describe("markdown offsets: inline content", () => {
  it("maps image alt text across lines and inside links", () => {
    const source = "See [![We *can't* refund\nit](i.png)](https://x.test) here.";
    const doc = parse(source);
    const alt = doc.segments.find((s) => s.kind === "alt-text")!;
    expect(alt.text).toBe("We can't refund\nit");
    expect(sourceOf(source, alt, "can't refund\nit")).toBe("can't* refund\nit");
  });

  it("uses link definitions in alt text", () => {
    const source = "![We [can't][x] help](i.png)\n\n[x]: /u\n";
    const alt = parse(source).segments.find((s) => s.kind === "alt-text")!;
    expect(alt.text).toBe("We can't help");
    expect(sourceOf(source, alt, "can't")).toBe("can't");
  });

  it("masks inline code after a link label looked ahead", () => {
    const segment = only("[See `Save changes` first ``");
    expect(segment.placeholders.map((p) => p.raw)).toEqual(["`Save changes`"]);
  });

  it("keeps unmatched emphasis markers and escapes in place", () => {
    const source = "We *can't \\* refund_ &amp; **ship**";
    const segment = only(source);
    expect(segment.text).toBe("We *can't * refund_ & ship");
    expect(sourceOf(source, segment, "*can't * refund_ &")).toBe("*can't \\* refund_ &amp;");
  });

  it("reads a definition to any URL as a definition", () => {
    expect(kindsAndTexts("[help]: javascript:alert(1)\n\nWe can't.\n")).toEqual([["paragraph", "We can't."]]);
  });

  it("keeps a hundred lists in lists, and survives far deeper nesting", () => {
    expect(kindsAndTexts(`${"- ".repeat(150)}We can't help.\n`)).toEqual([["list-item", "We can't help."]]);
    for (const deep of [">".repeat(50_000) + " x\n\nWe can't.\n", "- > ".repeat(50_000), "[".repeat(50_000) + "a" + "](b)".repeat(50_000)]) {
      expect(() => parseMarkdown(deep, options)).not.toThrow();
    }
  });
});

describe("markdown offsets: read as CommonMark where markdown-it is not", () => {
  it("reads the lines after a definition as the rest of its paragraph", () => {
    expect(kindsAndTexts("[a]: /u\n    We can't refund.\n")).toEqual([["paragraph", "We can't refund."]]);
    expect(kindsAndTexts("[a]: /u\n<b>We</b> can't.\n")).toEqual([["paragraph", "We can't."]]);
    expect(kindsAndTexts("[a]: /u\n2. We can't.\n")).toEqual([["paragraph", "2. We can't."]]);
    expect(kindsAndTexts("- [a]: /u\nWe can't.\n")).toEqual([["list-item", "We can't."]]);
    expect(kindsAndTexts("[a]: /u\nWe can't\n===\n")).toEqual([["heading", "We can't"]]);
    expect(kindsAndTexts("> [a]: /u\nlazy quote\n\nWe're sorry.\n")).toEqual([["paragraph", "We're sorry."]]);
    expect(kindsAndTexts("[a]: /u\n    [b]: /v\n[b]\n")).toEqual([["paragraph", "b"]]);
  });

  it("reads a line indented 4 under a list item whose text starts further in as a lazy line", () => {
    expect(kindsAndTexts("-    We can't\n    # refund that\n")).toEqual([["list-item", "We can't\n# refund that"]]);
    expect(kindsAndTexts("- One\n  -    We can't\n      - refund that\n")).toEqual([
      ["list-item", "One"],
      ["list-item", "We can't\n- refund that"],
    ]);
  });
});
