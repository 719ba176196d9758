/**
 * What scripts/build-cli.mjs puts in the CLI bundle in place of a dependency's own code: each
 * substitute must give what the code it replaces gives, and the bundle (made by `npm run build`,
 * which vitest's global setup runs) must really carry it.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../testing/cli.js";

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
