/**
 * no-dismissive: talking down to the customer or shutting the conversation ("obviously",
 * "simply click…", "per my last email", "calm down", "take your business elsewhere", "that's our
 * policy" as the whole answer). "Obviously" in narrative prose, "simply reply for a full refund"
 * (an offer) and "as stated in our Terms" as a neutral cross-reference are left alone.
 * Deleting "simply" before an instruction is a safe fix: the sentence means the same without it.
 */
import { defineRule, findPatterns, plainVerbAt, reportHit, without, type PhrasePattern, type Range, type SentenceContext } from "../src/rule-api.js";

type MessageId = "minimizer" | "condescending" | "shutDown" | "alreadySaid" | "policyWall";
type Pattern = PhrasePattern<MessageId>;

const PATTERNS: readonly Pattern[] = [
  { regex: /\b(?:calm down|relax(?=[,.!])|settle down|(?:take|bring) your (?:business|money|custom) elsewhere|(?:shop|go|look|buy) elsewhere|deal with it|get over it|too bad|tough luck|(?:that's|that is) (?:just )?(?:tough|life|the way it is|how it is)|it is what it is|why would (?:i|we) care|(?:i|we) don't care|not our concern|(?:you're|you are) out of luck|(?:we're|we are|i'm|i am) (?:very |really |so |extremely |just |too )?(?:busy|swamped|slammed)(?: right now| at the moment| today)?|(?:it's|it has|that's|that has) always been (?:like that|that way|this way|the case|that price|the price|our policy))\b/g, messageId: "shutDown" },
  { regex: /\b(?:(?:as )?per my (?:last|previous|earlier|prior) (?:email|e-mail|message|reply|response|note|comment)|as (?:i|we) (?:said|mentioned|stated|noted|wrote|pointed out)(?: (?:before|earlier|previously|above))?|as (?:previously|already) (?:stated|mentioned|noted|explained)|as stated (?:above|before|previously)|(?:again|once again),? (?:as|like) (?:i|we) said|for the (?:last|third|second|hundredth) time|(?:i|we)(?: have|'ve) already answered (?:this|that))\b/g, messageId: "alreadySaid" },
  { regex: /(?:^|[.!?]\s+|^["']?)(?:as (?:noted|stated|mentioned|explained|outlined|described|documented|indicated|shown) (?:in|on) (?:our|the) (?:docs|documentation|faq|faqs|help cent(?:er|re)|website|site|policy|policies|terms|kb|knowledge base|guide|article|readme|instructions|manual|email|receipt)|(?:our|the) policy (?:clearly|plainly|explicitly) (?:states|says)|(?:it|this|that) (?:(?:clearly|plainly|explicitly) )?(?:says|states|is stated|is written|is printed|is shown|is explained) (?:right |clearly |very clearly |plainly )?(?:on|in) (?:the|your) (?:receipt|website|site|terms|invoice|confirmation|sign|email|listing|description|page))/g, messageId: "condescending", check: notAnOffer },
  { regex: /\b(?:printed (?:very |quite )?clearly|(?:clearly|plainly) (?:printed|stated|marked|written)|there are (?:signs|notices) (?:in|at|stating|that|everywhere)|(?:that|this|it) is literally (?:the|what)|literally says|says right (?:on|in|there))\b/g, messageId: "condescending" },
  { regex: /\b(?:(?:that's|that is|it's|it is|this is) (?:just |simply )?(?:our|the|company|store) polic(?:y|ies)|(?:company|store) policy|(?:that's|it's) (?:just )?how (?:we|it) (?:do|does|work)s?(?: things)?)(?=\s*[.!?…"]*\s*$)/g, messageId: "policyWall", check: (ctx, m) => !/\b(?:against|not)\b/.test(ctx.normal.slice(Math.max(0, m.index - 12), m.index + 12)) },
  { regex: /\b(?:most (?:people|customers|users) (?:know|understand|can|figure|manage|would know|don't have (?:a|any) (?:problem|trouble))|everyone knows|any(?:one|body) can|it'?s (?:really )?not (?:that )?(?:hard|difficult|complicated|rocket science)|not as (?:easy|hard|simple|difficult) as it (?:looks|seems)|in a way (?:that )?you(?:'ll| will| can| might)? (?:understand|get)|let me (?:try to )?explain (?:this |it )?(?:again|one more time|slowly|more simply)|you(?:'ll| will) have to read (?:the|our) (?:policy|terms|faq|manual|docs|documentation)|read the (?:manual|docs|documentation|faq|instructions) (?:again|first|carefully|before))\b/g, messageId: "condescending" },
  { regex: /\bwe consider (?:our|a|the|this|that) [^.]{0,50}?(?:very |perfectly |quite |more than )?(?:reasonable|fair|generous)\b|\bother (?:retailers|companies|stores|shops|vendors|businesses|providers|merchants)(?: of [a-z]+)? [^.]{0,30}?(?:similar|the same|same|stricter|worse) (?:policies|policy|rules|terms)\b/g, messageId: "policyWall" },
  { regex: /\b(?:obviously|clearly|of course)\b/g, messageId: "minimizer", check: minimizerAddressesReader },
  { regex: /\bsimply\b(?= [a-z])/g, messageId: "minimizer", check: simplyBelittles, confidence: "medium" },
];

export default defineRule({
  meta: {
    id: "no-dismissive",
    category: "dismissive",
    defaultSeverity: "warning",
    fixable: "safe",
    description: "Flags condescending or conversation-ending wording (obviously, per my last email, calm down, that's our policy).",
    messages: {
      minimizer: {
        message: 'Dismissive: "{{phrase}}" implies the customer should have found this easy.',
        note: "If it were obvious or simple, they wouldn't be asking; the word makes them feel slow.",
      },
      condescending: {
        message: 'Dismissive: "{{phrase}}" talks down to the customer.',
        note: "Condescension does the same damage as rudeness in smaller doses; give the answer plainly.",
      },
      shutDown: {
        message: 'Dismissive: "{{phrase}}" shuts the customer down.',
        note: "A frustrated customer can still be won back; writing them off loses them and everyone they tell.",
      },
      alreadySaid: {
        message: 'Dismissive: "{{phrase}}" reminds the customer they were already told.',
        note: "Pointing back at an earlier message reads as impatience; answer the question again.",
      },
      policyWall: {
        message: 'Dismissive: "{{phrase}}" uses the policy as the whole answer.',
        note: "Citing policy ends the conversation without helping; explain the reason and what the customer can do.",
      },
    },
    trigger:
      /\b(?:calm|relax|settle|busy|swamped|slammed|always been|elsewhere|deal with it|get over|too bad|tough|the way it is|how it is|it is what it is|care|concern|out of luck|per my|as (?:i|we) (?:said|mentioned|stated|noted|wrote|pointed)|previously|already|stated|for the (?:last|third|second|hundredth)|explained|noted|mentioned|outlined|described|documented|indicated|shown|polic(?:y|ies)|says|printed|signs|notices|literally|plainly|most (?:people|customers|users)|everyone knows|anyone|anybody|not (?:that )?(?:hard|difficult|complicated)|rocket|not as|in a way|explain|read|consider|other|obviously|clearly|of course|simply)\b/,
  },
  check(ctx) {
    for (const hit of findPatterns(ctx, PATTERNS, trimLead)) {
      const fix = hit.pattern.messageId === "minimizer" ? deletion(ctx, hit.range) : undefined;
      reportHit(ctx, hit, { ...(fix ? { fix } : {}), suggestions: [suggest(ctx, hit.pattern.messageId, hit.range, fix)] });
    }
  },
});

/** Only the lead-in a pattern needed (". As I said") is trimmed; trailing words stay. */
function trimLead(normal: string, range: Range): Range {
  let s = range[0];
  while (s < range[1] && /[\s.!?"']/.test(normal[s]!)) s++;
  return [s, range[1]];
}

/** "As stated in our Terms, you can cancel anytime" cites the terms to give, not to refuse. */
function notAnOffer(ctx: SentenceContext, m: RegExpExecArray): boolean {
  return !/^[^.!?]*?,\s*(?:you can|you may|you're welcome|you are welcome|we(?:'ll| will) (?:gladly |happily )?(?:refund|replace|help|cover))/.test(ctx.normal.slice(m.index + m[0].length));
}

/** "Obviously, you need to…" talks down; "Obviously, this struck a chord" is narrative. */
function minimizerAddressesReader(ctx: SentenceContext, m: RegExpExecArray): boolean {
  const bare = /^\W*(?:obviously|clearly|of course)\W*$/.test(ctx.normal);
  // "…more efficient? Obviously." answers the writer's own question: narrative, not aimed at the reader.
  if (bare) return m[0] !== "of course" && !/\?\W*$/.test(ctx.before);
  // "Of course!" / "Of course we can help" is a warm yes.
  if (m[0] === "of course") return /\bof course,? you (?:need|have to|should|must|didn't)\b/.test(ctx.normal);
  if (m[0] === "clearly" && !/\b(?:you|your)\b/.test(ctx.normal.slice(m.index - 20, m.index + 40))) return false;
  return /\b(?:you|your|please)\b/.test(ctx.normal) || /^\W*(?:obviously|clearly),? (?:just )?[a-z]+ (?:the|your|on|to)\b/.test(ctx.normal);
}

/** "Simply click…" in an answer belittles; "simply reply for a full refund" is an offer. */
function simplyBelittles(ctx: SentenceContext, m: RegExpExecArray): boolean {
  const before = ctx.normal.slice(0, m.index);
  if (/\b(?:we|i|it|this|that|they)(?:'re|'m| are| am| is| was| were)?\s*$/.test(before)) return false;
  if (/^\s*if\b/.test(ctx.normal) || /\b(?:refund|free|no cost|no charge|no questions)\b/.test(ctx.normal)) return false;
  if (/^simply (?:reply|let us know|contact us|get in touch|reach out|ask|message us|email us|call us)\b/.test(ctx.normal.slice(m.index))) return false;
  // Only an instruction: "Simply click…", "…, then simply restart", "all you need to do is simply…".
  if (!/(?:^|[,;:(]\s*|\b(?:please|then|and|just|now|you can|you'll need to|you need to|all you (?:need|have) to do is))\s*["']?\s*$/.test(before)) return false;
  // A known base-form verb is one the parse tags so too (english.test.ts checks each).
  if (plainVerbAt(ctx.normal, m.index + "simply ".length)) return true;
  const analysis = ctx.nlp();
  const next = analysis.terms[analysis.termAt(m.index + "simply ".length)];
  return !!next && next.tags.has("Verb") && !next.tags.has("Gerund") && !next.tags.has("PastTense");
}

/** Deleting the minimizer is safe when it stands alone before the words it modifies. */
function deletion(ctx: SentenceContext, range: Range): { range: Range; text: string } | undefined {
  const word = ctx.normal.slice(range[0], range[1]);
  if (word !== "simply" && word !== "obviously") return undefined;
  const after = /^,?\s+/.exec(ctx.text.slice(range[1]));
  if (!after) return undefined;
  const end = range[1] + after[0].length;
  const next = ctx.text.charAt(end);
  if (!/[a-z]/i.test(next)) return undefined;
  const atStart = range[0] === 0 || /(?:^|\n)[\s"“'‘(]*$/.test(ctx.text.slice(0, range[0]));
  return { range: [range[0], end + 1], text: atStart ? next.toUpperCase() : next };
}

function suggest(ctx: SentenceContext, messageId: MessageId, range: Range, fix?: { range: Range; text: string }) {
  if (fix) {
    const rewritten = ctx.text.slice(0, fix.range[0]) + fix.text + ctx.text.slice(fix.range[1]);
    return { text: rewritten, note: "The instruction reads as friendly without the minimizer." };
  }
  // "Per my last email, the invoice is attached." → "The invoice is attached."
  const rest = without(ctx.text, range);
  if ((messageId === "alreadySaid" || messageId === "condescending" || messageId === "minimizer") && /\p{L}{2,}.*\s\p{L}/u.test(rest) && range[0] === 0) {
    return { text: rest, note: "The answer stands on its own; the pointer back only adds an edge." };
  }
  switch (messageId) {
    case "alreadySaid":
      return { text: "To recap: [answer, said another way].", note: "Answer again without pointing back." };
    case "policyWall":
      return { text: "Here's why: [reason]. What we can do: [option].", note: "Give the reason and an option." };
    case "shutDown":
      return { text: "I hear you. Here's what we can do: [next step].", note: "Acknowledge, then offer a next step." };
    default:
      return { text: "[The answer, stated plainly.]", note: "Give the answer without commenting on how easy it is." };
  }
}
