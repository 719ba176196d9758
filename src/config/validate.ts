/**
 * Checks a config object as loaded from disk (or from --rule) and returns it in normal form
 * ("warn" → "warning", 2 → "error"). Every mistake is a ConfigError that names the file and the
 * exact key, says what is wrong and what to write instead: a typo in a config must never be
 * silently ignored (textlint#700), and a user-supplied regex must never hang a run.
 */
import { CATEGORIES, type SeveritySetting } from "../core/types.js";
import { containsPhrase } from "./custom-rules.js";
import {
  PRESETS,
  type CustomPhraseRule,
  type RuleSetting,
  type UserConfig,
} from "./types.js";

/** A fatal problem with the configuration (the CLI exits with 2). The message is complete. */
export class ConfigError extends Error {
  constructor(
    /** The config file as shown to the user, or "--rule" for command-line settings. */
    readonly filePath: string,
    /** Dotted path of the offending key, e.g. `rules.no-refusal` or `overrides[0].files`. */
    readonly key: string | undefined,
    message: string,
    /** 1-based position, when a parser reported one. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/** What validation needs to know about a rule: its id and the options it accepts. */
export interface KnownRule {
  readonly id: string;
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
}

/** What validation needs to know about a format: its id and, if it declares them, its settings. */
export interface KnownFormat {
  readonly id: string;
  readonly defaultSettings?: Readonly<Record<string, unknown>>;
}

export interface ValidateOptions {
  /** When given, `formats.<id>` must name one of these (and only their declared settings). */
  readonly formats?: readonly KnownFormat[];
}

export const CONFIG_KEYS = [
  "extends",
  "rules",
  "overrides",
  "customRules",
  "vocabulary",
  "placeholders",
  "formats",
  "ignorePatterns",
] as const;

// Names people bring from ESLint, Vale and the research notes, mapped to ours.
const KEY_ALIASES: Readonly<Record<string, string>> = {
  ignores: "ignorePatterns",
  ignore: "ignorePatterns",
  vocab: "vocabulary",
  custom: "customRules",
  format: "formats",
  preset: "extends",
  presets: "extends",
};

const OVERRIDE_KEYS = ["files", "excludedFiles", "rules"] as const;
const CUSTOM_RULE_KEYS = ["type", "message", "note", "category", "severity", "phrases", "suggestion", "ignoreCase"] as const;
const CUSTOM_CATEGORIES: readonly string[] = [...CATEGORIES, "style"];
const CUSTOM_ID = /^[a-z0-9][a-z0-9_-]*(?:\/[a-z0-9][a-z0-9_-]*)*$/i;

const SEVERITY_HELP =
  `Use "off", "info", "warning" (or "warn") or "error"; ESLint's 0, 1 and 2 also work (off, warning, error).`;

const SEVERITIES: ReadonlyMap<unknown, SeveritySetting> = new Map<unknown, SeveritySetting>([
  ["off", "off"],
  ["info", "info"],
  ["warning", "warning"],
  ["warn", "warning"],
  ["error", "error"],
  [0, "off"],
  [1, "warning"],
  [2, "error"],
]);

/** The normal form of a severity as users may write it, or undefined if it is not one. */
export function normalizeSeverity(value: unknown): SeveritySetting | undefined {
  return SEVERITIES.get(value);
}

// ---------------------------------------------------------------------------------------------
// Small helpers for messages

function quote(value: string): string {
  return JSON.stringify(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `the text ${quote(shown)}`;
  }
  return `the ${typeof value} ${String(value)}`;
}

/** A value as it would be written in the config, for "has the severity X" style messages. */
function shown(value: unknown): string {
  return typeof value === "string" ? quote(value) : describe(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// Optimal string alignment distance: a swapped pair ("cvs" for "csv") is one typo, not two.
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Up to three candidates a typo was probably meant to be, closest first. */
export function closeMatches(input: string, candidates: readonly string[]): string[] {
  const needle = input.toLowerCase();
  const limit = Math.max(1, Math.floor(needle.length / 3));
  return candidates
    .map((c) => {
      const lower = c.toLowerCase();
      let d = editDistance(needle, lower);
      // "cxlint/no-refusal" (ESLint plugin style) and "vocab" (a prefix) are obvious intents.
      if (lower === needle.split("/").pop() || (needle.length >= 4 && lower.startsWith(needle))) d = Math.min(d, 1);
      return { c, d };
    })
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map((x) => x.c);
}

function didYouMean(matches: readonly string[]): string {
  if (matches.length === 0) return "";
  return ` Did you mean ${matches.map(quote).join(" or ")}?`;
}

function list(values: readonly string[]): string {
  return values.map(quote).join(", ");
}

function join(prefix: string, key: string): string {
  return prefix === "" ? key : `${prefix}.${key}`;
}

// ---------------------------------------------------------------------------------------------
// Regex safety for user-supplied placeholder syntaxes

const REPEAT = /^(?:[*+]|\{\d+,\d*\})/;
const ANY_QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})/;

/** Does a quantifier repeat without a small fixed bound (`*`, `+`, `{2,}`, `{1,50}`)? */
function isRepeat(quantifier: string): boolean {
  if (!REPEAT.test(quantifier)) return false;
  const bounds = /^\{(\d+),(\d*)\}/.exec(quantifier);
  return bounds === null || bounds[2] === "" || Number(bounds[2]) > 1;
}

/**
 * Finds the structures that make a backtracking engine take exponential time, or that break once
 * the source is combined with the built-in syntaxes. A structural check, not a proof: it refuses
 * a repeated group that itself contains a repeat (`(a+)+`, `(.*)*`, `(\w+\s?)+`), which is the
 * shape behind nearly every real ReDoS report, and numbered backreferences, whose numbers shift
 * when the source is wrapped into the combined placeholder regex.
 */
export function unsafePatternReason(source: string): string | undefined {
  // Each open group records whether something inside it repeats.
  const stack: boolean[] = [false];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    let atomRepeats = false;
    let isGroupEnd = false;
    if (ch === "\\") {
      const next = source[i + 1] ?? "";
      if (/[1-9]/.test(next)) {
        return `it uses the numbered backreference \\${next}, and group numbers change when cxlint combines placeholder patterns. Use a named group and \\k<name> instead.`;
      }
      // \p{L}, \u{1F600}, \k<name>: skip the braces so they are not read as a quantifier.
      const braced = /^\\[pPuk][{<][^}>]*[}>]/.exec(source.slice(i));
      i += braced ? braced[0].length : 2;
    } else if (ch === "[") {
      i++;
      if (source[i] === "^") i++;
      if (source[i] === "]") i++;
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
      i++;
    } else if (ch === "(") {
      stack.push(false);
      const prefix = /^\((?:\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>))?/.exec(source.slice(i))!;
      i += prefix[0].length;
      continue;
    } else if (ch === ")") {
      atomRepeats = stack.length > 1 ? stack.pop()! : false;
      isGroupEnd = true;
      i++;
    } else if (ch === "|") {
      i++;
      continue;
    } else {
      i++;
    }
    const quantifier = ANY_QUANTIFIER.exec(source.slice(i))?.[0];
    if (quantifier !== undefined) {
      i += quantifier.length;
      if (source[i] === "?") i++;
      if (isGroupEnd && atomRepeats && isRepeat(quantifier)) {
        return `it repeats a group that already repeats inside (like (a+)+ or (\\w+\\s?)+), which can take exponential time on some text (catastrophic backtracking). Write it with a single repeat, e.g. \\{\\{[^}]*\\}\\}.`;
      }
      if (isRepeat(quantifier)) atomRepeats = true;
    }
    if (atomRepeats) stack[stack.length - 1] = true;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The validator

type Fail = (key: string | undefined, text: string) => never;

function failer(filePath: string): Fail {
  return (key, text) => {
    throw new ConfigError(filePath, key, `${filePath}: ${text}`);
  };
}

function checkKeys(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  prefix: string,
  what: string,
  fail: Fail,
  aliases: Readonly<Record<string, string>> = {},
): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const alias = aliases[key];
    const hint = alias !== undefined ? didYouMean([alias]) : didYouMean(closeMatches(key, allowed));
    fail(join(prefix, key), `${quote(join(prefix, key))} is not a ${what} key.${hint} Allowed keys: ${list(allowed)}.`);
  }
}

