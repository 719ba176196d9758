/**
 * Helpers for scripts/build-nlp.mjs, in CommonJS so that the build and its child processes share
 * them: the object-graph encoder (the decoder is in nlp-fast-loader.cjs), the warm-up and the
 * sample sentences, where an installed package is (also for scripts/nlp-answers.mjs), and a
 * probe that the build runs in a fresh process to check that the fast load behaves exactly like
 * the ordinary one:
 *
 *   node scripts/nlp-fast-probe.cjs ordinary|fast|make-cache DIR
 *
 * prints JSON: what compromise made of every sample sentence, the whole model afterwards
 * (encoded), and whether the V8 code cache was used. make-cache also writes the code cache.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");

/**
 * Encodes an object graph as JSON plus fix-ups, keeping what JSON loses: shared and circular
 * references, undefined, RegExp, Set and Map, key order. Anything else (functions, class
 * instances, accessors, symbols, holes, non-finite numbers) throws, so a compromise update that
 * puts such things into its model fails the build instead of loading differently.
 * Fix-ups are [path, op, ...args], applied in order: "u" undefined, "r" RegExp(source, flags),
 * "S" / "M" turn the array at path into a Set / Map (after its elements' own fix-ups), "=" the
 * object first seen at another path.
 */
function encodeGraph(root) {
  const seen = new Map();
  const fixups = [];
  const where = (p) => p.map(String).join(".") || "(root)";
  const fail = (what, p) => {
    throw new Error(`cannot encode ${what} at ${where(p)}`);
  };
  function enc(v, p, inCollection) {
    if (v === undefined) {
      fixups.push([p, "u"]);
      return null;
    }
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number") {
      if (!Number.isFinite(v) || Object.is(v, -0)) fail(`number ${v}`, p);
      return v;
    }
    if (typeof v !== "object") fail(typeof v, p);
    const first = seen.get(v);
    if (first) {
      if (first.inCollection || first.open) fail("a reference into a Set or Map", p);
      fixups.push([p, "=", first.path]);
      return null;
    }
    if (p.length === 0 && Object.getPrototypeOf(v) !== Object.prototype) fail("a non-object root", p);
    const entry = { path: p, inCollection, open: false };
    seen.set(v, entry);
    const proto = Object.getPrototypeOf(v);
    if (proto === RegExp.prototype) {
      if (v.lastIndex !== 0 || Reflect.ownKeys(v).length !== 1) fail("a RegExp with state", p);
      fixups.push([p, "r", v.source, v.flags]);
      return null;
    }
    if (proto === Set.prototype || proto === Map.prototype) {
      if (Reflect.ownKeys(v).length !== 0) fail("a Set or Map with properties", p);
      entry.open = true;
      const out = proto === Set.prototype ? [...v].map((x, i) => enc(x, [...p, i], true)) : [...v].map(([k, x], i) => [enc(k, [...p, i, 0], true), enc(x, [...p, i, 1], true)]);
      entry.open = false;
      fixups.push([p, proto === Set.prototype ? "S" : "M"]);
      return out;
    }
    if (proto === Array.prototype) {
      if (Reflect.ownKeys(v).length !== v.length + 1) fail("an array with holes or properties", p);
      const out = new Array(v.length);
      for (let i = 0; i < v.length; i++) {
        if (!Object.prototype.hasOwnProperty.call(v, i)) fail("an array hole", p);
        out[i] = enc(v[i], [...p, i], inCollection);
      }
      return out;
    }
    if (proto !== Object.prototype) fail(`a ${v.constructor?.name ?? "null-prototype"} object`, p);
    const out = {};
    for (const k of Reflect.ownKeys(v)) {
      if (typeof k !== "string" || k === "__proto__") fail(`key ${String(k)}`, p);
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (!("value" in d) || !d.enumerable || !d.writable || !d.configurable) fail(`property ${k}`, p);
      out[k] = enc(d.value, [...p, k], inCollection);
    }
    return out;
  }
  const tree = enc(root, [], false);
  return { tree, fixups };
}

