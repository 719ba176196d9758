/**
 * no-hollow-promise: a promise of follow-up with no time frame or trigger ("someone will get back
 * to you", "we'll look into it", "we'll be in touch soon"). The time frame decides: "I'll email
 * you by Friday", "within 24 hours", "once it ships" and a placeholder that stands for a time
 * ("{{eta}}", "[day/time]") all pass. compromise's date and duration tags back the regex up.
 */
import {
  CONCRETE_TIME,
  CONCRETE_TRIGGER,
  VAGUE_TIME,
  allMatches,
  closing,
  defineRule,
  hasConcreteTime,
  isSetOffWord,
  timeCandidates,
  type Range,
  type SentenceContext,
} from "../src/rule-api.js";

const FUTURE = String.raw`(?:will|shall|(?:am|are|is) going to|'m going to|'re going to)`;
const FOLLOW_UP = String.raw`(?:be in touch|get back(?: to you)?|getting back to you|follow up|look into|look at (?:it|this|that|your)|take a look|reach out|contact you|update you|keep you (?:updated|posted|informed|in the loop)|let you know|respond|reply|get in touch|circle back|see what (?:i|we) can do|investigate|escalate|pass (?:it|this|that|them|your [a-z]+) (?:along|on)|pass (?:it|this|that|them) along|forward (?:it|this|that|your [a-z]+)|sort (?:it|this|that) out|have an? (?:update|answer|response|reply)|send (?:you )?an? (?:update|reply|response)|work on (?:it|this|that)|fix (?:it|this|that|the (?:issue|problem|bug))|email you (?:back|again|an update|with (?:an )?(?:update|answer))|call you back|hear (?:back )?from us|be resolved|be fixed|be looked at|be reviewed|be addressed|be handled|touch base|check (?:on|into) (?:it|this|that))`;

