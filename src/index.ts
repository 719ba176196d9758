/** The programmatic API: lint text, read results, score, report. The CLI is built on these. */
export { lintText, lintBinary, pickAdapter } from "./linter.js";
export { lintWith, lintBinaryWith, streamWith, engineRules, type LintTextOptions, type ResultSink } from "./lint-core.js";
export { lintDocument, createDocumentLinter, type EngineRule, type EngineOptions } from "./engine/lint.js";
export { scoreUnit, combineScores, bandOf } from "./scoring/score.js";
export { createResolver, resolveConfig } from "./config/resolve.js";
export { validateConfig, ConfigError } from "./config/validate.js";
export { getReporter, getScoreReporter } from "./reporters/index.js";
import { loadColour } from "./reporters/shared.js";
export { BUILTIN_RULES } from "../rules/index.js";
export { defineRule, type Rule, type RuleMeta, type SentenceContext } from "./rule-api.js";
export type * from "./core/types.js";

// The reporters colour through chalk, which the CLI loads only once it knows it will colour; a
// program using this API may ask a reporter for colour at any time.
await loadColour();
