/**
 * JSON adapter: vendor shapes (fixtures/formats/json), exact offsets through escapes and through
 * HTML held in a string, bad input, and a property test over random escapes.
 */
import { readFileSync } from "node:fs";
import { decodeHTML } from "entities";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParsedDocument } from "../core/types.js";
import { renderUnits, sourceOf } from "../testing/documents.js";
import { checkSegmentInvariants } from "../testing/invariants.js";
import { jsonAdapter } from "./json.js";
import { compilePlaceholders } from "./placeholders.js";
import { FormatError, type AdapterOptions } from "./types.js";

const placeholders = compilePlaceholders();
const opts = (settings?: Record<string, unknown>): AdapterOptions => ({ fileName: "x.json", placeholders, ...(settings ? { settings } : {}) });
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/formats/json/${name}`, import.meta.url), "utf8");

/** Units and segments, one line each: what a reviewer needs to see the adapter's choices. */
const render = renderUnits;

/** JSON atomic runs decode (JSON, then HTML when the field is HTML) to exactly their segment text. */
function atomicViolations(source: string, doc: ParsedDocument): string[] {
  const out: string[] = [];
  for (const s of doc.segments) {
    for (const r of s.runs) {
      if (r.kind !== "atomic" || r.src[0] === r.src[1]) continue;
      const raw = source.slice(r.src[0], r.src[1]);
      const text = s.text.slice(r.seg[0], r.seg[1]);
      const json = JSON.parse(`"${raw}"`) as string;
      if (json !== text && decodeHTML(json) !== text) out.push(`${JSON.stringify(raw)} decodes to ${JSON.stringify(json)}, segment has ${JSON.stringify(text)}`);
    }
  }
  return out;
}

function parse(source: string, settings?: Record<string, unknown>): ParsedDocument {
  const doc = jsonAdapter.parse(source, opts(settings));
  expect(checkSegmentInvariants(source, doc)).toEqual([]);
  expect(atomicViolations(source, doc)).toEqual([]);
  return doc;
}

describe("json adapter: vendor exports", () => {
  it("Zendesk macros: public comments only, HTML and [channel, text] values, subject as a field", () => {
    const source = fixture("zendesk-macros.json");
    const doc = parse(source);
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: 360001001 "Refunds::Outside window"
      unit 1: 360001002 "Shipping::Delay apology"
      unit 2: 360001003 "Escalation::Internal note for tier 2"
      unit 3: 360001004 "Account::Password reset"
        [0] field: "About your refund request"
        [0] paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
        [0] paragraph: "Unfortunately we can't refund orders older than 30 days & this one is outside our policy."
        [0] paragraph: "                                          Nous ne pouvons pas rembourser.          You should have contacted us sooner.           "
        [0] paragraph: "Regards,"
        [0] paragraph: "xxxxxxxxxxxxxxxxxxxxxxxxxxx"
        [1] paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
        [1] paragraph: "Your parcel is delayed. There is nothing we can do about the courier — please wait."
        [1] paragraph: "Thanks,\\nxxxxxxxxxxxxxxxxxxxxx"
        [3] paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, here's how we can get you back in: use the \\"Forgot password\\" link on the sign-in page. Café owners 😀 love it.""
    `);
    // The internal note's text never becomes a segment.
    expect(doc.segments.some((s) => s.text.includes("difficult"))).toBe(false);
    // Both branches of the Liquid if are linted.
    expect(doc.segments.some((s) => s.text.includes("Nous ne pouvons pas"))).toBe(true);
    expect(doc.segments.some((s) => s.text.includes("You should have contacted us sooner."))).toBe(true);
  });

  it("Zendesk: same words in comment_value and comment_value_html are linted once (the plain one)", () => {
    const source = fixture("zendesk-macros.json");
    const doc = parse(source);
    const unit = doc.units.findIndex((u) => u.title === "Account::Password reset");
    const segs = doc.segments.filter((s) => s.unit === unit);
    expect(segs).toHaveLength(1);
    expect(segs[0]!.text).toContain(`"Forgot password"`);
  });

  it("Freshdesk canned responses: one rendering when they agree, both when they differ", () => {
    const doc = parse(fixture("freshdesk-canned-responses.json"));
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: 82000001 "Refund - received"
      unit 1: 82000002 "Warranty - not covered"
        [0] paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
        [0] paragraph: "Thanks for reaching out. Refunds take 5-7 business days to show up."
        [0] paragraph: "Regards,\\nxxxxxxxxxxxxxxxxxxxxx"
        [1] paragraph: "Hi,"
        [1] paragraph: "This is not covered by warranty."
        [1] paragraph: "Hi,"
        [1] paragraph: "As stated in our policy, this is not covered by warranty & we won't make exceptions.""
    `);
  });

  it("Help Scout saved reply: email HTML and chat text are separate replies", () => {
    const doc = parse(fixture("helpscout-saved-reply.json"));
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: 234567 "Returns: outside window"
        [0] paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
        [0] paragraph: "Sorry, returns are only accepted within 14 days."
        [0] paragraph: "xxxxxxxxxxxxxxxxxx"
        [0] paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,\\nYou'll need to contact the seller, we can't do anything here.""
    `);
  });

  it("Intercom macros: <attribute/> is a placeholder, not markup", () => {
    const source = fixture("intercom-macros.json");
    const doc = parse(source);
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: 123 "Refund — declined"
      unit 1: 124 "Billing - card declined"
        [0] paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, we are unable to process your refund."
        [0] paragraph: "Please refer to our terms."
        [1] paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, your card was declined. You must update it before we can continue.""
    `);
    const withAttr = doc.segments.find((s) => s.placeholders.some((p) => p.raw.startsWith("<attribute")));
    expect(withAttr).toBeDefined();
  });

  it("Gorgias macros: setResponseText arguments only", () => {
    const doc = parse(fixture("gorgias-macros.json"));
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: 23453 "Return request - final sale"
        [0] paragraph: "Hi xxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
        [0] paragraph: "All sales are final. We do not accept returns on sale items."
        [0] paragraph: "xxxxxxxxxxxxxxxxxxxxxxxxxx""
    `);
    expect(doc.segments.some((s) => s.text.includes("returns, final-sale"))).toBe(false);
  });

  it("generic JSON with formats.json.paths, title from a relative path", () => {
    const doc = parse(fixture("generic-items.json"), { paths: ["$.items[*].reply"], title: "$.label", id: "key" });
    expect(render(doc)).toMatchInlineSnapshot(`
      "unit 0: late-fee "Late fee"
      unit 1: upgrade "Upgrade"
        [0] paragraph: "Late fees cannot be waived, per policy."
        [1] paragraph: "Here's how we can move you to the annual plan today.""
    `);
  });

  it("generic JSON with a deep path", () => {
    const source = `{"a":{"b":[{"body":"One."},{"x":{"body":"Two."}}]},"body":"Three."}`;
    const doc = parse(source, { paths: "$..body" });
    expect(doc.segments.map((s) => s.text)).toEqual(["One.", "Two.", "Three."]);
    expect(doc.units).toHaveLength(3);
  });
});

