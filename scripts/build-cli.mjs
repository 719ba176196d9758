#!/usr/bin/env node
/**
 * Builds the CLI bundle, dist/bundle/: part of `npm run build`, after tsc and before
 * scripts/build-nlp.mjs. bin/cxlint.js loads it through dist/bundle/load.cjs
 * (scripts/cli-loader.cjs).
 *
 * 1. esbuild bundles src/cli/process.ts and src/cli/worker.ts with their pure-JS dependencies,
 *    split into chunks, so that what one run does not need (other formats, fixes, diffs) is
 *    neither read nor compiled.
 * 2. Each chunk is turned into a CommonJS file: an ESM entry costs Node ~25 ms more to start
 *    than a CommonJS one, and only a script compiled by vm.Script can use a V8 code cache on
 *    Node 20. import() of another chunk becomes a require() in a promise (same timing, same
 *    exports); import() of a package goes through the loader, which is a real module.
 * 3. Every chunk is made pure ASCII (read as latin1 at run time, without UTF-8 decoding).
 * 4. A fresh process runs the CLI on a small clean Markdown file and writes the code cache of
 *    every chunk it loaded, with the functions that ran compiled; more runs, on a file with
 *    Markdown in it (the clean file is plain paragraphs, read without markdown-it), with options
 *    and on the files' folder, add the caches of the chunks only they need (markdown-it,
 *    commander, globby).
 * 5. The chunks the clean file's run loaded go, wrapped and with their caches, into the start
 *    pack, which the loader reads in two reads (see readStartPack in scripts/cli-loader.cjs).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUT = path.join(ROOT, "dist", "bundle");

// globby is bundled: loaded from node_modules it was some twenty ES modules (fast-glob,
// micromatch and theirs) on every run given a folder or a glob (fixtures/demo: 386 → 288 ms with
// its code cache).
const EXTERNAL = ["compromise", "compromise-dates", "mammoth", "cosmiconfig"];

/** Escapes what esbuild's charset=ascii leaves as it is: characters in regex literals and comments. */
export function toAscii(code) {
  let out = "";
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c < 0x80) {
      out += code[i];
      continue;
    }
    let slashes = 0;
    for (let j = out.length - 1; j >= 0 && out[j] === "\\"; j--) slashes++;
    // An identity escape ("\…" in a regex) becomes the \u escape of the same character.
    if (slashes % 2 === 1) out = out.slice(0, -1);
    // Astral characters stay two UTF-16 escapes: the same code units in every literal, with or
    // without a regex's u flag.
    out += `\\u${c.toString(16).padStart(4, "0")}`;
  }
  return out;
}

/** Set when the entities-decode-native plugin below has put scripts/entities-decode-shared.mjs in the bundle. */
let entitiesDecodeReplaced = false;
const built = await esbuild.build({
  entryPoints: [path.join(ROOT, "src/cli/process.ts"), path.join(ROOT, "src/cli/worker.ts")],
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  mainFields: ["module", "main"],
  outdir: OUT,
  external: EXTERNAL,
  charset: "ascii",
  write: false,
  logLevel: "warning",
  plugins: [
    {
      // markdown-it's linkify-it, which cxlint never turns on: see scripts/linkify-off.mjs.
      name: "linkify-off",
      setup(build) {
        build.onResolve({ filter: /^linkify-it$/ }, () => ({ path: path.join(ROOT, "scripts", "linkify-off.mjs") }));
      },
    },
    {
      // entities' base64 decode of its entity tables, natively: see scripts/entities-decode-shared.mjs.
      name: "entities-decode-native",
      setup(build) {
        build.onResolve({ filter: /\/internal\/decode-shared\.js$/ }, (args) => {
          if (!/[\\/]node_modules[\\/]entities[\\/]/.test(args.importer)) return undefined;
          entitiesDecodeReplaced = true;
          return { path: path.join(ROOT, "scripts", "entities-decode-shared.mjs") };
        });
      },
    },
  ],
});

// An entities update that moves the function only makes start-up slower, so this is a warning.
if (!entitiesDecodeReplaced) console.warn("build-cli: entities has no internal/decode-shared.js any more; its tables are decoded the slow way (see scripts/entities-decode-shared.mjs)");

