/**
 * The fast load of compromise, when `npm run build` made one (dist/nlp-fast/, from
 * scripts/build-nlp.mjs): compromise's model precomputed at build time instead of built at every
 * start, which makes the first sentence that needs NLP several times cheaper. Whatever goes
 * wrong (not built, compromise or compromise-dates changed since, a broken file) returns
 * undefined, and src/nlp loads compromise the ordinary way. CXLINT_NLP_FAST=0 turns it off.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** Marks the export of dist/nlp-fast's loader; its value says whether the V8 code cache was used. */
export const FAST_MARK = Symbol.for("cxlint.nlp-fast");

/**
 * dist/nlp-fast/ from this module: dist/bundle/*.js (the CLI bundle) or dist/src/nlp/fast.js
 * (the library build). From src/ (tests) there is none unless given.
 */
function fastDirs(): string[] {
  return ["../nlp-fast/", "../../nlp-fast/"].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
}

/** compromise with compromise-dates applied, loaded the fast way, or undefined. */
export function loadFast<T>(dirs: readonly string[] = fastDirs()): T | undefined {
  if (process.env["CXLINT_NLP_FAST"] === "0") return undefined;
  for (const dir of dirs) {
    // The loader is dist/nlp-fast/node_modules/compromise/: required by that name, so that
    // whatever watches for `require("compromise")` (the benchmark's trace) still sees it.
    if (!existsSync(`${dir}/node_modules/compromise/index.cjs`)) continue;
    try {
      const nlp = createRequire(`${dir}/index.cjs`)("compromise") as T & { [FAST_MARK]?: unknown };
      return nlp[FAST_MARK] ? nlp : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
