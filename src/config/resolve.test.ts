import { describe, expect, it } from "vitest";
import { defineRule, type Rule } from "../rule-api.js";
import type { Category, Severity } from "../core/types.js";
import { compileCustomRule } from "./custom-rules.js";
import { createResolver, relativeToConfig, resolveConfig } from "./resolve.js";
import type { UserConfig } from "./types.js";
import { validateConfig } from "./validate.js";

function fakeRule(id: string, category: Category, defaultSeverity: Severity, defaultOptions?: Record<string, unknown>): Rule {
  return defineRule({
    meta: {
      id,
      category,
      defaultSeverity,
      description: id,
      messages: { x: { message: "m", note: "n" } },
      trigger: /x/,
      ...(defaultOptions ? { defaultOptions } : {}),
    },
    check() {},
  });
}

const BUILTINS = [
  fakeRule("no-refusal", "refusal", "error"),
  fakeRule("no-blame", "blame", "warning", { maxWords: 3, allowPassive: false }),
  fakeRule("no-restrictive-policy", "restrictive-policy", "warning"),
];

function severities(config: ReturnType<typeof resolveConfig>): Record<string, string> {
  return Object.fromEntries([...config.rules].map(([id, s]) => [id, s.severity]));
}

describe("presets and layer order", () => {
  it("defaults to the recommended preset: every rule at its default severity", () => {
    const config = resolveConfig(undefined, "a.md", BUILTINS, []);
    expect(severities(config)).toEqual({ "no-refusal": "error", "no-blame": "warning", "no-restrictive-policy": "warning" });
    expect(config.strict).toBe(false);
    expect(config.rules.get("no-blame")?.options).toEqual({ maxWords: 3, allowPassive: false });
    expect(config).toMatchObject({ vocabulary: [], placeholders: [], formats: {} });
  });

  it("the strict preset keeps the severities and turns strict on", () => {
    const config = resolveConfig({ extends: ["cxlint:recommended", "cxlint:strict"] }, "a.md", BUILTINS, []);
    expect(config.strict).toBe(true);
    expect(config.rules.get("no-refusal")?.severity).toBe("error");
    expect(resolveConfig({ extends: "cxlint:strict" }, "a.md", BUILTINS, []).strict).toBe(true);
  });

  it("an empty extends list means no preset: only rules named in config run", () => {
    const config = resolveConfig({ extends: [], rules: { "no-blame": "error" } }, "a.md", BUILTINS, []);
    expect(severities(config)).toEqual({ "no-refusal": "off", "no-blame": "error", "no-restrictive-policy": "off" });
  });

  it("applies preset, then rules, then overrides in order, then --rule", () => {
    const user: UserConfig = {
      rules: { "no-refusal": "warning", "no-blame": "off", "no-restrictive-policy": "info" },
      overrides: [
        { files: "policies/**", rules: { "no-refusal": "info", "no-blame": "error" } },
        { files: "policies/legal/**", rules: { "no-refusal": "off" } },
      ],
    };
    const cli = { "no-blame": "warn" as const };
    expect(severities(resolveConfig(user, "replies/a.md", BUILTINS, [], cli))).toEqual({
      "no-refusal": "warning",
      "no-blame": "warning",
      "no-restrictive-policy": "info",
    });
    expect(severities(resolveConfig(user, "policies/a.md", BUILTINS, []))).toMatchObject({ "no-refusal": "info", "no-blame": "error" });
    expect(severities(resolveConfig(user, "policies/legal/terms.md", BUILTINS, []))).toMatchObject({ "no-refusal": "off", "no-blame": "error" });
    expect(severities(resolveConfig(user, "policies/legal/terms.md", BUILTINS, [], cli))).toMatchObject({ "no-blame": "warning" });
  });

  it("merges options over the defaults; a later severity-only setting keeps them", () => {
    const user: UserConfig = {
      rules: { "no-blame": ["error", { maxWords: 5 }] },
      overrides: [{ files: "*.txt", rules: { "no-blame": "info" } }],
    };
    expect(resolveConfig(user, "a.md", BUILTINS, []).rules.get("no-blame")).toEqual({
      severity: "error",
      options: { maxWords: 5, allowPassive: false },
    });
    expect(resolveConfig(user, "a.txt", BUILTINS, []).rules.get("no-blame")).toEqual({
      severity: "info",
      options: { maxWords: 5, allowPassive: false },
    });
    const cli = { "no-blame": ["warning", { allowPassive: true }] as ["warning", Record<string, unknown>] };
    expect(resolveConfig(user, "a.md", BUILTINS, [], cli).rules.get("no-blame")?.options).toEqual({ maxWords: 3, allowPassive: true });
  });

  it("normalises warn and ESLint numbers that reach it unvalidated", () => {
    const config = resolveConfig(undefined, "a.md", BUILTINS, [], { "no-refusal": 1, "no-blame": 0, "no-restrictive-policy": "warn" });
    expect(severities(config)).toEqual({ "no-refusal": "warning", "no-blame": "off", "no-restrictive-policy": "warning" });
  });

  it("skips ids it does not know instead of failing mid-run", () => {
    const config = resolveConfig({ rules: { "not-a-rule": "error" } }, "a.md", BUILTINS, []);
    expect(config.rules.has("not-a-rule")).toBe(false);
  });
});

