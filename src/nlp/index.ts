/**
 * The NLP layer: the only module that imports compromise. compromise is loaded on first use,
 * through its single-file CommonJS build (about half the start-up cost of its ESM source tree),
 * so a file whose sentences never pass the prefilter never pays for it. It is fed one sentence
 * at a time and its analyses are cached by sentence text: macros repeat sentences a lot.
 */
import { createRequire } from "node:module";
import type { Range } from "../core/types.js";
import type { SentenceAnalysis, Term, VerbForms } from "./types.js";

export type { SentenceAnalysis, Term, VerbForms } from "./types.js";

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
}
type Compromise = (text: string) => CompromiseView;

let compromise: Compromise | undefined;
let loads = 0;

function load(): Compromise {
  if (!compromise) {
    compromise = createRequire(import.meta.url)("compromise") as Compromise;
    loads++;
  }
  return compromise;
}

/** Whether compromise has been loaded in this process (the prefilter's promise to clean files). */
export function isLoaded(): boolean {
  return loads > 0;
}

const TIME_TAGS = ["Date", "Duration", "Time", "WeekDay", "Month"];
const CACHE_LIMIT = 5000;
const cache = new Map<string, SentenceAnalysis>();

/** Parses one sentence. Callers pass sentences, never whole files (compromise needs ~0.5 GB/MB). */
export function analyze(sentence: string): SentenceAnalysis {
  const hit = cache.get(sentence);
  if (hit) return hit;
  const doc = load()(sentence);
  doc.compute("offset");
  doc.compute("root");
  const terms: Term[] = [];
  for (const sentenceTerms of doc.docs) {
    for (const t of sentenceTerms) terms.push(toTerm(t, terms[terms.length - 1]));
  }
  const analysis = new Analysis(doc, terms);
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

  conjugate(verb: string): VerbForms | undefined {
    return conjugate(verb);
  }

  hasTimeBetween(from: number, to: number): boolean {
    for (let i = Math.max(0, from); i < Math.min(to, this.terms.length); i++) {
      const tags = this.terms[i]!.tags;
      if (TIME_TAGS.some((tag) => tags.has(tag))) return true;
    }
    return false;
  }
}

const conjugations = new Map<string, VerbForms | undefined>();

/** The forms of a verb, through compromise's conjugator; cached, since rewrites reuse few verbs. */
export function conjugate(verb: string): VerbForms | undefined {
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
