/**
 * The only module that rules (rules/*.ts) import: the rule shape, the per-sentence context and
 * small text helpers. Rules never import compromise, fs or a parser; they reach the NLP layer
 * through `ctx.nlp()`, which parses the sentence lazily (and only if the rule asks), and
 * `ctx.conjugate()` and `ctx.namesTime()`, which ask about one word, not the sentence.
 */
import type { Category, Confidence, Range, SegmentKind, Severity } from "./core/types.js";
import { articleFollows, plainVerbAfter, verbAfter } from "./language/english.js";
import type { SentenceAnalysis, Term, VerbForms } from "./nlp/types.js";

export type { Category, Confidence, Range, Severity, SentenceAnalysis, Term, VerbForms };

export interface RuleMessage {
  /** What is wrong. May use {{name}} slots filled from the report's `data`. */
  readonly message: string;
  /** Why it hurts the customer, one sentence. */
  readonly note: string;
}

export interface RuleMeta {
  /** Equals the file name under rules/, e.g. "no-refusal". */
  readonly id: string;
  readonly category: Category;
  readonly defaultSeverity: Severity;
  readonly description: string;
  readonly messages: Readonly<Record<string, RuleMessage>>;
  /** "safe" when the rule's edits have exactly one right answer; tone rewrites are suggestions. */
  readonly fixable?: "safe";
  /**
   * The cheap prefilter. It runs over the normalised sentence (see SentenceContext.normal) and
   * must match every sentence the rule could report on; only those reach `check`.
   */
  readonly trigger: RegExp;
  /** Options and their defaults; config may set only these keys. */
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
}

export interface SuggestionDraft {
  /** The rewrite of `range` (sentence-relative; the whole sentence by default). */
  readonly text: string;
  readonly range?: Range;
  readonly note?: string;
}

export interface ReportDescriptor {
  readonly messageId: string;
  /** Sentence-relative range of the flagged words. */
  readonly range: Range;
  readonly data?: Readonly<Record<string, string>>;
  /** Defaults to "high". Medium-confidence findings drop to `info` unless the strict preset is on. */
  readonly confidence?: Confidence;
  /** Lower the rule's configured severity (never raises it), e.g. a refusal that offers an alternative. */
  readonly downgrade?: boolean;
  /** Extra note appended to the message's note, e.g. why this one was downgraded. */
  readonly extraNote?: string;
  readonly suggestions?: readonly SuggestionDraft[];
  /** A safe edit (only for rules with meta.fixable). Sentence-relative. */
  readonly fix?: { readonly range: Range; readonly text: string };
}

export interface SentenceContext {
  /** The sentence as the segment holds it (placeholders masked). */
  readonly text: string;
  /**
   * Same length as `text`: lower case, curly quotes and apostrophes made straight, so rule
   * regexes stay simple and their indices are valid in `text`.
   */
  readonly normal: string;
  /** Normalised text of the sentences before and after this one in the same segment. */
  readonly before: string;
  readonly after: string;
  readonly segmentKind: SegmentKind;
  /** Masked placeholders in this sentence, sentence-relative, with what they stood for. */
  readonly placeholders: ReadonlyArray<{ readonly range: Range; readonly raw: string }>;
  readonly options: Readonly<Record<string, unknown>>;
  /** compromise's view of this sentence, parsed on first call and cached. */
  nlp(): SentenceAnalysis;
  /** The forms of one verb ("entered" → infinitive "enter", participle "entered", …); looks the verb up, or asks compromise about that word only. */
  conjugate(verb: string): VerbForms | undefined;
  /** Could this word, set off by a comma, name a time ("Monday, …", "May, …")? Looks the word up, or asks compromise about it; never the sentence. */
  namesTime(word: string): boolean;
  report(descriptor: ReportDescriptor): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(ctx: SentenceContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/**
 * Makes `text` the same length but easier to match: lower case, straight quotes and apostrophes,
 * non-breaking spaces as spaces.
 */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/[\u00a0\u2007\u202f]/g, " ");
}

/** Every match of a global regex, as ranges (optionally of one capture group, needs the `d` flag). */
export function allMatches(regex: RegExp, text: string, group = 0): Array<{ range: Range; match: RegExpExecArray }> {
  const out: Array<{ range: Range; match: RegExpExecArray }> = [];
  const re = regex.global ? regex : new RegExp(regex.source, regex.flags + "g");
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const indices = (m as RegExpExecArray & { indices?: Array<[number, number] | undefined> }).indices;
    const span = group > 0 && indices?.[group] ? indices[group]! : ([m.index, m.index + m[0].length] as [number, number]);
    out.push({ range: [span[0], span[1]], match: m });
  }
  return out;
}