describe("overrides by glob", () => {
  const user: UserConfig = {
    overrides: [
      { files: ["policies/**"], excludedFiles: "policies/drafts/**", rules: { "no-restrictive-policy": "off" } },
      { files: "*.csv", rules: { "no-refusal": "off" } },
      { files: "./macros/", rules: { "no-blame": "off" } },
      { files: "/README.md", rules: { "no-refusal": "info" } },
    ],
  };
  const at = (file: string) => severities(resolveConfig(user, file, BUILTINS, []));

  it("matches paths relative to the config folder, with dotfiles", () => {
    expect(at("policies/refunds.md")["no-restrictive-policy"]).toBe("off");
    expect(at("policies/.hidden/x.md")["no-restrictive-policy"]).toBe("off");
    expect(at("./policies/refunds.md")["no-restrictive-policy"]).toBe("off");
    expect(at("policies\\refunds.md")["no-restrictive-policy"]).toBe("off");
    expect(at("docs/policies/refunds.md")["no-restrictive-policy"]).toBe("warning");
  });

  it("honours excludedFiles", () => {
    expect(at("policies/drafts/new.md")["no-restrictive-policy"]).toBe("warning");
  });

  it("matches a pattern without a slash against the basename anywhere", () => {
    expect(at("export.csv")["no-refusal"]).toBe("off");
    expect(at("data/zendesk/export.csv")["no-refusal"]).toBe("off");
    expect(at("data/export.csv.md")["no-refusal"]).toBe("error");
  });

  it("treats a trailing slash as a folder and a leading slash as the config folder", () => {
    expect(at("macros/refund.md")["no-blame"]).toBe("off");
    expect(at("other/macros/refund.md")["no-blame"]).toBe("warning");
    expect(at("README.md")["no-refusal"]).toBe("info");
    expect(at("docs/README.md")["no-refusal"]).toBe("error");
  });

  it("shares one resolved config between files that match the same overrides", () => {
    const resolve = createResolver(user, BUILTINS, []);
    expect(resolve("policies/a.md")).toBe(resolve("policies/b.md"));
    expect(resolve("policies/a.md")).not.toBe(resolve("a.md"));
  });

  it("computes the path relative to the config file's folder", () => {
    expect(relativeToConfig("site/policies/a.md", "site/.cxlintrc.json", "/repo")).toBe("policies/a.md");
    expect(relativeToConfig("/repo/a.md", undefined, "/repo")).toBe("a.md");
  });
});

describe("custom rules", () => {
  const raw = {
    customRules: {
      "house/jargon": { type: "existence", message: "m", phrases: ["tier 2"] },
      "house/loud": { type: "existence", message: "m", phrases: ["asap"], severity: "error" },
      "house/quiet": { type: "existence", message: "m", phrases: ["kindly"], severity: "off" },
    },
    rules: { "no-refusal": "off" },
    overrides: [{ files: "policies/**", rules: { "house/jargon": "off" } }],
    vocabulary: ["NoRefunds"],
    placeholders: ["<<[a-z]+>>"],
    formats: { csv: { column: "body" } },
  };
  const user = validateConfig(raw, "c.json", BUILTINS.map((r) => r.meta));
  const custom = Object.entries(user.customRules!).map(([id, spec]) => compileCustomRule(id, spec));

  it("default to their spec severity or warning, and obey rules and overrides", () => {
    expect(severities(resolveConfig(user, "a.md", BUILTINS, custom))).toMatchObject({
      "house/jargon": "warning",
      "house/loud": "error",
      "house/quiet": "off",
      "no-refusal": "off",
    });
    expect(resolveConfig(user, "policies/a.md", BUILTINS, custom).rules.get("house/jargon")?.severity).toBe("off");
    expect(resolveConfig(user, "a.md", BUILTINS, custom, { "house/quiet": "info" }).rules.get("house/quiet")?.severity).toBe("info");
  });

  it("carries vocabulary, placeholders and format settings through", () => {
    expect(resolveConfig(user, "a.md", BUILTINS, custom)).toMatchObject({
      vocabulary: ["NoRefunds"],
      placeholders: ["<<[a-z]+>>"],
      formats: { csv: { column: "body" } },
    });
  });
});
