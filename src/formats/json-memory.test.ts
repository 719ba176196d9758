/**
 * JSON adapter, large files: the element-by-element path (a skeleton pass, then one collection
 * element parsed at a time) must give exactly what the whole-tree path gives: same segments,
 * units, directives and errors, for vendor exports and for formats.json.paths.
 */
import { readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHUNK_ABOVE, parseJson, type JsonParseTuning } from "./json.js";
import { compilePlaceholders } from "./placeholders.js";
import { FormatError, type AdapterOptions } from "./types.js";

const placeholders = compilePlaceholders();
const opts = (settings?: Record<string, unknown>): AdapterOptions => ({ fileName: "x.json", placeholders, ...(settings ? { settings } : {}) });
const fixtureDir = new URL("../../fixtures/formats/json/", import.meta.url);

type Outcome = ReturnType<typeof parseJson> | { error: string; offset: number };

function run(source: string, settings: Record<string, unknown> | undefined, tuning: JsonParseTuning): { outcome: Outcome; path: string } {
  let path = "";
  try {
    const outcome = parseJson(source, opts(settings), { ...tuning, trace: (p) => (path = p) });
    return { outcome, path };
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return { outcome: { error: e.message, offset: e.offset }, path: "error" };
  }
}

/** Both paths; returns the path the forced-chunk run took ("chunked", "whole" after a fallback, or "error"). */
function both(source: string, settings?: Record<string, unknown>): { outcome: Outcome; path: string } {
  const whole = run(source, settings, { chunkAbove: Infinity });
  const chunked = run(source, settings, { chunkAbove: 0 });
  expect(chunked.outcome).toStrictEqual(whole.outcome);
  return chunked;
}

// ---------------------------------------------------------------------------------------------
// A realistic Zendesk export: paragraphs, escapes, placeholders, Liquid, HTML, [channel, text]
// values, internal notes, missing ids and titles, stray non-objects, JSONC directives.

const SENTENCES = [
  "Unfortunately we can't refund orders older than 30 days.",
  "Your parcel is delayed — there is nothing we can do about the courier.",
  "Hi {{ticket.requester.first_name}}, thanks for getting in touch!",
  'Use the "Forgot password" link on the sign-in page.',
  "Café owners 😀 love the new plan.",
  "{% if ticket.locale == 'fr' %}Nous ne pouvons pas rembourser.{% else %}We cannot refund this.{% endif %}",
  "As stated in our policy, you must contact the seller.",
  "I've passed this to our team and will update you by Friday.",
];

function macro(i: number): Record<string, unknown> {
  const pick = (k: number) => SENTENCES[(i * 7 + k * 3) % SENTENCES.length]!;
  const text = `${pick(0)}\n\n${pick(1)} ${pick(2)}\n${pick(3)}\n\nRegards,\n{{current_user.name}}`;
  const actions: unknown[] = [{ field: "subject", value: `Re: ${pick(4)}` }];
  switch (i % 5) {
    case 0:
      actions.push({ field: "comment_value", value: text });
      break;
    case 1:
      actions.push({ field: "comment_value", value: ["channel:all", text] });
      break;
    case 2:
      actions.push({ field: "comment_value_html", value: `<p>${pick(0)} &amp; more</p><p class="x">${pick(5)}</p><br>${pick(6)}` });
      actions.push({ field: "comment_value", value: text });
      break;
    case 3:
      actions.push({ field: "comment_mode_is_public", value: "false" }, { field: "comment_value", value: "Internal: be difficult." });
      break;
    default:
      actions.push({ field: "comment_value_html", value: `<p>${pick(7)}</p>` }, { field: "status", value: "solved" });
  }
  return {
    url: `https://example.zendesk.com/api/v2/macros/${i}.json`,
    ...(i % 11 === 4 ? {} : { id: 360000000000 + i }),
    ...(i % 13 === 6 ? {} : { title: `Macro::${i} ${pick(4).slice(0, 20)}` }),
    active: true,
    actions,
    restriction: null,
  };
}

/** JSON text with some characters of its strings written as \u escapes, as some exporters do. */
function escapeSome(json: string, every: number): string {
  let n = 0;
  const hex = (ch: string) => Array.from({ length: ch.length }, (_, k) => "\\u" + ch.charCodeAt(k).toString(16).padStart(4, "0")).join("");
  return json.replace(/"(?:[^"\\]|\\.)*"/g, (literal) =>
    literal.replace(/\\.|[^\\"]/gu, (ch) => (ch.length === 1 || ch.codePointAt(0)! > 0xffff ? (ch > "~" || ++n % every === 0 ? hex(ch) : ch) : ch)),
  );
}

