/**
 * Tests for the Markdown adapter: what counts as prose, what is skipped, and that every segment
 * offset maps back to the exact source (checked on every parse by src/testing/markdown.ts).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toSourceRange } from "../document/segment-builder.js";
import { only, options, parse, sourceOf } from "../testing/markdown.js";
import { alignDecoded, markdownAdapter } from "./markdown.js";

function texts(source: string): string[] {
  return parse(source).segments.map((s) => s.text);
}

describe("markdownAdapter: shape", () => {
  it("is registered for .md and .markdown with one document unit", () => {
    expect(markdownAdapter.id).toBe("markdown");
    expect(markdownAdapter.extensions).toEqual([".md", ".markdown"]);
    const source = "Hello there.\n";
    const doc = parse(source);
    expect(doc.format).toBe("markdown");
    expect(doc.units).toEqual([{ id: "document", range: [0, source.length] }]);
  });

  it("returns nothing for an empty file", () => {
    expect(parse("")).toMatchObject({ segments: [], directives: [] });
  });

  it("makes one segment per paragraph, heading and list-item paragraph", () => {
    const doc = parse("# Your refund\n\nWe sent it today.\n\n- Check your bank.\n- Reply here.\n  Any time.\n\n  1. Nested step.\n");
    expect(doc.segments.map((s) => [s.kind, s.text])).toEqual([
      ["heading", "Your refund"],
      ["paragraph", "We sent it today."],
      ["list-item", "Check your bank."],
      ["list-item", "Reply here.\nAny time."],
      ["list-item", "Nested step."],
    ]);
  });

  it("reads setext headings and strips closing hashes", () => {
    expect(parse("Refunds\n=======\n\n## Returns ##\n").segments.map((s) => [s.kind, s.text])).toEqual([
      ["heading", "Refunds"],
      ["heading", "Returns"],
    ]);
  });

  it("maps list-item continuation lines past their indentation", () => {
    const source = "- We will call you\n    tomorrow morning.\n";
    const segment = only(source);
    expect(segment.text).toBe("We will call you\ntomorrow morning.");
    expect(sourceOf(source, segment, "tomorrow")).toBe("tomorrow");
  });
});

describe("markdownAdapter: what is skipped", () => {
  it("skips fenced and indented code", () => {
    expect(texts("Before.\n\n```\nWe can't help.\n```\n\n    We won't either.\n\nAfter.\n")).toEqual(["Before.", "After."]);
  });

  it("masks inline code so the sentence stays whole", () => {
    const source = "Click `Save changes` to finish.";
    const segment = only(source);
    expect(segment.text).toBe("Click xxxxxxxxxxxxxx to finish.");
    expect(segment.placeholders).toEqual([{ range: [6, 20], raw: "`Save changes`" }]);
  });

  it("masks autolinks, bare URLs and e-mail addresses", () => {
    const source = "See <https://example.com/help>, https://example.com/faq. or write to help@example.com.";
    const segment = only(source);
    expect(segment.text).toBe(
      `See ${"x".repeat(26)}, ${"x".repeat(23)}. or write to ${"x".repeat(16)}.`,
    );
    expect(segment.placeholders.map((p) => p.raw)).toEqual([
      "<https://example.com/help>",
      "https://example.com/faq",
      "help@example.com",
    ]);
  });

  it("keeps a URL with a placeholder inside it as one mask", () => {
    const segment = only("Go to https://help.example.com/{{ locale }}/refunds today.");
    expect(segment.placeholders.map((p) => p.raw)).toEqual(["https://help.example.com/{{ locale }}/refunds"]);
    expect(segment.text).toMatch(/^Go to x+ today\.$/);
  });

  it("lints link text but not link destinations or definitions", () => {
    const source = "Read [our refund policy](https://example.com/refunds \"Refunds\") or [the FAQ][faq].\n\n[faq]: https://example.com/faq\n";
    const segment = only(source);
    expect(segment.text).toBe("Read our refund policy or the FAQ.");
    expect(sourceOf(source, segment, "refund policy")).toBe("refund policy");
    expect(sourceOf(source, segment, " or ")).toBe(" or ");
  });

  it("skips HTML blocks and steps over inline tags", () => {
    expect(texts("<div class=\"note\">\nWe can't do that.\n</div>\n\nWe <b>can</b> help.\n")).toEqual(["We can help."]);
  });

  it("skips YAML and TOML front matter", () => {
    expect(texts("---\ntitle: We can't refund\n---\n\nHello.\n")).toEqual(["Hello."]);
    expect(texts("+++\ntitle = \"We can't refund\"\n+++\n\nHello.\n")).toEqual(["Hello."]);
  });

  it("skips block quotes and everything inside them, lazy lines included", () => {
    const source = "> You never answer!\nlazy continuation\n>\n> - a list\n> ```\n> code\n> ```\n\nWe're sorry.\n";
    expect(texts(source)).toEqual(["We're sorry."]);
  });

  it("skips thematic breaks", () => {
    expect(texts("One.\n\n---\n\n***\n\nTwo.\n")).toEqual(["One.", "Two."]);
  });
});

describe("markdownAdapter: placeholders", () => {
  it("masks value placeholders with letters and control tags with spaces", () => {
    const source = "Hi {{ticket.requester.first_name}},\n{% if vip %}you get free shipping.{% endif %}";
    const segment = only(source);
    expect(segment.text).toBe(`Hi ${"x".repeat(31)},\n${" ".repeat(12)}you get free shipping.${" ".repeat(11)}`);
    expect(segment.placeholders.map((p) => p.raw)).toEqual([
      "{{ticket.requester.first_name}}",
      "{% if vip %}",
      "{% endif %}",
    ]);
  });

  it("never lets Liquid tags on their own lines break a paragraph or become one", () => {
    const source = "{% if refund %}\nYour refund is on its way.\n{% else %}\nWe're looking into it.\n{% endif %}\n";
    const segment = only(source);
    expect(segment.text).toContain("Your refund is on its way.\n");
    expect(segment.text).toContain("We're looking into it.");
  });

  it("masks a placeholder even when a converter escaped its underscores", () => {
    const source = "Hi {{ticket.requester.first\\_name}}, thanks.";
    const segment = only(source);
    expect(segment.placeholders.map((p) => p.raw)).toEqual(["{{ticket.requester.first\\_name}}"]);
    expect(segment.text).toBe(`Hi ${"x".repeat(31)}, thanks.`);
  });

  it("masks tag-shaped placeholders written as inline HTML", () => {
    const segment = only('Hi <attribute name="first_name"/>, thanks.');
    expect(segment.text).toBe(`Hi ${"x".repeat(30)}, thanks.`);
  });

  it("drops a paragraph that is only a placeholder", () => {
    expect(texts("{{dc.signature}}\n\nThanks.\n")).toEqual(["Thanks."]);
  });
});

describe("markdownAdapter: exact offsets through decoding", () => {
  it("maps a character reference back to its whole source span", () => {
    const source = "We can&apos;t refund this order.";
    const segment = only(source);
    expect(segment.text).toBe("We can't refund this order.");
    expect(sourceOf(source, segment, "can't")).toBe("can&apos;t");
    expect(sourceOf(source, segment, "refund")).toBe("refund");
    expect(segment.runs).toContainEqual({ kind: "atomic", seg: [6, 7], src: [6, 12] });
  });

  it("decodes numeric and hexadecimal references and leaves unknown ones literal", () => {
    const source = "It&#39;s here &#x2014; &notanentity; &amp;amp;";
    const segment = only(source);
    expect(segment.text).toBe("It's here — &notanentity; &amp;");
    expect(sourceOf(source, segment, "—")).toBe("&#x2014;");
    expect(sourceOf(source, segment, "&notanentity;")).toBe("&notanentity;");
    expect(sourceOf(source, segment, "&amp;")).toBe("&amp;amp;");
  });

  it("maps backslash escapes as atomic runs", () => {
    const source = "Use \\*only\\* this \\\\ path, didn\\'t you?";
    const segment = only(source);
    expect(segment.text).toBe("Use *only* this \\ path, didn't you?");
    expect(sourceOf(source, segment, "*only*")).toBe("\\*only\\*");
    expect(sourceOf(source, segment, "didn't")).toBe("didn\\'t");
    expect(segment.runs.filter((r) => r.kind === "atomic")).toHaveLength(4);
  });

  it("keeps emphasis text and steps over its markers", () => {
    const source = "We **really** can't _do_ that.";
    const segment = only(source);
    expect(segment.text).toBe("We really can't do that.");
    expect(sourceOf(source, segment, "really can't do")).toBe("really** can't _do");
  });

  it("keeps soft line breaks so lines do not merge", () => {
    const source = "We can't refund\nthis order.";
    const segment = only(source);
    expect(segment.text).toBe("We can't refund\nthis order.");
    expect(segment.runs).toEqual([{ kind: "verbatim", seg: [0, 27], src: [0, 27] }]);
  });

  it("turns hard breaks and <br> into an atomic newline over the break", () => {
    const source = "Best,  \nAna\\\nSupport<br/>Team";
    const segment = only(source);
    expect(segment.text).toBe("Best,\nAna\nSupport\nTeam");
    const breaks = segment.runs.filter((r) => r.kind === "atomic").map((r) => source.slice(r.src[0], r.src[1]));
    expect(breaks).toEqual(["  \n", "\\\n", "<br/>"]);
  });

  it.each([
    {
      endings: "CRLF",
      source: "# Hello\r\n\r\nWe can&apos;t\r\n  refund this.\r\n\r\n- One\r\n- Two\r\n",
      segments: [
        ["heading", "Hello"],
        ["paragraph", "We can't\r\nrefund this."],
        ["list-item", "One"],
        ["list-item", "Two"],
      ],
      words: [[1, "refund"]],
    },
    {
      endings: "lone CR and mixed",
      source: "# Hello\r\rWe can&apos;t\r  refund this.\n\r\n- One\r- Two\n\nWe won't\r\nship it.",
      segments: [
        ["heading", "Hello"],
        ["paragraph", "We can't\rrefund this."],
        ["list-item", "One"],
        ["list-item", "Two"],
        ["paragraph", "We won't\r\nship it."],
      ],
      words: [
        [1, "refund"],
        [4, "ship"],
      ],
    },
  ] as const)("handles $endings line endings", ({ source, segments, words }) => {
    const doc = parse(source);
    expect(doc.segments.map((s) => [s.kind, s.text])).toEqual(segments);
    for (const [index, word] of words) expect(sourceOf(source, doc.segments[index]!, word)).toBe(word);
  });

  it("counts emoji as two UTF-16 units on both sides", () => {
    const source = "😀 We can't 👍🏽 refund &#128512; today.";
    const segment = only(source);
    expect(segment.text).toBe("😀 We can't 👍🏽 refund 😀 today.");
    expect(sourceOf(source, segment, "refund")).toBe("refund");
    expect(sourceOf(source, segment, "today")).toBe("today");
    expect(sourceOf(source, segment, "😀 today")).toBe("&#128512; today");
  });

  it("shifts offsets past a byte order mark", () => {
    const source = "\uFEFFWe *can't* refund.";
    const segment = only(source);
    expect(segment.text).toBe("We can't refund.");
    expect(sourceOf(source, segment, "can't")).toBe("can't");
  });

  it("falls back to one exact atomic piece when a value cannot be explained", () => {
    expect(alignDecoded("abc", "xyz", [0, 3])).toEqual([{ kind: "atomic", value: [0, 3], src: [0, 3] }]);
  });
});

describe("markdownAdapter: images and tables", () => {
  it("masks an image in its sentence and lints its alt text on its own", () => {
    const source = 'Click ![the *gear* icon](gear.png "Gear") to continue.';
    const doc = parse(source);
    expect(doc.segments.map((s) => [s.kind, s.text])).toEqual([
      ["paragraph", `Click ${"x".repeat(35)} to continue.`],
      ["alt-text", "the gear icon"],
    ]);
    expect(sourceOf(source, doc.segments[1]!, "gear icon")).toBe("gear* icon");
  });

  it("masks placeholders and maps escapes inside alt text", () => {
    const source = "![Hi {{name}}, here\\'s your receipt &amp; invoice](r.png)";
    const doc = parse(source);
    const alt = doc.segments.find((s) => s.kind === "alt-text")!;
    expect(alt.text).toBe(`Hi ${"x".repeat(8)}, here's your receipt & invoice`);
    expect(alt.placeholders.map((p) => p.raw)).toEqual(["{{name}}"]);
    expect(sourceOf(source, alt, "here's")).toBe("here\\'s");
    expect(sourceOf(source, alt, "& invoice")).toBe("&amp; invoice");
  });

  it("skips images without alt text", () => {
    expect(texts("![](logo.png)\n\nHi.\n")).toEqual(["Hi."]);
  });

  it("splits a pipe table into cells without splitting escaped pipes or code", () => {
    const source = "| Plan | Window |\n|---|:---:|\n| Annual | 30 days \\| prorated `a|b` |\n";
    const doc = parse(source);
    expect(doc.segments.map((s) => [s.kind, s.text])).toEqual([
      ["table-cell", "Plan"],
      ["table-cell", "Window"],
      ["table-cell", "Annual"],
      ["table-cell", "30 days | prorated xxxxx"],
    ]);
    expect(sourceOf(source, doc.segments[3]!, "days | prorated")).toBe("days \\| prorated");
  });
});

describe("markdownAdapter: directives", () => {
  it("reads block-level directive comments with rules and reasons", () => {
    const source = "<!-- cxlint-disable-next-line no-refusal -- legal wording -->\nWe can't.\n\n<!-- cxlint-disable no-blame, no-dismissive -->\nText.\n\n<!-- cxlint-enable -->\n";
    const doc = parse(source);
    expect(doc.directives).toEqual([
      { kind: "disable-next-line", rules: ["no-refusal"], reason: "legal wording", range: [0, 61] },
      { kind: "disable", rules: ["no-blame", "no-dismissive"], range: [73, 120] },
      { kind: "enable", rules: [], range: [128, 150] },
    ]);
    for (const d of doc.directives) expect(source.slice(d.range[0], d.range[1])).toMatch(/^<!--.*-->$/);
    expect(doc.segments.map((s) => s.text)).toEqual(["We can't.", "Text."]);
  });

  it("reads directives written inline inside a paragraph and ignores other comments", () => {
    const source = "We can't. <!-- cxlint-disable-line no-refusal --> <!-- just a note --> Sorry.";
    const doc = parse(source);
    expect(doc.directives).toEqual([{ kind: "disable-line", rules: ["no-refusal"], range: [10, 49] }]);
    expect(doc.segments[0]!.text).toBe("We can't.   Sorry.");
  });

  it("finds directives inside list items", () => {
    const doc = parse("- <!-- cxlint-disable-next-line -->\n  We can't.\n");
    expect(doc.directives).toMatchObject([{ kind: "disable-next-line", rules: [] }]);
  });
});

describe("markdownAdapter: properties", () => {
  const pieces = [
    "word",
    "We",
    "can't",
    " ",
    " ",
    "**",
    "_",
    "`",
    "[x](http://y)",
    "&amp;",
    "\\*",
    "{{name}}",
    "{% if x %}",
    "\n",
    "\n\n",
    "\r\n",
    "  \n",
    "> quote",
    "- item",
    "# head",
    "    ",
    "😀",
    "&#128512;",
    "![alt *t*](i.png)",
    "<!-- cxlint-disable -->",
    "<br>",
    "| a | b |\n|---|---|\n",
  ];
  const documents = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(""));

  it("keeps every offset invariant on generated documents", () => {
    fc.assert(
      fc.property(documents, (source) => {
        parse(source);
      }),
      { numRuns: 500 },
    );
  });

  it("never lets URLs, raw placeholders or undecoded references into the text", () => {
    fc.assert(
      fc.property(documents, (source) => {
        for (const segment of markdownAdapter.parse(source, options).segments) {
          expect(segment.text).not.toContain("http://y");
          expect(segment.text).not.toContain("{{");
          expect(segment.text).not.toContain("&amp;");
          expect(segment.text).not.toContain("cxlint-disable");
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("markdownAdapter: a realistic saved-replies file", () => {
  const fixture = fileURLToPath(new URL("../../fixtures/formats/markdown/saved-replies.md", import.meta.url));

  it("matches the recorded segments", async () => {
    const source = readFileSync(fixture, "utf8");
    const doc = parse(source);
    const summary = {
      segments: doc.segments.map((segment) => {
        const [start, end] = toSourceRange(segment, [0, segment.text.length]);
        return {
          kind: segment.kind,
          source: `${start}-${end}`,
          text: segment.text,
          ...(segment.placeholders.length > 0 ? { placeholders: segment.placeholders.map((p) => p.raw).join(" ") } : {}),
        };
      }),
      directives: doc.directives.map((d) => ({ ...d, range: d.range.join("-"), rules: d.rules.join(" ") })),
    };
    await expect(`${JSON.stringify(summary, null, 2)}\n`).toMatchFileSnapshot(
      "../../fixtures/formats/markdown/saved-replies.segments.json",
    );
  });
});
