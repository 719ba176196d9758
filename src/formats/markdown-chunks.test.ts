/**
 * Markdown adapter, large files: parsing in chunks cut before top-level headings must give
 * exactly what the whole-file parse gives (same segments with the same offsets, units and
 * directives), whatever the file holds around the cuts: fences and HTML blocks with `#` lines
 * inside, front matter, lists, and link definitions in another section than their links.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { globbySync } from "globby";
import { describe, expect, it } from "vitest";
import type { ParsedDocument, Segment } from "../core/types.js";
import { toSourceRange } from "../document/segment-builder.js";
import { checkSegmentInvariants } from "../testing/invariants.js";
import { CHUNK_ABOVE, CHUNK_SIZE, parseMarkdown, type ChunkTrace, type MarkdownParseTuning } from "./markdown.js";
import { compilePlaceholders } from "./placeholders.js";

const placeholders = compilePlaceholders();
const root = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  readonly doc: ParsedDocument;
  readonly path: "whole" | "chunked";
  readonly detail: ChunkTrace;
}

function run(source: string, tuning: MarkdownParseTuning, settings?: Record<string, unknown>): Run {
  let path: Run["path"] | undefined;
  let detail: ChunkTrace | undefined;
  const doc = parseMarkdown(source, { fileName: "handbook.md", placeholders, ...(settings ? { settings } : {}) }, {
    ...tuning,
    trace: (p, d) => {
      path = p;
      detail = d;
    },
  });
  return { doc, path: path!, detail: detail! };
}

/**
 * Both paths, the chunked one cutting at every cut point it may (chunk size 1) unless told a
 * size; returns the chunked run.
 */
function both(source: string, settings?: Record<string, unknown>, chunkSize = 1): Run {
  const whole = run(source, { chunkAbove: Infinity }, settings);
  const chunked = run(source, { chunkAbove: 0, chunkSize }, settings);
  expect(whole.path).toBe("whole");
  expect(chunked.doc).toStrictEqual(whole.doc);
  expect(checkSegmentInvariants(source, chunked.doc)).toEqual([]);
  return chunked;
}

/** Where each chunk after the first starts, as the first characters of its line. */
function cutLines(source: string, detail: ChunkTrace): string[] {
  return detail.chunks.slice(1).map(([start]) => source.slice(start, source.indexOf("\n", start)));
}

function segmentWith(doc: ParsedDocument, text: string): Segment {
  const found = doc.segments.find((s) => s.text.includes(text));
  expect(found, text).toBeDefined();
  return found!;
}

