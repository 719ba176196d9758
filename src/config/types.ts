/**
 * The configuration as users write it (UserConfig) and as the engine uses it (ResolvedConfig,
 * one per file after presets and overrides are applied).
 */
import type { Category, SeveritySetting } from "../core/types.js";

export type RuleSetting = SeveritySetting | [SeveritySetting] | [SeveritySetting, Record<string, unknown>];

/**
 * What users may write for a severity before validation normalises it: ESLint's "warn" and its
 * numbers (0 off, 1 warning, 2 error) are accepted so ESLint habits carry over.
 */
export type SeverityInput = SeveritySetting | "warn" | 0 | 1 | 2;
export type RuleSettingInput = SeverityInput | [SeverityInput] | [SeverityInput, Record<string, unknown>];

/** The presets `extends` may name. */
export const PRESETS = ["cxlint:recommended", "cxlint:strict"] as const;
export type Preset = (typeof PRESETS)[number];

/** A phrase rule written in config: no code, no raw regex needed (Vale's existence/substitution). */
export interface CustomPhraseRule {
  /** "existence" flags the phrases; "substitution" also proposes (and safely fixes to) a replacement. */
  readonly type: "existence" | "substitution";
  readonly message: string;
  readonly note?: string;
  readonly category?: Category;
  readonly severity?: SeveritySetting;
  /** existence: a list of phrases. substitution: phrase → replacement. */
  readonly phrases: readonly string[] | Readonly<Record<string, string>>;
  /** Shown as the rewrite for existence rules. */
  readonly suggestion?: string;
  readonly ignoreCase?: boolean;
}

export interface UserConfig {
  readonly extends?: string | readonly string[];
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly overrides?: ReadonlyArray<{
    readonly files: string | readonly string[];
    readonly excludedFiles?: string | readonly string[];
    readonly rules?: Readonly<Record<string, RuleSetting>>;
  }>;
  /** id → custom phrase rule; ids become rule ids ("custom/<id>" is not required). */
  readonly customRules?: Readonly<Record<string, CustomPhraseRule>>;
  /** Accepted terms: never flagged by any rule (e.g. a product called "NoRefunds"). */
  readonly vocabulary?: readonly string[];
  /** Extra placeholder syntaxes, as regex sources. */
  readonly placeholders?: readonly string[];
  /** Per-format settings, e.g. { json: { paths: [...] }, csv: { column: "body" } }. */
  readonly formats?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly ignorePatterns?: readonly string[];
}

export interface ResolvedRuleSetting {
  readonly severity: SeveritySetting;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface ResolvedConfig {
  /** Every known rule id (built-in and custom) with its effective setting. */
  readonly rules: ReadonlyMap<string, ResolvedRuleSetting>;
  /** The strict preset raises medium-confidence findings from info to the rule's severity. */
  readonly strict: boolean;
  readonly vocabulary: readonly string[];
  readonly placeholders: readonly string[];
  readonly formats: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}
