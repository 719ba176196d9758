/**
 * Positive signals (PRINCIPLES.md, "Signals that raise the score"): ownership, options,
 * acknowledgement and proactive follow-up. A regex pass over every sentence, so it costs nothing
 * next to the NLP. Negated forms never count ("we can't" is not an option offered).
 */
import type { ScoreSignals } from "../core/types.js";
import { CONCRETE_TIME } from "../language/english.js";

const SIGNALS: Readonly<Record<keyof ScoreSignals, RegExp>> = {
  ownership:
    /\b(?:i'll|i will|(?:i|we)(?:'ve| have) (?:already |just )?(?:processed|added|sent|issued|escalated|forwarded|refunded|updated|fixed|made|checked|confirmed|arranged|booked|credited|applied|reset|restored|resent|set up|gone ahead|passed)|let me|let's (?:try|get|fix|sort|figure|work|look|see|start|find|make)|i'm going to|i am going to|i'm (?:escalating|processing|sending|checking|looking)|i can (?!'t|not))\b/,
  options:
    /\b(?:you can(?!'t|not| not)|we can(?!'t|not| not)|(?:we|i) do (?:have|offer|carry|ship|support)|here's (?:how|what)|here is (?:how|what)|what (?:i|we) can do|you're welcome to|we're happy to|i'm happy to|we'd be happy to|i'd be happy to|happy to help|alternatives?|options?|instead)\b/,
  empathy:
    /\b(?:i understand|i'm (?:so |really |very |truly )?sorry|we're (?:so |really |very )?sorry|i apologi[sz]e|we apologi[sz]e|thanks? (?:you )?for|thank you|i appreciate|we appreciate|i know (?:this|that|how)|i can see (?:why|how)|you're right|makes (?:complete |total )?sense)\b/,
  proactive:
    /\b(?:(?:i'll|i will|we'll|we will) (?:check in|follow up|keep an eye|update you|let you know|email you|call you)|heads[- ]up|in case|before you (?:ask|need)|to make sure|i've gone ahead|we've gone ahead|(?:i|we)(?:'ve| have) already (?!told|explained|said|mentioned))\b/,
};

/** The kinds, listed once: this runs for every sentence. */
const SIGNAL_KINDS = Object.keys(SIGNALS) as ReadonlyArray<keyof ScoreSignals>;

/**
 * An empowering policy statement: what the customer can do, or what we will do for them. Counted
 * against restrictive-policy findings to give a policy's can-do ratio.
 */
const EMPOWERING =
  /\b(?:you can(?!'t|not| not) (?:\w+ )?(?:return|cancel|exchange|request|get|change|choose|keep|ask|upgrade|downgrade|pause|transfer|update|reschedule|claim|contact|reach|swap|try|send|bring|use|switch)|you(?:'re| are) (?:always )?(?:welcome|free|entitled|eligible) to|you may (?:return|cancel|exchange|request|change|choose|keep|ask)|(?:we|we'll|we will|we're happy to|we are happy to) (?:gladly |happily |always )?(?:refund|replace|repair|exchange|cover|reimburse|credit|pay for|waive|extend|honou?r)|free (?:returns|exchanges|shipping|cancell?ations?|repairs?)|full refund|money[- ]back|no questions asked|cancel (?:at )?any ?time|(?:returns|refunds|exchanges|cancell?ations) are (?:accepted|available|free|easy|welcome))\b/;

/** Does the sentence state what the customer can do (or what we will do for them)? */
export function isEmpowering(normal: string): boolean {
  return EMPOWERING.test(normal);
}

export function emptySignals(): ScoreSignals {
  return { ownership: 0, options: 0, empathy: 0, proactive: 0 };
}

/**
 * Adds the signals of one normalised sentence to `into` (each kind counts once per sentence) and
 * says whether the sentence had any.
 */
export function countSignals(normal: string, into: { -readonly [K in keyof ScoreSignals]: number }): boolean {
  let any = false;
  for (const key of SIGNAL_KINDS) {
    // A concrete time ("by Friday", "within 24 hours") is ownership even without "I'll".
    if (SIGNALS[key].test(normal) || (key === "ownership" && CONCRETE_TIME.test(normal))) {
      into[key]++;
      any = true;
    }
  }
  return any;
}