describe("json adapter: exact positions", () => {
  const source = String.raw`{"macro":{"id":7,"title":"T","actions":[{"field":"comment_value","value":"She said \"no\" to the caf\u00e9 \ud83d\ude00 refund\nWe cannot help.\\n done"}]}}`;

  it("maps words after \\\", \\u00e9, a surrogate pair and \\n to their exact source", () => {
    const doc = parse(source);
    expect(doc.segments).toHaveLength(1);
    expect(doc.segments[0]!.text).toBe(`She said "no" to the café 😀 refund\nWe cannot help.\\n done`);
    expect(sourceOf(source, doc, "to the")).toBe("to the");
    expect(sourceOf(source, doc, `"no"`)).toBe(String.raw`\"no\"`);
    expect(sourceOf(source, doc, "café")).toBe(String.raw`caf\u00e9`);
    expect(sourceOf(source, doc, "😀 refund")).toBe(String.raw`\ud83d\ude00 refund`);
    expect(sourceOf(source, doc, "We cannot")).toBe("We cannot");
    expect(sourceOf(source, doc, "refund\nWe")).toBe(String.raw`refund\nWe`);
    expect(sourceOf(source, doc, "done")).toBe("done");
  });

  it("maps words inside HTML inside a JSON string (entities and escapes composed)", () => {
    const src = String.raw`{"macros":[{"id":1,"title":"T","actions":[{"field":"comment_value_html","value":"<p class=\"x\">Tom &amp; Jerry\u0027s caf&eacute; can&#39;t wait</p><p>Second \"line\"</p>"}]}]}`;
    const doc = parse(src);
    expect(doc.segments.map((s) => s.text)).toEqual(["Tom & Jerry's café can't wait", `Second "line"`]);
    expect(sourceOf(src, doc, "Jerry's")).toBe(String.raw`Jerry\u0027s`);
    expect(sourceOf(src, doc, "& Jerry")).toBe("&amp; Jerry");
    expect(sourceOf(src, doc, "can't wait")).toBe("can&#39;t wait");
    expect(sourceOf(src, doc, `"line"`)).toBe(String.raw`\"line\"`);
  });

  it("masks placeholders whose source holds escapes", () => {
    const src = String.raw`{"type":"macro","id":"9","name":"N","body_text":"Hi {{user.name|fallback:\"there\"}}, sorry."}`;
    const doc = parse(src);
    const seg = doc.segments[0]!;
    expect(seg.placeholders[0]!.raw).toBe(`{{user.name|fallback:"there"}}`);
    expect(sourceOf(src, doc, "sorry")).toBe("sorry");
  });

  it("Liquid: both branches are linted, {% comment %} bodies are not", () => {
    const src = String.raw`{"type":"macro","id":"3","name":"N","body_text":"{% comment %}We refuse all refunds.{% endcomment %}{% case lang %}{% when 'de' %}Leider nicht.{% else %}Sorry, no.{% endcase %}"}`;
    const doc = parse(src);
    const text = doc.segments.map((s) => s.text).join("|");
    expect(text).not.toContain("refuse");
    expect(text).toContain("Leider nicht.");
    expect(text).toContain("Sorry, no.");
    expect(sourceOf(src, doc, "Sorry, no.")).toBe("Sorry, no.");
  });

  it("directives in JSONC comments", () => {
    const src = `{\n  // cxlint-disable-next-line no-refusal -- legal wording\n  "macro": {"id": 1, "title": "T", "actions": [{"field": "comment_value", "value": "No."}]}\n}`;
    const doc = parse(src);
    expect(doc.directives).toHaveLength(1);
    expect(doc.directives[0]).toMatchObject({ kind: "disable-next-line", rules: ["no-refusal"], reason: "legal wording" });
    expect(src.slice(...doc.directives[0]!.range)).toBe("// cxlint-disable-next-line no-refusal -- legal wording");
  });
});

