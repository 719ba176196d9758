/**
 * What the NLP layer tells rules about one sentence. Plain data: rules never see compromise
 * objects, so the library behind this can change without touching a rule.
 */
import type { Range } from "../core/types.js";

export interface Term {
  /** The word as written (a contraction's host keeps the whole contraction, e.g. "can't"). */
  readonly text: string;
  /** Lower-case form, or the expansion of a contraction part ("can", "not", "are"). */
  readonly normal: string;
  /** Lemma: "refunded" → "refund", "hours" → "hour". */
  readonly root: string;
  readonly tags: ReadonlySet<string>;
  /** Sentence-relative range; zero-width for the implicit half of a contraction ("n't" → "not"). */
  readonly range: Range;
  /** True for the implicit half of a contraction. */
  readonly implicit: boolean;
}

/** The forms of a verb, for rewrites that keep tense and person. */
export interface VerbForms {
  readonly infinitive: string;
  readonly past: string;
  readonly participle: string;
  readonly gerund: string;
  readonly present: string;
}

/** A negation and what it governs: "our team [can't] [refund]", subject "our team". */
export interface Negation {
  /** The negated modal or auxiliary with its "not" ("can't", "do not", "unable"). */
  readonly range: Range;
  /** Index of the verb the negation governs, if any. */
  readonly verb?: number;
  /** The subject: the noun phrase or pronoun before the negated verb, if any. */
  readonly subject?: { readonly text: string; readonly range: Range };
}

export interface SentenceAnalysis {
  readonly terms: readonly Term[];
  /** Index of the first term whose range ends after `offset`, or -1. */
  termAt(offset: number): number;
  /** Clause ranges (sentence-relative), as compromise splits them. */
  clauses(): readonly Range[];
  /** Does any term from `from` (inclusive) to `to` (exclusive) carry a date, time or duration tag? */
  hasTimeBetween(from: number, to: number): boolean;
  /** Every negation in the sentence, with its verb and subject (compromise's tags, no extra parse). */
  negations(): readonly Negation[];
}