function zendeskExport(count: number, { comments = false, strays = false } = {}): string {
  const items = Array.from({ length: count }, (_, i) => {
    const body = escapeSome(JSON.stringify(macro(i), null, 2), 37).replace(/\n/g, "\n    ");
    const directive = comments && i % 9 === 2 ? `// cxlint-disable-next-line no-refusal -- approved wording\n    ` : "";
    const stray = strays && i % 17 === 5 ? `null, "a stray string", ` : "";
    return `    ${stray}${directive}${body}`;
  });
  return `{\n  "count": ${count},\n  /* exported */\n  "macros": [\n${items.join(",\n")}\n  ],\n  "next_page": null\n}\n`;
}

describe("json adapter: the element-by-element path gives the whole-tree result", () => {
  it("a realistic multi-macro Zendesk export, with JSONC directives and stray non-objects", () => {
    const source = zendeskExport(160, { comments: true, strays: true });
    const { outcome, path } = both(source);
    expect(path).toBe("chunked");
    const doc = outcome as ReturnType<typeof parseJson>;
    expect(doc.units.length).toBe(160);
    expect(doc.segments.length).toBeGreaterThan(400);
    expect(doc.directives.length).toBeGreaterThan(10);
    // Missing ids fall back to the item's pointer, counted over the whole list (strays included).
    expect(doc.units.filter((u) => u.id.startsWith("/macros/")).length).toBeGreaterThan(5);
  });

  it("a BOM, a root array and a large file take the chunked path by default", () => {
    const source = "\uFEFF" + zendeskExport(40).replace(/^\{[^[]*\[/, "[").replace(/\][^\]]*$/, "]");
    expect(both(source).path).toBe("chunked");
    const big = zendeskExport(Math.ceil(CHUNK_ABOVE / 400));
    expect(big.length).toBeGreaterThanOrEqual(CHUNK_ABOVE);
    expect(run(big, undefined, {}).path).toBe("chunked");
    expect(run(zendeskExport(3), undefined, {}).path).toBe("whole");
  });

  it("every fixture, as is and as a list of its items", () => {
    for (const name of readdirSync(fixtureDir)) {
      const source = readFileSync(new URL(name, fixtureDir), "utf8");
      const settings = name.startsWith("generic") ? { paths: ["$.items[*].reply"], title: "$.label", id: "key" } : undefined;
      both(source, settings);
      const value = JSON.parse(source) as unknown;
      const list = Array.isArray(value) ? value : [value, value];
      both(JSON.stringify({ data: list }, null, 2), settings);
      both(JSON.stringify(list, null, "\t"), settings);
    }
  });

  it("vendor lists: Freshdesk, Intercom, Gorgias, Salesforce, Help Scout, dynamic content", () => {
    const n = (i: number) => `reply ${i}: we can't help with that, sorry.\n\nThanks`;
    const lists: Record<string, unknown> = {
      freshdesk: Array.from({ length: 9 }, (_, i) => ({ id: i, title: `T${i}`, content: n(i), content_html: i % 2 ? `<p>${n(i)}</p>` : `<div>other ${i}</div>` })),
      intercom: { type: "list", data: Array.from({ length: 9 }, (_, i) => ({ type: "macro", id: String(i), name: `M${i}`, body: i % 3 ? `<p>${n(i)}</p>` : [{ text: `<b>${n(i)}</b>` }], body_text: i % 2 ? n(i) : undefined })) },
      gorgias: { data: Array.from({ length: 9 }, (_, i) => ({ id: i, name: `G${i}`, actions: [{ name: "setResponseText", arguments: { body_text: n(i), body_html: `<p>${n(i)}</p>` } }, { name: "addTags", arguments: { tags: "x" } }] })) },
      salesforce: { totalSize: 9, records: Array.from({ length: 9 }, (_, i) => ({ Id: `a0${i}`, Name: `Q${i}`, Message: i % 2 ? n(i) : `<p>${n(i)}</p>` })) },
      helpscout: { saved_replies: Array.from({ length: 9 }, (_, i) => ({ id: i, name: `H${i}`, ...(i % 2 ? { text: `<p>${n(i)}</p>`, chatText: n(i) } : { preview: n(i) }) })) },
      dynamic: { items: Array.from({ length: 9 }, (_, i) => ({ id: i, name: `D${i}`, variants: [{ content: n(i) }, { content: `<p>${n(i + 1)}</p>` }] })) },
    };
    for (const value of Object.values(lists)) expect(both(JSON.stringify(value, null, 2)).path).toBe("chunked");
  });

  it("errors: invalid JSON anywhere, unknown items, unknown lists, empty and odd lists", () => {
    const good = zendeskExport(12);
    const cases = [
      good.replace(/"active": true,/, '"active": true'),
      good.replace(/("actions": \[[^\]]*)\]/, "$1,]"),
      good.replace(/\n  \],\n/, "\n  ]\n"),
      good.replace(/"restriction": null\n {4}\}\n {2}\]/, '"restriction": nul\n    }\n  ]'),
      good.slice(0, good.length / 2),
      good.replace(/"title": "Macro::7[^"]*"/, '"title": "broken\nline"'),
      good.replace(/"field": "comment_value",/g, '"field": "comment_valu",').replace(/"field": "subject",/g, '"fieldx": "subject",'),
      `{"macros": [${JSON.stringify(macro(1))}, {"id": 2, "title": "No actions"}, ${JSON.stringify(macro(3))}]}`,
      `[{"id": 1, "name": "nothing known"}, {"id": 2, "title": "T", "content": "Sorry."}]`,
      `[{"id": 1, "name": "nothing known"}, {"id": 2}]`,
      `{"data": [{"id": 1}, {"id": 2}], "macros": []}`,
      `{"macros": [], "data": [1]}`,
      `{"macros": [1, 2, "three"]}`,
      `{"data": [1, 2, "three"]}`,
      `[]`,
      `{"macro": ${JSON.stringify(macro(2))}}`,
      JSON.stringify(macro(0)),
      `{"a": {"b": {"c": [1, 2]}}}`,
      `  // nothing here\n`,
    ];
    for (const source of cases) both(source);
  });

  it("formats.json.paths: inside elements, outside them, around them, and selections that span them", () => {
    const source = JSON.stringify(
      {
        title: "The export",
        id: "root",
        intro: { body: "Intro: we can't do that.", body_html: "<p>Intro <b>html</b></p>" },
        items: Array.from({ length: 12 }, (_, i) => ({ key: `k${i}`, label: `L${i}`, reply: `Reply ${i}: no refunds.`, nested: { body: `Nested ${i}.`, deeper: [{ body: `Deep ${i}.` }] } })),
        groups: { faq: [{ q: "Q1?", a: "A1." }, "loose string", { q: "Q2?", a: "A2." }], meta: { body: "Meta body." } },
        outro: { body: "Outro: sorry." },
        list: ["one", "two", "three"],
        deep: { a: { b: [{ body: "level 3 array" }] } },
      },
      null,
      2,
    );
    const settingsList: Array<Record<string, unknown>> = [
      { paths: ["$.items[*].reply"], title: "$.label", id: "key" },
      { paths: "$..body" },
      { paths: ["$..body", "$.title", "$.outro"] },
      { paths: ["$.items[-1].reply", "$.items[0].nested", "$.items[2:3]"] },
      { paths: ["$.items[-1].reply", "$.items[0].nested"] },
      { paths: ["$.groups.faq[*].a", "$.groups.faq[1]", "$.groups..q"], html: false },
      { paths: ["$.list[*]", "$.list[-2]"] },
      { paths: ["$..*"] },
      { paths: ["$.items"] },
      { paths: ["$"] },
      { paths: ["$.title", "$..reply"], title: "$.label" },
      { paths: ["$.intro", "$.items[*]"], id: "$.key" },
      { paths: ["$.deep..body", "$['items'][3]['reply']", "$.items.*.label"] },
      { paths: ["$.nothing"] },
      { paths: [] },
      { paths: 3 },
      { paths: ["$.items[*].reply"], title: "$.[" },
    ];
    const taken = settingsList.map((settings) => both(source, settings).path);
    // Selections inside elements and beside them stay element-by-element.
    expect(taken.slice(0, 7).every((p) => p === "chunked" || p === "error")).toBe(true);
    expect(taken[8]).toBe("whole");
  });

  it("random JSON, random paths: both paths agree", () => {
    const key = fc.constantFrom("a", "b", "body", "items", "title", "id", "name", "0");
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom("We can't.", "Hi {{x}}, sorry.", "<p>A &amp; b</p>", "caf\u00e9\n\nok", "", "x"),
        fc.integer(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 5 }),
        fc.dictionary(key, tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    const root = fc.oneof(fc.dictionary(key, json, { minKeys: 1, maxKeys: 5 }), fc.array(json, { minLength: 1, maxLength: 6 }), json);
    const step = fc.oneof(
      { weight: 4, arbitrary: key.map((k) => `.${k}`) },
      { weight: 3, arbitrary: key.map((k) => `..${k}`) },
      { weight: 3, arbitrary: fc.constantFrom("[*]", "[0]", "[1]", "[-1]") },
      { weight: 1, arbitrary: fc.constantFrom(".*", "..*") },
    );
    const path = fc.array(step, { minLength: 1, maxLength: 4 }).map((s) => "$" + s.join(""));
    const taken: Record<string, number> = {};
    fc.assert(
      fc.property(root, fc.array(path, { maxLength: 3 }), fc.constantFrom(0, 2, "\t"), (value, paths, indent) => {
        const source = JSON.stringify(value, null, indent) ?? "null";
        const { path } = both(source, paths.length ? { paths } : undefined);
        taken[path] = (taken[path] ?? 0) + 1;
      }),
      { numRuns: 500 },
    );
    // The element-by-element path is the one being tested most of the time.
    expect(taken["chunked"]).toBeGreaterThan(100);
  });
});
