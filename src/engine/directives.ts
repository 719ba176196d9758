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
const isBlock = (d: Directive) => d.kind === "disable" || d.kind === "enable";

/**
 * Applies directives to findings part by part (see DocumentLinter). What a later part can still
 * be touched by is carried forward and kept small: per rule, only the last block directive
 * (the one that decides), and the previous part's line directives (a disable-next-line on a
 * part's last line reaches the next part's first line). Every directive is remembered, so the
 * unused ones can be reported at the end.
 */
export class DirectiveTracker {
  private readonly used = new Set<Directive>();
  private readonly seen: Directive[] = [];
  /** The last block directive naming each rule id ("" for those naming every rule). */
  private readonly lastBlock = new Map<string, Directive>();
  private previousLine: Directive[] = [];

  constructor(private readonly fileDirectives: readonly Directive[]) {
    this.seen.push(...fileDirectives);
  }

  filter(findings: readonly Finding[], partDirectives: readonly Directive[], lines: LineIndex): Finding[] {
    this.seen.push(...partDirectives);
    const active = [...this.lastBlock.values(), ...this.previousLine, ...this.fileDirectives, ...partDirectives];
    const kept = active.length === 0 ? findings.slice() : this.apply(findings, active, lines);
    for (const d of partDirectives) {
      if (isBlock(d)) for (const key of d.rules.length ? d.rules : [""]) this.lastBlock.set(key, d);
    }
    this.previousLine = partDirectives.filter((d) => !isBlock(d));
    return kept;
  }

  private apply(findings: readonly Finding[], directives: readonly Directive[], lines: LineIndex): Finding[] {
    const ordered = [...new Set(directives)].sort((a, b) => a.range[0] - b.range[0]);
    return findings.filter((f) => {
      const line = f.line;
      for (const d of ordered) {
        if (!applies(d, f.ruleId)) continue;
        const directiveLine = lines.positionAt(d.range[1]).line;
        if ((d.kind === "disable-next-line" && directiveLine + 1 === line) || (d.kind === "disable-line" && directiveLine === line)) {
          this.used.add(d);
          return false;
        }
      }
      // The last block directive before the finding that names its rule decides.
      let blocking: Directive | undefined;
      for (const d of ordered) {
        if (d.range[0] >= f.range[0]) break;
        if (isBlock(d) && applies(d, f.ruleId)) blocking = d;
      }
      if (blocking?.kind === "disable") {
        this.used.add(blocking);
        return false;
      }
      return true;
    });
  }

  /** A finding for every directive that suppressed nothing, in source order. */
  unused(lines: LineIndex, source: string): Finding[] {
    const out: Finding[] = [];
    const ordered = [...new Set(this.seen)].sort((a, b) => a.range[0] - b.range[0]);
    for (const d of ordered) {
      if (this.used.has(d) || d.kind === "enable") continue;
      const start = lines.positionAt(d.range[0]);
      const end = lines.positionAt(d.range[1]);
      out.push({
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
    return out;
  }
}