function stringList(value: unknown, key: string, fail: Fail, what: string, allowEmpty = true): string[] {
  const items = typeof value === "string" ? [value] : value;
  if (!Array.isArray(items)) {
    fail(key, `${quote(key)} must be a list of ${what}, but it is ${describe(value)}.`);
  }
  if (!allowEmpty && items.length === 0) {
    fail(key, `${quote(key)} is empty. Give at least one ${what.replace(/s$/, "")}.`);
  }
  items.forEach((item, index) => {
    if (typeof item !== "string" || item.trim() === "") {
      fail(`${key}[${index}]`, `${quote(`${key}[${index}]`)} must be a non-empty text, but it is ${describe(item)}.`);
    }
  });
  return items as string[];
}

function severityOf(value: unknown, key: string, fail: Fail): SeveritySetting {
  const severity = normalizeSeverity(value);
  if (severity !== undefined) return severity;
  const typed = typeof value === "string" ? value : "";
  const hint = typed === "suggestion" ? didYouMean(["info"]) : didYouMean(closeMatches(typed, ["off", "info", "warning", "warn", "error"]));
  return fail(key, `${quote(key)} has the severity ${shown(value)}, which cxlint does not know.${hint} ${SEVERITY_HELP}`);
}

function sameKind(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b);
  if (a === null || b === null) return true;
  return typeof a === typeof b;
}

