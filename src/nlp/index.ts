/**
 * The NLP layer: the only module that imports compromise. compromise is loaded on first use,
 * through its single-file CommonJS build (about half the start-up cost of its ESM source tree),
 * so a file whose sentences never pass the prefilter never pays for it; when the build made one,
 * through a faster load with a precomputed model (./fast.ts). It is fed one sentence
 * at a time and its analyses are cached by sentence text: macros repeat sentences a lot. Its
 * answers to two questions about single words are also kept, worked out ahead of time, in
 * ./answers.ts, so that these questions seldom load it.
 */
import { createRequire } from "node:module";
import type { Range } from "../core/types.js";
import { CAPITALISED_WORD } from "../language/english.js";
import { TIME_NAMES, VERB_FORMS } from "./answers.js";
import { loadFast } from "./fast.js";
import type { Negation, SentenceAnalysis, Term, VerbForms } from "./types.js";

export type { Negation, SentenceAnalysis, Term, VerbForms } from "./types.js";

/* The parts of compromise's API this module uses; compromise's own .d.ts is far wider. */
interface CompromiseTerm {
  text: string;
  normal?: string;
  implicit?: string;
  root?: string;
  tags: Set<string>;
  offset?: { start: number; length: number };
}
interface CompromiseView {
  compute(method: string): CompromiseView;
  docs: CompromiseTerm[][];
  clauses(): CompromiseView;
  verbs(): { conjugate(): Array<Record<string, string>> };
  /** From the compromise-dates plugin: "by next Tuesday afternoon", "before the end of the quarter". */
  dates(): CompromiseView;
}
type Compromise = ((text: string) => CompromiseView) & { plugin(plugin: unknown): void; model(): unknown };

let compromise: Compromise | undefined;
let loads = 0;

function load(): Compromise {
  if (!compromise) {
    // The fast load (precomputed model, see ./fast.ts) comes with compromise-dates applied.
    compromise = loadFast<Compromise>();
    if (!compromise) {
      const require = createRequire(import.meta.url);
      compromise = require("compromise") as Compromise;
      // Loaded with compromise, never later: a plugin added mid-run could tag later sentences
      // differently from earlier ones.
      compromise.plugin(require("compromise-dates"));
    }
    loads++;
  }
  return compromise;
}

/** The model of compromise as this module loads it, with compromise-dates (for scripts/nlp-answers.mjs). */
export function loadedModel(): unknown {
  return load().model();
}

/** Whether compromise has been loaded in this process (the prefilter's promise to clean files). */
export function isLoaded(): boolean {
  return loads > 0;
}

const TIME_TAGS = ["Date", "Duration", "Time", "WeekDay", "Month"];
/**
 * An analysis keeps compromise's parse of its sentence (about 10 KB), so the cache is least
 * recently used and small: macros repeat the same few sentences, and on a 100 MB export a
 * 5,000-entry cache was 48 MB of the live heap.
 */
const CACHE_LIMIT = 2000;
const cache = new Map<string, SentenceAnalysis>();

/** Parses one sentence. Callers pass sentences, never whole files (compromise needs ~0.5 GB/MB). */
export function analyze(sentence: string): SentenceAnalysis {
  const hit = cache.get(sentence);
  if (hit) {
    // Most recently used goes last; the first entry is the one to drop.
    cache.delete(sentence);
    cache.set(sentence, hit);
    return hit;
  }
  const doc = load()(sentence);
  doc.compute("offset");
  doc.compute("root");
  const terms: Term[] = [];
  for (const sentenceTerms of doc.docs) {
    for (const t of sentenceTerms) terms.push(toTerm(t, terms[terms.length - 1]));
  }
  const analysis = new Analysis(doc, terms, sentence);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(sentence, analysis);
  return analysis;
}

