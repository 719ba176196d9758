import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../cli/load-config.js";
import { compileCustomRule } from "./custom-rules.js";
import { DEFAULT_STARTER_RULES, STARTER_FILE_NAME, starterConfig, type StarterRule } from "./init.js";
import { validateConfig } from "./validate.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function writeStarter(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "cxlint-init-"));
  dirs.push(dir);
  const file = path.join(dir, STARTER_FILE_NAME);
  await writeFile(file, text);
  return file;
}

const RULES: StarterRule[] = [
  { id: "no-blame", category: "blame", defaultOptions: { allowPassive: false, maxWords: 3 } },
  { id: "no-refusal", category: "refusal" },
  { id: "no-restrictive-policy", category: "restrictive-policy" },
];

describe("starterConfig", () => {
  it("imports as ESM and validates against the rules it was built from", async () => {
    const file = await writeStarter(starterConfig(RULES));
    const mod = (await import(pathToFileURL(file).href)) as { default: unknown };
    const config = validateConfig(mod.default, STARTER_FILE_NAME, RULES);
    expect(config.extends).toBe("cxlint:recommended");
    expect(config.rules).toEqual({ "no-refusal": "error", "no-blame": ["warning", { allowPassive: false }] });
    expect(config.overrides).toEqual([{ files: ["policies/**"], rules: { "no-restrictive-policy": "info" } }]);
    expect(Object.values(config.customRules ?? {}).map((r) => r.type)).toEqual(["existence", "substitution"]);
    expect(config.vocabulary?.length).toBeGreaterThan(0);
    expect(config.placeholders?.length).toBeGreaterThan(0);
    expect(Object.keys(config.formats ?? {})).toEqual(["json", "csv"]);
  });

  it("validates without a rule list too, and loads through loadConfig", async () => {
    const file = await writeStarter(starterConfig());
    const loaded = await loadConfig({ cwd: path.dirname(file) });
    expect(loaded.filePath).toBe(file);
    expect(() => validateConfig(loaded.config, STARTER_FILE_NAME, DEFAULT_STARTER_RULES)).not.toThrow();
  });

  it("shows settings only for formats the CLI knows, in the form they accept", async () => {
    const formats = [{ id: "markdown" }, { id: "csv" }, { id: "yaml", defaultSettings: { paths: [] as string[] } }, { id: "json", defaultSettings: { pointer: "" } }];
    const text = starterConfig(RULES, formats);
    expect(text).toContain(`    csv: { column: "body" },`);
    expect(text).toContain(`    yaml: { paths: [] },`);
    expect(text).toContain(`    json: { pointer: "" },`);
    expect(text).not.toContain("markdown:");
    const file = await writeStarter(text);
    const mod = (await import(pathToFileURL(file).href)) as { default: unknown };
    expect(() => validateConfig(mod.default, STARTER_FILE_NAME, RULES, { formats })).not.toThrow();
  });

  it("comments every setting", () => {
    const text = starterConfig(RULES);
    const lines = text.split("\n");
    for (const key of ["extends", "rules", "overrides", "customRules", "vocabulary", "placeholders", "formats"]) {
      const index = lines.findIndex((l) => l.startsWith(`  ${key}:`));
      expect(index, key).toBeGreaterThan(0);
      expect(lines[index - 1]!.trim().startsWith("//"), key).toBe(true);
    }
  });

  it("ships custom rules that work", async () => {
    const file = await writeStarter(starterConfig(RULES));
    const mod = (await import(pathToFileURL(file).href)) as { default: unknown };
    const config = validateConfig(mod.default, STARTER_FILE_NAME, RULES);
    const plain = compileCustomRule("house/plain-words", config.customRules!["house/plain-words"]!);
    expect(plain.meta.fixable).toBe("safe");
    expect(plain.meta.trigger.test("please e-mail us")).toBe(true);
  });
});