describe("markdown adapter: where a file may be cut", () => {
  it("cuts before top-level ATX headings that follow a blank line, and nowhere else", () => {
    const source = [
      "Intro.\n",
      "# One\n\nText one.\n",
      "## Two ##\nText two.\n",
      "#\n",
      "###\tTabbed\n",
      "#hashtag is a paragraph\n",
      "  # Indented heading\n",
      "####### Seven is a paragraph\n",
      "Setext\n======\n",
      "- # In a list\n",
      "> # In a quote\n",
      "Paragraph\n# Interrupting heading\n",
    ].join("\n");
    const { detail } = both(source);
    expect(cutLines(source, detail)).toEqual(["# One", "## Two ##", "#", "###\tTabbed"]);
    expect(detail.rejected).toBe(0);
  });

  it("never cuts inside fenced code, however its fences are written", () => {
    const source = [
      "# A\n",
      "```md\n# not a heading\n\n# still code\n```\n",
      "# B\n",
      "~~~~\n# code\n\n~~~\n# still code: the closing fence is too short\n\n```\n# and a backtick fence is no closer\n~~~~~\n",
      "# C\n",
      "   ```\n\n# code in a fence indented three spaces\n   ```\n",
      "# D\n",
      "``` not `a` fence: backticks in its info string\n\n# E\n",
      "    ```\n    indented code, not a fence\n\n# F\n",
    ].join("\n");
    const { doc, detail } = both(source);
    expect(cutLines(source, detail)).toEqual(["# B", "# C", "# D", "# E", "# F"]);
    expect(doc.segments.filter((s) => s.kind === "heading").map((s) => s.text)).toEqual(["A", "B", "C", "D", "E", "F"]);
    expect(detail.rejected).toBe(0);
  });

  it("never cuts inside HTML blocks that run past blank lines", () => {
    const source = [
      "# A\n",
      "<!-- a comment\n\n# not a heading\n-->\n",
      "# B\n",
      "<script>\n\n# code\n</script>\n",
      "# C\n",
      "<PRE class=x>\n\n# preformatted\n</pre>\n",
      "# D\n",
      "<?php\n\n# php\n?>\n",
      "<!DOCTYPE html\n\n# declaration\n>\n",
      "<![CDATA[\n\n# data\n]]>\n",
      "# E\n",
      "<!-- closed on its line --> after\n",
      "# F\n",
      "<div>\n# inside the div, up to the blank line\n</div>\n",
      "# G\n",
    ].join("\n");
    const { doc, detail } = both(source);
    expect(cutLines(source, detail)).toEqual(["# B", "# C", "# D", "# E", "# F", "# G"]);
    expect(doc.segments.filter((s) => s.kind === "heading").map((s) => s.text)).toEqual(["A", "B", "C", "D", "E", "F", "G"]);
    expect(detail.rejected).toBe(0);
  });

  it("never cuts inside front matter, YAML or TOML, and cuts a file without it from its top", () => {
    for (const fence of ["---", "+++"]) {
      const source = `${fence}\ntitle: Handbook\n\n# a comment\n${fence}  \n\n# One\n\nWe can't.\n\n# Two\n\nSorry.\n`;
      const { doc, detail } = both(source);
      expect(cutLines(source, detail)).toEqual(["# One", "# Two"]);
      expect(detail.rejected).toBe(0);
      expect(doc.segments.map((s) => s.text)).toEqual(["One", "We can't.", "Two", "Sorry."]);
    }
    const noFrontMatter = "--- x\n\n# One\n\n- a list\n";
    expect(cutLines(noFrontMatter, both(noFrontMatter).detail)).toEqual(["# One"]);
  });

  it("parses whole a file that opens front matter and never closes it", () => {
    // While micromark looks for the closing line it reads no lists or block quotes, to the end
    // of the file: "- a list" is a paragraph here. No chunk after the first would read it so.
    const source = "---\ntitle: x\n\n# One\n\n- a list\n\n# Two\n\n> a quote\n";
    const { doc, path } = both(source);
    expect(path).toBe("whole");
    expect(doc.segments.map((s) => [s.kind, s.text])).toContainEqual(["paragraph", "- a list"]);
  });

  it("checks each cut against the parse, which finds the real headings when the scan was wrong", () => {
    // The first fence belongs to the list item, which heading B closes; the scan takes it for a
    // top-level one, so from there on it has the fences the wrong way round: it misses B and C,
    // and offers a cut inside the fence that opens after B. The parse finds B, and the scan,
    // put back in step there, finds C.
    const source = [
      "# A\n\n- step\n\n  ```\n",
      "# B\n  ```\n",
      "# inside the fence\n```\n",
      "# C\n\n````\n```\n",
      "# code\n````\n",
      "# D\n\nDone.\n",
    ].join("\n");
    const { doc, detail } = both(source);
    expect(detail.rejected).toBeGreaterThan(0);
    expect(cutLines(source, detail)).toEqual(["# B", "# C", "# D"]);
    expect(doc.segments.filter((s) => s.kind === "heading").map((s) => s.text)).toEqual(["A", "B", "C", "D"]);
  });

  it("keeps an unclosed fence at the end of the file to the end", () => {
    const source = "# A\n\nSee [the FAQ][faq].\n\n# B\n\n```\n# code to the end\n\n[faq]: https://example.com/faq\n";
    const { doc, detail } = both(source, { fencedReplies: true });
    expect(cutLines(source, detail)).toEqual(["# B"]);
    // The definition is inside the fence, so `[the FAQ][faq]` is not a link.
    expect(segmentWith(doc, "See").text).toBe("See [the FAQ][faq].");
  });

  it("takes a BOM into account in the chunk ranges", () => {
    const source = "\uFEFF# A\n\nOne.\n\n# B\n\nTwo.\n";
    const { doc, detail } = both(source);
    expect(detail.chunks).toEqual([
      [0, 12],
      [12, source.length],
    ]);
    expect(source.slice(...toSourceRange(segmentWith(doc, "Two"), [0, 4]))).toBe("Two.");
  });
});

