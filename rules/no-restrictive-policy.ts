/**
 * no-restrictive-policy: policy, terms and FAQ wording that lists what the company will not do,
 * takes away remedies or shifts cost and liability onto the customer ("no exceptions", "all sales
 * are final", "non-refundable", "we reserve the right", "not responsible for", "at your own
 * risk"). Eligibility conditions the customer can meet ("returns are accepted within 30 days"),
 * ordinary security duties and copyright boilerplate are not flagged.
 */
import {
  POLICY_NOUNS,
  clauseAfter,
  defineRule,
  findPatterns,
  lowerFirst,
  reportHit,
  type PhrasePattern,
  type Range,
  type SentenceContext,
} from "../src/rule-api.js";

const NEGATED_PASSIVE = String.raw`(?:will not|won't|cannot|can't|can not|are not|is not|aren't|isn't|may not|might not|will never|are never|is never|shall not)`;
const REMEDY_PARTICIPLES = String.raw`(?:offered|issued|given|accepted|honou?red|refunded|returned|exchanged|replaced|reimbursed|guaranteed|possible|permitted|allowed|eligible|processed|available|made|granted|credited|covered|returnable|refundable|exchangeable|transferable|transferrable)`;

type MessageId = "absolute" | "noRemedy" | "liability" | "discretion" | "prohibition" | "penalty";
type Pattern = PhrasePattern<MessageId>;