export { body, capitalizeFirst, clauseAfter, closing, lowerFirst, pronounFor, without } from "./language/rewrite.js";

export {
  ADVERBS,
  CONCRETE_TIME,
  CONCRETE_TRIGGER,
  CUSTOMER_DUTY_VERBS,
  NON_SERVICE_VERBS,
  OUR_SUBJECT,
  POLICY_NOUNS,
  VAGUE_TIME,
  hasConcreteTime,
  isSetOffWord,
  plainVerbAt,
  timeCandidates,
  verbAfter,
} from "./language/english.js";

/**
 * The verb after `offset` (after a negation, "failed to", …): read from the words when they say
 * it plainly ("can't refund", "didn't attach", none before "the"), else from compromise's parse. The plain reading
 * keeps most sentences from being parsed at all.
 */
export function verbAt(ctx: SentenceContext, offset: number): Pick<Term, "root" | "normal" | "range"> | undefined {
  const plain = plainVerbAfter(ctx.normal, offset);
  if (plain || articleFollows(ctx.normal, offset)) return plain;
  return verbAfter(ctx.nlp(), offset)?.term;
}

/**
 * Words after `from` in the same sentence that offer a way forward: "but we can…",
 * "however, I'll…", "instead", "here's what we can do". A refusal followed by one is downgraded.
 */
export const ALTERNATIVE =
  /\b(?:but|however|instead),? (?:you|we|i) (?!(?:still )?(?:can't|cannot|can not|won't|will not|don't|do not|aren't|are not|am not|'m not|'re not|'ll never|never)\b)(?:[a-z']+ ){0,2}?[a-z']+\b|\b(?:but|however|although|though|instead|alternatively|that said|the good news|in the meantime|meanwhile)\b[^.!?]{0,80}?\b(?:(?:we|i|you)(?:'ll|'d| can| could| will| would| do| have| may|'re able| are able| am able)|(?:we|i)'re? (?:happy|glad)|here's|there's|what (?:i|we) can|we have|you'll)|\b(?:what (?:i|we) can do|here's (?:what|how) (?:we|i) can|(?:i|we) can (?:offer|suggest|recommend|help you)|happy to (?:help|offer|suggest)|we'd be happy|i'd be happy|you can still|let me (?:get|find|check|see|connect|transfer|bring|ask|look|put|set))\b/;

/** A phrase family of a rule: where it matches, which message it reports, and when it applies. */
export interface PhrasePattern<M extends string = string> {
  readonly regex: RegExp;
  readonly messageId: M;
  /** Context check on the match; false drops it. */
  readonly check?: (ctx: SentenceContext, match: RegExpExecArray) => boolean;
  readonly confidence?: Confidence;
}

export interface PatternHit<M extends string = string> {
  readonly range: Range;
  readonly match: RegExpExecArray;
  readonly pattern: PhrasePattern<M>;
}

/** Leading list markers and punctuation a pattern had to match are not part of the flagged phrase. */
export function trimPhrase(normal: string, range: Range): Range {
  let [s, e] = range;
  while (s < e && /[\s.:\-*•,;!?"']/.test(normal[s]!)) s++;
  while (e > s && /[\s.,;]/.test(normal[e - 1]!)) e--;
  return [s, e];
}

/**
 * Runs a rule's patterns over the normalised sentence, in order. A hit that overlaps an earlier
 * one is dropped, so the first (most specific) pattern wins.
 */
export function findPatterns<M extends string>(
  ctx: SentenceContext,
  patterns: readonly PhrasePattern<M>[],
  trim: (normal: string, range: Range) => Range = trimPhrase,
): PatternHit<M>[] {
  const hits: PatternHit<M>[] = [];
  for (const pattern of patterns) {
    for (const { range: raw, match } of allMatches(pattern.regex, ctx.normal)) {
      if (pattern.check && !pattern.check(ctx, match)) continue;
      const range = trim(ctx.normal, raw);
      if (range[1] <= range[0] || hits.some((h) => h.range[0] < range[1] && range[0] < h.range[1])) continue;
      hits.push({ range, match, pattern });
    }
  }
  return hits;
}

/** Reports a pattern hit with the flagged words as `{{phrase}}` and the pattern's confidence. */
export function reportHit<M extends string>(ctx: SentenceContext, hit: PatternHit<M>, rest: Omit<ReportDescriptor, "messageId" | "range">): void {
  ctx.report({
    messageId: hit.pattern.messageId,
    range: hit.range,
    data: { phrase: ctx.text.slice(hit.range[0], hit.range[1]) },
    ...(hit.pattern.confidence ? { confidence: hit.pattern.confidence } : {}),
    ...rest,
  });
}