function kindName(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object" && value !== null) return "an object";
  return `a ${typeof value}`;
}

function ruleOptions(value: unknown, key: string, rule: KnownRule, fail: Fail): Record<string, unknown> {
  if (!isPlainObject(value)) {
    fail(key, `${quote(key)} must be an object of options, like ["warning", { "option": value }], but it is ${describe(value)}.`);
  }
  const declared = rule.defaultOptions ?? {};
  const allowed = Object.keys(declared);
  for (const [name, given] of Object.entries(value)) {
    const optionKey = `${key}.${name}`;
    if (!allowed.includes(name)) {
      const help =
        allowed.length === 0
          ? `The rule "${rule.id}" takes no options; give only a severity.`
          : `${didYouMean(closeMatches(name, allowed)).trim()} Options of "${rule.id}": ${list(allowed)}.`.trim();
      fail(optionKey, `${quote(optionKey)} is not an option of the rule "${rule.id}". ${help} Run \`cxlint explain ${rule.id}\` for its options.`);
    }
    const fallback = declared[name];
    if (fallback !== undefined && !sameKind(given, fallback)) {
      fail(
        optionKey,
        `${quote(optionKey)} must be ${kindName(fallback)} (the default is ${JSON.stringify(fallback)}), but it is ${describe(given)}.`,
      );
    }
  }
  return { ...value };
}

function ruleSetting(value: unknown, key: string, rule: KnownRule, fail: Fail): RuleSetting {
  if (!Array.isArray(value)) return severityOf(value, key, fail);
  if (value.length === 0 || value.length > 2) {
    fail(key, `${quote(key)} must be a severity or [severity, { options }], but it is a list of ${value.length}. ${SEVERITY_HELP}`);
  }
  const severity = severityOf(value[0], `${key}[0]`, fail);
  if (value.length === 1) return [severity];
  return [severity, ruleOptions(value[1], `${key}[1]`, rule, fail)];
}

/**
 * Validates a `rules` object (from a config file, an override or `--rule`) against the known rule
 * ids. `prefix` is the key path shown in messages ("rules", "overrides[0].rules", or "" for
 * command-line settings).
 */
export function validateRuleSettings(
  raw: unknown,
  filePath: string,
  rules: readonly KnownRule[],
  prefix = "rules",
): Record<string, RuleSetting> {
  return checkRules(raw, prefix, new Map(rules.map((r) => [r.id, r])), failer(filePath));
}

