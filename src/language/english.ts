/**
 * Small pieces of English that several rules share: who "we" are, which nouns make a sentence
 * policy talk, what counts as a concrete time, and how to find the verb after a negation.
 * Regex sources here run against normalised text (lower case, straight quotes).
 */
import type { Range } from "../core/types.js";
import type { SentenceAnalysis, Term } from "../nlp/types.js";

/** The company or agent as the subject: "we", "I", "our team", "my colleague", "the store". */
export const OUR_SUBJECT = String.raw`(?:i|we|our (?:[a-z-]+ ){0,2}(?:team|company|store|shop|staff|system|systems|department|agents?|policy|support|office|website|site|platform|business)|my (?:[a-z-]+ )?(?:team|colleagues?|manager|supervisor|department)|the (?:company|store|shop|team|system))`;

/** Adverbs that may sit between a subject, a negation and the verb. */
export const ADVERBS = String.raw`(?:(?:really|unfortunately|currently|presently|simply|just|even|sadly|generally|usually|always|typically|normally|still|actually|therefore|directly|also|afraid|so|truly|ever|now|at this time|right now),? )*`;

/** Nouns that make "we do not accept X" a policy statement rather than an answer to one person. */
export const POLICY_NOUNS = String.raw`(?:returns?|refunds?|exchanges?|orders?|items?|merchandise|products?|goods|cancell?ations?|payments?|cash|checks?|cheques?|credit cards?|liability|responsibility|claims?|requests?|changes?|modifications?|substitutions?|reservations?|bookings?|deliveries|shipments?|packages?|gift cards?|coupons?|discounts?|promotions?|price adjustments?|warranty|warranties|sales?|purchases?|fees?|deposits?|appointments?|sessions?|tickets?)`;

/** Verbs that are not about doing something for the customer: "we can't wait", "I don't know". */
export const NON_SERVICE_VERBS = new Set([
  "wait", "hurt", "thank", "stress", "emphasize", "emphasise", "overstate", "underestimate", "believe",
  "imagine", "reproduce", "replicate", "recommend", "praise", "express", "miss", "know", "understand",
  "think", "want", "like", "mind", "hesitate", "worry", "need", "see", "mean", "expect", "feel", "recall",
  "remember", "wish", "doubt", "hear", "care", "judge", "blame", "agree", "take", "happen", "go", "lose",
  "forget", "regret", "disappoint", "stop", "find", "tell", "get", "say", "keep", "let", "stand", "fail",
  "own", "work", "use", "collect", "recognize", "recognise", "mean",
]);

/**
 * Verbs of the customer's side of things; "you didn't <verb>" with one of these is blame
 * ("you didn't attach the file"), with others it is usually not ("you didn't make any promises").
 */
export const CUSTOMER_DUTY_VERBS = new Set([
  "read", "follow", "provide", "enter", "include", "attach", "check", "submit", "fill", "contact", "call",
  "reply", "respond", "update", "register", "confirm", "pay", "save", "select", "click", "send", "sign",
  "verify", "complete", "notify", "tell", "inform", "specify", "mention", "use", "install", "restart",
  "back", "upload", "activate", "accept", "review", "open", "cancel", "return", "report", "keep", "listen",
  "understand", "see", "notice", "give", "type", "choose", "order", "ship", "pack", "label", "log", "renew",
]);

const TIME_WORDS = String.raw`(?:today|tonight|tomorrow|(?:this|tomorrow) (?:morning|afternoon|evening)|(?:by|before|on|this|next|until|till|first thing) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|week|weekend|month|business day)|(?:end|close) of (?:the )?(?:day|week|business|month)|eod|eow|cob|within (?:the (?:next|hour)|an? |one |\d|a few|two|three|four|five|six|seven|ten|twelve|twenty|thirty|forty|48|24)|in (?:the next )?(?:an? |\d+|one|two|three|four|five|ten|a few|a couple of) ?(?:minutes?|hours?|days?|business days?|working days?|weeks?)|(?:by|at|before|around) \d{1,2}(?::\d\d)? ?(?:am|pm|a\.m\.|p\.m\.)?|by (?:noon|midday|midnight|the \d+(?:st|nd|rd|th)?)|on (?:the )?\d+(?:st|nd|rd|th)?|(?:by|on|before) (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?\b|may \d{1,2}(?:st|nd|rd|th)?\b(?!%|[.,:/-]\d)|\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|for (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|\d+ (?:business |working )?(?:days?|hours?|weeks?) (?:late|early|from now|after)|every \d+ (?:hours?|days?)|24/7)`;

/** A concrete time or deadline: "by Friday", "within 24 hours", "tomorrow at 3pm". */
export const CONCRETE_TIME = new RegExp(String.raw`\b${TIME_WORDS}`);

