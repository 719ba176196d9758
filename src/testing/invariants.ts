/**
 * Structural invariants every adapter's output must keep, checked in tests (and usable in
 * property tests): if these hold, any segment offset maps back to an exact source span.
 * Returns human-readable violations; an empty list means the document is sound.
 */
import type { ParsedDocument, Range } from "../core/types.js";

export function checkSegmentInvariants(source: string, doc: ParsedDocument): string[] {
  const violations: string[] = [];
  const inBounds = (range: Range) => 0 <= range[0] && range[0] <= range[1] && range[1] <= source.length;

  doc.segments.forEach((segment, s) => {
    const where = `segment ${s} (${JSON.stringify(segment.text.slice(0, 40))})`;
    if (segment.unit < 0 || segment.unit >= doc.units.length) {
      violations.push(`${where}: unit ${segment.unit} does not exist`);
    }
    let expectedSeg = 0;
    let lastSrcEnd = 0;
    segment.runs.forEach((run, r) => {
      const at = `${where} run ${r} (${run.kind} seg ${run.seg.join("-")} src ${run.src.join("-")})`;
      if (run.seg[0] !== expectedSeg) {
        violations.push(`${at}: starts at ${run.seg[0]}, expected ${expectedSeg} (gap or overlap)`);
      }
      if (run.seg[1] < run.seg[0]) violations.push(`${at}: segment range is reversed`);
      expectedSeg = run.seg[1];
      if (!inBounds(run.src)) {
        violations.push(`${at}: source range outside [0, ${source.length}]`);
      } else if (run.src[0] < lastSrcEnd) {
        violations.push(`${at}: source goes backwards (previous run ended at ${lastSrcEnd})`);
      }
      lastSrcEnd = Math.max(lastSrcEnd, run.src[1]);
      if (run.kind === "verbatim") {
        const inSource = source.slice(run.src[0], run.src[1]);
        const inSegment = segment.text.slice(run.seg[0], run.seg[1]);
        if (inSource !== inSegment) {
          violations.push(`${at}: verbatim text ${JSON.stringify(inSegment)} but source has ${JSON.stringify(inSource)}`);
        }
      }
      if (run.kind === "mask" && run.seg[1] - run.seg[0] < 1) violations.push(`${at}: empty mask`);
    });
    if (expectedSeg !== segment.text.length) {
      violations.push(`${where}: runs end at ${expectedSeg}, text length is ${segment.text.length}`);
    }
    for (const placeholder of segment.placeholders) {
      const covered = segment.runs.some(
        (run) => run.kind === "mask" && run.seg[0] <= placeholder.range[0] && placeholder.range[1] <= run.seg[1],
      );
      if (!covered) {
        violations.push(`${where}: placeholder ${JSON.stringify(placeholder.raw)} at ${placeholder.range.join("-")} is not inside a mask run`);
      }
    }
  });

  doc.units.forEach((unit, u) => {
    if (!inBounds(unit.range)) violations.push(`unit ${u} (${unit.id}): range outside the source`);
  });
  doc.directives.forEach((directive, d) => {
    if (!inBounds(directive.range)) violations.push(`directive ${d} (${directive.kind}): range outside the source`);
  });
  return violations;
}
