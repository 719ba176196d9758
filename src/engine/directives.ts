/**
 * Inline directives (`cxlint-disable`, `cxlint-enable`, `cxlint-disable-line`,
 * `cxlint-disable-next-line`), as ESLint applies them: block directives work by source order,
 * line directives by line. Directives that suppress nothing can be reported, so stale ones do
 * not pile up.
 */
import type { Directive, Finding } from "../core/types.js";
import type { LineIndex } from "../document/line-index.js";
import { DOCS_BASE } from "../core/docs.js";

const applies = (d: Directive, ruleId: string) => d.rules.length === 0 || d.rules.includes(ruleId);

export function applyDirectives(
  findings: readonly Finding[],
  directives: readonly Directive[],
  lines: LineIndex,
  source: string,
  reportUnused: boolean,
): Finding[] {
  if (directives.length === 0) return findings.slice();
  const ordered = directives.slice().sort((a, b) => a.range[0] - b.range[0]);
  const used = new Set<Directive>();

  const kept = findings.filter((f) => {
    const line = f.line;
    for (const d of ordered) {
      if (!applies(d, f.ruleId)) continue;
      const directiveLine = lines.positionAt(d.range[1]).line;
      if ((d.kind === "disable-next-line" && directiveLine + 1 === line) || (d.kind === "disable-line" && directiveLine === line)) {
        used.add(d);
        return false;
      }
    }
    // The last block directive before the finding that names its rule decides.
    let blocking: Directive | undefined;
    for (const d of ordered) {
      if (d.range[0] >= f.range[0]) break;
      if ((d.kind === "disable" || d.kind === "enable") && applies(d, f.ruleId)) blocking = d;
    }
    if (blocking?.kind === "disable") {
      used.add(blocking);
      return false;
    }
    return true;
  });

  if (!reportUnused) return kept;
  for (const d of ordered) {
    if (used.has(d) || d.kind === "enable") continue;
    const start = lines.positionAt(d.range[0]);
    const end = lines.positionAt(d.range[1]);
    kept.push({
      ruleId: "unused-disable-directive",
      category: "style",
      severity: "warning",
      confidence: "high",
      message: `Unused cxlint-${d.kind} directive${d.rules.length ? ` (${d.rules.join(", ")})` : ""}: nothing here is reported.`,
      note: "A directive that suppresses nothing hides the next real problem; remove it.",
      range: d.range,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      actual: source.slice(d.range[0], d.range[1]),
      unit: { id: "document" },
      suggestions: [],
      url: `${DOCS_BASE}../README.md#inline-directives`,
    });
  }
  return kept;
}
