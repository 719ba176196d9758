/**
 * no-blame: wording that puts the fault on the customer ("you failed to", "you should have",
 * "your mistake", "user error", "as I already explained"). Explain what happened, not who was
 * wrong. Conditional notices ("if you fail to pay…"), prerequisites ("before submitting, you
 * should have read…") and "you should have received an email" are not blame.
 */
import {
  CUSTOMER_DUTY_VERBS,
  body,
  clauseAfter,
  closing,
  lowerFirst,
  pronounFor,
  defineRule,
  findPatterns,
  reportHit,
  verbAt,
  type PhrasePattern,
  type Range,
  type SentenceContext,
} from "../src/rule-api.js";

const PARTICIPLE = /^(?:[a-z]+ed|done|read|known|made|sent|taken|given|seen|told|written|chosen|forgotten|gotten|got|left|kept|paid|put|set|shown|spent|thought|understood|brought|bought|run|come|gone)$/;
const INFORMATIVE_PARTICIPLE = /^(?:received|gotten|got|been|heard|noticed|seen an? |access)$/;

const PATTERNS: readonly PhrasePattern[] = [
  { regex: /\byou(?:'ve| have| had)? (?:may |might )?(?:failed|fail|forgot|forget|neglected|omitted|refused|chose not|did not bother|didn't bother) to\b/g, messageId: "failed", check: notConditional },
  { regex: /\byou(?:'ve| have)? (?:made|make) (?:a |an |the )?(?:mistake|error|typo)\b/g, messageId: "mistake" },
  { regex: /\byou(?:'re| are) (?:wrong|mistaken|incorrect|confused)\b/g, messageId: "mistake" },
  { regex: /\byou (?:misunderstood|misread|misunderstand|got it wrong|messed (?:it |this )?up|broke it|didn't listen|did not listen|weren't listening|never listen)\b/g, messageId: "mistake" },
  { regex: /\b(?:your (?:own )?(?:fault|mistake|error|oversight|negligence|carelessness|misunderstanding)|due to your own|(?:is|was|'s) (?:all )?(?:due to|because of|caused by) your (?:setup|configuration|config|settings|network|browser|device|computer|connection|code|environment|installation)|user error|operator error|pebkac|on your (?:part|side) (?:was|is) (?:wrong|incorrect))\b/g, messageId: "yourFault" },
  { regex: /\b(?:(?:as|like) i (?:already|previously|just|clearly) (?:explained|told you|said|stated|mentioned)|i(?: already| have already|'ve already) (?:told you|explained (?:this|it|that)(?: to you)?))\b/g, messageId: "alreadyExplained" },
  { regex: /\byou should(?:n't| not)? have (?!to\b)([a-z]+)\b/gd, messageId: "shouldHave", check: shouldHaveIsBlame },
  { regex: /\byou must have (?!to\b)([a-z]+)\b/gd, messageId: "mustHave", check: (_ctx, m) => PARTICIPLE.test(m[1]!) && !INFORMATIVE_PARTICIPLE.test(m[1]!) },
  { regex: /\b(?:why )?(?:didn't|did not|don't|do not) you\b|\byou (?:didn't|did not|never|haven't|have not|weren't|were not)\b/g, messageId: "didNot", check: didNotIsBlame },
  { regex: /\b(?:failure to (?:read|follow|comply|provide|check|update|respond)|you were (?:supposed|told|asked|instructed) to|if you had (?:read|followed|checked|contacted|called|provided|paid attention)|had you (?:read|followed|checked|contacted|called|provided))\b/g, messageId: "failed", confidence: "medium" },
  { regex: /\b(?:(?:is|'s) (?:likely|probably|clearly|obviously|definitely|most likely) (?:an? (?:problem|issue|bug) (?:with|in) |caused by )?your|(?:known |common )?(?:issue|problem|bug) (?:with|in) your (?:code|framework|setup|configuration|config|network|browser|device|computer|settings|implementation|retry logic|integration|environment))\b/g, messageId: "yourFault", confidence: "medium" },
  { regex: /\byou (?:entered|typed|used|selected|chose|picked|sent|gave us|provided|ordered|clicked|bought) (?:the |an? )?(?:wrong|incorrect|invalid|expired)\b/g, messageId: "mistake" },
  { regex: /\b(?:maybe|perhaps|probably) you (?:left|dropped|broke|forgot|lost|damaged|deleted|misplaced|entered|typed)\b/g, messageId: "mistake", confidence: "medium" },
];

export default defineRule({
  meta: {
    id: "no-blame",
    category: "blame",
    defaultSeverity: "error",
    description: "Flags wording that blames the customer (you failed to, you should have, user error).",
    messages: {
      failed: {
        message: 'Blame: "{{phrase}}" says the customer failed.',
        note: "Fault has nothing to do with fixing the problem; saying what happened keeps the customer on your side.",
      },
      mistake: {
        message: 'Blame: "{{phrase}}" tells the customer they were wrong.',
        note: "The brand does not need to win the argument; accept their framing and fix it.",
      },
      yourFault: {
        message: 'Blame: "{{phrase}}" puts the fault on the customer.',
        note: "Customers who feel blamed stop cooperating; describe the cause without assigning it to them.",
      },
      alreadyExplained: {
        message: 'Blame: "{{phrase}}" scolds the customer for asking again.',
        note: "Repeating yourself is cheaper than losing the customer; explain it again, differently.",
      },
      shouldHave: {
        message: 'Blame: "{{phrase}}" tells the customer what they should have done.',
        note: "Hindsight can't be acted on; say what to do now instead.",
      },
      mustHave: {
        message: 'Blame: "{{phrase}}" assumes the customer caused the problem.',
        note: "An assumption of fault reads as an accusation; describe what you see instead.",
      },
      didNot: {
        message: 'Blame: "{{phrase}}" points at something the customer didn\'t do.',
        note: "Point at the next step, not the missed one.",
      },
    },
    trigger:
      /\b(?:you(?:'ve|'re| have| had| are| were| may| might| must| should| shouldn't| failed| fail| forgot| neglected| omitted| refused| chose| made| make| misunderstood| misread| misunderstand| got| messed| broke| didn't| did not| never| haven't| weren't| entered| typed| used| selected| chose| picked| sent| gave| provided| ordered| clicked| bought)|(?:didn't|did not|don't|do not) you|your (?:own )?(?:fault|mistake|error|oversight|negligence|carelessness|misunderstanding|code|framework|setup|config|network|browser|device|computer|settings|implementation|retry|integration|environment)|due to your|user error|operator error|pebkac|already|(?:as|like) i (?:just|previously|clearly)|failure to|if you had|had you|(?:maybe|perhaps|probably) you|(?:likely|probably|clearly|obviously|definitely) your)\b/,
  },
  check(ctx) {
    for (const hit of findPatterns(ctx, PATTERNS, skipCopula)) {
      reportHit(ctx, hit, {
        suggestions: [{ text: rewrite(ctx, hit.pattern.messageId, hit.range), note: "Say what happened and what happens next, without saying whose fault it was." }],
      });
    }
  },
});

/** "…it's probably your network": the finding starts at the hedge, not at the verb's "'s". */
function skipCopula(normal: string, range: Range): Range {
  const lead = /^(?:'s|is) /.exec(normal.slice(range[0], range[1]));
  return lead ? [range[0] + lead[0].length, range[1]] : range;
}

/** "If you fail to pay…" is a conditional notice, not an accusation. */
function notConditional(ctx: SentenceContext, m: RegExpExecArray): boolean {
  const before = ctx.normal.slice(Math.max(0, m.index - 25), m.index);
  return !/\b(?:if|should|unless|in case|when|whether)\s+$/.test(before) && !/\bif\b[^,]*$/.test(ctx.normal.slice(0, m.index));
}

function shouldHaveIsBlame(ctx: SentenceContext, m: RegExpExecArray): boolean {
  const word = m[1]!;
  if (!PARTICIPLE.test(word) || INFORMATIVE_PARTICIPLE.test(word)) return false;
  // "should have read/write access", "should have read the rules before submitting" (a prerequisite).
  if (/^read$/.test(word) && /^\s*(?:\/|or write|and write|-?only|access|permission)/.test(ctx.normal.slice(m.index + m[0].length))) return false;
  return !/^\s*(?:before|prior to|by now|by the time|to (?:qualify|be eligible|apply|enter|participate))\b/.test(ctx.normal) &&
    !/\b(?:before (?:submitting|applying|you)|prior to)\b/.test(ctx.normal.slice(0, m.index));
}

function didNotIsBlame(ctx: SentenceContext, m: RegExpExecArray): boolean {
  if (!notConditional(ctx, m)) return false;
  const found = verbAt(ctx, m.index + m[0].length);
  if (!found) return false;
  return CUSTOMER_DUTY_VERBS.has(found.root) || CUSTOMER_DUTY_VERBS.has(found.normal);
}

/**
 * Rewrites that keep the customer's task and drop the fault:
 *   "You failed to enter the code."  → "It looks like the code wasn't entered yet. Let's enter it together."
 *   "You didn't attach the file."    → "It looks like the file didn't come through. Could you attach it again?"
 *   "As I already told you, the refund takes a week." → "To recap, the refund takes a week."
 */
function rewrite(ctx: SentenceContext, messageId: string, range: Range): string {
  const generic = "It looks like [what happened]. Let's sort it out together: [next step].";
  if (messageId === "alreadyExplained") {
    const rest = ctx.text.slice(range[1]).replace(/^[\s,;:—–-]+/, "");
    return range[0] === 0 && /\p{L}/u.test(rest) ? `To recap, ${lowerFirst(body(rest))}${closing(ctx.text)}` : "Let me explain it another way: [explanation].";
  }
  if (messageId === "shouldHave") return "Here's what we can do now: [next step].";
  if (messageId !== "failed" && messageId !== "didNot") return generic;
  const found = verbAt(ctx, range[1]);
  if (!found) return generic;
  const object = clauseAfter(ctx.text, found.range[1]);
  if (object.length === 0 || object.length > 50 || !/^(?:the|your|a|an|this|that|our|any)\b/i.test(object)) {
    return messageId === "didNot" ? "It looks like that step didn't go through. Could we try it again together?" : generic;
  }
  const thing = lowerFirst(object.replace(/^your\b/i, "the").replace(/^(?:a|an|any)\b/i, "the"));
  // The root is the infinitive; only "wasn't entered yet" needs the participle.
  if (messageId === "didNot") return `It looks like ${thing} didn't come through. Could you ${found.root} ${pronounFor(thing)} again?`;
  const forms = ctx.conjugate(found.root);
  if (!forms) return generic;
  return `It looks like ${thing} ${/s$/.test(thing) && !/ss$/.test(thing) ? "weren't" : "wasn't"} ${forms.participle} yet. Let's ${forms.infinitive} ${pronounFor(thing)} together.`;
}
