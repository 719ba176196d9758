/**
 * no-refusal: the company or agent tells the customer no ("we can't refund", "we are unable to",
 * "I'm not allowed to", "there's nothing I can do"), with no way forward.
 *
 * Reads the sentence: the subject must be us (not "you can't go wrong", not "the app can't sync
 * offline"), the verb must be a service action (not "we can't wait", "I don't know"), and a
 * policy statement about returns or refunds is left to no-restrictive-policy. A refusal followed
 * by an alternative is downgraded one severity step, not dropped.
 */
import {
  ADVERBS,
  ALTERNATIVE,
  body,
  capitalizeFirst,
  clauseAfter,
  closing,
  lowerFirst,
  NON_SERVICE_VERBS,
  OUR_SUBJECT,
  POLICY_NOUNS,
  allMatches,
  defineRule,
  verbAt,
  type Range,
  type SentenceContext,
  type SuggestionDraft,
} from "../src/rule-api.js";

const NEGATED = String.raw`(?:can't|cannot|can not|won't|will not|will never|won't ever|am not able to|'m not able to|are not able to|'re not able to|aren't able to|is not able to|isn't able to|am unable to|'m unable to|are unable to|'re unable to|is unable to|was unable to|were unable to|am unlikely to|'m unlikely to|are unlikely to|'re unlikely to|don't|do not|doesn't|does not|am not allowed to|'m not allowed to|are not allowed to|'re not allowed to|aren't allowed to|am not permitted to|'m not permitted to|are not permitted to|'re not permitted to|am not authori[sz]ed to|'m not authori[sz]ed to|are not authori[sz]ed to|'re not authori[sz]ed to|am not going to|'m not going to|are not going to|'re not going to|aren't going to|no longer|don't currently|do not currently|are not in a position to|'re not in a position to|is not in a position to|am not in a position to|'m not in a position to|aren't in a position to|isn't in a position to|finds? it impossible to|find it impossible to)`;

