/**
 * Small text surgery for rewrite suggestions: rules build a "here's how we can…" sentence from
 * the words the customer's sentence already has, and these helpers keep the punctuation and
 * capitalisation right. They never invent content: anything unknown becomes a [slot].
 */
import type { Range } from "../core/types.js";

/** The closing punctuation of a sentence (".", "!", "?…", with closing quotes), or "." if none. */
export function closing(text: string): string {
  const m = /[.!?…]+["'”’)]*\s*$/.exec(text);
  return m ? m[0].trim() : ".";
}

/** The sentence without its closing punctuation and surrounding white space. */
export function body(text: string): string {
  return text.replace(/[\s.!?…"'”’)]+$/, "").replace(/^[\s"'“‘(]+/, "");
}

export function capitalizeFirst(text: string): string {
  const i = text.search(/\p{L}/u);
  return i < 0 ? text : text.slice(0, i) + text.charAt(i).toUpperCase() + text.slice(i + 1);
}

export function lowerFirst(text: string): string {
  // Keep "I", acronyms and names that are all capitals ("UPS") as they are.
  return /^(?:I\b|[A-Z]{2,})/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The sentence with `range` cut out, together with a comma and spaces that follow it, and the
 * first letter capitalised: "Per my last email, the invoice is attached." → "The invoice is attached."
 */
export function without(text: string, range: Range): string {
  const after = text.slice(range[1]).replace(/^\s*[,;:—–-]?\s*/, "");
  const before = text.slice(0, range[0]).replace(/[\s,;:—–-]+$/, "");
  const joined = before ? `${before}${/^[.!?…]/.test(after) ? "" : " "}${after}` : capitalizeFirst(after);
  return joined.replace(/\s{2,}/g, " ").trim();
}

/** The words after `offset`, up to the end of the clause (comma, semicolon, dash or sentence end). */
export function clauseAfter(text: string, offset: number): string {
  const rest = text.slice(offset);
  const end = rest.search(/[,;:—–(]|\s[-–]\s|[.!?…]+(?:\s|$)|\s(?:but|and|because|so|unless|until|which|once|after|before|when|if)\s/);
  return (end < 0 ? rest : rest.slice(0, end)).trim().replace(/[.!?…"'”’]+$/, "");
}

/** "the code" → "it", "your receipts" → "them": for a second mention of an object. */
export function pronounFor(phrase: string): string {
  return /\b(?:\w+s|people|data)$/i.test(phrase.trim()) && !/\b(?:this|that|it|address|access|process|status|business|class)$/i.test(phrase.trim()) ? "them" : "it";
}