const names = new Set(built.outputFiles.map((f) => path.basename(f.path)));
const cjsName = (name) => name.replace(/\.js$/, ".cjs");

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
for (const file of built.outputFiles) {
  const name = path.basename(file.path);
  // The `// src/…ts` line before each module's code, kept as a legal comment: the transform
  // drops ordinary ones, and bench/profile-summary.mjs maps profile lines to sources by them.
  const marked = file.text.replace(/^\/\/ ((?:src|rules)\/\S+\.ts)$/gm, "//! $1");
  const { code } = await esbuild.transform(marked, {
    format: "cjs",
    loader: "js",
    platform: "node",
    target: "node20",
    charset: "ascii",
    legalComments: "inline",
    define: { "import.meta.url": "__cxlintUrl" },
    logLevel: "warning",
  });
  let out = code.replace(/"\.\/([\w-]+\.js)"/g, (whole, target) => {
    if (!names.has(target)) throw new Error(`${name}: "${target}" is not a chunk of this build`);
    return JSON.stringify(`./${cjsName(target)}`);
  });
  out = out.replace(/\bimport\(("\.\/[\w-]+\.cjs")\)/g, "Promise.resolve().then(() => require($1))");
  out = out.replace(/\bimport\((?="[^"]+"\))/g, "__cxlintImport(");
  if (/\bimport\(/.test(out)) throw new Error(`${name}: an import() the build does not know how to load`);
  // Required the ordinary way (a worker thread), a chunk has no loader-given __cxlintImport.
  const prelude = [
    /\b__cxlintImport\(/.test(out) ? `if (typeof __cxlintImport !== "function") var __cxlintImport = (id) => import(id);` : "",
    /\b__cxlintUrl\b/.test(out) ? `var __cxlintUrl = require("node:url").pathToFileURL(__filename).href;` : "",
  ].filter(Boolean);
  out = toAscii(prelude.length ? `${prelude.join("\n")}\n${out}` : out);
  writeFileSync(path.join(OUT, cjsName(name)), out, "latin1");
}
copyFileSync(path.join(ROOT, "scripts", "cli-loader.cjs"), path.join(OUT, "load.cjs"));

// The code caches: runs of the CLI in fresh processes with the loader's V8 flags, in a folder
// without a config file.
const sample = mkdtempSync(path.join(os.tmpdir(), "cxlint-cache-"));
// Outside the sample folder, which the last run lints.
const startList = `${sample}-start.json`;
try {
  writeFileSync(
    path.join(sample, "reply.md"),
    "Hi Sam,\n\nThanks for getting in touch about order #48213. Your order shipped on May 4 and is on its way to you.\n\nBest,\nDana from Support\n",
  );
  // Options load commander (the bare `cxlint <paths>` does without it), a text file its adapter.
  writeFileSync(path.join(sample, "reply.txt"), "Hi Sam,\n\nThanks for your order! It shipped today.\n");
  // A file with Markdown in it: plain paragraphs like reply.md's are read without markdown-it.
  writeFileSync(
    path.join(sample, "macros.md"),
    "# Replies\n\n## Order shipped\n\nThanks for your order! It shipped on *May 4*.\n\n- Tracking: 1Z999E1234567\n- Carrier: UPS\n",
  );
  writeFileSync(
    path.join(sample, "cache.cjs"),
    `const l = require(${JSON.stringify(path.join(OUT, "load.cjs"))});\nl.run().then((code) => {\n  if (code !== 0) process.exit(3);\n  const written = l.writeCodeCaches({ keep: process.argv[2] !== "reply.md" });\n  if (process.argv[2] === "reply.md") require("node:fs").writeFileSync(${JSON.stringify(startList)}, JSON.stringify(written));\n});\n`,
  );
  // The plain reply first: the caches of the chunks every run loads are made by the run a clean
  // file makes, the strictest start-up target. The next runs add only the caches of what they
  // load more: markdown-it for a file with Markdown in it, commander and the JSON report for a
  // run with options, globby for a folder.
  for (const args of [["reply.md"], ["macros.md"], ["--format", "json", "reply.txt"], ["."]]) {
    execFileSync(process.execPath, ["cache.cjs", ...args], { cwd: sample, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NO_COLOR: "1" } });
  }
  writeStartPack(JSON.parse(readFileSync(startList, "utf8")));
} catch (error) {
  // Without caches the CLI still works, only slower to start.
  for (const f of readdirSync(OUT)) if (f.endsWith(".v8cache") || f.startsWith("start.pack")) rmSync(path.join(OUT, f));
  console.warn(`build-cli: no V8 code caches (${error.message.split("\n")[0]})`);
} finally {
  rmSync(sample, { recursive: true, force: true });
  rmSync(startList, { force: true });
}

/**
 * The start pack (see readStartPack in scripts/cli-loader.cjs): the chunks the clean file's run
 * loaded, in the order it loaded them, wrapped as the loader compiles them, with their caches;
 * those caches then live only in the pack.
 */
function writeStartPack(names) {
  // (Loading the loader sets its V8 flags in this process too; nothing here compiles after it.)
  const loader = createRequire(import.meta.url)(path.join(OUT, "load.cjs"));
  const index = {};
  let text = "";
  const caches = [];
  let cacheLength = 0;
  for (const name of names) {
    const source = loader.wrap(readFileSync(path.join(OUT, name), "latin1"));
    const cache = readFileSync(path.join(OUT, `${name}.v8cache`));
    index[name] = { source: [text.length, text.length + source.length], cache: [cacheLength, cacheLength + cache.length] };
    text += source;
    caches.push(cache);
    cacheLength += cache.length;
    rmSync(path.join(OUT, `${name}.v8cache`));
  }
  writeFileSync(path.join(OUT, loader.START_PACK), text, "latin1");
  writeFileSync(path.join(OUT, loader.START_PACK_CACHES), Buffer.concat(caches));
  writeFileSync(path.join(OUT, loader.START_PACK_INDEX), JSON.stringify(index));
}
