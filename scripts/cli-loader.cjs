/**
 * Loads the CLI bundle (dist/bundle/*.cjs, made by scripts/build-cli.mjs), installed as
 * dist/bundle/load.cjs and required by bin/cxlint.js.
 *
 * Node 20 has no compile cache for modules, so each chunk is compiled here with vm.Script and
 * the V8 code cache the build made for it (`<chunk>.v8cache`, or in the start pack, see
 * readStartPack): a chunk the cache covers is
 * deserialised instead of parsed, and its functions that ran at build time are not compiled
 * again. V8 rejects a cache made by another node, V8 flags or source; the chunk is then
 * compiled from source, as require would. The chunks are plain CommonJS files too: a worker
 * thread requires them the ordinary way.
 *
 * The CLI runs with two V8 flags, set here before any chunk is compiled (see V8_FLAGS).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");

/**
 * V8 runs a regex's first match on bytecode and compiles it to machine code on the second. For
 * the rules' and signals' long alternations the bytecode step is the dear one, 3-5 ms each and
 * about 28 ms for a clean file; compiled straight to machine code (tier-up after 0 runs) each
 * takes under 1 ms, and later matches run no slower. A code cache is valid only under the flags
 * it was made with, so the processes that make them (the build's cache run through this file,
 * scripts/nlp-fast-probe.cjs) set the same flags. (--no-regexp-tier-up, tried before, crashed V8
 * on regexes made before the switch; this flag only moves the tier-up.)
 *
 * V8 also schedules a young-generation collection as a task once that generation is 80% full, so
 * that it may run while the program waits; a CLI that lints without waiting gains nothing from
 * it, and a clean file's start, which ends below the generation's size, paid ~3 ms for the one
 * such task it ran. Without it, collections happen when the generation is full.
 */
const V8_FLAGS = ["--regexp-tier-up-ticks=0", "--no-minor-gc-task"];

function applyV8Flags() {
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
}
// Node compiles its own modules from a code cache that, too, is valid only under the flags it
// was made with. The built-ins every run needs (tty and os for the terminal check, module for
// the NLP loader) are loaded first, so that they still come from it: ~3 ms.
require("node:tty");
require("node:os");
require("node:module");
applyV8Flags();

const dir = __dirname;
/** A chunk's module object by file name, so that each runs once, as with require. */
const modules = new Map();
/** The compiled scripts, for writeCodeCaches. */
const scripts = new Map();

// A chunk compiled by vm.Script has no dynamic import() of its own; the build rewrites its
// import() of packages and node builtins into a call of this function.
const importFromHere = (id) => import(id);

/** A chunk's source as the loader compiles it: a CommonJS module's function. */
function wrap(source) {
  return `(function (exports, require, module, __filename, __dirname, __cxlintImport) {${source}\n})`;
}

const START_PACK = "start.pack";
const START_PACK_CACHES = "start.pack.v8cache";
const START_PACK_INDEX = "start.pack.json";
let startPack;

/**
 * The start pack: the chunks a run on a clean file loads, wrapped, in one file, with their code
 * caches in another (made by scripts/build-cli.mjs from the chunk files). Two reads instead of
 * two per chunk, and one string, which V8 keeps with the large objects, so that each chunk's
 * source is a slice of it that young-generation collections never copy (read chunk by chunk,
 * the sources and their wrapped copies were some 600 KB of young objects, and a clean file's
 * start had two collections). Undefined without the files: every chunk is then read on its own.
 */
function readStartPack() {
  if (startPack === undefined) {
    try {
      const index = JSON.parse(fs.readFileSync(path.join(dir, START_PACK_INDEX), "utf8"));
      startPack = { index, text: fs.readFileSync(path.join(dir, START_PACK), "latin1"), caches: fs.readFileSync(path.join(dir, START_PACK_CACHES)) };
    } catch {
      startPack = null;
    }
  }
  return startPack ?? undefined;
}

/** The wrapped source of a chunk and its code cache, from the start pack or from its own files. */
function sourceOf(name, file) {
  const pack = readStartPack();
  const packed = pack?.index[name];
  if (packed) {
    return { code: pack.text.slice(packed.source[0], packed.source[1]), cachedData: pack.caches.subarray(packed.cache[0], packed.cache[1]) };
  }
  // The build makes the chunks pure ASCII: latin1 gives the same string, several times faster
  // than UTF-8 decoding.
  const code = wrap(fs.readFileSync(file, "latin1"));
  let cachedData;
  try {
    cachedData = fs.readFileSync(`${file}.v8cache`);
  } catch {
    cachedData = undefined;
  }
  return { code, cachedData };
}

function load(name) {
  const known = modules.get(name);
  if (known) return known.exports;
  const file = path.join(dir, name);
  const { code, cachedData } = sourceOf(name, file);
  const script = new vm.Script(code, { filename: file, cachedData });
  scripts.set(name, script);
  const module = { exports: {}, id: file, filename: file, loaded: false };
  modules.set(name, module);
  const chunkRequire = (id) => (id.startsWith("./") ? load(id.slice(2)) : require(id));
  chunkRequire.resolve = require.resolve;
  script.runInThisContext().call(module.exports, module.exports, chunkRequire, module, file, dir, importFromHere);
  module.loaded = true;
  return module.exports;
}

/** Runs the CLI on this process; resolves to the exit code. (`load` is for bench/run.mjs.) */
function run() {
  return load("process.cjs").runFromProcess();
}

/**
 * For scripts/build-cli.mjs: writes the code cache of every chunk loaded so far, after a run, so
 * that the functions that ran are in it compiled. `keep`: leaves the caches already written.
 */
function writeCodeCaches({ keep = false } = {}) {
  const written = [];
  for (const [name, script] of scripts) {
    const file = path.join(dir, `${name}.v8cache`);
    if (keep && fs.existsSync(file)) continue;
    fs.writeFileSync(file, script.createCachedData());
    written.push(name);
  }
  return written;
}

module.exports = { run, load, wrap, writeCodeCaches, applyV8Flags, START_PACK, START_PACK_CACHES, START_PACK_INDEX };
