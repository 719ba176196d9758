/**
 * The customer-centricity score. Pure, deterministic, and a function of densities only, so a
 * text repeated twice scores the same as the text once.
 *
 *   P      = Σ over findings of  categoryWeight × severityFactor × confidenceFactor
 *   S      = sentences in the unit (at least 1)
 *   D      = sentences with a positive signal ÷ S  (ownership, options, empathy, follow-up)
 *   base   = NEUTRAL + BONUS × min(1, D ÷ FULL_BONUS_DENSITY)
 *   value  = round(base × exp(−P ÷ (S × K)))
 *
 * A text with no findings and no positive signal scores NEUTRAL (90): clean, but not yet
 * customer-centric in what it offers. Positive signals can lift it to 100; they scale the score
 * but cannot cancel a finding. An empty unit (no sentences) scores 100: nothing to judge.
 * Monotonic: every term of P is positive, and D only raises base.
 */
import type { Band, Category, Finding, Score, ScoreSignals, Severity } from "../core/types.js";

/** Points a finding weighs, by category: blame and dismissiveness hurt most. */
export const CATEGORY_WEIGHTS: Readonly<Record<Category, number>> = {
  blame: 12,
  dismissive: 11,
  refusal: 10,
  deflection: 10,
  "restrictive-policy": 8,
  "hollow-promise": 7,
  style: 2,
};
export const SEVERITY_FACTORS: Readonly<Record<Severity, number>> = { error: 1, warning: 0.8, info: 0.35 };
export const CONFIDENCE_FACTORS = { high: 1, medium: 0.7 } as const;
/** Penalty per sentence that takes the score to 1/e of its base. */
export const K = 9;
export const NEUTRAL = 90;
export const BONUS = 10;
export const FULL_BONUS_DENSITY = 0.5;

export const BANDS: ReadonlyArray<readonly [min: number, band: Band]> = [
  [90, "customer-centric"],
  [75, "good"],
  [50, "needs work"],
  [0, "company-centric"],
];

export function bandOf(value: number): Band {
  return BANDS.find(([min]) => value >= min)![1];
}

export interface UnitInput {
  readonly findings: readonly Finding[];
  readonly sentences: number;
  /** Sentences with at least one positive signal. */
  readonly positiveSentences: number;
  /** Sentences that say what the customer can do. */
  readonly empowering?: number;
  readonly signals: ScoreSignals;
}

export function findingWeight(f: Pick<Finding, "category" | "severity" | "confidence">): number {
  return CATEGORY_WEIGHTS[f.category] * SEVERITY_FACTORS[f.severity] * CONFIDENCE_FACTORS[f.confidence];
}

export function scoreUnit(input: UnitInput): Score {
  const { findings, signals } = input;
  const policy = balance(input.empowering ?? 0, findings.filter((f) => f.category === "restrictive-policy").length);
  if (input.sentences === 0 && findings.length === 0) {
    return { value: 100, band: bandOf(100), penalties: {}, bonus: 0, signals, sentences: 0, policy };
  }
  const sentences = Math.max(1, input.sentences);
  const byCategory: Record<string, number> = {};
  let total = 0;
  for (const f of findings) {
    // An unused directive is housekeeping about the file, not about how the text treats the customer.
    if (f.ruleId === "unused-disable-directive") continue;
    const w = findingWeight(f);
    byCategory[f.category] = (byCategory[f.category] ?? 0) + w;
    total += w;
  }
  const density = Math.min(1, input.positiveSentences / sentences / FULL_BONUS_DENSITY);
  const bonus = BONUS * density;
  const base = NEUTRAL + bonus;
  const exact = base * Math.exp(-total / (sentences * K));
  const value = Math.round(exact);
  // Points lost, split across categories in proportion to their weight.
  const lost = base - exact;
  const penalties: Record<string, number> = {};
  for (const [category, w] of Object.entries(byCategory)) penalties[category] = round1((lost * w) / total);
  return { value, band: bandOf(value), penalties, bonus: round1(bonus), signals, sentences: input.sentences, policy };
}

function balance(empowering: number, restrictive: number) {
  return { empowering, restrictive, canDoRatio: restrictive === 0 ? null : round1(empowering / restrictive) };
}

/** Combines unit (or file) scores, weighted by sentences. */
export function combineScores(scores: readonly Score[]): Score {
  const signals: { -readonly [K in keyof ScoreSignals]: number } = { ownership: 0, options: 0, empathy: 0, proactive: 0 };
  const penalties: Record<string, number> = {};
  let weighted = 0;
  let weights = 0;
  let sentences = 0;
  let bonus = 0;
  let empowering = 0;
  let restrictive = 0;
  // Weighted by sentences; units with none (an internal note, a title) count only if all are empty.
  const allEmpty = scores.every((x) => x.sentences === 0);
  for (const s of scores) {
    empowering += s.policy.empowering;
    restrictive += s.policy.restrictive;
    const w = allEmpty ? 1 : s.sentences;
    weighted += s.value * w;
    bonus += s.bonus * w;
    weights += w;
    sentences += s.sentences;
    for (const k of Object.keys(signals) as Array<keyof ScoreSignals>) signals[k] += s.signals[k];
    for (const [c, p] of Object.entries(s.penalties)) penalties[c] = (penalties[c] ?? 0) + p * w;
  }
  const policy = balance(empowering, restrictive);
  if (weights === 0) return { value: 100, band: bandOf(100), penalties: {}, bonus: 0, signals, sentences: 0, policy };
  for (const c of Object.keys(penalties)) penalties[c] = round1(penalties[c]! / weights);
  const value = Math.round(weighted / weights);
  return { value, band: bandOf(value), penalties, bonus: round1(bonus / weights), signals, sentences, policy };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