function checkRules(raw: unknown, prefix: string, known: ReadonlyMap<string, KnownRule>, fail: Fail): Record<string, RuleSetting> {
  if (!isPlainObject(raw)) {
    fail(prefix, `${quote(prefix)} must be an object of rule id → severity, like { "no-refusal": "error" }, but it is ${describe(raw)}.`);
  }
  const out: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(raw)) {
    const key = join(prefix, id);
    const rule = known.get(id);
    if (rule === undefined) {
      fail(key, `${quote(key)} is not a cxlint rule.${didYouMean(closeMatches(id, [...known.keys()]))} Run \`cxlint rules\` to list them.`);
    }
    out[id] = ruleSetting(value, key, rule, fail);
  }
  return out;
}

function checkExtends(raw: unknown, fail: Fail): string | string[] {
  const names = stringList(raw, "extends", fail, "preset names");
  names.forEach((name, index) => {
    if ((PRESETS as readonly string[]).includes(name)) return;
    const key = typeof raw === "string" ? "extends" : `extends[${index}]`;
    const tail = name.split(":").pop() ?? name;
    const guesses = PRESETS.filter((p) => p.endsWith(`:${tail}`));
    const hint = didYouMean(guesses.length > 0 ? guesses : closeMatches(name, PRESETS));
    fail(key, `${quote(key)} names the preset ${quote(name)}, which cxlint does not have.${hint} Presets: ${list(PRESETS)}.`);
  });
  return typeof raw === "string" ? raw : names;
}

function checkGlobs(raw: unknown, key: string, fail: Fail): string | string[] {
  const patterns = stringList(raw, key, fail, "glob patterns", false);
  patterns.forEach((pattern, index) => {
    const itemKey = typeof raw === "string" ? key : `${key}[${index}]`;
    if (/^(?:\.\.\/|\.\.$)|\/\.\.\//.test(pattern.replace(/\\/g, "/"))) {
      fail(itemKey, `${quote(itemKey)} is ${quote(pattern)}, which leaves the config file's folder and can never match. Patterns are relative to the folder of the config file; move the config up or the pattern down.`);
    }
  });
  return typeof raw === "string" ? raw : patterns;
}

function checkOverrides(raw: unknown, known: ReadonlyMap<string, KnownRule>, fail: Fail): NonNullable<UserConfig["overrides"]> {
  if (!Array.isArray(raw)) {
    fail("overrides", `"overrides" must be a list of { files, rules } objects, but it is ${describe(raw)}.`);
  }
  return raw.map((entry, index) => {
    const key = `overrides[${index}]`;
    if (!isPlainObject(entry)) {
      fail(key, `${quote(key)} must be an object like { "files": ["policies/**"], "rules": { … } }, but it is ${describe(entry)}.`);
    }
    checkKeys(entry, OVERRIDE_KEYS, key, "override", fail);
    if (entry.files === undefined) {
      fail(`${key}.files`, `${quote(`${key}.files`)} is missing. Say which files it applies to, e.g. "files": ["policies/**"].`);
    }
    return {
      files: checkGlobs(entry.files, `${key}.files`, fail),
      ...(entry.excludedFiles !== undefined ? { excludedFiles: checkGlobs(entry.excludedFiles, `${key}.excludedFiles`, fail) } : {}),
      ...(entry.rules !== undefined ? { rules: checkRules(entry.rules, `${key}.rules`, known, fail) } : {}),
    };
  });
}