/** A concrete trigger instead of a time: "once it ships", "as soon as the update is live". */
export const CONCRETE_TRIGGER =
  /\b(?:(?:once|as soon as|when|after) (?:the|it|we|i|you|your|anything|something|that|this|there|they|our)(?! (?:can|could|am able|'m able|are able|'re able|get a chance|have (?:the )?time|possibly)\b)|once (?:confirmed|approved|received|processed|shipped|resolved|fixed)|if (?:anything|something) changes)\b/;

/** Vague time words that make a promise hollow. */
export const VAGUE_TIME =
  /\b(?:soon|shortly|asap|as soon as (?:possible|i can|we can|we're able|i'm able|practical)|in due course|at some point|in a timely (?:manner|fashion)|at (?:our|the) earliest (?:convenience|opportunity)|promptly|eventually|later|sometime|some time|a certain amount of (?:time|days)|in the near future|(?:a|one) of these days|when(?:ever)? (?:we|i) (?:can|get a chance|have time))\b/;

/** Placeholders that stand for a time ("{{eta}}", "[specific date/time]", "{timeframe}"). */
export const TIME_PLACEHOLDER = /(?:time|date|day|eta|hour|deadline|when|sla|period|window|duration)/i;
export const SLOT = /\[[^\]\n]{1,60}\]/g;

/**
 * Base-form verbs that a negated modal is followed by in support replies ("can't refund",
 * "unable to ship", "don't have"). Every word here is one that compromise's parse also reads as
 * the verb in that position (src/language/english.test.ts checks each), so the words alone name
 * the verb and the sentence need not be parsed. Words it misreads after "to" ("bill", "reset",
 * "downgrade") are left out, so both ways give the same answer.
 */
export const PLAIN_VERBS: ReadonlySet<string> = new Set([
  ...NON_SERVICE_VERBS,
  ...CUSTOMER_DUTY_VERBS,
  "accept", "accommodate", "add", "adjust", "allow", "amend", "answer", "apply", "approve", "arrange",
  "ask", "attend", "authorize", "authorise", "book", "bring", "call", "cancel", "change",
  "charge", "check", "compensate", "confirm", "connect", "contact", "cover", "credit", "delete",
  "deliver", "discount", "do", "edit", "exchange", "expedite", "extend", "fix", "give",
  "guarantee", "handle", "have", "help", "hold", "honor", "honour", "issue", "locate", "make", "match",
  "modify", "move", "offer", "override", "process", "promise", "provide", "reach", "reactivate",
  "refund", "reimburse", "release", "remove", "reopen", "repair", "replace", "reply", "require",
  "reschedule", "resend", "reserve", "respond", "restore", "return", "reverse", "reship",
  "sell", "send", "share", "ship", "show", "spam", "store", "supply", "support", "track", "transfer",
  "undo", "unlock", "update", "upgrade", "verify", "waive",
]);

