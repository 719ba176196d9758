/**
 * no-deflection: sending the customer somewhere else, or disclaiming the problem, instead of
 * owning it ("not my department", "you'll need to contact billing", "I don't have access to
 * that", "no issues on our end"). A hand-off we own ("I'll bring in our billing team") and
 * routing to the only party who can act, with the reason (the bank for a declined card,
 * emergency services), are not deflection.
 */
import {
  clauseAfter,
  defineRule,
  findPatterns,
  lowerFirst,
  reportHit,
  type PhrasePattern,
  type Range,
  type SentenceContext,
} from "../src/rule-api.js";

const THIRD_PARTIES = String.raw`(?:(?:the|your) )?(?:manufacturer|maker|carrier|courier|shipping (?:agent|company|carrier|provider)|delivery (?:company|service|driver)|post office|postal service|seller|vendor|supplier|merchant|airline|hotel|venue|(?:event )?organi[sz]er|developer|publisher|isp|internet provider|service provider|credit card company|card company|insurer|insurance company|ups|fedex|dhl|usps|royal mail|other (?:team|department)|another (?:team|department)|(?:the |our )?(?:billing|sales|accounts?|finance|technical|tech|support|returns|shipping|warehouse|legal|it|security|fraud|customer service|customer care|escalations?) (?:team|department|dept)|billing|sales|accounting|accounts)`;

const INTERNAL_TEAM = /\b(?:billing|sales|accounts?|accounting|finance|our \w+ team|the \w+ team|customer service|support)\b/;
const LEGITIMATE = /\b(?:your bank|the bank|card issuer|issuing bank|emergency services|emergency|police|911|999|112|doctor|physician|poison control|local authorities|online banking)\b/;
/** We stay with the customer through the hand-off, or offer our own help too. */
const OWNED = /\b(?:i'll|i will|let me|i've|i have|i'm|we'll|we will|we've) (?:contact|call|email|reach out to|get in touch with|speak (?:to|with)|check with|connect|transfer|bring in|loop in|forward|escalate|put you|introduce|ping|create|open|raise|pass|set (?:it|this|that) up|reach out|contact (?:them|the)|stay)|\bor (?:contact|reach|email|call|message|ask) (?:us|our)|\b(?:we|our team) (?:can|will|'ll) (?:help|assist)|\bstay (?:on|with) (?:this|you)/;

type MessageId = "notMine" | "sendAway" | "noAccess" | "notOurEnd" | "dontKnow";
type Pattern = PhrasePattern<MessageId>;

