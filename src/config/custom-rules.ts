/**
 * Turns the phrase rules users write in config (Vale's existence / substitution) into real Rules,
 * so the engine runs them exactly like the built-in ones: same trigger prefilter, same report
 * shape, same safe fixes. Users never write a regex here; phrases are escaped and word-bounded.
 */
import { allMatches, capitalizeFirst, defineRule, normalize, type Rule, type SuggestionDraft } from "../rule-api.js";
import type { CustomPhraseRule } from "./types.js";

/** The messageId every custom rule reports under; its message and note come from the spec. */
export const CUSTOM_MESSAGE_ID = "custom";

// Unicode letters and digits, so "café" is one word and a phrase "caf" does not match inside it.
const WORD_CHAR = String.raw`[\p{L}\p{N}_]`;
const STARTS_WITH_WORD = /^[\p{L}\p{N}_]/u;
const ENDS_WITH_WORD = /[\p{L}\p{N}_]$/u;

/**
 * Straight quotes and plain spaces without lower-casing: what case-sensitive rules match against,
 * so a phrase typed with ' still matches a reply written with ’. Same length as the input.
 */
export function foldQuotes(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/[\u00a0\u2007\u202f]/g, " ");
}

// Only syntax characters: under the `u` flag an unnecessary escape such as `\-` is an error.
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/**
 * The regex source of one phrase, folded the same way as the text it will run against. Word
 * edges are only required where the phrase itself starts or ends with a word character, so
 * phrases like "$0 fee" or "asap!" still match. Any run of whitespace matches any other, because
 * replies wrap lines and double-space.
 */
export function phraseSource(phrase: string, ignoreCase: boolean): string {
  const folded = (ignoreCase ? normalize(phrase) : foldQuotes(phrase)).trim();
  const body = folded.split(/\s+/).map(escapeRegex).join(String.raw`\s+`);
  const lead = STARTS_WITH_WORD.test(folded) ? `(?<!${WORD_CHAR})` : "";
  const trail = ENDS_WITH_WORD.test(folded) ? `(?!${WORD_CHAR})` : "";
  return lead + body + trail;
}

interface PhraseEntry {
  readonly phrase: string;
  readonly replacement?: string;
}

function entriesOf(spec: CustomPhraseRule): PhraseEntry[] {
  const entries: PhraseEntry[] = Array.isArray(spec.phrases)
    ? (spec.phrases as readonly string[]).map((phrase) => ({ phrase }))
    : Object.entries(spec.phrases as Readonly<Record<string, string>>).map(([phrase, replacement]) => ({
        phrase,
        replacement,
      }));
  // Longest first: at one position the alternation takes the first alternative that fits, and
  // "get back to you soon" must win over "get back to you".
  return entries.sort((a, b) => b.phrase.length - a.phrase.length);
}

/**
 * One global regex with a capture group per phrase (in `entries` order), so a match tells which
 * phrase (and so which replacement) it was.
 */
function buildMatcher(entries: readonly PhraseEntry[], ignoreCase: boolean): RegExp {
  const source = entries.map((e) => `(${phraseSource(e.phrase, ignoreCase)})`).join("|");
  return new RegExp(source, ignoreCase ? "giu" : "gu");
}

/**
 * Keeps a sentence-initial capital when the replacement goes in. An all-caps match ("ASAP") is an
 * acronym, not a capitalised word, so its replacement is only capitalised at the sentence start.
 */
function matchCase(actual: string, replacement: string, atSentenceStart: boolean): string {
  const first = actual.match(/\p{L}/u)?.[0];
  if (first === undefined || first === first.toLowerCase()) return replacement;
  const letters = actual.replace(/[^\p{L}]/gu, "");
  const acronym = letters.length > 1 && letters === letters.toUpperCase();
  return acronym && !atSentenceStart ? replacement : capitalizeFirst(replacement);
}

/** Does the text before `offset` hold nothing but space, quotes and opening brackets? */
function isSentenceStart(text: string, offset: number): boolean {
  return /^[\s"'“‘(\[]*$/u.test(text.slice(0, offset));
}

/**
 * Tests whether `text` contains one of `phrases`, with the matching rules a custom rule uses.
 * Validation uses it to refuse a substitution whose replacement would be flagged again.
 */
export function containsPhrase(text: string, phrases: readonly string[], ignoreCase = true): boolean {
  if (phrases.length === 0) return false;
  const matcher = buildMatcher(
    phrases.map((phrase) => ({ phrase })),
    ignoreCase,
  );
  return matcher.test(ignoreCase ? normalize(text) : foldQuotes(text));
}

/**
 * Builds a Rule from a validated spec (see validateConfig). The trigger is built from the
 * normalised phrases and is case-insensitive, because the engine tests it against the
 * normalised sentence even for case-sensitive rules; `check` then applies the exact case.
 */
export function compileCustomRule(id: string, spec: CustomPhraseRule): Rule {
  const ignoreCase = spec.ignoreCase ?? true;
  const entries = entriesOf(spec);
  const matcher = buildMatcher(entries, ignoreCase);
  const trigger = new RegExp(entries.map((e) => phraseSource(e.phrase, true)).join("|"), "iu");
  const substitution = spec.type === "substitution";
  const severity = spec.severity === undefined || spec.severity === "off" ? "warning" : spec.severity;

  return defineRule({
    meta: {
      id,
      category: spec.category ?? "style",
      defaultSeverity: severity,
      description: `Custom ${spec.type} rule from your config: ${spec.message}`,
      messages: {
        [CUSTOM_MESSAGE_ID]: {
          message: spec.message,
          note: spec.note ?? "Your team's cxlint config asks for this wording to be avoided.",
        },
      },
      ...(substitution ? { fixable: "safe" as const } : {}),
      trigger,
    },
    check(ctx) {
      const haystack = ignoreCase ? ctx.normal : foldQuotes(ctx.text);
      for (const { range, match } of allMatches(matcher, haystack)) {
        const group = match.findIndex((g, i) => i > 0 && g !== undefined);
        const entry = entries[group - 1];
        if (entry === undefined) continue;
        const actual = ctx.text.slice(range[0], range[1]);
        const atStart = isSentenceStart(ctx.text, range[0]);
        const rewrite = substitution ? entry.replacement : spec.suggestion;
        const text = rewrite === undefined ? undefined : matchCase(actual, rewrite, atStart);
        const suggestions: SuggestionDraft[] = text === undefined ? [] : [{ text, range }];
        ctx.report({
          messageId: CUSTOM_MESSAGE_ID,
          range,
          data: text === undefined ? { phrase: actual } : { phrase: actual, replacement: text },
          suggestions,
          ...(substitution && text !== undefined ? { fix: { range, text } } : {}),
        });
      }
    },
  });
}