// The promise must be ours: "we'll…", "someone will…", "your ticket will be…"; "some brands will…" is not.
const PROMISER = String.raw`(?:someone|somebody|a member of (?:our|the) team|one of (?:our|the) (?:team|agents|specialists|engineers|staff)|(?:our|the) (?:[a-z]+ )?team|(?:a|an|our|the|one of our) (?:[a-z]+ )?(?:specialists?|agents?|engineers?|representatives?|reps?|colleagues?|managers?|supervisors?|technicians?|staff)|we|i|they|your (?:request|ticket|case|issue|message|feedback|question|report|complaint|refund|order))`;
// The follow-up ends the pattern, so matching it inside a lookahead and then taking what it
// matched (\k<followUp>) finds the same matches. It spares the first run of each process: V8
// otherwise analyses both long alternations together when it compiles the regex, 34 ms for
// this one (5 ms now) and 11 ms for COORDINATED (5 ms).
const FOLLOW_UP_TAIL = String.raw`(?=(?<followUp>(?:[a-z]+ly )?${FOLLOW_UP}\b))\k<followUp>`;
const PROMISE = new RegExp(String.raw`\b${PROMISER}(?: (?:(?:also|then|definitely|certainly|now|just|really|surely|personally|happily|gladly) ){0,2})?(?:'ll| ${FUTURE}) ${FOLLOW_UP_TAIL}`, "g");
// "I'll check, and will be in touch": the subject comes from the first clause.
const COORDINATED = new RegExp(String.raw`\b(?:and|then|but) (?:${FUTURE}) ${FOLLOW_UP_TAIL}`, "g");
const WORKING_ON = /\b(?:we're|we are|the team is|our (?:[a-z]+ )?team is|our (?:engineers|developers|specialists) are|engineers are|developers are) (?:currently |actively |still )?(?:working on (?:it|this|that|a fix|making|fixing|improving|getting|resolving|a solution)|looking into (?:it|this|that|the (?:issue|problem))|investigating(?: (?:it|this|that|the (?:issue|problem)))?)\b/g;
// "We will fix this eventually": a vague time on any promise of ours.
const VAGUE_ALONE = new RegExp(String.raw`\b${PROMISER}(?:'ll| ${FUTURE})\b[^.!?]{0,60}?\b(?:soon|shortly|asap|as soon as possible|in due course|at some point|in the near future|eventually|sometime|some day|someday)\b`, "g");

/** A clause boundary: a promise's time frame must be in its own clause. */
const CLAUSE_BREAK = /(?:,? and if |,? and we |,? and i |; |,? but | - | — | – |\(|,? which |,? where )/g;

export default defineRule({
  meta: {
    id: "no-hollow-promise",
    category: "hollow-promise",
    defaultSeverity: "warning",
    description: "Flags follow-up promises with no owner-set time frame (someone will get back to you, we'll look into it).",
    messages: {
      noTime: {
        message: 'Hollow promise: "{{phrase}}" has no time frame.',
        note: "A promise without a time can't be kept or checked; customers chase it, and trust drops when it slips.",
      },
      vagueTime: {
        message: 'Hollow promise: "{{phrase}}" only says "{{when}}".',
        note: '"Soon" means a different time to every customer; name the day or the hours.',
      },
    },
    trigger:
      /\b(?:will|'ll|shall|going to|working on|looking into|investigating|be in touch|get back|soon|shortly|asap|as soon as possible|in due course|eventually)\b/,
  },
  check(ctx) {
    const seen: Range[] = [];
    const candidates = [
      ...allMatches(PROMISE, ctx.normal),
      ...allMatches(COORDINATED, ctx.normal).filter(({ range }) => /\b(?:i|we|our|my|someone|the team)\b/.test(ctx.normal.slice(0, range[0]))),
      ...allMatches(WORKING_ON, ctx.normal),
      ...allMatches(VAGUE_ALONE, ctx.normal),
    ].sort((a, b) => a.range[0] - b.range[0]);
    for (const { range } of candidates) {
      if (seen.some((r) => r[0] < range[1] && range[0] < r[1])) continue;
      if (/\bin the (?:next|following|previous|last) (?:section|chapter|part|post|article|step)\b/.test(ctx.normal)) continue;
      const clause = clauseAround(ctx.normal, range);
      const vague = VAGUE_TIME.exec(ctx.normal.slice(clause[0], clause[1]).replace(CONCRETE_TRIGGER, (t) => " ".repeat(t.length)));
      if (!vague && hasTimeFrame(ctx, clause)) continue;
      if (!vague && concreteOutcomeFollows(ctx.normal.slice(range[1], clause[1]))) continue;
      seen.push(range);
      ctx.report({
        messageId: vague ? "vagueTime" : "noTime",
        range,
        data: { phrase: ctx.text.slice(range[0], range[1]), ...(vague ? { when: vague[0] } : {}) },
        suggestions: [suggest(ctx, clause)],
      });
    }
  },
});

function clauseAround(normal: string, range: Range): Range {
  let start = 0;
  let end = normal.length;
  for (const { range: b } of allMatches(CLAUSE_BREAK, normal)) {
    if (b[1] <= range[0]) start = b[1];
    else if (b[0] >= range[1]) {
      end = b[0];
      break;
    }
  }
  return [start, end];
}

function hasTimeFrame(ctx: SentenceContext, clause: Range): boolean {
  if (hasConcreteTime(ctx.normal, ctx.placeholders, clause)) return true;
  // The time may open the sentence: "Within 24 hours, we'll…", "Once confirmed, we'll…".
  const opening = ctx.normal.slice(0, clause[0]);
  if (opening && (CONCRETE_TIME.test(opening) || CONCRETE_TRIGGER.test(opening))) return true;
  // "Someone will get back to you": no word that could name a time, so nothing for the parse to
  // find. "Sorry Olivia, we'll look into it": a name set off by a comma is asked about alone.
  const candidates = timeCandidates(ctx.normal, clause);
  if (candidates.every((r) => isSetOffWord(ctx.text, r) && !ctx.namesTime(ctx.text.slice(r[0], r[1])))) return false;
  const analysis = ctx.nlp();
  const from = analysis.termAt(clause[0]);
  const to = analysis.terms.findIndex((t) => t.range[0] >= clause[1]);
  return from >= 0 && analysis.hasTimeBetween(from, to < 0 ? analysis.terms.length : to) && !/\b(?:once|ever|never)\b/.test(ctx.normal.slice(clause[0], clause[1]).replace(CONCRETE_TRIGGER, ""));
}

/** "We will investigate and either resend or refund your order" commits to an outcome. */
function concreteOutcomeFollows(rest: string): boolean {
  return /^\s*(?:and|,) (?:then )?(?:either )?(?:resend|refund|replace|repair|reship|credit|issue|send you a (?:replacement|refund))\b/.test(rest);
}

function suggest(ctx: SentenceContext, clause: Range) {
  let text = ctx.text.slice(clause[0], clause[1]).trim();
  text = text
    .replace(/^(?:someone|somebody|a member of (?:our|the) team|one of (?:our|the) (?:team|agents|specialists|engineers))(?: (?:from|on|in) our team)?\s+will\b/i, "I'll")
    .replace(new RegExp(String.raw`\s*,?\s*(?:${VAGUE_TIME.source})[!.]*`, "i"), "")
    .replace(/[\s,!.…]+$/, "");
  const opening = clause[0] === 0;
  // "We'll look into it" promises work, not news: promise the update too.
  const when = /\b(?:update|get back|let you know|be in touch|get in touch|reply|respond|contact|email|call|hear|touch base|circle back|follow up)\b/i.test(text)
    ? " by [day/time]"
    : " and update you by [day/time]";
  return {
    text: `${opening ? text.charAt(0).toUpperCase() + text.slice(1) : text}${when}${opening ? closing(ctx.text) : ""}`,
    range: [clause[0] + (ctx.text.slice(clause[0], clause[1]).length - ctx.text.slice(clause[0], clause[1]).trimStart().length), opening ? ctx.text.length : clause[1]] as Range,
    note: "Name who will follow up and when; if you don't know yet, say when you'll next update them.",
  };
}