function checkCustomRule(id: string, raw: unknown, builtinIds: ReadonlySet<string>, fail: Fail): CustomPhraseRule {
  const key = `customRules.${id}`;
  if (!CUSTOM_ID.test(id)) {
    fail(key, `${quote(key)}: a custom rule id may hold only letters, digits, "-", "_" and "/" (e.g. "house/no-jargon"), so it can be named in --rule and cxlint-disable comments.`);
  }
  if (builtinIds.has(id)) {
    fail(key, `${quote(key)} has the same id as the built-in rule "${id}". Give the custom rule its own id, e.g. "house/${id}"; to change the built-in rule, set it under "rules".`);
  }
  if (!isPlainObject(raw)) {
    fail(key, `${quote(key)} must be an object like { "type": "existence", "message": "…", "phrases": ["…"] }, but it is ${describe(raw)}.`);
  }
  checkKeys(raw, CUSTOM_RULE_KEYS, key, "custom rule", fail);

  const type = raw.type;
  if (type !== "existence" && type !== "substitution") {
    const hint = typeof type === "string" ? didYouMean(closeMatches(type, ["existence", "substitution"])) : "";
    fail(`${key}.type`, `${quote(`${key}.type`)} is ${describe(type)}.${hint} Use "existence" to flag phrases, or "substitution" to flag them and propose a replacement.`);
  }
  if (typeof raw.message !== "string" || raw.message.trim() === "") {
    fail(`${key}.message`, `${quote(`${key}.message`)} is required: the sentence shown with each finding, e.g. "Avoid \\"{{phrase}}\\"; customers don't know our jargon."`);
  }
  for (const textKey of ["note", "suggestion"] as const) {
    if (raw[textKey] !== undefined && (typeof raw[textKey] !== "string" || raw[textKey] === "")) {
      fail(`${key}.${textKey}`, `${quote(`${key}.${textKey}`)} must be a non-empty text, but it is ${describe(raw[textKey])}.`);
    }
  }
  if (type === "substitution" && raw.suggestion !== undefined) {
    fail(`${key}.suggestion`, `${quote(`${key}.suggestion`)} is only for existence rules. A substitution rule takes its replacements from "phrases": { "phrase": "replacement" }.`);
  }
  if (raw.category !== undefined && !CUSTOM_CATEGORIES.includes(raw.category as string)) {
    const hint = typeof raw.category === "string" ? didYouMean(closeMatches(raw.category, CUSTOM_CATEGORIES)) : "";
    fail(`${key}.category`, `${quote(`${key}.category`)} is ${describe(raw.category)}, which is not a category.${hint} Use one of ${list(CUSTOM_CATEGORIES)}.`);
  }
  if (raw.ignoreCase !== undefined && typeof raw.ignoreCase !== "boolean") {
    fail(`${key}.ignoreCase`, `${quote(`${key}.ignoreCase`)} must be true or false, but it is ${describe(raw.ignoreCase)}.`);
  }
  const severity = raw.severity === undefined ? undefined : severityOf(raw.severity, `${key}.severity`, fail);
  const ignoreCase = raw.ignoreCase !== false;

  const phrasesKey = `${key}.phrases`;
  let phrases: string[] | Record<string, string>;
  if (type === "existence") {
    if (isPlainObject(raw.phrases)) {
      fail(phrasesKey, `${quote(phrasesKey)} maps phrases to replacements, but the rule's type is "existence", which takes a list. Use "type": "substitution" to propose replacements, or list the phrases.`);
    }
    phrases = stringList(raw.phrases, phrasesKey, fail, "phrases", false);
  } else {
    if (!isPlainObject(raw.phrases)) {
      fail(phrasesKey, `${quote(phrasesKey)} must map each phrase to its replacement, like { "e-mail": "email" }, but it is ${describe(raw.phrases)}.`);
    }
    const entries = Object.entries(raw.phrases);
    if (entries.length === 0) fail(phrasesKey, `${quote(phrasesKey)} is empty. Give at least one "phrase": "replacement" pair.`);
    for (const [phrase, replacement] of entries) {
      const itemKey = `${phrasesKey}.${phrase}`;
      if (phrase.trim() === "") fail(itemKey, `${quote(phrasesKey)} has an empty phrase. Remove it or write the words to flag.`);
      if (typeof replacement !== "string") {
        fail(itemKey, `${quote(itemKey)} must be the replacement text, but it is ${describe(replacement)}.`);
      }
      // A replacement that is flagged again would make --fix loop and the fixed file never lint clean.
      if (containsPhrase(replacement, [phrase], ignoreCase)) {
        fail(itemKey, `${quote(itemKey)}: the replacement ${quote(replacement)} contains the phrase itself, so the fixed text would be flagged again. Choose a replacement without ${quote(phrase)}.`);
      }
    }
    phrases = Object.fromEntries(entries) as Record<string, string>;
  }
  const phraseList = Array.isArray(phrases) ? phrases : Object.keys(phrases);
  for (const phrase of phraseList) {
    if (!/[\p{L}\p{N}]/u.test(phrase)) {
      fail(phrasesKey, `${quote(phrasesKey)} has the phrase ${quote(phrase)}, which has no letters or digits to match. Write the words to flag; phrases are matched as words, not as regexes.`);
    }
  }

  return {
    type,
    message: raw.message,
    phrases,
    ...(raw.note !== undefined ? { note: raw.note as string } : {}),
    ...(raw.suggestion !== undefined ? { suggestion: raw.suggestion as string } : {}),
    ...(raw.category !== undefined ? { category: raw.category as CustomPhraseRule["category"] } : {}),
    ...(severity !== undefined ? { severity } : {}),
    ...(raw.ignoreCase !== undefined ? { ignoreCase: raw.ignoreCase } : {}),
  };
}