describe("markdown adapter: links whose definitions are in another chunk", () => {
  it("resolves full, collapsed and shortcut references and images across chunks", () => {
    const source = [
      "# Help\n",
      "Read [the FAQ][faq], the [Guide][] or [refunds], and ![the *gear* icon][gear].\n",
      "Unknown [labels] stay text.\n",
      "# Definitions\n",
      "[FAQ]: https://example.com/faq\n[guide]: <https://example.com/guide> 'The guide'\n",
      "- [Refunds]:\n  https://example.com/refunds\n",
      "> [gear]: gear.png\n",
    ].join("\n");
    const { doc, detail } = both(source);
    expect(detail.chunks).toHaveLength(2);
    expect(detail.passes).toBe(1);
    expect(segmentWith(doc, "Read").text).toMatch(/^Read the FAQ, the Guide or refunds, and x+\.$/);
    expect(segmentWith(doc, "Unknown").text).toBe("Unknown [labels] stay text.");
    expect(doc.segments.find((s) => s.kind === "alt-text")?.text).toBe("the gear icon");
  });

  it("finds labels the line scan misses or invents, with a second walk", () => {
    // A label over two lines escapes the line scan; one in an HTML block only looks defined.
    const source = "# A\n\nSee [the  multi line label] and [fake].\n\n# B\n\n[The multi\nLine label]: /x\n\n<div>\n[fake]: /y\n</div>\n";
    const { doc, detail } = both(source);
    expect(detail.passes).toBe(2);
    expect(segmentWith(doc, "See").text).toBe("See the  multi line label and [fake].");
  });

  it("leaves a label with no definition anywhere as text", () => {
    const source = "# A\n\nSee [nowhere].\n\n# B\n\n```\n[nowhere]: /in-code\n```\n";
    expect(segmentWith(both(source).doc, "See").text).toBe("See [nowhere].");
  });
});

describe("markdown adapter: units and directives across chunks", () => {
  it("makes the same section units from the headings of every chunk", () => {
    const source = "# Saved replies\n\nUse these.\n\n## Refund\n\nOn its way.\n\n### Note\n\nDetail.\n\n## Refund\n\nAgain.\n\n## Out of stock\n\nWe can't.\n";
    const { doc, detail } = both(source);
    expect(detail.chunks).toHaveLength(5);
    expect(doc.units.map((u) => u.id)).toEqual(["document", "refund", "refund-2", "out-of-stock"]);
    expect(doc.segments.map((s) => s.unit)).toEqual([0, 0, 1, 1, 1, 1, 2, 2, 3, 3]);
  });

  it("reads directives in every chunk at their offsets", () => {
    const source = "# A\n\n<!-- cxlint-disable-next-line no-refusal -->\nWe can't.\n\n# B\n\nText <!-- cxlint-disable-line -->.\n\n# C\n\n<!-- cxlint-enable -->\n";
    const { doc } = both(source);
    expect(doc.directives.map((d) => source.slice(...d.range))).toEqual([
      "<!-- cxlint-disable-next-line no-refusal -->",
      "<!-- cxlint-disable-line -->",
      "<!-- cxlint-enable -->",
    ]);
  });
});

