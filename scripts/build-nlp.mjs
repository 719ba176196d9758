#!/usr/bin/env node
/**
 * Builds dist/nlp-fast/: a faster-loading compromise (+ compromise-dates) for src/nlp. Part of
 * `npm run build`, after the CLI bundle. See scripts/nlp-fast-loader.cjs for how it loads.
 *
 * 1. Bundles compromise from its own source twice with esbuild: "full" (as published, plus an
 *    accessor for the two match nets compromise builds lazily) and "fast" (the same, but with
 *    the preTagger model not built and the plugin loader not building models).
 * 2. Loads "full" with compromise-dates, parses one warm-up sentence, and writes the model and
 *    the match nets to state.json (scripts/nlp-fast-probe.cjs: encodeGraph).
 * 3. In fresh processes, checks the fast load against the ordinary one (the published
 *    compromise-three.cjs with compromise-dates): the same analysis of every sample sentence and
 *    the same model afterwards, object for object. One of these runs writes the V8 code cache.
 *
 * Nothing here is needed for cxlint to work: when any step fails, dist/nlp-fast/ is removed
 * with a warning, and cxlint loads compromise the ordinary way.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const SCRIPTS = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(SCRIPTS);
const DIST = path.join(ROOT, "dist");
const OUT = path.join(DIST, "nlp-fast");
const TMP = `${OUT}.tmp-${process.pid}`;
// Resolves packages the way the loader and src/nlp do: upwards from dist/.
const real = createRequire(path.join(DIST, "resolve.cjs"));
const { encodeGraph, asciiJson, warmUp, checkTerms, installedPackage, CHECK } = createRequire(import.meta.url)("./nlp-fast-probe.cjs");

function installed(name) {
  const found = installedPackage(name, real.resolve);
  return { ...found, size: statSync(found.main).size };
}

function replaceOnce(source, from, to, file) {
  if (source.split(from).length !== 2) throw new Error(`${file}: expected exactly one "${from}"`);
  return source.replace(from, to);
}

/** compromise's src/three.js as one CommonJS file exporting { nlp, nets: { post, chunk } }. */
async function bundle(srcDir, variant) {
  const at = (rel) => path.join(srcDir, ...rel.split("/"));
  const netAccessor = (s, f) => replaceOnce(s, "let net = null\n", "let net = null\nexport const __cxlintNet = { get: () => net, set: (n) => { net = n } }\n", f);
  const patches = new Map([
    [at("2-two/postTagger/compute/index.js"), netAccessor],
    [at("3-three/chunker/compute/03-matcher.js"), netAccessor],
  ]);
  if (variant === "fast") {
    // The lexicon, its expansion and the suffix models: the state brings the finished model.
    patches.set(at("2-two/preTagger/model/index.js"), () => "export default {}\n");
    // Plugins still add their methods, compute, hooks, API and mutate; the model parts are skipped.
    patches.set(at("API/extend.js"), (s, f) => ["model", "irregulars", "tags", "words", "frozen"].reduce((t, k) => replaceOnce(t, `if (plugin.${k}) {`, `if (false && plugin.${k}) {`, f), s));
  }
  const used = new Set();
  const entry = [
    `export { default as nlp } from ${JSON.stringify(at("three.js"))};`,
    `import { __cxlintNet as post } from ${JSON.stringify(at("2-two/postTagger/compute/index.js"))};`,
    `import { __cxlintNet as chunk } from ${JSON.stringify(at("3-three/chunker/compute/03-matcher.js"))};`,
    `export const nets = { post, chunk };`,
  ].join("\n");
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: srcDir, sourcefile: "cxlint-nlp-fast.js", loader: "js" },
    bundle: true,
    platform: "node",
    format: "cjs",
    minify: true,
    // compromise's source is ES modules, strict mode; esbuild's CommonJS output does not say so.
    banner: { js: '"use strict";' },
    target: "node20",
    write: false,
    logLevel: "silent",
    plugins: [
      {
        name: "cxlint-nlp-fast",
        setup(build) {
          build.onLoad({ filter: /(index|03-matcher|extend)\.js$/ }, (args) => {
            const patch = patches.get(path.normalize(args.path));
            if (!patch) return undefined;
            used.add(path.normalize(args.path));
            return { contents: patch(readFileSync(args.path, "utf8"), path.relative(srcDir, args.path)), loader: "js" };
          });
        },
      },
    ],
  });
  for (const file of patches.keys()) if (!used.has(file)) throw new Error(`compromise's bundle no longer includes ${path.relative(srcDir, file)}`);
  const text = result.outputFiles[0].text;
  if (/\brequire\(/.test(text)) throw new Error("the bundle requires another module");
  return text;
}

