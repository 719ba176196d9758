/**
 * Small helpers the human-facing reporters share: colour, paths, plurals, widths, top category.
 * Pure like the reporters themselves; the only Node import is node:path's string arithmetic, and
 * chalk is loaded only when colour is asked for (loadColour).
 */
import { isAbsolute, relative } from "node:path";
import type { ChalkInstance } from "chalk";
import type { Band, Score } from "../core/types.js";

/** The id formats give the unit that covers a whole file; it has no title worth repeating. */
export const DOCUMENT_UNIT_ID = "document";

/**
 * What a painter gives when it does not colour: every style, and every chain of styles
 * (`chalk.red.bold`), is the text itself, as chalk at level 0 gives it.
 */
const paintNothing = (...text: unknown[]): string => (text.length === 1 ? String(text[0]) : text.join(" "));
const PLAIN: ChalkInstance = new Proxy(paintNothing, { get: () => PLAIN }) as unknown as ChalkInstance;

/** chalk, once loadColour has loaded it: a run that does not colour never loads it (~3 ms of start). */
let colourful: ChalkInstance | undefined;

/** Loads chalk, for painter(true); the CLI calls it once it knows it will colour. */
export async function loadColour(): Promise<void> {
  colourful ??= new (await import("chalk")).Chalk({ level: 1 });
}

/** A chalk that colours only when the CLI said so, whatever the terminal supports. */
export function painter(color: boolean): ChalkInstance {
  if (!color) return PLAIN;
  if (!colourful) throw new Error("painter(true) needs loadColour() first");
  return colourful;
}

/**
 * The path as a person wants to read it: relative to cwd when both are absolute.
 * A relative path (or `<stdin>`) is left alone, because resolving it would need process.cwd().
 */
export function displayPath(filePath: string, cwd: string): string {
  if (!isAbsolute(filePath) || !isAbsolute(cwd)) return sanitize(filePath);
  const rel = relative(cwd, filePath);
  return sanitize(rel === "" ? filePath : rel);
}

/** `1 warning`, `2 warnings`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

const BAND_PAINT: Readonly<Record<Band, (chalk: ChalkInstance) => ChalkInstance>> = {
  "customer-centric": (c) => c.green,
  good: (c) => c.cyan,
  "needs work": (c) => c.yellow,
  "company-centric": (c) => c.red,
};

/** Colours text by band; an unknown band (from a newer scorer) stays plain rather than throwing. */
export function paintBand(chalk: ChalkInstance, band: string, text: string): string {
  const pick = BAND_PAINT[band as Band];
  return pick ? pick(chalk)(text) : text;
}

/** `score 72 (needs work)`, coloured by band. */
export function scorePhrase(chalk: ChalkInstance, score: Score): string {
  return paintBand(chalk, score.band, `score ${score.value} (${score.band})`);
}

// C0/C1 controls except tab and line breaks, which are handled separately. Left in, they would let
// a linted file's text move the cursor or recolour the user's terminal.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const BREAKS = /\s*(?:\r\n|\r|\n|\u2028|\u2029)\s*/g;

/**
 * Makes text from a linted file safe for a one-line terminal cell: line breaks become spaces
 * (each finding must stay on its own line) and control characters become U+FFFD.
 */
export function sanitize(text: string): string {
  return text.replace(BREAKS, " ").replace(/\t/g, " ").replace(CONTROL, "\uFFFD");
}

/**
 * Columns a string takes, counted in code points so astral characters are not counted twice.
 * Wide (CJK) characters are under-counted; columns may drift but nothing is cut off.
 */
export function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function padEnd(text: string, columns: number): string {
  return text + " ".repeat(Math.max(0, columns - width(text)));
}

export function padStart(text: string, columns: number): string {
  return " ".repeat(Math.max(0, columns - width(text))) + text;
}

/**
 * The category that cost the most points, or undefined when nothing was taken off.
 * Ties go to the alphabetically first category so the output is deterministic.
 */
export function topCategory(score: Score): string | undefined {
  let best: string | undefined;
  let bestPenalty = 0;
  for (const [category, penalty] of Object.entries(score.penalties)) {
    if (!(penalty > 0)) continue;
    if (penalty > bestPenalty || (penalty === bestPenalty && best !== undefined && category < best)) {
      best = category;
      bestPenalty = penalty;
    }
  }
  return best;
}