function toTerm(t: CompromiseTerm, previous: Term | undefined): Term {
  // compromise's term offsets are exact; its match-level offsets are not (v14 regression), so
  // everything here is built from terms. An implicit term ("not" of "can't") is zero-width at
  // the end of its host.
  const implicit = t.text === "" && !!t.implicit;
  const start = implicit ? (previous ? previous.range[1] : 0) : (t.offset?.start ?? 0);
  const end = implicit ? start : start + t.text.length;
  const normal = (t.implicit ?? t.normal ?? t.text).toLowerCase();
  return {
    text: t.text,
    normal,
    root: (t.root ?? normal).toLowerCase(),
    tags: t.tags,
    range: [start, end],
    implicit,
  };
}

class Analysis implements SentenceAnalysis {
  private clauseRanges?: Range[];

  constructor(
    private readonly doc: CompromiseView,
    readonly terms: readonly Term[],
    private readonly sentence: string,
  ) {}

  termAt(offset: number): number {
    return this.terms.findIndex((t) => t.range[1] > offset || (t.range[0] >= offset && t.implicit));
  }

  clauses(): readonly Range[] {
    if (!this.clauseRanges) {
      this.clauseRanges = this.doc
        .clauses()
        .docs.filter((ts) => ts.length > 0)
        .map((ts) => {
          const first = ts.find((t) => t.text !== "") ?? ts[0]!;
          const last = [...ts].reverse().find((t) => t.text !== "") ?? ts[ts.length - 1]!;
          const start = first.offset?.start ?? 0;
          return [start, (last.offset?.start ?? start) + last.text.length] as Range;
        });
    }
    return this.clauseRanges;
  }

  negations(): readonly Negation[] {
    const terms = this.terms;
    const out: Negation[] = [];
    terms.forEach((t, i) => {
      // compromise tags "not"/"never" and the implicit "not" of "can't"; "unable" it leaves an adjective.
      const unable = t.normal === "unable";
      if (!t.tags.has("Negative") && !unable) return;
      // The negated word: the host of an implicit "not", or the auxiliary before a written "not".
      let first = i;
      if (!unable && i > 0 && (t.implicit || terms[i - 1]!.tags.has("Verb"))) first = i - 1;
      // "We're unable": the copula is implicit in "We're"; "are not able": keep the auxiliary.
      while (first > 0 && terms[first - 1]!.tags.has("Copula") && terms[first - 1]!.implicit) first--;
      const verb = this.verbAfter(i + 1);
      const subject = this.subjectBefore(first);
      let shown = first;
      while (shown < i && terms[shown]!.implicit) shown++;
      const start = terms[shown]!.range[0];
      out.push({ range: [start, Math.max(t.range[1], terms[shown]!.range[1])], ...(verb !== undefined ? { verb } : {}), ...(subject ? { subject } : {}) });
    });
    return out;
  }

  /** First verb from `from`, skipping adverbs and the "be able to" / "be allowed to" scaffolding. */
  private verbAfter(from: number): number | undefined {
    for (let i = from; i < this.terms.length && i < from + 8; i++) {
      const t = this.terms[i]!;
      if (t.tags.has("Adverb") || t.tags.has("Negative") || t.tags.has("Modal")) continue;
      if (["be", "able", "to", "going", "allowed", "permitted", "unable", "will", "even"].includes(t.normal)) continue;
      if (t.tags.has("Verb")) return i;
      // "We can't sync" is tagged Noun by compromise; a word straight after a negation is its verb.
      if (i === from && !t.tags.has("Pronoun") && !t.tags.has("Determiner") && !t.tags.has("Preposition")) return i;
      return undefined;
    }
    return undefined;
  }