describe("json adapter: bad input", () => {
  const lineOf = (text: string, offset: number) => text.slice(0, offset).split("\n").length;
  const errorOf = (source: string, settings?: Record<string, unknown>): FormatError => {
    try {
      jsonAdapter.parse(source, opts(settings));
    } catch (e) {
      if (e instanceof FormatError) return e;
      throw e;
    }
    throw new Error("no FormatError");
  };

  it("invalid JSON: the parser's reason and the offset of the problem", () => {
    const source = `{\n  "macros": [\n    {"id": 1, "title": "A"}\n    {"id": 2}\n  ]\n}`;
    const e = errorOf(source);
    expect(e.message).toMatch(/expected ','/);
    expect(lineOf(source, e.offset)).toBe(4);
  });

  it("trailing comma is named", () => {
    const source = `{\n  "macros": [],\n}`;
    const e = errorOf(source);
    expect(e.message).toMatch(/trailing comma/);
    expect(lineOf(source, e.offset)).toBe(3);
  });

  it("raw line break inside a string", () => {
    const source = `{"a":\n"broken\nstring"}`;
    const e = errorOf(source);
    expect(e.message).toMatch(/unterminated string/);
    expect(lineOf(source, e.offset)).toBe(2);
  });

  it("unknown JSON without paths says what is expected and how to set formats.json.paths", () => {
    const e = errorOf(fixture("generic-items.json"));
    expect(e.message).toMatch(/comment_value/);
    expect(e.message).toMatch(/formats\.json\.paths/);
  });

  it("a known envelope with an unknown item shape names the expected fields and points at the item", () => {
    const source = `{\n  "macros": [\n    {"id": 1, "title": "No actions here"}\n  ]\n}`;
    const e = errorOf(source);
    expect(e.message).toMatch(/"macros" export/);
    expect(e.message).toMatch(/actions\[\]/);
    expect(lineOf(source, e.offset)).toBe(3);
  });

  it("a bad path in settings is a FormatError", () => {
    expect(errorOf(`{"a":1}`, { paths: ["$.a[?(@.x)]"] }).message).toMatch(/formats\.json\.paths/);
  });

  it("empty file: nothing to lint, no error", () => {
    const doc = parse("  \n");
    expect(doc.segments).toEqual([]);
    expect(doc.units).toHaveLength(1);
  });

  it("a BOM keeps offsets", () => {
    const source = `\uFEFF{"type":"macro","id":"1","name":"N","body_text":"We cannot help."}`;
    const doc = parse(source);
    expect(sourceOf(source, doc, "cannot")).toBe("cannot");
  });
});

