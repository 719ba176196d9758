/**
 * What scripts/build-cli.mjs puts in the CLI bundle in place of a dependency's own code: each
 * substitute must give what the code it replaces gives, and the bundle (made by `npm run build`,
 * which vitest's global setup runs) must really carry it.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { chunkTracer, cxlint, ROOT, SLOW, tempProjects } from "../testing/cli.js";

const { project, cleanup } = tempProjects("cxlint-bundle-");
afterAll(cleanup);

type DecodeBase64 = (input: string) => Uint16Array;

const entitiesEsm = path.join(path.dirname(createRequire(import.meta.url).resolve("entities")), "..", "esm");

async function decodeBase64From(file: string): Promise<DecodeBase64> {
  const module = (await import(pathToFileURL(file).href)) as { decodeBase64: DecodeBase64 };
  return module.decodeBase64;
}

/** The base64 strings entities' generated tables decode when they load. */
function entitiesTables(): string[] {
  return ["decode-data-html.js", "decode-data-xml.js"].map((name) => {
    const source = readFileSync(path.join(entitiesEsm, "generated", name), "utf8");
    const table = /decodeBase64\("([A-Za-z0-9+/=]+)"\)/.exec(source);
    if (!table) throw new Error(`entities' ${name} has no decodeBase64("…") table any more`);
    return table[1]!;
  });
}

describe("entities' base64 decode (scripts/entities-decode-shared.mjs)", () => {
  it("decodes entities' tables and other inputs word for word as entities does", async () => {
    const theirs = await decodeBase64From(path.join(entitiesEsm, "internal", "decode-shared.js"));
    const ours = await decodeBase64From(path.join(ROOT, "scripts", "entities-decode-shared.mjs"));
    const random = Array.from({ length: 64 }, (_, i) =>
      Buffer.from(Array.from({ length: i * 7 + 1 }, (_, j) => (i * 131 + j * 29) % 256)).toString("base64"),
    );
    const tables = entitiesTables();
    const inputs = [...tables, "", "QQ==", "QUI=", "QUJD", ...random];
    for (const input of inputs) expect([...ours(input)], input.slice(0, 40)).toEqual([...theirs(input)]);
    expect(ours(tables[0]!).length).toBeGreaterThan(10_000);
  });

  it("gives the built bundle entities' own tables, through the substitute", async () => {
    const bundle = path.join(ROOT, "dist", "bundle");
    const chunks = readdirSync(bundle).filter((name) => name.endsWith(".cjs"));
    const code = (name: string) => readFileSync(path.join(bundle, name), "latin1");
    // entities' own loop packs two characters of a binary string into each word.
    expect(chunks.filter((name) => code(name).includes("binary.charCodeAt(index + 1)"))).toEqual([]);
    const home = chunks.find((name) => /htmlDecodeTree: \(\) => htmlDecodeTree/.test(code(name)));
    expect(home, "the chunk that exports entities' htmlDecodeTree").toBeDefined();
    expect(code(home!)).toContain("LITTLE_ENDIAN");
    const loader = createRequire(import.meta.url)(path.join(bundle, "load.cjs")) as { load(name: string): { htmlDecodeTree: Uint16Array } };
    const { htmlDecodeTree } = (await import("entities/decode")) as { htmlDecodeTree: Uint16Array };
    expect(Buffer.from(loader.load(home!).htmlDecodeTree.buffer).equals(Buffer.from(htmlDecodeTree.buffer))).toBe(true);
  });
});

describe("the start pack (scripts/build-cli.mjs, readStartPack in scripts/cli-loader.cjs)", () => {
  const bundle = path.join(ROOT, "dist", "bundle");
  const loader = createRequire(import.meta.url)(path.join(bundle, "load.cjs")) as {
    wrap(source: string): string;
    START_PACK: string;
    START_PACK_CACHES: string;
    START_PACK_INDEX: string;
  };
  type Index = Record<string, { source: [number, number]; cache: [number, number] }>;
  const index = JSON.parse(readFileSync(path.join(bundle, loader.START_PACK_INDEX), "utf8")) as Index;

  it("holds each chunk a clean file's run loads, wrapped as the loader compiles it, and its code cache", () => {
    const text = readFileSync(path.join(bundle, loader.START_PACK), "latin1");
    const caches = readFileSync(path.join(bundle, loader.START_PACK_CACHES));
    const names = Object.keys(index);
    expect(names).toContain("process.cjs");
    expect(names.some((name) => name.startsWith("markdown-plain-"))).toBe(true);
    let source = 0;
    let cache = 0;
    for (const name of names) {
      const entry = index[name]!;
      expect(entry.source[0], name).toBe(source);
      expect(text.slice(...entry.source), name).toBe(loader.wrap(readFileSync(path.join(bundle, name), "latin1")));
      expect(entry.cache[0], name).toBe(cache);
      expect(entry.cache[1], name).toBeGreaterThan(entry.cache[0]);
      // Its cache lives only in the pack.
      expect(existsSync(path.join(bundle, `${name}.v8cache`)), name).toBe(false);
      source = entry.source[1];
      cache = entry.cache[1];
    }
    expect(source).toBe(text.length);
    expect(cache).toBe(caches.length);
  });

  it("gives V8 caches it accepts, and the CLI works the same from the chunk files alone", SLOW, async () => {
    const dir = project({ "reply.md": "Hi Sam,\n\nThanks for your order! It shipped today.\n\nBest,\nDana\n", "refusal.md": "Hi Sam,\n\nWe can't refund opened items.\n" });
    const tracer = chunkTracer(dir);
    // The build's run was on a clean file with the default output: the same chunks.
    const packed = await cxlint(dir, ["reply.md"], "", tracer.env);
    expect(packed.code).toBe(0);
    const compiled = new Map(tracer.compiled(packed.stderr).map((c) => [c.name, c.cache]));
    expect([...compiled.keys()].sort()).toEqual(Object.keys(index).sort());
    expect(new Set(compiled.values())).toEqual(new Set(["taken"]));
    // The same bundle without the pack: every chunk read from its own file.
    const copy = path.join(dir, "bundle");
    mkdirSync(copy);
    for (const name of readdirSync(bundle)) if (!name.startsWith("start.pack")) copyFileSync(path.join(bundle, name), path.join(copy, name));
    writeFileSync(path.join(dir, "run.cjs"), 'require("./bundle/load.cjs").run().then((code) => { process.exitCode = code; });\n');
    const alone = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      execFile(process.execPath, ["run.cjs", "--format", "json", "reply.md", "refusal.md"], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout) =>
        error && typeof error.code !== "number" ? reject(error) : resolve({ code: error ? (error.code as number) : 0, stdout }),
      );
    });
    const both = await cxlint(dir, ["--format", "json", "reply.md", "refusal.md"]);
    expect(alone.code).toBe(both.code);
    // (The copy has no package.json above it to read a version from.)
    const results = (stdout: string) => (JSON.parse(stdout) as { results: unknown }).results;
    expect(results(alone.stdout)).toEqual(results(both.stdout));
    expect((JSON.parse(both.stdout) as { results: { findings: unknown[] }[] }).results.map((r) => r.findings.length)).toEqual([0, 1]);
  });
});