/** JSON with every non-ASCII character escaped, so the loader can read it as latin1 (faster). */
function asciiJson(value) {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The warm-up parse the state is captured after: it builds the lazily built match nets. */
const WARM_UP = "We can't refund opened items by next Tuesday, but our team will email you before the end of the quarter.";

function warmUp(nlp) {
  const doc = nlp(WARM_UP);
  doc.compute("offset");
  doc.compute("root");
  doc.clauses();
  doc.dates().docs;
}

const SAMPLES = [
  "We cannot refund this order.",
  "We can't refund opened items.",
  "Unfortunately we are unable to ship to your address before Friday.",
  "You should have read the policy before the end of the quarter; it's your fault.",
  "We won't be able to help until next Tuesday afternoon.",
  "We’re unable to process returns after 30 days, and we don’t accept opened boxes.",
  "Your account was suspended because you didn't verify your email.",
  "Please note that refunds are not permitted under any circumstances.",
  "As I already explained, this is handled by the seller, not by us.",
  "We will get back to you within 24 hours, or by 5pm on May 9th at the latest.",
  "I'll email you the return label tomorrow morning.",
  "Our team is not allowed to change the delivery date once it has shipped.",
  "The replacement ships in 3-5 business days; tracking number 1Z999E1234567.",
  "Did you try turning it off and on again?",
  "Hi Sam, thanks for getting in touch about order #48213!",
  "It is what it is, there's nothing we can do.",
  "Sorry for any inconvenience this may have caused.",
  "You must contact the manufacturer directly; we never handle warranty claims.",
  "Obviously the device wasn't designed for that, so it's not covered.",
  "We'd love to help: reply to this email or call +1 (555) 010-2345 between 9am and 5pm EST.",
  "Customers who haven't paid by the 1st of next month won't receive their orders.",
  "Café owners in São Paulo can’t order more than €500 of stock per week.",
  "Your refund of $49.99 was issued two weeks ago and should arrive in five to seven days.",
  "Nobody here could have known that the package would be late.",
  "We are not able to offer a discount, but we can extend your trial until June 1.",
  "Don't worry — we've already started looking into it, and we'll fix it ASAP.",
  "Per our policy, exchanges aren't possible after the holidays.",
  "Refunded, exchanged or replaced items can't be returned twice.",
  "If you had read our FAQ, you would know that this isn't supported.",
  "In 2 days the offer ends; after that we can no longer honor it.",
];

/** The loader's self-check: a short sentence and its terms' tags, as the ordinary load gives them. */
const CHECK = "We can't refund opened items.";

function checkTerms(nlp) {
  return nlp(CHECK).docs.map((ts) => ts.map((t) => [t.text, [...t.tags]]));
}

function analyzeAll(nlp, text) {
  const doc = nlp(text);
  doc.compute("offset");
  doc.compute("root");
  const terms = doc.docs.map((ts) => ts.map((t) => [t.text, t.normal, t.implicit, t.root, [...t.tags], t.offset, t.pre, t.post, t.machine, t.alias, t.switch, t.chunk]));
  const clauses = doc.clauses().docs.map((ts) => ts.map((t) => [t.text, t.offset?.start]));
  const dates = doc.dates().docs.map((ts) => ts.map((t) => [t.text, t.offset?.start]));
  const verbs = nlp(text).verbs().conjugate();
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  const conjugated = words.map((w) => nlp(w).verbs().conjugate()[0] ?? null);
  return { terms, clauses, dates, verbs, conjugated };
}

if (require.main === module) {
  // The CLI's V8 flags: the code cache made here must match the process that will read it.
  require("./cli-loader.cjs").applyV8Flags();
  const mode = process.argv[2];
  const dir = path.resolve(process.argv[3]);
  let nlp;
  let info;
  if (mode === "ordinary") {
    const real = createRequire(path.join(dir, "..", "resolve.cjs"));
    nlp = real("compromise");
    nlp.plugin(real("compromise-dates"));
  } else {
    nlp = createRequire(path.join(dir, "index.cjs"))("compromise");
    info = nlp[Symbol.for("cxlint.nlp-fast")];
    if (!info) throw new Error("the fast loader was not used");
  }
  warmUp(nlp);
  const analyses = SAMPLES.map((s) => analyzeAll(nlp, s));
  const check = checkTerms(nlp);
  const graph = encodeGraph(nlp.model());
  if (mode === "make-cache") for (const [name, script] of Object.entries(info.scripts)) fs.writeFileSync(path.join(dir, `${name}.v8cache`), script.createCachedData());
  process.stdout.write(JSON.stringify({ analyses, check, graph, cacheUsed: info?.cacheUsed ?? false }));
}

/**
 * An installed package as `resolve` finds it: its folder (the nearest package.json of that name
 * above its main file; the package.json itself is often not in its exports), main file and
 * version.
 */
function installedPackage(name, resolve) {
  const main = resolve(name);
  for (let dir = path.dirname(main); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    if (pkg.name === name) return { dir, main, version: pkg.version };
  }
  throw new Error(`no package.json for ${name}`);
}

module.exports = { encodeGraph, asciiJson, warmUp, analyzeAll, checkTerms, installedPackage, CHECK, WARM_UP, SAMPLES };