/** Words that may stand between a negation and its verb: "can't [really] refund", "not [able to] ship". */
const BEFORE_VERB = /^(?:\s+(?:to|be|able|allowed|permitted|going|even|ever|really|currently|presently|simply|just|always|usually|generally|typically|normally|actually|also|possibly))*\s+([a-z]+)(?![a-z'-])/;

/**
 * The verb after a negation when the words say it plainly: a known base-form verb after at most a
 * few scaffolding words ("can't refund", "are not able to ship"). Undefined when they do not (an
 * unknown word, an inflected form, a pronoun); the caller then asks the parse (verbAfter).
 * Range and forms are as verbAfter would give them, so either can answer.
 */
export function plainVerbAfter(normal: string, offset: number): { root: string; normal: string; range: Range } | undefined {
  const m = BEFORE_VERB.exec(normal.slice(offset));
  const word = m?.[1];
  if (!m || !word || !PLAIN_VERBS.has(word)) return undefined;
  const end = offset + m[0].length;
  return { root: word, normal: word, range: [end - word.length, end] };
}

/**
 * An article straight after `offset` ("if you had checked [the] size chart"): no verb follows
 * there, and the parse says the same, since an article is never its verb (english.test.ts).
 */
export function articleFollows(normal: string, offset: number): boolean {
  return /^\s+(?:the|a|an)\s/.test(normal.slice(offset, offset + 6));
}

/** A known base-form verb that starts exactly at `offset` ("simply [click] the link"). */
export function plainVerbAt(normal: string, offset: number): string | undefined {
  const word = /^[a-z]+(?![a-z'-])/.exec(normal.slice(offset, offset + 24))?.[0];
  return word !== undefined && PLAIN_VERBS.has(word) ? word : undefined;
}

/** First term at or after `offset` that is a verb, skipping adverbs, "be able to" and the like. */
export function verbAfter(analysis: SentenceAnalysis, offset: number): { term: Term; index: number } | undefined {
  const terms = analysis.terms;
  for (let i = Math.max(0, analysis.termAt(offset)); i >= 0 && i < terms.length && i < analysis.termAt(offset) + 8; i++) {
    const t = terms[i]!;
    if (t.range[0] < offset && !t.implicit) continue;
    if (t.tags.has("Negative") || t.tags.has("Adverb") || t.tags.has("Modal")) continue;
    if (["be", "is", "are", "am", "able", "to", "going", "allowed", "permitted", "unable", "will"].includes(t.normal)) continue;
    if (t.tags.has("Verb")) return { term: t, index: i };
    // "We can't sync" is tagged Noun by compromise; a word straight after a modal is a verb.
    if (i > 0 && terms[i - 1]!.tags.has("Negative") && !t.tags.has("Pronoun") && !t.tags.has("Determiner")) {
      return { term: t, index: i };
    }
    return undefined;
  }
  return undefined;
}

/**
 * Words that never name a time, in the shapes follow-up promises take ("someone will get back to
 * you", "your case will be reviewed"). compromise's parse tags none of them as a date, time or
 * duration (src/nlp/time-words.test.ts checks each), so a clause made of these words alone has
 * no time frame the parse could find. Words that can start one ("next", "end", "this week") are
 * left out.
 */
export const TIMELESS_WORDS: ReadonlySet<string> = new Set([
  "a", "about", "account", "agent", "agents", "all", "also", "an", "and", "any", "apologies", "are", "as",
  "at", "back", "be", "been", "being", "billing", "by", "can", "care", "case", "certainly", "check",
  "checking", "colleague", "colleagues", "contact", "could", "customer", "definitely", "department",
  "details", "do", "email", "engineers", "escalate", "escalated", "escalating", "everything", "feedback",
  "fix", "fixed", "follow", "for", "forward", "from", "further", "get", "getting", "going", "handled",
  "happy", "has", "have", "he", "hello", "help", "hi", "honest", "i", "i'll", "i'm", "if", "in",
  "inconvenience", "into", "investigate", "investigating", "is", "issue", "it", "it'll", "it's", "its",
  "just", "keep", "kind", "know", "let", "look", "looked", "looking", "manager", "me", "member",
  "message", "more", "my", "of", "on", "one", "or", "order", "our", "out", "pass", "patience",
  "please", "problem", "question", "quick", "reach", "regarding", "regards", "request", "resolved",
  "respond", "response", "review", "reviewed", "reviewing", "she", "shall", "so", "someone",
  "somebody", "sorry", "sort", "specialist", "specialists", "staff", "support", "supervisor", "sure",
  "take", "team", "technical", "thank", "thanks", "that", "the", "them", "then", "they", "they'll",
  "this", "ticket", "to", "touch", "unfortunately", "up", "update", "updated", "updates", "us", "we",
  "we'll", "we're", "what", "will", "with", "work", "working", "you", "your",
]);

/** A word, a run of digits, or a "#" number ("order #463578", "ticket #1042"), which counts things and never names a time. */
const TIME_CANDIDATE = /#\d+|\d+|[a-z]+(?:'[a-z]+)?/g;

/**
 * The words of `normal` (within `range`) that could be part of a time expression: every word not
 * in TIMELESS_WORDS, and every number except a "#" number. None means the text holds no time,
 * so a rule can skip asking the parse for date and duration tags.
 */
export function timeCandidates(normal: string, range: Range = [0, normal.length]): Range[] {
  const out: Range[] = [];
  for (const m of normal.slice(range[0], range[1]).matchAll(TIME_CANDIDATE)) {
    const word = m[0];
    if (word.charCodeAt(0) === 35 /* # */ || TIMELESS_WORDS.has(word)) continue;
    out.push([range[0] + m.index, range[0] + m.index + word.length]);
  }
  return out;
}

/** A capitalised word of letters: the shape of a set-off word, and of the words src/nlp/answers.ts answers for. */
export const CAPITALISED_WORD = /^\p{Lu}\p{Ll}*$/u;

/**
 * "Sorry Olivia, …", "Sam, …", "Unfortunately, …": a capitalised word set off by a comma stands
 * alone, so whether it names a time ("Monday, …" does) can be asked of the word, not the
 * sentence (namesTime in src/nlp; time-words.test.ts holds the two answers together).
 */
export function isSetOffWord(text: string, range: Range): boolean {
  return CAPITALISED_WORD.test(text.slice(range[0], range[1])) && text.charAt(range[1]) === ",";
}

/** Is there a concrete time in the text, or a placeholder or [slot] that stands for one? */
export function hasConcreteTime(normal: string, placeholders: ReadonlyArray<{ range: Range; raw: string }>, within?: Range): boolean {
  const [from, to] = within ?? [0, normal.length];
  const slice = normal.slice(from, to);
  if (CONCRETE_TIME.test(slice) || CONCRETE_TRIGGER.test(slice)) return true;
  if (placeholders.some((p) => p.range[0] >= from && p.range[1] <= to && TIME_PLACEHOLDER.test(p.raw))) return true;
  for (const m of slice.matchAll(SLOT)) if (TIME_PLACEHOLDER.test(m[0])) return true;
  return false;
}