const PATTERNS: readonly Pattern[] = [
  { regex: /\b(?:under no circumstances|under any circumstances|no exceptions?(?: (?:will|can) be made)?|without exceptions?|(?:all|these) (?:sales|purchases|orders) (?:are|is) final|(?:sales?|purchases?) (?:are|is) final|final sales?|non-?refundable|non-?returnable|non-?transferr?able|non-?exchangeable|not (?:be )?(?:refundable|returnable|exchangeable)|no (?:refunds?|returns?|exchanges?|cancell?ations?|substitutions?|credits?|price adjustments?)(?: (?:will|shall|can) be (?:issued|given|made|accepted|offered))?\b(?! (?:is|are) (?:needed|necessary|required)))/g, messageId: "absolute", check: (_ctx, m) => !/^no refunds? (?:needed|necessary)/.test(m[0]) },
  { regex: new RegExp(String.raw`\b${POLICY_NOUNS}(?: [a-z0-9-]+){0,6}? ${NEGATED_PASSIVE} (?:always |necessarily |be |always be |necessarily be |ever be |be able to be )*(?:${REMEDY_PARTICIPLES}|guarantees?)\b`, "g"), messageId: "noRemedy" },
  { regex: new RegExp(String.raw`\b(?:it|this|that|they) ${NEGATED_PASSIVE} (?:be )?(?:refunded|returned|exchanged|replaced|reimbursed|honou?red|accepted)\b`, "g"), messageId: "noRemedy" },
  { regex: new RegExp(String.raw`\b(?:we|the company|the store|the seller) (?:do not|don't|will not|won't|does not|doesn't|shall not|will never|never) (?:directly |currently |generally |usually |normally )?(?:accept|refund|issue|honou?r|exchange|replace|offer|provide|give|price[- ]match|cover|reimburse|take back|ship to|deliver to|allow|permit|guarantee|process)\b(?: (?:[a-z-]+,? ){0,4}?${POLICY_NOUNS}\b| any\b|$| and|[.,;])`, "g"), messageId: "noRemedy" },
  { regex: /\b(?:returns?|refunds?|exchanges?|cancell?ations?) (?:are|is) (?:limited|restricted|not guaranteed)\b/g, messageId: "noRemedy" },
  // "Visitors without passes will not be allowed in": a ban, whoever it is aimed at.
  { regex: /\b(?:will not|won't|cannot|can't|can not|shall not|may not|are not|aren't|is not|isn't) be (?:allowed|permitted|admitted|let in|granted (?:access|entry)|served|tolerated)\b/g, messageId: "prohibition" },
  { regex: /\b(?:are|is) not (?:guaranteed|a guarantee|guarantees)\b/g, messageId: "noRemedy" },
  { regex: /\b(?:(?:will |shall |can )?not (?:be )?(?:held )?(?:responsible|liable)|(?:accept|assume|bear|take|have) no (?:liability|responsibility)|(?:do not|don't) (?:accept|assume|take) (?:any )?(?:liability|responsibility)|exclude (?:all|any) liability|no liability|at (?:your|the (?:customer|buyer|user)'s) (?:own|sole) risk|(?:is|are|remains?) (?:solely |entirely )?(?:your|the (?:customer|buyer|user)'s) (?:own |sole )?responsibility|it is your responsibility to)\b/g, messageId: "liability", check: notSecurityDuty },
  { regex: /\byou(?: will| shall| are|'re|'ll) (?:be )?(?:solely |fully )?responsible for\b/g, messageId: "liability", check: (ctx, m) => /\b(?:cost|costs|shipping|postage|fees?|charges?|paying|pay|expenses?|return|damages?|loss|losses)\b/.test(ctx.normal.slice(m.index, m.index + 80)) },
  { regex: /\b(?:(?:we|the company) reserves? the right|reserve the right|at (?:our|its|the company's) (?:sole|absolute|own) discretion|in (?:our|its) (?:sole|absolute) discretion|without (?:prior )?notice)\b/g, messageId: "discretion" },
  { regex: /\b(?:strictly prohibited|(?:is|are) (?:strictly )?(?:prohibited|forbidden|not permitted)|you (?:must|may|shall) not (?!be\b|need\b|have\b|see\b|notice\b|receive\b|get\b|want\b))/g, messageId: "prohibition", check: notBoilerplate },
  { regex: /\botherwise,? (?:we|i|the [a-z]+|you|your [a-z]+) (?:can't|cannot|can not|won't|will not|will be unable to|are unable to|is unable to)\b/g, messageId: "prohibition" },
  { regex: /\b(?:penali[sz]ed|penalty|penalties|(?:is|are|will be|shall be|may be) forfeited|forfeiture|forfeits? (?:your|the|any|all|their) (?:deposit|fee|payment|booking|reservation|place|right|credit|refund|ticket|order|balance)s?|(?:is|are|becomes?|will be) (?:null and )?void|voids? (?:the|your|any) (?:warranty|guarantee)|(?:restocking|cancell?ation|late|processing) fee (?:of|will|applies|is charged))\b/g, messageId: "penalty" },
  { regex: /\b(?:we are not|we're not|we aren't) (?:the|an?|affiliated)(?: [a-z]+){0,2}? ?(?:organi[sz]ers?|promoters?|hosts?|sellers?|manufacturers?|carriers?|providers?|party|agents?|retailers?|affiliated)\b/g, messageId: "liability" },
  { regex: /(?:^|[.:]\s|^[-*•]\s*)no (?:custom|private|free|personal|phone|email|live|direct|in-person|on-site|individual|one-on-one|[a-z]+ing)\b(?! (?:problem|worries|questions asked|need|wonder|matter|one|doubt|hassle|obligation|commitment|catch|contracts?))/g, messageId: "prohibition", check: (_ctx, m) => !/^(?:no (?:nothing|thing|king|ring|wing|spring|string|sting|sibling|ceiling|everything|anything|something|morning|evening))/.test(m[0].replace(/^[^n]*/, "")) },
  { regex: new RegExp(String.raw`\b(?:${POLICY_NOUNS}|issues|prs|pull requests|questions|posts|threads|accounts|submissions)(?: [a-z-\`:]+){0,6}? (?:may|will|can|shall) (?:be )?(?:[a-z\`:-]+ ){0,3}?(?:and )?(?:closed|rejected|deleted|removed|refused|declined|ignored|locked|cancell?ed without)\b`, "g"), messageId: "prohibition", confidence: "medium" },
];

export default defineRule({
  meta: {
    id: "no-restrictive-policy",
    category: "restrictive-policy",
    defaultSeverity: "warning",
    description: "Flags policy wording that lists what we won't do or shifts cost and liability to the customer.",
    messages: {
      absolute: {
        message: 'Restrictive policy: "{{phrase}}" closes the door with an absolute.',
        note: "Absolutes leave agents no room to say yes; state what the customer can do and when.",
      },
      noRemedy: {
        message: 'Restrictive policy: "{{phrase}}" lists what we won\'t do.',
        note: "A policy written as refusals reads as a wall; lead with the remedies the customer has.",
      },
      liability: {
        message: 'Restrictive policy: "{{phrase}}" pushes responsibility onto the customer.',
        note: "Disclaimers aimed at customers signal we won't stand behind them; say what we cover, then the limits.",
      },
      discretion: {
        message: 'Restrictive policy: "{{phrase}}" reserves power without saying how it is used.',
        note: "Unbounded discretion reads as arbitrary; say when and how the customer will be told.",
      },
      prohibition: {
        message: 'Restrictive policy: "{{phrase}}" is a prohibition aimed at the customer.',
        note: "Rules phrased as bans put customers on the defensive; say what they can do instead.",
      },
      penalty: {
        message: 'Restrictive policy: "{{phrase}}" threatens a penalty.',
        note: "Penalties up front make the policy adversarial; explain the condition and how to avoid it.",
      },
    },
    trigger:
      /\b(?:circumstances|exceptions?|final|non-?refundable|non-?returnable|non-?transferr?able|non-?exchangeable|refundable|returnable|no (?:refunds?|returns?|exchanges?|cancell?ations?|substitutions?|credits?|price)|not|never|won't|can't|cannot|don't|doesn't|aren't|isn't|limited|restricted|responsible|responsibility|liable|liability|risk|reserves? the right|discretion|notice|prohibited|forbidden|must not|may not|shall not|penali[sz]ed|penalty|penalties|forfeit\w*|void\w*|fee|no \w+|closed|rejected|deleted|removed|refused|declined|ignored|locked|otherwise)\b/,
  },
  check(ctx) {
    for (const hit of findPatterns(ctx, PATTERNS)) {
      reportHit(ctx, hit, {
        suggestions: [{ text: rewrite(ctx, hit.pattern.messageId, hit.range), note: "Say what the customer can do, by when, and what we will do for them." }],
      });
    }
  },
});

/** "You are responsible for keeping your password safe" is an ordinary duty, not cost-shifting. */
function notSecurityDuty(ctx: SentenceContext, m: RegExpExecArray): boolean {
  const after = ctx.normal.slice(m.index, m.index + 90);
  return !/responsib\w* (?:to|for) (?:maintain|keep|keeping|maintaining|safeguard|protect|protecting)\w* (?:the )?(?:confidentiality|security|secrecy|your password|your account|your login|your credentials)/.test(after);
}

/** Copyright headers in source files are not aimed at customers. */
function notBoilerplate(ctx: SentenceContext): boolean {
  return !/\b(?:this file|source code|copyright|unauthori[sz]ed copying|reproduction of this|via any medium)\b/.test(ctx.normal);
}

/**
 * Turn the rule into what the customer can do, keeping what the sentence was about:
 *   "We reserve the right to cancel any order." → "We may cancel any order when [condition]; we'll tell you first."
 *   "Gift cards are non-refundable."           → "Here's what you can do with gift cards: [option]."
 */
function rewrite(ctx: SentenceContext, messageId: MessageId, range: Range): string {
  if (messageId === "discretion") {
    const action = /\breserves? the right to\s+(.+)/i.exec(ctx.text);
    const what = action ? clauseAfter(action[1]!, 0) : "";
    return what && what.length <= 60
      ? `We may ${what} when [condition]; we'll tell you [how/when] first.`
      : "We may [change] when [condition]; we'll tell you [how/when] first.";
  }
  if (messageId === "liability") return "Here's what we cover: [what we take care of]. [The limit, stated once, with what the customer can do].";
  if (messageId === "penalty") return "To avoid [the charge], you can [what the customer can do] by [deadline].";
  // The sentence's subject, when it opens the sentence: "Gift cards are non-refundable."
  const subject = /^\s*((?:all |any |our )?[a-z][a-z -]{2,40}?)\s+(?:are|is|will|cannot|can't|may|must)\b/i.exec(ctx.text.slice(0, range[1]));
  if (subject && range[0] > 0 && !/^(?:we|i|you|it|this|that|they|there)$/i.test(subject[1]!.trim())) {
    return `Here's what you can do with ${lowerFirst(subject[1]!.trim().replace(/^(?:all|any|our)\s+/i, ""))}: [option, and by when].`;
  }
  return "You can [what the customer can do] within [time frame].";
}