function checkCustomRules(raw: unknown, builtinIds: ReadonlySet<string>, fail: Fail): Record<string, CustomPhraseRule> {
  if (!isPlainObject(raw)) {
    fail("customRules", `"customRules" must be an object of rule id → rule, like { "house/no-jargon": { "type": "existence", … } }, but it is ${describe(raw)}.`);
  }
  const out: Record<string, CustomPhraseRule> = {};
  for (const [id, spec] of Object.entries(raw)) out[id] = checkCustomRule(id, spec, builtinIds, fail);
  return out;
}

function checkPlaceholders(raw: unknown, fail: Fail): string[] {
  const sources = stringList(raw, "placeholders", fail, "regex sources");
  sources.forEach((source, index) => {
    const key = `placeholders[${index}]`;
    let regex: RegExp;
    try {
      regex = new RegExp(source, "g");
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : String(error);
      return fail(key, `${quote(key)} is not a valid regular expression (${reason}). Placeholder syntaxes are JavaScript regex sources; in JSON strings and double-quoted YAML, write each backslash twice.`);
    }
    const unsafe = unsafePatternReason(source);
    if (unsafe !== undefined) fail(key, `${quote(key)} is refused: ${unsafe}`);
    if (regex.exec("")?.[0] === "") {
      fail(key, `${quote(key)} can match empty text, so it would mask nothing. Make it match at least one character, e.g. <<[A-Za-z_]+>>.`);
    }
  });
  try {
    // The adapters wrap every source in a group and join them; duplicate group names only fail then.
    new RegExp(sources.map((s) => `(${s})`).join("|"), "g");
  } catch (error) {
    fail("placeholders", `"placeholders" cannot be combined into one pattern (${error instanceof Error ? error.message : String(error)}). Give each named group a distinct name.`);
  }
  return sources;
}

function checkFormats(raw: unknown, known: readonly KnownFormat[] | undefined, fail: Fail): Record<string, Record<string, unknown>> {
  if (!isPlainObject(raw)) {
    fail("formats", `"formats" must be an object of format id → settings, like { "csv": { "column": "body" } }, but it is ${describe(raw)}.`);
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, settings] of Object.entries(raw)) {
    const key = `formats.${id}`;
    const format = known?.find((f) => f.id === id);
    if (known !== undefined && format === undefined) {
      const ids = known.map((f) => f.id);
      fail(key, `${quote(key)} is not a format cxlint reads.${didYouMean(closeMatches(id, ids))} Formats: ${list(ids)}.`);
    }
    if (!isPlainObject(settings)) {
      fail(key, `${quote(key)} must be an object of settings, but it is ${describe(settings)}.`);
    }
    if (format?.defaultSettings !== undefined) {
      checkKeys(settings, Object.keys(format.defaultSettings), key, `"${id}" format setting`, fail);
    }
    out[id] = { ...settings };
  }
  return out;
}