describe("markdown adapter: large files take the chunked path", () => {
  // Lists are kept rare: the whole-file parse this is compared with is the slow one.
  const section = (i: number) =>
    `## Reply ${i}\n\nHi {{ticket.requester.first_name}}, we can't refund order #${i} after 30 days. ` +
    `We can offer store credit or an exchange instead; see [the policy][policy].\n\n` +
    (i % 20 === 0 ? "- Store credit\n- Exchange\n  1. Pick a size\n\n" : "");

  it("chunks a file from CHUNK_ABOVE on and gives the whole-file result", () => {
    let big = "# Handbook\n\n";
    for (let i = 0; big.length < CHUNK_ABOVE + 1000; i++) big += section(i);
    big += "[policy]: https://example.com/policy\n";
    const chunked = run(big, {});
    expect(chunked.path).toBe("chunked");
    const sizes = chunked.detail.chunks.map(([start, end]) => end - start);
    expect(sizes.length).toBeGreaterThan(CHUNK_ABOVE / CHUNK_SIZE);
    // Cut at the first heading past the chunk size, not at every heading.
    for (const size of sizes.slice(0, -1)) expect(size - CHUNK_SIZE).toSatisfy((over: number) => over >= 0 && over < 300);
    expect(chunked.doc).toStrictEqual(run(big, { chunkAbove: Infinity }).doc);
    expect(segmentWith(chunked.doc, "Reply 3").unit).toBe(4);
    expect(segmentWith(chunked.doc, "Reply 999").unit).toBe(1000);
    expect(chunked.doc.segments.filter((s) => s.text.includes("see the policy.")).length).toBe(chunked.doc.units.length - 1);
  });

  it("finds the headings by parsing when the scan offers no cut for long", () => {
    // The list item's fence puts the scan out of step for good (see above): from there it takes
    // every real heading for code and offers no cut at all.
    let big = "# Intro\n\n# Steps\n\n- step\n\n  ```\n\n# B\n  ```\nreal code\n```\n\n";
    for (let i = 0; big.length < 5 * CHUNK_SIZE; i++) big += `## Section ${i}\n\nWe can't refund [this][t].\n\n\`\`\`\ncode ${i}\n\`\`\`\n\n`;
    big += "[t]: /t\n";
    const chunked = run(big, { chunkAbove: 0 });
    expect(chunked.path).toBe("chunked");
    expect(chunked.detail.chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunked.detail.rejected).toBe(0);
    for (const [start] of chunked.detail.chunks.slice(1)) expect(big.slice(start, start + 11)).toBe("## Section ");
    expect(chunked.doc).toStrictEqual(run(big, { chunkAbove: Infinity }).doc);
    expect(segmentWith(chunked.doc, "Section 1000").unit).toBe(1001);
    // The scan missed the definition at the end too: the second walk found it.
    expect(chunked.detail.passes).toBe(2);
    expect(segmentWith(chunked.doc, "refund").text).toBe("We can't refund this.");
  });

  it("parses a smaller file whole", () => {
    expect(run("# Handbook\n\n" + section(1) + section(2), {}).path).toBe("whole");
  });

  it("parses a file without a cut point whole, however large", () => {
    expect(run("Just one paragraph.\n".repeat(20), { chunkAbove: 0, chunkSize: 1 }).path).toBe("whole");
  });
});

describe("markdown adapter: every Markdown fixture, in chunks", () => {
  const fixtures = globbySync("fixtures/**/*.md", { cwd: root });

  it("finds the fixtures", () => {
    expect(fixtures.length).toBeGreaterThan(10);
  });

  it("gives the whole-file result for each fixture, alone and all in one file", () => {
    const sources = fixtures.map((name) => readFileSync(root + name, "utf8"));
    for (const source of sources) {
      both(source);
      both(source, { fencedReplies: true });
    }
    const all = sources.map((s) => s.replace(/^---[\s\S]*?\n---\n/, "")).join("\n\n# Next fixture\n\n");
    expect(both(all).detail.chunks.length).toBeGreaterThan(sources.length);
    both(all, { fencedReplies: true }, 2000);
  });
});

