import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../cli/load-config.js";
import { ConfigError } from "./validate.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "cxlint-load-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let counter = 0;
/** A fresh project folder (with a package.json, so the search stops there) holding `files`. */
async function project(files: Record<string, string>, withPackageJson = true): Promise<string> {
  const dir = path.join(root, `p${counter++}`);
  await mkdir(dir, { recursive: true });
  if (withPackageJson && !("package.json" in files)) await writeFile(path.join(dir, "package.json"), '{ "name": "x" }\n');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<ConfigError> {
  try {
    await loadConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig finds the config", () => {
  it("reads .cxlintrc.json", async () => {
    const dir = await project({ ".cxlintrc.json": '{ "rules": { "no-refusal": "error" } }' });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.config).toEqual({ rules: { "no-refusal": "error" } });
    expect(loaded.filePath).toBe(path.join(dir, ".cxlintrc.json"));
    expect(loaded.displayPath).toBe(".cxlintrc.json");
  });

  it("reads YAML (.cxlintrc.yaml, .cxlintrc.yml and extensionless .cxlintrc)", async () => {
    for (const name of [".cxlintrc.yaml", ".cxlintrc.yml", ".cxlintrc"]) {
      const dir = await project({ [name]: "extends: cxlint:strict\nrules:\n  no-refusal: warn\n" });
      expect((await loadConfig({ cwd: dir })).config).toEqual({ extends: "cxlint:strict", rules: { "no-refusal": "warn" } });
    }
  });

  it("reads the cxlint key of package.json and ignores a package.json without one", async () => {
    const dir = await project({ "package.json": '{ "name": "x", "cxlint": { "vocabulary": ["NoRefunds"] } }' });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.config).toEqual({ vocabulary: ["NoRefunds"] });
    expect(loaded.filePath).toBe(path.join(dir, "package.json"));
    const plain = await project({});
    expect(await loadConfig({ cwd: plain })).toEqual({});
  });

  it("reads ESM and CommonJS configs", async () => {
    const mjs = await project({ "cxlint.config.mjs": 'export default { rules: { "no-blame": 2 } };\n' });
    expect((await loadConfig({ cwd: mjs })).config).toEqual({ rules: { "no-blame": 2 } });
    const cjs = await project({ "cxlint.config.cjs": 'module.exports = { vocabulary: ["A"] };\n' });
    expect((await loadConfig({ cwd: cjs })).config).toEqual({ vocabulary: ["A"] });
  });

  it("prefers package.json, then .cxlintrc*, then cxlint.config.*", async () => {
    const dir = await project({
      ".cxlintrc.json": '{ "vocabulary": ["rc"] }',
      "cxlint.config.mjs": 'export default { vocabulary: ["mjs"] };',
    });
    expect((await loadConfig({ cwd: dir })).config).toEqual({ vocabulary: ["rc"] });
  });

  it("searches upward to the project root (the folder with package.json) and no further", async () => {
    const dir = await project({ ".cxlintrc.json": '{ "vocabulary": ["root"] }', "macros/refunds/.keep": "" });
    const loaded = await loadConfig({ cwd: path.join(dir, "macros", "refunds") });
    expect(loaded.config).toEqual({ vocabulary: ["root"] });
    expect(loaded.displayPath).toBe(path.join(dir, ".cxlintrc.json"));

    const outer = await project({ ".cxlintrc.json": '{ "vocabulary": ["outer"] }', "inner/package.json": "{}" }, false);
    expect(await loadConfig({ cwd: path.join(outer, "inner") })).toEqual({});
  });

  it("treats an empty config file as an empty config that stops the search", async () => {
    const dir = await project({ ".cxlintrc.json": '{ "vocabulary": ["root"] }', "sub/.cxlintrc.yml": "" });
    const loaded = await loadConfig({ cwd: path.join(dir, "sub") });
    expect(loaded.config).toEqual({});
    expect(loaded.filePath).toBe(path.join(dir, "sub", ".cxlintrc.yml"));
  });
});

describe("loadConfig with -c and --no-config", () => {
  it("loads exactly the file given with -c, relative to cwd", async () => {
    const dir = await project({ ".cxlintrc.json": '{ "vocabulary": ["nearest"] }', "configs/team.yaml": "vocabulary: [team]\n" });
    const loaded = await loadConfig({ cwd: dir, configPath: "configs/team.yaml" });
    expect(loaded.config).toEqual({ vocabulary: ["team"] });
    expect(loaded.filePath).toBe(path.join(dir, "configs", "team.yaml"));
  });

  it("fails clearly when the -c file is missing", async () => {
    const dir = await project({});
    const error = await loadError({ cwd: dir, configPath: "nope.json" });
    expect(error.filePath).toBe("nope.json");
    expect(error.message).toMatch(/^nope\.json: the config file given with -c\/--config does not exist\./);
  });

  it("loads nothing with --no-config", async () => {
    const dir = await project({ ".cxlintrc.json": '{ "vocabulary": ["x"] }' });
    expect(await loadConfig({ cwd: dir, noConfig: true })).toEqual({});
  });
});

describe("loadConfig syntax errors", () => {
  it("names the JSON file, line and column", async () => {
    const dir = await project({ ".cxlintrc.json": '{\n  "rules": {\n    "no-refusal": "error",\n  }\n}\n' });
    const error = await loadError({ cwd: dir });
    expect(error.filePath).toBe(".cxlintrc.json");
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^\.cxlintrc\.json:4:3: the config file is not valid JSON: .+\. Fix the file/);
  });

  it("names the YAML file, line and the parser's reason", async () => {
    const dir = await project({ ".cxlintrc.yaml": "rules:\n  no-refusal: [error, {\nvocabulary: x\n" });
    const error = await loadError({ cwd: dir });
    expect(error.filePath).toBe(".cxlintrc.yaml");
    expect(error.line).toBeGreaterThan(1);
    expect(error.message).toMatch(new RegExp(`^\\.cxlintrc\\.yaml:${error.line}:\\d+: the config file is not valid YAML: `));
  });

  it("reports a broken package.json and a broken -c file the same way", async () => {
    const dir = await project({ "package.json": '{ "name": "x", }' });
    const error = await loadError({ cwd: dir });
    expect(error.message).toMatch(/^package\.json:1:\d+: the config file is not valid JSON/);

    const other = await project({ "team.yml": "a: [1\n" });
    expect((await loadError({ cwd: other, configPath: "team.yml" })).message).toMatch(/^team\.yml:\d+:\d+: the config file is not valid YAML/);
  });

  it("reports a JavaScript config that fails to load", async () => {
    const dir = await project({ "cxlint.config.mjs": "export default {\n  rules: { ,\n};\n" });
    const error = await loadError({ cwd: dir });
    expect(error.filePath).toBe("cxlint.config.mjs");
    expect(error.message).toMatch(/^cxlint\.config\.mjs(:\d+)?: the config file could not be loaded: /);
  });
});
