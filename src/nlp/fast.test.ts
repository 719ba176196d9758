/**
 * The fast NLP load (dist/nlp-fast/, made by scripts/build-nlp.mjs during `npm run build`, which
 * vitest's global setup runs): it must give exactly what the ordinary load gives, and fall back
 * to the ordinary load whenever it is missing, stale or broken.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cxlint, ROOT, SLOW } from "../testing/cli.js";
import { FAST_MARK, loadFast } from "./fast.js";

const DIST = path.join(ROOT, "dist");
const FAST = path.join(DIST, "nlp-fast");
type Nlp = ((text: string) => unknown) & { plugin(p: unknown): void; [FAST_MARK]?: { cacheUsed: boolean } };
const probe = createRequire(import.meta.url)("../../scripts/nlp-fast-probe.cjs") as {
  SAMPLES: string[];
  warmUp(nlp: Nlp): void;
  analyzeAll(nlp: Nlp, text: string): unknown;
};

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of dist/nlp-fast inside dist/ (the loader resolves compromise upwards from there). */
function copy(change?: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(DIST, "nlp-fast-test-"));
  copies.push(dir);
  cpSync(FAST, dir, { recursive: true });
  change?.(dir);
  return dir;
}

function ordinary(): Nlp {
  const require = createRequire(path.join(DIST, "resolve.cjs"));
  const nlp = require("compromise") as Nlp;
  nlp.plugin(require("compromise-dates"));
  return nlp;
}

/** Sentences from the fixtures: the rule examples and demo texts. */
function fixtureSentences(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (/\.(md|txt)$/.test(e.name)) out.push(...readFileSync(file, "utf8").split(/(?<=[.!?])\s+|\n+/));
    }
  };
  walk(path.join(ROOT, "fixtures"));
  return [...new Set(out.map((s) => s.trim()).filter((s) => /[a-z]/i.test(s)))].slice(0, 150);
}

describe("the fast NLP load", () => {
  it("was built by npm run build", () => {
    // If this fails, see the warning scripts/build-nlp.mjs printed (e.g. a compromise update
    // that changed what it patches): cxlint still works, but loads compromise slowly.
    expect(existsSync(path.join(FAST, "manifest.json"))).toBe(true);
  });

  it("analyses every sentence exactly as the ordinary load does, and uses its code cache", () => {
    // The cache is made under the CLI's V8 flags, and is valid only under them.
    createRequire(import.meta.url)("../../scripts/cli-loader.cjs").applyV8Flags();
    const fast = loadFast<Nlp>([FAST]);
    expect(fast).toBeDefined();
    expect(fast![FAST_MARK]?.cacheUsed).toBe(true);
    const slow = ordinary();
    const texts = [...probe.SAMPLES, ...fixtureSentences()];
    for (const text of texts) expect(probe.analyzeAll(fast!, text), text).toEqual(probe.analyzeAll(slow, text));
  }, 120_000);

  it("falls back when it is turned off, missing, stale or broken", () => {
    const before = process.env["CXLINT_NLP_FAST"];
    process.env["CXLINT_NLP_FAST"] = "0";
    try {
      expect(loadFast([FAST])).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env["CXLINT_NLP_FAST"];
      else process.env["CXLINT_NLP_FAST"] = before;
    }
    expect(loadFast([path.join(DIST, "no-such-dir")])).toBeUndefined();
    const manifest = (dir: string, edit: (m: { packages: Record<string, { version: string; sha256?: string }> }) => void) => {
      const file = path.join(dir, "manifest.json");
      const m = JSON.parse(readFileSync(file, "utf8"));
      edit(m);
      writeFileSync(file, JSON.stringify(m));
    };
    // Another compromise or compromise-dates than the one the build saw.
    expect(loadFast([copy((d) => manifest(d, (m) => (m.packages["compromise"]!.version = "0.0.1")))])).toBeUndefined();
    expect(loadFast([copy((d) => manifest(d, (m) => (m.packages["compromise-dates"]!.sha256 = "0".repeat(64))))])).toBeUndefined();
    // A truncated state or bundle.
    expect(loadFast([copy((d) => writeFileSync(path.join(d, "state.json"), readFileSync(path.join(d, "state.json"), "latin1").slice(0, 1000), "latin1"))])).toBeUndefined();
    expect(loadFast([copy((d) => writeFileSync(path.join(d, "compromise.cjs"), "throw new Error('broken')"))])).toBeUndefined();
  });

  it("works without its code cache, or with one from another node", () => {
    const noCache = loadFast<Nlp>([copy((d) => rmSync(path.join(d, "compromise.v8cache")))]);
    expect(noCache?.[FAST_MARK]?.cacheUsed).toBe(false);
    const otherNode = loadFast<Nlp>([
      copy((d) => {
        const file = path.join(d, "manifest.json");
        writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), node: "v0.0.0" }));
      }),
    ]);
    expect(otherNode?.[FAST_MARK]?.cacheUsed).toBe(false);
    const slow = ordinary();
    for (const text of probe.SAMPLES.slice(0, 5)) {
      expect(probe.analyzeAll(noCache!, text)).toEqual(probe.analyzeAll(slow, text));
      expect(probe.analyzeAll(otherNode!, text)).toEqual(probe.analyzeAll(slow, text));
    }
  }, 120_000);
});

describe("cxlint with the fast NLP load", () => {
  const cases: Array<[string, string[], string]> = [
    ["JSON report of the fixtures", ["-f", "json", "fixtures"], ""],
    ["stylish report with fix suggestions as a diff", ["--fix-dry-run", "--fix-suggestions", "fixtures/demo", "fixtures/rules"], ""],
    ["piped input, --fix", ["--fix", "--fix-suggestions", "--stdin-filename", "reply.md"], readFileSync(path.join(ROOT, "fixtures/demo/refund-macros.md"), "utf8")],
  ];
  for (const [name, args, input] of cases) {
    it(`prints and exits exactly as with the ordinary load: ${name}`, SLOW, async () => {
      const [fast, slow] = await Promise.all([cxlint(ROOT, args, input), cxlint(ROOT, args, input, { CXLINT_NLP_FAST: "0" })]);
      expect(fast.stdout.length).toBeGreaterThan(0);
      expect(fast).toEqual(slow);
    });
  }
});