describe("markdown adapter: generated documents, chunked and whole", () => {
  const words = fc.constantFrom("We can't", "refund", "your order", "Sorry", "{{ticket.id}}", "{% if vip %}ok{% endif %}", "&amp;", "\\*", "`code`", "😀", "<b>bold</b>", "**strong**", "_em_");
  const sentence = fc.array(words, { minLength: 1, maxLength: 6 }).map((w) => w.join(" ") + ".");
  const label = fc.constantFrom("faq", "FAQ", "guide", "Multi  Label", "^1", "img", "nowhere");
  const link = fc.oneof(
    label.map((l) => `[${l}]`),
    label.map((l) => `[the link][${l}]`),
    label.map((l) => `![alt *text*][${l}]`),
    fc.constant("[inline](https://example.com/x)"),
  );
  const paragraph = fc.array(fc.oneof({ weight: 3, arbitrary: sentence }, { weight: 1, arbitrary: link }), { minLength: 1, maxLength: 4 }).map((p) => p.join(" "));
  const heading = fc.tuple(fc.integer({ min: 1, max: 6 }), sentence, fc.constantFrom(" ", "\t", "  ")).map(([level, text, gap]) => "#".repeat(level) + gap + text);
  const hashLines = fc.array(fc.constantFrom("# not a heading", "## code", "", "#", "text", "    # indented"), { minLength: 1, maxLength: 4 }).map((l) => l.join("\n"));
  /** Blocks left open swallow the rest of the file, cut points and all: keep them rare. */
  const mostly = fc.integer({ min: 0, max: 5 }).map((n) => n > 0);
  const block: fc.Arbitrary<string> = fc.oneof(
    { weight: 4, arbitrary: heading },
    { weight: 4, arbitrary: paragraph },
    { weight: 1, arbitrary: fc.constantFrom("#", "#hashtag", "Setext\n---", "Setext\n===", "#tag setext\n===", "  ## indented heading", "---", "***") },
    { weight: 2, arbitrary: fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((items) => items.map((p) => `- ${p}`).join("\n")) },
    {
      weight: 2,
      arbitrary: fc.tuple(paragraph, paragraph, fc.constantFrom("  ", "   ", "    ")).map(([a, b, indent]) => `1. ${a}\n\n${indent}- ${b}\n${indent}  lazy? ${b}\nlazy continuation`),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom("```", "~~~", "````", "```text", "  ```", "~~~md"), hashLines, fc.constantFrom("close", "close", "close", "short", "none")).map(([open, body, close]) => {
        const fence = open.trim().replace(/[^`~]+$/, "");
        return `${open}\n${body}${close === "close" ? `\n${fence}` : close === "short" ? `\n${fence.slice(1)}` : ""}`;
      }),
    },
    {
      // A fence in a list item, which the scan takes for a top-level one.
      weight: 2,
      arbitrary: fc.tuple(paragraph, hashLines, mostly).map(([p, body, closed]) => `- ${p}\n\n  \`\`\`\n${body.replace(/^(?=.)/gm, "  ")}${closed ? "\n  ```" : ""}`),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.constantFrom(["<!--", "-->"], ["<script>", "</script>"], ["<pre>", "</pre>"], ["<?x", "?>"], ["<!DOCTYPE", ">"], ["<![CDATA[", "]]>"], ["<div>", "</div>"]),
        hashLines,
        mostly,
      ).map(([[open, close], body, closed]) => `${open}\n${body}${closed ? `\n${close}` : ""}`),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "<!-- cxlint-disable-next-line -->",
        "<!-- cxlint-disable no-refusal -- approved -->",
        "<!-- cxlint-enable -->",
        "We can't. <!-- cxlint-disable-line -->",
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(label, fc.constantFrom(" https://example.com", "\n/over/two/lines", " <x> 'title'", " /x\n\"title on the next line\"")).map(([l, rest]) => `[${l}]:${rest}`),
    },
    { weight: 1, arbitrary: fc.tuple(label, fc.constantFrom(">", "-", "2.")).map(([l, container]) => `${container} [${l}]: /contained`) },
    { weight: 1, arbitrary: paragraph.map((p) => `> ${p}\n# heading after a quote\n> ${p}`) },
    { weight: 1, arbitrary: hashLines.map((body) => body.replace(/^/gm, "    ")) },
  );
  const frontMatter = fc.oneof(
    { weight: 6, arbitrary: fc.constant("") },
    { weight: 3, arbitrary: fc.constantFrom("---\ntitle: x\n\n# comment\n---\n", "+++\n# toml\n+++\n\n") },
    { weight: 1, arbitrary: fc.constant("---\n\n# never closed\n") },
  );
  const gap = fc.constantFrom("\n\n", "\n\n", "\n", "\n\n\n");
  const section = fc.tuple(heading, gap, fc.array(fc.tuple(block, gap), { maxLength: 5 })).map(([h, g, blocks]) => h + g + blocks.map(([b, after]) => b + after).join(""));
  const documents = fc
    .tuple(fc.boolean(), frontMatter, fc.array(section, { minLength: 1, maxLength: 10 }), fc.constantFrom("\n", "\r\n", "\r"), fc.boolean())
    .map(([bom, front, sections, eol, trailing]) => {
      const text = front + sections.join("");
      const body = trailing ? text : text.replace(/\n+$/, "");
      return (bom ? "\uFEFF" : "") + body.replace(/\n/g, eol);
    });

  it("gives deep-equal documents", () => {
    const seen = { chunked: 0, cuts: 0, rejected: 0, secondPass: 0 };
    fc.assert(
      fc.property(documents, fc.boolean(), fc.constantFrom(1, 40, 200), (source, fencedReplies, chunkSize) => {
        const { path, detail } = both(source, fencedReplies ? { fencedReplies } : undefined, chunkSize);
        if (path === "chunked") seen.chunked++;
        seen.cuts += detail.chunks.length - 1;
        seen.rejected += detail.rejected;
        if (detail.passes > 1) seen.secondPass++;
      }),
      { numRuns: 500 },
    );
    // The chunked path, its checks and its second walk are what is being tested, often.
    expect(seen.chunked).toBeGreaterThan(250);
    expect(seen.cuts).toBeGreaterThan(600);
    expect(seen.rejected).toBeGreaterThan(0);
    expect(seen.secondPass).toBeGreaterThan(5);
  });
});
