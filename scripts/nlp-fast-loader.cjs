/**
 * The fast way to load compromise (+ compromise-dates), installed by scripts/build-nlp.mjs as
 * dist/nlp-fast/node_modules/compromise/index.cjs. src/nlp/fast.ts requires it by the bare name
 * "compromise" from dist/nlp-fast/, so anything that watches for that request (the benchmark's
 * trace preload) still sees compromise being loaded.
 *
 * Loading compromise normally spends most of its time building its model (unpacking and
 * conjugating the lexicon, merging plugin models, compiling match patterns on the first parse).
 * Here compromise runs from a build of its own source in which that construction is skipped
 * (dist/nlp-fast/compromise.cjs), and the finished model and match nets, as they were after the
 * same load and one warm-up parse at build time, are read from dist/nlp-fast/state.json. The
 * bundle is compiled with a V8 code cache made at build time (V8 ignores a cache that does not
 * match the running node).
 *
 * Any mismatch with what the ordinary path would load (another compromise or compromise-dates
 * version or file) throws; the caller then loads compromise the ordinary way.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { createRequire } = require("node:module");

const FORMAT = 1;
const dir = path.join(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
if (manifest.format !== FORMAT) throw new Error("nlp-fast: unknown format");

// Resolve the real packages the way the ordinary path does: upwards from dist/.
const real = createRequire(path.join(dir, "..", "resolve.cjs"));

function installed(name) {
  const main = real.resolve(name);
  for (let d = path.dirname(main); d !== path.dirname(d); d = path.dirname(d)) {
    const file = path.join(d, "package.json");
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    if (pkg.name === name) return { main, version: pkg.version, size: fs.statSync(main).size };
  }
  throw new Error(`nlp-fast: no package.json for ${name}`);
}

const packages = {};
for (const name of ["compromise", "compromise-dates"]) {
  const want = manifest.packages[name];
  const have = installed(name);
  if (!want || want.version !== have.version || want.size !== have.size) throw new Error(`nlp-fast: ${name} changed since the build`);
  packages[name] = have;
}

/**
 * Runs a CommonJS file as require would, but compiled with the V8 code cache made at build time
 * (when this is the node that made it; V8 itself refuses a cache from another V8 or other flags).
 * V8 checks a cache against the source's length only, hence the hash check for files that are
 * not ours.
 */
function run(file, cacheFile, sha256) {
  const source = fs.readFileSync(file, "utf8");
  if (sha256 && require("node:crypto").createHash("sha256").update(source).digest("hex") !== sha256) throw new Error(`nlp-fast: ${file} changed since the build`);
  let cachedData;
  if (manifest.node === process.version && manifest.arch === process.arch) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, require, module, file, path.dirname(file));
  return { exports: module.exports, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** Rebuilds the object graph written by scripts/build-nlp.mjs (encodeGraph): JSON plus fix-ups. */
function decodeGraph(tree, fixups) {
  const parentOf = (p) => {
    let o = tree;
    for (let i = 0; i < p.length - 1; i++) o = o[p[i]];
    return o;
  };
  for (const f of fixups) {
    const p = f[0];
    const o = parentOf(p);
    const k = p[p.length - 1];
    switch (f[1]) {
      case "u":
        o[k] = undefined;
        break;
      case "r":
        o[k] = new RegExp(f[2], f[3]);
        break;
      case "S":
        o[k] = new Set(o[k]);
        break;
      case "M":
        o[k] = new Map(o[k]);
        break;
      case "=": {
        const q = f[2];
        o[k] = parentOf(q)[q[q.length - 1]];
        break;
      }
      default:
        throw new Error("nlp-fast: bad state");
    }
  }
  return tree;
}

const bundle = run(path.join(dir, "compromise.cjs"), path.join(dir, "compromise.v8cache"));
const dates = run(packages["compromise-dates"].main, path.join(dir, "compromise-dates.v8cache"), manifest.packages["compromise-dates"].sha256);
const { nlp, nets } = bundle.exports;
// The bundle's plugin loader skips model building (the model comes from the state below), so
// this adds only compromise-dates' code: its methods, compute, hooks and API.
nlp.plugin(dates.exports);

// state.json is ASCII (non-ASCII characters escaped), and latin1 decodes it several times faster.
const { tree, fixups } = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "latin1"));
const state = decodeGraph(tree, fixups);
// compromise's views reach the model through one shared object: fill that object in place.
const model = nlp.model();
for (const key of Object.keys(model)) delete model[key];
Object.assign(model, state.model);
nets.post.set(state.post);
nets.chunk.set(state.chunk);

// A self-check: one short sentence must come out tagged as the ordinary load tagged it at build
// time. (The first parse costs little extra: it warms up the code the caller's first parse runs.)
const check = nlp(manifest.check.text);
if (JSON.stringify(check.docs.map((ts) => ts.map((t) => [t.text, [...t.tags]]))) !== JSON.stringify(manifest.check.terms)) throw new Error("nlp-fast: the self-check failed");

Object.defineProperty(nlp, Symbol.for("cxlint.nlp-fast"), { value: { scripts: { compromise: bundle.script, "compromise-dates": dates.script }, cacheUsed: bundle.cacheUsed && dates.cacheUsed } });
module.exports = nlp;
