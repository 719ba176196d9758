/**
 * Applying edits to a source text, and the multipass fix loop (ESLint's model, architecture
 * anchors §1.3). Pure: no fs, no process, no format knowledge. The CLI decides which edits are
 * allowed (safe fixes only for --fix; suggestions for --fix-suggestions and `cxlint rewrite`) and
 * encodes them for the file's format before they get here.
 *
 * - `applyEdits`: edits are sorted by range and applied left to right; one that overlaps an edit
 *   already applied is skipped (its finding stays), and nothing outside the ranges is touched.
 * - `fixLoop`: lint, apply, lint the new text again; stop when nothing is left to fix, after
 *   `maxPasses` (10), or when a pass produces a text seen before (a circular fix).
 */
import type { Edit, Finding } from "../core/types.js";

export const MAX_FIX_PASSES = 10;

export interface EditsResult<E extends Edit> {
  readonly output: string;
  /** In source order. */
  readonly applied: E[];
  /** Overlapping, out-of-bounds or inverted edits, left for a later pass or a human. */
  readonly skipped: E[];
}

/**
 * Applies `edits` (half-open UTF-16 ranges into `text`) in one go. Edits are taken in order of
 * their start (then end, then as given); an edit that starts inside one already taken is skipped.
 * Adjacent edits both apply. Two insertions at the same offset would have no defined order, so
 * the second is skipped.
 */
export function applyEdits<E extends Edit>(text: string, edits: readonly E[]): EditsResult<E> {
  const order = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.range[0] - b.edit.range[0] || a.edit.range[1] - b.edit.range[1] || a.index - b.index);
  const applied: E[] = [];
  const skipped: E[] = [];
  const parts: string[] = [];
  let last: Edit | undefined;
  let cursor = 0;
  for (const { edit } of order) {
    const [start, end] = edit.range;
    const valid = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length;
    const overlaps = last !== undefined && (start < last.range[1] || (start === end && last.range[0] === last.range[1] && start === last.range[0]));
    if (!valid || overlaps) {
      skipped.push(edit);
      continue;
    }
    parts.push(text.slice(cursor, start), edit.text);
    cursor = end;
    last = edit;
    applied.push(edit);
  }
  parts.push(text.slice(cursor));
  return { output: parts.join(""), applied, skipped };
}

/** An edit the loop applied, as `select` returned it, with its finding and pass (1-based). */
export type AppliedEdit<F, E extends Edit = Edit> = E & {
  readonly finding: F;
  readonly pass: number;
  /** The text the edit replaced, in the text of its pass. */
  readonly replaced: string;
};

export interface FixLoopOptions<F, E extends Edit = Edit> {
  /** Default MAX_FIX_PASSES (10). */
  readonly maxPasses?: number;
  /**
   * The edit to apply for a finding, or undefined to leave it. Default: its safe fix. `text` is
   * the text the finding's ranges index into, for callers that must look at the context.
   */
  readonly select?: (finding: F, text: string) => E | undefined;
  /** Called after each pass that changed the text; returning false ends the loop there. */
  readonly continueAfter?: (pass: { readonly applied: number; readonly skipped: number }) => boolean;
}

export interface FixLoopResult<F, E extends Edit = Edit> {
  readonly output: string;
  /** Passes that changed the text. */
  readonly passes: number;
  /** Edits applied over all passes. */
  readonly fixedCount: number;
  /** The loop stopped because a pass produced a text it had already produced (fixes that undo each other). */
  readonly cycle: boolean;
  readonly applied: ReadonlyArray<AppliedEdit<F, E>>;
  /**
   * The findings of `output`, when the loop's last lint was of the output (it stopped because
   * nothing was left to fix). Undefined after the pass limit, a cycle or `continueAfter`: lint
   * the output again.
   */
  readonly findings?: readonly F[];
}

const safeFix = <F, E>(finding: F): E | undefined => (finding as unknown as Finding).fix as E | undefined;

/**
 * Lints `text` with `lintOnce`, applies the selected edits, and repeats on the new text. Edits
 * that change nothing are ignored, so fixing a fixed text is a no-op (and fix∘fix = fix).
 */
export function fixLoop<F = Finding, E extends Edit = Edit>(
  text: string,
  lintOnce: (text: string) => readonly F[],
  options: FixLoopOptions<F, E> = {},
): FixLoopResult<F, E> {
  const maxPasses = options.maxPasses ?? MAX_FIX_PASSES;
  const select = options.select ?? safeFix<F, E>;
  const seen = new Set<string>([text]);
  const applied: Array<AppliedEdit<F, E>> = [];
  let current = text;
  let passes = 0;
  let cycle = false;
  let findings: readonly F[] | undefined;

  while (passes < maxPasses) {
    const found = lintOnce(current);
    const edits: Array<AppliedEdit<F, E>> = [];
    for (const finding of found) {
      const edit = select(finding, current);
      if (!edit) continue;
      const replaced = current.slice(edit.range[0], edit.range[1]);
      if (replaced === edit.text) continue;
      edits.push({ ...edit, finding, replaced, pass: passes + 1 });
    }
    const result = edits.length ? applyEdits(current, edits) : undefined;
    if (!result || result.applied.length === 0 || result.output === current) {
      findings = found;
      break;
    }
    passes++;
    applied.push(...result.applied);
    current = result.output;
    if (seen.has(current)) {
      cycle = true;
      break;
    }
    seen.add(current);
    if (options.continueAfter && !options.continueAfter({ applied: result.applied.length, skipped: result.skipped.length })) break;
  }
  return { output: current, passes, fixedCount: applied.length, cycle, applied, ...(findings ? { findings } : {}) };
}