const PATTERNS: readonly Pattern[] = [
  { regex: /\b(?:not|isn't|is not|wasn't) (?:in )?(?:my|our|our company's|the company's) (?:department|job|problem|responsibility|area|team|fault|call|issue|concern|division|remit|wheelhouse|job description|role)\b/g, messageId: "notMine" },
  { regex: /\bnot something (?:that )?(?:my|our|the) (?:[a-z]+ )?(?:team|department|dept|group) (?:handles|deals with|does|covers|looks after|supports|owns)\b/g, messageId: "notMine" },
  { regex: /\b(?:has |have )?nothing to do with (?:me|us|our (?:team|company|store|department))\b/g, messageId: "notMine" },
  { regex: /\b(?:(?:the )?(?:fault|problem|issue|error) (?:isn't|is not|wasn't|was not) (?:from|on|at) our (?:end|side)|no (?:issues?|problems?|errors?|outages?) (?:on|from|at) our (?:end|side)|(?:nothing|everything(?: is| looks| seems)? (?:fine|ok|okay|good|working)|all good) (?:on|from) our (?:end|side)|on our (?:end|side),? (?:everything|all|it) (?:is|looks|seems) (?:fine|ok|good|normal)|not (?:on|from) our (?:end|side))\b/g, messageId: "notOurEnd" },
  { regex: /\b(?:(?:you've|you have) (?:called|reached|contacted|come to|emailed)|this is) the wrong (?:number|department|team|person|place|address|channel)\b|\bwrong (?:number|department)\b/g, messageId: "sendAway" },
  { regex: new RegExp(String.raw`\b(?:you'll|you will|you'd|you would|you)(?: first)? (?:need|have|must|should) to (?:first )?(?:contact|call|reach out to|get in touch with|speak (?:to|with)|talk to|ask|go to|email|write to|visit|check with|take (?:it|this|that) up with|file (?:a|an) (?:\w+ )?claim with)\b`, "g"), messageId: "sendAway", check: sendsAway },
  { regex: new RegExp(String.raw`\b(?:please |kindly )?(?:contact|call|reach out to|get in touch with|check with|speak (?:to|with)|take (?:it|this|that) up with|direct (?:your|any) (?:\w+ )?(?:questions?|queries|requests?|enquir(?:y|ies)|inquir(?:y|ies)) to) ${THIRD_PARTIES}\b(?: directly| first)?`, "g"), messageId: "sendAway", check: sendsAway },
  { regex: /\bfile (?:a|an) (?:\w+ )?claim(?: for (?:reimbursement|compensation|damages))? with (?:the |your )?(?:shipping (?:agent|company|carrier)|carrier|courier|post office|postal service|insurer|insurance company|delivery company)\b/g, messageId: "sendAway" },
  { regex: /\b(?:(?:that's|that is|this is|it's|it is) (?:handled|managed|dealt with|owned|covered) by (?:(?:another|a different|the other|the \w+|our \w+) (?:team|department|group|company)|the (?:seller|manufacturer|carrier|courier|vendor|bank|airline|hotel|venue|organi[sz]er|developer|publisher|marketplace))|(?:that's|that is|it's|it is|(?<=\w )(?:is|are)) (?:the )?(?:manufacturer|carrier|courier|bank|vendor|seller|shipping company|developer|post office|airline)'s (?:responsibility|problem|issue|job|fault)|(?:the )?responsibility of the (?:manufacturer|carrier|courier|vendor|seller|shipping company))\b/g, messageId: "sendAway" },
  { regex: /\b(?:it|that|this) must have been (?:ups|fedex|dhl|usps|the (?:carrier|courier|post office|postal service|delivery (?:company|driver)|shipping company|manufacturer|warehouse))\b/g, messageId: "sendAway", confidence: "medium" },
  { regex: /\b(?:i|we) (?:don't|do not) work (?:for|at|in|with) (?:them|that company|that department|billing|sales|that team|the (?:[a-z-]+ ){0,2}(?:team|department|company|carrier|courier|manufacturer|store|seller|airline|hotel))\b/g, messageId: "notMine" },
  { regex: /\bthis (?:tracker|issue tracker|channel|inbox|forum|repo|repository|email address|address|number|line|chat|queue) is (?:not|n't) (?:for|meant for|the place for)\b/g, messageId: "sendAway" },
  { regex: /\b(?:i|we) (?:don't|do not|can't|cannot) (?:have|get) (?:any )?access to\b/g, messageId: "noAccess", check: noWayForward },
  { regex: /\b(?:i|we) (?:don't|do not) (?:have|offer|provide) (?:manual |any )?(?:coverage|support|visibility) (?:for|of|on|over)\b/g, messageId: "noAccess", check: noWayForward },
  { regex: /\b(?:i|we) (?:(?:really |honestly |just )?(?:don't|do not) know|have no idea|haven't got a clue)\b(?! (?:if|whether) (?:you|this|it) (?:know|noticed))/g, messageId: "dontKnow", check: noWayForward },
];

export default defineRule({
  meta: {
    id: "no-deflection",
    category: "deflection",
    defaultSeverity: "warning",
    description: "Flags sending the customer elsewhere or disclaiming the problem instead of owning it.",
    messages: {
      notMine: {
        message: 'Deflection: "{{phrase}}" disowns the customer\'s problem.',
        note: "Every touchpoint owns the customer's problem; the customer doesn't care whose department it is.",
      },
      sendAway: {
        message: 'Deflection: "{{phrase}}" sends the customer somewhere else to solve it.',
        note: "Making the customer do the hand-off costs them time and trust; own the hand-off instead.",
      },
      noAccess: {
        message: 'Deflection: "{{phrase}}" leaves the customer at a dead end.',
        note: "A limit with no path forward strands the customer; say who can act and that you'll bring them in.",
      },
      notOurEnd: {
        message: 'Deflection: "{{phrase}}" declares the problem someone else\'s.',
        note: "Even when the cause is elsewhere, the customer's problem is still open; help them close it.",
      },
      dontKnow: {
        message: 'Deflection: "{{phrase}}" stops at not knowing.',
        note: "\"I don't know\" ends the conversation; \"let me find out\" keeps it going.",
      },
    },
    trigger:
      /\b(?:not|isn't|wasn't|nothing to do|our (?:end|side)|wrong|need to|have to|must|should|contact|call|reach out|get in touch|check with|speak|talk|take (?:it|this|that) up|direct|file (?:a|an)|handled|managed|dealt|owned|covered|responsibility|must have been|'s (?:problem|fault|issue|job)|work (?:for|at|in|with)|access|coverage|visibility|know|no idea|clue)\b/,
  },
  check(ctx) {
    for (const hit of findPatterns(ctx, PATTERNS, (_, r) => r)) {
      reportHit(ctx, hit, {
        suggestions: [{ text: rewrite(ctx, hit.pattern.messageId, hit.range), note: "Own the next step: who will act, and that you stay with the customer until it's done." }],
      });
    }
  },
});

/** Routing is deflection unless it goes to the only party who can act, or we own the hand-off. */
function sendsAway(ctx: SentenceContext, m: RegExpExecArray): boolean {
  const around = `${ctx.before} ${ctx.normal} ${ctx.after}`;
  const target = ctx.normal.slice(m.index, m.index + m[0].length + 40);
  if (LEGITIMATE.test(target)) return false;
  // "If you'd like a quote, you can contact sales" offers an option inside the company.
  if (/\b(?:you can|you may|feel free to|you're welcome to|you are welcome to)\s*$/.test(ctx.normal.slice(0, m.index)) && INTERNAL_TEAM.test(target)) return false;
  if (OWNED.test(around)) return false;
  // "If you'd like a quote, you can contact sales" is an offer, and "contact us" is not away at all.
  return !/\b(?:contact|call|email|reach|ask) (?:us|me|our (?:team|support))\b/.test(target);
}

/** "I don't have access to X" is fine when the same item gives a way forward. */
function noWayForward(ctx: SentenceContext, m: RegExpExecArray): boolean {
  const rest = `${ctx.normal.slice(m.index + m[0].length)} ${ctx.after}`;
  return !/\b(?:but|however)\b[^.]*\b(?:i|we|you|let me)\b|\b(?:i can|i'll|i will|let me|we can|we'll|you can|i'm going to|i'd be happy|i've|so i)\b/.test(rest);
}

/**
 * Take the hand-off on ourselves, naming whoever the sentence named:
 *   "You'll need to contact billing."   → "I'll contact billing for you and update you by [day/time]."
 *   "I don't have access to your order." → "I'll bring in [team], who can see your order, and update you by [day/time]."
 */
function rewrite(ctx: SentenceContext, messageId: MessageId, range: Range): string {
  const flagged = ctx.text.slice(range[0]);
  if (messageId === "sendAway") {
    const target = /\b(?:contact|call|email|reach out to|get in touch with|speak (?:to|with)|talk to|check with|ask|write to|take (?:it|this|that) up with|file (?:a|an) (?:\w+ )?claim(?: for \w+)? with)\s+(.+)/i.exec(flagged);
    const who = target ? clauseAfter(target[1]!, 0).replace(/\s+(?:directly|first|instead)$/i, "") : "";
    if (who && who.length <= 40 && !/^(?:us|me)\b/i.test(who)) {
      return `I'll contact ${lowerFirst(who).replace(/^your\b/, "your")} for you and update you by [day/time].`;
    }
    return "I'll bring in our [team] and stay with you on this.";
  }
  if (messageId === "noAccess") {
    const what = /\baccess to\s+(.+)/i.exec(flagged);
    const thing = what ? clauseAfter(what[1]!, 0) : "";
    return thing && thing.length <= 40
      ? `I'll bring in [team], who can see ${lowerFirst(thing)}, and update you by [day/time].`
      : "I'll bring in [team] who can [action], and I'll stay on this with you until it's sorted.";
  }
  switch (messageId) {
    case "dontKnow":
      return "Let me find out for you. I'll get back to you by [day/time].";
    case "notOurEnd":
      return "Let's work out together what's happening: [next step].";
    default:
      return "I'll bring in our [team] and stay with you on this.";
  }
}