/** Runs scripts/nlp-fast-probe.cjs in a fresh process, on the fast load in `dir`. */
function probe(mode, dir = TMP) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(SCRIPTS, "nlp-fast-probe.cjs"), mode, dir], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`probe ${mode} failed: ${(stderr || error.message).trim().split("\n").slice(-3).join(" ")}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

async function build() {
  const compromise = installed("compromise");
  const dates = installed("compromise-dates");
  const srcDir = path.join(compromise.dir, "src");
  if (!existsSync(path.join(srcDir, "three.js"))) throw new Error("compromise ships no src/three.js");

  rmSync(TMP, { recursive: true, force: true });
  mkdirSync(path.join(TMP, "node_modules", "compromise"), { recursive: true });
  const [full, fast] = await Promise.all([bundle(srcDir, "full"), bundle(srcDir, "fast")]);

  // Capture the model and nets after loading "full" and one warm-up parse.
  const fullFile = path.join(TMP, "full.cjs");
  writeFileSync(fullFile, full);
  const { nlp, nets } = createRequire(import.meta.url)(fullFile);
  nlp.plugin(real("compromise-dates"));
  warmUp(nlp);
  if (!nets.post.get() || !nets.chunk.get()) throw new Error("the warm-up built no match nets");
  writeFileSync(path.join(TMP, "state.json"), asciiJson(encodeGraph({ model: nlp.model(), post: nets.post.get(), chunk: nets.chunk.get() })));
  // After the state: the check parses once more, and the state is as it was before any check.
  const check = { text: CHECK, terms: checkTerms(nlp) };
  rmSync(fullFile);

  writeFileSync(path.join(TMP, "compromise.cjs"), fast);
  copyFileSync(path.join(SCRIPTS, "nlp-fast-loader.cjs"), path.join(TMP, "node_modules", "compromise", "index.cjs"));
  writeFileSync(path.join(TMP, "node_modules", "compromise", "package.json"), `${JSON.stringify({ name: "compromise", private: true, description: "cxlint's fast loader for compromise; see scripts/build-nlp.mjs", main: "index.cjs" }, null, 2)}\n`);
  writeFileSync(
    path.join(TMP, "manifest.json"),
    `${JSON.stringify(
      {
        format: 1,
        node: process.version,
        arch: process.arch,
        check,
        packages: {
          compromise: { version: compromise.version, size: compromise.size },
          "compromise-dates": { version: dates.version, size: dates.size, sha256: createHash("sha256").update(readFileSync(dates.main, "utf8")).digest("hex") },
        },
      },
      null,
      2,
    )}\n`,
  );

  const [ordinaryResult, first] = await Promise.all([probe("ordinary"), probe("make-cache")]);
  const ordinary = JSON.stringify(ordinaryResult);
  const cached = await probe("fast");
  for (const [name, result] of [["without the code cache", first], ["with the code cache", cached]]) {
    if (JSON.stringify({ ...result, cacheUsed: false }) !== ordinary) throw new Error(`the fast load (${name}) differs from the ordinary load`);
  }
  if (!cached.cacheUsed) {
    for (const name of ["compromise", "compromise-dates"]) rmSync(path.join(TMP, `${name}.v8cache`), { force: true });
    console.warn("build-nlp: V8 rejected the code cache; dist/nlp-fast/ works without it.");
  }

  built = true;
  // Swapped in whole (another build may be swapping its own in at the same moment: one wins).
  for (let attempt = 0; ; attempt++) {
    rmSync(OUT, { recursive: true, force: true });
    try {
      renameSync(TMP, OUT);
      break;
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  if (cached.cacheUsed) await recacheInPlace(ordinary);
}

/**
 * A V8 code cache keeps the file names it was made under, so caches made in the temporary folder
 * showed dist/nlp-fast.tmp-<pid>/ in stack traces and CPU profiles. They are made again where
 * they now live, and checked again; if that fails, the load simply goes without them.
 */
async function recacheInPlace(ordinary) {
  try {
    // Made from source: a script compiled from the old cache would write the old names back.
    for (const name of ["compromise", "compromise-dates"]) rmSync(path.join(OUT, `${name}.v8cache`), { force: true });
    await probe("make-cache", OUT);
    const again = await probe("fast", OUT);
    if (!again.cacheUsed || JSON.stringify({ ...again, cacheUsed: false }) !== ordinary) throw new Error("the fast load differs with the new cache");
  } catch (error) {
    for (const name of ["compromise", "compromise-dates"]) rmSync(path.join(OUT, `${name}.v8cache`), { force: true });
    console.warn(`build-nlp: no code cache for dist/nlp-fast/ (${error instanceof Error ? error.message : error}); it works without one.`);
  }
}

let built = false;
try {
  await build();
} catch (error) {
  rmSync(TMP, { recursive: true, force: true });
  // A dist/nlp-fast/ left from an earlier build would be refused at run time anyway if it no
  // longer matches the installed packages; removing it makes the failure plain.
  if (!built) rmSync(OUT, { recursive: true, force: true });
  console.warn(`build-nlp: dist/nlp-fast/ not built, cxlint will load compromise the ordinary way (slower start): ${error instanceof Error ? error.message : error}`);
}
