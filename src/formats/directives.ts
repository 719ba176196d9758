/**
 * Parses the body of an inline directive, whatever comment syntax carried it:
 *   cxlint-disable-next-line no-refusal, no-blame -- the customer asked for a plain no
 */
import type { Directive, DirectiveKind, Range } from "../core/types.js";

const DIRECTIVE = /^\s*cxlint-(disable-next-line|disable-line|disable|enable)\b([^]*)$/;

export function parseDirective(body: string, range: Range): Directive | undefined {
  const m = DIRECTIVE.exec(body);
  if (!m) return undefined;
  const [list, ...reasonParts] = m[2]!.split(/\s--\s|\s--$/);
  const reason = reasonParts.join(" -- ").trim();
  const rules = list!
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return { kind: m[1] as DirectiveKind, rules, range, ...(reason ? { reason } : {}) };
}