// Subject, optional adverbs, the negated modal: "we really can't", "I'm unable to", "our team is not able to".
const SUBJECT_NEGATION = new RegExp(String.raw`\b(${OUR_SUBJECT})(?: ${ADVERBS.replace("(?:", "(?:")})?\s?(${NEGATED})\b`, "gd");
// "… and cannot issue you a refund": the subject comes from the first clause.
const OUR_SUBJECT_ANYWHERE = new RegExp(String.raw`\b${OUR_SUBJECT}\b`);
const COORDINATED = new RegExp(String.raw`\b(?:and|but|so|or) (${NEGATED})\b`, "gd");
const FIXED_REFUSALS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:there's|there is|there isn't|there is not) (?:really |unfortunately |simply )?(?:nothing|not much|nothing more|nothing else) (?:(?:that |more |else )?(?:i|we) can do|(?:i|we) (?:can|could) do)\b/g, "nothing we can do"],
  [/\b(?:there's|there is) no way (?:for (?:us|me) to|(?:we|i) can)\b/g, "no way"],
  [/\b(?:(?:that|this|it)(?:'s| is| was)|that would be) (?:not possible|impossible|not an option|not something (?:we|i) can do)\b(?! to (?:know|say|tell|predict))/g, "not possible"],
  [/\b(?:(?:that|this|it)(?:'s| is)|that would be) (?:(?:against|not) (?:our|the|company|store) (?:policy|policies|rules?))\b/g, "against our policy"],
  [/\b(?:(?:that|this|it)(?:'s| is)) not (?:our|company) policy to\b/g, "not our policy"],
  [/\b(?:you're|you are) out of luck\b/g, "out of luck"],
  [/\b(?:i|we)(?:'m| am|'re| are) not (?:allowed|permitted|authori[sz]ed)(?= *[.!?,…"]|$)/g, "not allowed"],
  [/\b(?:(?:that|this|it)(?:'s| is) not|(?:that|this|it) isn't|not) something (?:that )?(?:we|i)(?:'re| are| am|'m)? (?:can |are )?(?:able to|planning|going|plan|do|offer|support|provide)\b/g, "not something we do"],
  [/\b(?:that|this|it) (?:can't|cannot|can not|won't|will not) be (?:(?:done|changed|refunded|cancell?ed|processed|arranged|returned|exchanged|approved|fixed|helped)\b|(?:undone|reversed)\b(?! (?:once|after|if|when)\b))/g, "can't be done"],
  [/\b(?:(?:that|this|it|the request|your request|that request)(?:'s| is)|(?:those|these|they) are) (?:out of (?:scope|our scope)|outside (?:of )?(?:our|the) scope)\b/g, "out of scope"],
  [/\b(?:our|the) (?:system|policy|software|tool) (?:won't|will not|doesn't|does not|can't|cannot) (?:even )?(?:let|allow|permit) (?:us|me)\b/g, "the system won't let us"],
];

/** Nothing left to offer: "there are no rooms left", "that size is sold out". Medium confidence. */
const NONE_AVAILABLE = /\b(?:there (?:are|is|'s) no (?:more )?(?:[a-z-]+ ){0,2}?(?:left|available|remaining|in stock|on (?:that|this) (?:date|day))|(?:we have|we've got|we've) no (?:more )?(?:[a-z-]+ ){0,2}?(?:left|available|in stock)|(?:is|are|'s|'re) (?:(?:now |currently |completely )?sold out|out of stock|no longer available))\b/g;
const HEDGED_NO = /\b(?:i'm|i am|we're|we are) afraid(?: that)?(?= (?:we|i|it|this|that|there|the|our|you)\b)/g;
const CONDITIONAL_OPENING = /^\W*(?:if|when|whenever|should|in case|in the event|unless)\b/;

// A generic object ("returns", "broken merchandise") makes a policy statement; a specific one
// ("the sale price on the new one") is an answer to this customer.
const POLICY_OBJECT = new RegExp(String.raw`^(?!(?:the|your|this|that|my|his|her|their|these|those)\b)(?:[a-z-]+,? ){0,4}?${POLICY_NOUNS}\b`);
const POLICY_VOICE = /^(?:don't|do not|doesn't|does not|won't|will not|will never|no longer|don't currently|do not currently)$/;

export default defineRule({
  meta: {
    id: "no-refusal",
    category: "refusal",
    defaultSeverity: "warning",
    description: "Flags a flat no from the company or agent (can't, unable to, not allowed, nothing we can do).",
    messages: {
      refusal: {
        message: 'Refusal: "{{phrase}}" tells the customer what we can\'t do.',
        note: "A bare no reads as service enforcing policy; customers remember what we can do and how.",
      },
    },
    trigger:
      /\b(?:can't|cannot|can not|unable|won't|will not|will never|not able|don't|do not|doesn't|does not|not allowed|not permitted|not going to|aren't going to|no longer|not in a position|impossible|not possible|nothing (?:more |else )?(?:that )?(?:i|we) can|no way|not an option|against (?:our|the|company|store) polic(?:y|ies)|not (?:our|company) policy|out of luck|not something|isn't something|i'm afraid|i am afraid|unlikely|out of (?:our )?scope|outside (?:of )?(?:our|the) scope|left|available|remaining|in stock|sold out|out of stock|not allowed|not permitted|not authori[sz]ed)\b/,
  },
  check(ctx) {
    const reported: Range[] = [];
    const report = (range: Range, phrase: string, hedged?: { suggestion: SuggestionDraft }) => {
      if (reported.some((r) => r[0] < range[1] && range[0] < r[1])) return;
      reported.push(range);
      const rest = ctx.normal.slice(range[1]);
      const offersAlternative = ALTERNATIVE.test(rest) || /^(?:but|however|instead|alternatively|that said|what (?:i|we) can|here's what|the good news)\b/.test(ctx.after);
      ctx.report({
        messageId: "refusal",
        range,
        data: { phrase: ctx.text.slice(range[0], range[1]) },
        // Availability and hedged bad news are softer signals than a negated "we can't".
        ...(phrase === "none available" || hedged ? { confidence: "medium" as const } : {}),
        ...(offersAlternative
          ? { downgrade: true, extraNote: "It does offer an alternative, so lead with that instead of the no." }
          : {}),
        suggestions: [hedged?.suggestion ?? suggest(ctx, range, phrase)],
      });
    };

    for (const { match } of allMatches(SUBJECT_NEGATION, ctx.normal)) {
      const negation = match.indices![2]!;
      if (isServiceRefusal(ctx, negation[1], match[2]!) && subjectIsUs(ctx, match.indices![1]!, negation)) report([match.index, negation[1]], match[2]!);
    }
    for (const { match } of allMatches(COORDINATED, ctx.normal)) {
      const negation = match.indices![1]!;
      const before = ctx.normal.slice(0, match.index);
      if (!OUR_SUBJECT_ANYWHERE.test(before) || /\byou\b[^,]*$/.test(before)) continue;
      if (isServiceRefusal(ctx, negation[1], match[1]!)) report([negation[0], negation[1]], match[1]!);
    }
    for (const [regex, phrase] of FIXED_REFUSALS) {
      for (const { range } of allMatches(regex, ctx.normal)) report(range, phrase);
    }
    for (const { range } of allMatches(NONE_AVAILABLE, ctx.normal)) report(range, "none available");
    // "I'm afraid we close at 6": bad news framed as a no, even without a negation.
    if (reported.length === 0) {
      for (const { range } of allMatches(HEDGED_NO, ctx.normal)) {
        const plainly = capitalizeFirst(ctx.text.slice(range[1]).trimStart());
        report(range, "hedged", { suggestion: { text: plainly, range: [range[0], ctx.text.length], note: "State the fact plainly and add what the customer can do." } });
      }
    }
  },
});

const OUR_SUBJECT_ONLY = new RegExp(String.raw`^${OUR_SUBJECT}$`);

/**
 * The pattern found us next to a negation; the parse says whose negation it is. "The courier
 * we booked can't deliver" puts "we" before "can't", but the courier is the one who can't.
 * The parse is not needed when the words settle it: "we" or "I" is the whole subject, and a noun
 * phrase ("our team") that opens the sentence or a clause has nothing before it to belong to.
 * So does "Our team" or "My manager" capitalised in mid-sentence: a sentence that lost its full
 * stop starts there ("Kind regards, Jordan | Help Team Our team don't refund…", where the parse
 * took the signature for the subject).
 */
function subjectIsUs(ctx: SentenceContext, matched: readonly [number, number], negation: readonly [number, number]): boolean {
  if (/^(?:i|we)$/.test(ctx.normal.slice(matched[0], matched[1])) || /^[\s"'(*_-]*$|[,;:(]$/.test(ctx.normal.slice(0, matched[0]).trimEnd())) return true;
  if (/^(?:Our|My) /.test(ctx.text.slice(matched[0], matched[1]))) return true;
  const parsed = ctx.nlp().negations().find((n) => n.range[0] < negation[1] && negation[0] < n.range[1]);
  const subject = parsed?.subject?.text.toLowerCase().replace(/['’]/g, "'");
  return subject === undefined || OUR_SUBJECT_ONLY.test(subject) || /^(?:we|i)\b/.test(subject);
}

/** Is the verb after the negation something we would do for the customer? */
function isServiceRefusal(ctx: SentenceContext, afterNegation: number, negation: string): boolean {
  const rest = ctx.normal.slice(afterNegation);
  // "I won't." / "We can't!" on their own.
  if (/^\s*(?:[.!?,;…"]|$)/.test(rest)) return !/^(?:don't|do not|doesn't|does not)$/.test(negation);
  if (/^\s*help (?:but|feeling|thinking)\b/.test(rest)) return false;
  if (/^\s*(?:go wrong|thank you enough|be happier|be more|wait)\b/.test(rest)) return false;
  // "If … our support cannot resolve them, we will issue a full refund": a condition, not a no.
  if (CONDITIONAL_OPENING.test(ctx.normal) && /,\s*(?:we|i|you|our|the)\b/.test(rest)) return false;
  const found = verbAt(ctx, afterNegation);
  if (!found) return false;
  // "We were unable to reach you yesterday" reports what happened; it refuses nothing.
  if (/^(?:was|were) unable to$/.test(negation) && /^(?:reach|contact|call|connect|locate|find|deliver|get|attend|verify)$/.test(found.root)) return false;
  // "I don't have access to…" is a dead end (no-deflection), not a refusal.
  if (found.root === "have" && /^\s+(?:any |the )?(?:[a-z]+ )?(?:access|coverage|visibility|permission|authority|control|information|details)\b/.test(ctx.normal.slice(found.range[1]))) return false;
  if (NON_SERVICE_VERBS.has(found.root) || NON_SERVICE_VERBS.has(found.normal)) {
    // "we can't take returns", "I can't get you a refund", "we don't keep…": still a no when an object follows.
    if (!/^(?:take|get|keep|let|tell|find|go)$/.test(found.root)) return false;
    const object = ctx.normal.slice(found.range[1]);
    if (!/^\s+(?:you|your|any|a|an|the|that|this|it|those|these|returns?|refunds?)\b/.test(object)) return false;
  }
  // "We don't charge for returns" / "we won't charge you": good news, not a refusal.
  if (/^(?:charge|bill|cost|share|sell|spam|store|track|judge|ask|require)$/.test(found.root)) return false;
  // A policy statement about returns or refunds belongs to no-restrictive-policy.
  if (POLICY_VOICE.test(negation) && !/^\s*be able\b/.test(rest) && POLICY_OBJECT.test(ctx.normal.slice(found.range[1]).trim())) {
    if (!/\byou\b/.test(ctx.normal.slice(found.range[1], found.range[1] + 12))) return false;
  }
  return true;
}

/**
 * "We can't refund opened items." → "Here's what we can do for opened items: [alternative]."
 * A refusal that already offers an alternative is rewritten to lead with it:
 * "We can't ship to PO boxes, but we can hold it at a pickup point." → "We can hold it at a pickup point."
 */
function suggest(ctx: SentenceContext, range: Range, phrase: string) {
  const speaker = /^(?:i|i'm|i am)\b/.test(ctx.normal.slice(range[0])) ? "I" : "we";
  const alternative = ALTERNATIVE.exec(ctx.normal.slice(range[1]));
  if (alternative) {
    const start = range[1] + alternative.index;
    const clause = ctx.text.slice(start).replace(/^\s*(?:but|however|although|though|instead|alternatively|that said|the good news is|in the meantime|meanwhile)\b[,:]?\s*/i, "");
    const lead = body(clause);
    if (lead.length > 3) {
      return { text: capitalizeFirst(lead) + closing(ctx.text), note: "Lead with what you can do; the limit can follow, or go." };
    }
  }
  const fixed = !/^(?:can't|cannot|can not|won't|will|am|'m|are|'re|is|was|were|don't|do|doesn't|does|no longer|aren't|isn't|finds?|find)\b/.test(phrase);
  const found = fixed ? undefined : verbAt(ctx, range[1]);
  const object = found ? clauseAfter(ctx.text, found.range[1]) : "";
  const usable = object.length > 0 && object.length <= 60 && !/^(?:you|your|yourself|that|this|it|so|anything|any|a|an|to|for|from|with|at|on|in|until|unless|because|if|when|before|after|once)\b/i.test(object);
  return {
    text: `Here's what ${speaker} can do${usable ? ` for ${lowerFirst(object)}` : " instead"}: [alternative]${closing(ctx.text)}`,
    note: "Lead with what you can offer (an exchange, credit, a workaround, a date), then the limit if it still matters.",
  };
}