/**
 * Validates a loaded config and returns it in normal form. `filePath` is shown in messages as is
 * (pass the path relative to the cwd). `rules` are the built-in rules' metas; custom rule ids
 * from the config are added to them. An empty file (undefined or null) is an empty config.
 */
export function validateConfig(
  raw: unknown,
  filePath: string,
  rules: readonly KnownRule[],
  options: ValidateOptions = {},
): UserConfig {
  const fail: Fail = failer(filePath);
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) {
    fail(undefined, `the config must be an object of settings, but it is ${describe(raw)}. Run \`cxlint init\` to write a commented starter config.`);
  }
  // "$schema" is what editors look for in JSON configs; it carries no setting.
  const { $schema: _schema, ...settings } = raw;
  checkKeys(settings, CONFIG_KEYS, "", "cxlint config", fail, KEY_ALIASES);

  const builtinIds = new Set(rules.map((r) => r.id));
  const customRules = settings.customRules === undefined ? undefined : checkCustomRules(settings.customRules, builtinIds, fail);
  const known = new Map<string, KnownRule>(rules.map((r) => [r.id, r]));
  for (const id of Object.keys(customRules ?? {})) known.set(id, { id });

  return {
    ...(settings.extends !== undefined ? { extends: checkExtends(settings.extends, fail) } : {}),
    ...(settings.rules !== undefined ? { rules: checkRules(settings.rules, "rules", known, fail) } : {}),
    ...(settings.overrides !== undefined ? { overrides: checkOverrides(settings.overrides, known, fail) } : {}),
    ...(customRules !== undefined ? { customRules } : {}),
    ...(settings.vocabulary !== undefined ? { vocabulary: stringList(settings.vocabulary, "vocabulary", fail, "terms") } : {}),
    ...(settings.placeholders !== undefined ? { placeholders: checkPlaceholders(settings.placeholders, fail) } : {}),
    ...(settings.formats !== undefined ? { formats: checkFormats(settings.formats, options.formats, fail) } : {}),
    ...(settings.ignorePatterns !== undefined
      ? { ignorePatterns: stringList(settings.ignorePatterns, "ignorePatterns", fail, "glob patterns") }
      : {}),
  };
}

/**
 * Parses repeatable `--rule` values: `id:severity`, `id:[severity, {options}]` (JSON after the
 * colon) or a JSON object `{"id": "error"}`, as ESLint accepts. Later flags win.
 */
export function parseRuleFlags(values: readonly string[], rules: readonly KnownRule[]): Record<string, RuleSetting> {
  const fail: Fail = failer("--rule");
  const raw: Record<string, unknown> = {};
  for (const value of values) {
    const text = value.trim();
    if (text.startsWith("{")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        fail(undefined, `${quote(value)} is not valid JSON. Write --rule 'no-refusal:error' or --rule '{"no-refusal": ["warning", {}]}'.`);
      }
      if (!isPlainObject(parsed)) fail(undefined, `${quote(value)} must be a JSON object of rule id → severity.`);
      Object.assign(raw, parsed);
      continue;
    }
    const colon = text.indexOf(":");
    if (colon <= 0) {
      fail(undefined, `${quote(value)} has no severity. Write it as id:severity, e.g. --rule no-refusal:error.`);
    }
    const id = text.slice(0, colon).trim();
    const settingText = text.slice(colon + 1).trim();
    let setting: unknown = settingText;
    if (settingText.startsWith("[")) {
      try {
        setting = JSON.parse(settingText);
      } catch {
        fail(id, `${quote(value)}: the setting after the colon is not valid JSON. Write it like ["warning", {"option": 1}].`);
      }
    } else if (/^[0-2]$/.test(settingText)) {
      setting = Number(settingText);
    }
    raw[id] = setting;
  }
  return checkRules(raw, "", new Map(rules.map((r) => [r.id, r])), fail);
}
