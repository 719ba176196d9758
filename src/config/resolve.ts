/**
 * From a validated UserConfig to the settings the engine uses for one file. Layers apply in a
 * fixed order, later wins: preset → `rules` → each matching `overrides[]` entry in order →
 * `--rule` flags. Pure: the caller supplies paths; nothing here reads the disk.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { Rule } from "../rule-api.js";
import type { SeveritySetting } from "../core/types.js";
import type { ResolvedConfig, ResolvedRuleSetting, RuleSetting, RuleSettingInput, UserConfig } from "./types.js";
import { normalizeSeverity } from "./validate.js";

type Matcher = (input: string) => boolean;
type Picomatch = (glob: string, options?: { readonly dot?: boolean }) => Matcher;

// picomatch ships CommonJS without bundled types; a typed require keeps strict mode honest and
// works the same for picomatch 2 and 4. Loaded on the first override glob, not at start-up.
let picomatchModule: Picomatch | undefined;
const picomatch: Picomatch = (glob, options) =>
  (picomatchModule ??= createRequire(import.meta.url)("picomatch") as Picomatch)(glob, options);

/** The linted file's path relative to the config file's folder (or the cwd), with "/" separators. */
export function relativeToConfig(filePath: string, configFilePath: string | undefined, cwd: string): string {
  const base = configFilePath === undefined ? cwd : path.dirname(path.resolve(cwd, configFilePath));
  return path.relative(base, path.resolve(cwd, filePath)).split(path.sep).join("/");
}

interface CompiledPattern {
  readonly test: Matcher;
  /** Patterns without a slash match the basename anywhere, as in .gitignore and eslintrc. */
  readonly basename: boolean;
}

function compilePattern(pattern: string): CompiledPattern {
  let p = pattern.trim();
  let anchored = false;
  while (p.startsWith("./") || p.startsWith("/")) {
    p = p.startsWith("./") ? p.slice(2) : p.slice(1);
    anchored = true;
  }
  // "policies/" means the folder, as in .gitignore: everything under it.
  if (p.endsWith("/")) p += "**";
  anchored ||= p.includes("/");
  return { test: picomatch(p, { dot: true }), basename: !anchored };
}

function compileGlobs(globs: string | readonly string[] | undefined): CompiledPattern[] {
  if (globs === undefined) return [];
  return (typeof globs === "string" ? [globs] : globs).map(compilePattern);
}

function matchesAny(patterns: readonly CompiledPattern[], file: string, base: string): boolean {
  return patterns.some((p) => p.test(p.basename ? base : file));
}

function normalizePath(relativePath: string): string {
  let p = relativePath.replace(/\\/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  return p;
}

function splitSetting(setting: RuleSetting | RuleSettingInput): [unknown, Readonly<Record<string, unknown>> | undefined] {
  return Array.isArray(setting) ? [setting[0], setting[1]] : [setting, undefined];
}

type RuleLayer = Readonly<Record<string, RuleSetting | RuleSettingInput>>;

/**
 * A severity-only setting keeps the options an earlier layer chose (as ESLint does); a setting
 * with options replaces them, on top of the rule's defaults. Unknown ids are skipped: they were
 * refused by validation, and resolution must not fail halfway through a run.
 */
function applyLayer(
  rules: Map<string, ResolvedRuleSetting>,
  defaults: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  layer: RuleLayer | undefined,
): void {
  if (layer === undefined) return;
  for (const [id, setting] of Object.entries(layer)) {
    const current = rules.get(id);
    if (current === undefined) continue;
    const [severityInput, options] = splitSetting(setting);
    rules.set(id, {
      severity: normalizeSeverity(severityInput) ?? current.severity,
      options: options === undefined ? current.options : { ...defaults.get(id), ...options },
    });
  }
}

/** The presets named by `extends`; none given means the recommended one. */
function presetsOf(user: UserConfig | undefined): readonly string[] {
  const ext = user?.extends;
  if (ext === undefined) return ["cxlint:recommended"];
  return typeof ext === "string" ? [ext] : ext;
}

/**
 * Prepares everything that does not depend on the file once, and returns a function that gives
 * the settings for one file (path relative to the config file's folder, or the cwd when there is
 * no config file). Files that match the same overrides share one ResolvedConfig object.
 *
 * An explicit empty `extends: []` means no preset: built-in rules are off unless `rules` (or an
 * override, or --rule) turns them on. Custom rules are on at their own severity regardless.
 */
export function createResolver(
  user: UserConfig | undefined,
  builtins: readonly Rule[],
  customRules: readonly Rule[],
  cliRules: RuleLayer = {},
): (relativePath: string) => ResolvedConfig {
  const presets = presetsOf(user);
  const strict = presets.includes("cxlint:strict");
  const presetOn = presets.length > 0;

  const defaults = new Map<string, Readonly<Record<string, unknown>>>();
  const base = new Map<string, ResolvedRuleSetting>();
  for (const rule of builtins) {
    const options = rule.meta.defaultOptions ?? {};
    defaults.set(rule.meta.id, options);
    base.set(rule.meta.id, { severity: presetOn ? rule.meta.defaultSeverity : "off", options });
  }
  for (const rule of customRules) {
    const severity: SeveritySetting = user?.customRules?.[rule.meta.id]?.severity ?? rule.meta.defaultSeverity;
    defaults.set(rule.meta.id, {});
    base.set(rule.meta.id, { severity, options: {} });
  }
  applyLayer(base, defaults, user?.rules);

  const overrides = (user?.overrides ?? []).map((o) => ({
    files: compileGlobs(o.files),
    excluded: compileGlobs(o.excludedFiles),
    rules: o.rules,
  }));
  const shared = {
    strict,
    vocabulary: [...(user?.vocabulary ?? [])],
    placeholders: [...(user?.placeholders ?? [])],
    formats: { ...(user?.formats ?? {}) },
  };
  const cache = new Map<string, ResolvedConfig>();

  return (relativePath) => {
    const file = normalizePath(relativePath);
    const basename = file.slice(file.lastIndexOf("/") + 1);
    const matching = overrides.flatMap((o, index) =>
      matchesAny(o.files, file, basename) && !matchesAny(o.excluded, file, basename) ? [index] : [],
    );
    const key = matching.join(",");
    const cached = cache.get(key);
    if (cached !== undefined) return cached;

    const rules = new Map(base);
    for (const index of matching) applyLayer(rules, defaults, overrides[index]!.rules);
    applyLayer(rules, defaults, cliRules);
    const resolved: ResolvedConfig = { ...shared, rules };
    cache.set(key, resolved);
    return resolved;
  };
}

/**
 * The settings for one file. `relativePath` is the file's path relative to the config file's
 * folder (see relativeToConfig). For many files, use createResolver once instead.
 */
export function resolveConfig(
  user: UserConfig | undefined,
  relativePath: string,
  builtins: readonly Rule[],
  customRules: readonly Rule[],
  cliRules: RuleLayer = {},
): ResolvedConfig {
  return createResolver(user, builtins, customRules, cliRules)(relativePath);
}