describe("json adapter: properties", () => {
  // Characters that stress the map: escapes, astral chars, placeholder delimiters, HTML specials.
  const piece = fc.oneof(
    fc.constantFrom("a", "b", " ", "We", "can't", "{{x}}", "{% if a %}", "%{n}", "\n", "\n\n", "\t", '"', "\\", "/", "é", "😀", "<", "&", ">"),
    fc.string({ maxLength: 4 }),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  );
  /** Encodes a string as JSON, escaping a random choice of characters. */
  const encode = (value: string, mask: number[]) =>
    '"' +
    Array.from(value)
      .map((ch, i) => {
        const plain = JSON.stringify(ch).slice(1, -1);
        if (plain !== ch || !mask[i % mask.length]) return plain;
        return Array.from({ length: ch.length }, (_, k) => "\\u" + ch.charCodeAt(k).toString(16).padStart(4, "0")).join("");
      })
      .join("") +
    '"';

  it("plain fields: runs tile, verbatim slices match, atomic runs decode to their source", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 7 }), (parts, mask) => {
        const value = parts.join("");
        const source = `{"macro":{"id":1,"title":"t","actions":[{"field":"comment_value","value":${encode(value, mask)}}]}}`;
        const doc = jsonAdapter.parse(source, opts());
        expect(checkSegmentInvariants(source, doc)).toEqual([]);
        expect(atomicViolations(source, doc)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("HTML fields: the composed map keeps the same invariants", () => {
    const htmlPiece = fc.oneof(piece, fc.constantFrom("<p>", "</p>", "<br>", "&amp;", "&#39;", "&rsquo;", "&nbsp;", "<b>", "</b>", '<img alt="a &amp; b">', "<!-- c -->"));
    fc.assert(
      fc.property(fc.array(htmlPiece, { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 7 }), (parts, mask) => {
        const value = parts.join("");
        const source = `{"macro":{"id":1,"title":"t","actions":[{"field":"comment_value_html","value":${encode(value, mask)}}]}}`;
        const doc = jsonAdapter.parse(source, opts());
        expect(checkSegmentInvariants(source, doc)).toEqual([]);
        expect(atomicViolations(source, doc)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