  /** The pronoun or noun phrase right before the negated word, across adverbs and auxiliaries. */
  private subjectBefore(index: number): { text: string; range: Range } | undefined {
    let i = index - 1;
    while (i >= 0 && (this.terms[i]!.tags.has("Adverb") || (this.terms[i]!.tags.has("Auxiliary") && !this.terms[i]!.tags.has("Noun")))) i--;
    // "We're unable": the pronoun is the contraction's host, the copula its implicit half.
    const contracted = (i >= 0 && this.terms[i]!.implicit) || this.terms[index]?.implicit === true;
    while (i >= 0 && this.terms[i]!.implicit) i--;
    const head = this.terms[i];
    if (!head || !(head.tags.has("Pronoun") || head.tags.has("Noun"))) return undefined;
    let start = i;
    // A pronoun is a whole noun phrase; only a noun head gathers its determiners and modifiers.
    while (start > 0 && !head.tags.has("Pronoun")) {
      const prev = this.terms[start - 1]!;
      const modifier = prev.tags.has("Determiner") || prev.tags.has("Possessive") || prev.tags.has("Adjective") || prev.tags.has("Gerund");
      if (modifier || (prev.tags.has("Noun") && !prev.tags.has("Pronoun"))) start--;
      else break;
    }
    // "We’re": the subject is the host word without its contracted half.
    const end = contracted ? head.range[0] + head.text.replace(/['’].*$/, "").length : head.range[1];
    const range: Range = [this.terms[start]!.range[0], end];
    return { text: this.sentence.slice(range[0], range[1]), range };
  }

  hasTimeBetween(from: number, to: number): boolean {
    const last = Math.min(to, this.terms.length);
    for (let i = Math.max(0, from); i < last; i++) {
      const tags = this.terms[i]!.tags;
      if (TIME_TAGS.some((tag) => tags.has(tag))) return true;
    }
    if (from >= last) return false;
    // compromise-dates reads whole expressions the tags miss ("before the end of the quarter").
    const start = this.terms[Math.max(0, from)]!.range[0];
    const end = this.terms[last - 1]!.range[1];
    return this.doc.dates().docs.some((ts) => {
      const s = ts[0]?.offset?.start;
      return s !== undefined && s < end && s >= start;
    });
  }
}

const timeWords = new Map<string, boolean>();

/**
 * Could this word, set off by a comma, name a time ("Monday, …", "Tomorrow, …")? A capitalised
 * word of letters is looked up in TIME_NAMES, compromise's own answers worked out ahead of time
 * (./answers.ts), so the names that open replies ("Sorry Olivia, …") never load compromise. Any
 * other word is asked about through the parse (parsedNamesTime).
 */
export function namesTime(word: string): boolean {
  if (CAPITALISED_WORD.test(word)) return TIME_NAMES.has(word.toLowerCase());
  return parsedNamesTime(word);
}

/**
 * compromise's answer to namesTime: the word alone and the word opening a sentence, where
 * compromise reads "May," as the month though "May" alone is the modal. Cached per word.
 * scripts/nlp-answers.mjs asks this of every word that TIME_NAMES answers for.
 */
export function parsedNamesTime(word: string): boolean {
  let named = timeWords.get(word);
  if (named === undefined) {
    named = [word, `${word}, we'll look into it.`].some((text) => {
      const analysis = analyze(text);
      return analysis.hasTimeBetween(0, 1);
    });
    timeWords.set(word, named);
  }
  return named;
}

const conjugations = new Map<string, VerbForms | undefined>();

/**
 * The forms of a verb. The verbs the rules know by name (PLAIN_VERBS) come from VERB_FORMS,
 * compromise's conjugations worked out ahead of time (./answers.ts); any other verb goes through
 * compromise's conjugator (parsedConjugation).
 */
export function conjugate(verb: string): VerbForms | undefined {
  const known = VERB_FORMS.get(verb.toLowerCase());
  return known === undefined ? parsedConjugation(verb) : (known ?? undefined);
}

/** compromise's conjugation of a verb; cached, since rewrites reuse few verbs. */
export function parsedConjugation(verb: string): VerbForms | undefined {
  const key = verb.toLowerCase();
  if (conjugations.has(key)) return conjugations.get(key);
  const forms = load()(key).verbs().conjugate()[0];
  const result = forms?.["Infinitive"]
    ? {
        infinitive: forms["Infinitive"],
        past: forms["PastTense"] ?? forms["Infinitive"],
        participle: forms["Participle"] ?? forms["PastTense"] ?? forms["Infinitive"],
        gerund: forms["Gerund"] ?? forms["Infinitive"],
        present: forms["PresentTense"] ?? forms["Infinitive"],
      }
    : undefined;
  conjugations.set(key, result);
  return result;
}
