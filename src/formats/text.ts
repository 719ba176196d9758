/**
 * Plain text (.txt, stdin): one segment per paragraph (blank-line separated). Lines quoted with
 * `>` are earlier messages, not our voice, and are skipped. A line that holds only a
 * `cxlint-disable…` directive (optionally behind `#` or `//`) is a directive, not prose.
 */
import type { Directive, Segment } from "../core/types.js";
import { SegmentBuilder } from "../document/segment-builder.js";
import { parseDirective } from "./directives.js";
import { appendMasked } from "./placeholders.js";
import type { FormatAdapter } from "./types.js";

const DIRECTIVE_LINE = /^\s*(?:#|\/\/)?\s*(cxlint-(?:disable|enable)[^\r\n]*)$/;

export const textAdapter: FormatAdapter = {
  id: "text",
  extensions: [".txt", ".text"],
  parse(text, options) {
    const segments: Segment[] = [];
    const directives: Directive[] = [];
    let builder: SegmentBuilder | undefined;
    const flush = () => {
      if (builder && builder.length > 0) {
        const seg = builder.build("paragraph");
        if (seg.text.trim()) segments.push(seg);
      }
      builder = undefined;
    };
    const lineRe = /([^\r\n]*)(\r\n|\r|\n|$)/g;
    for (let m = lineRe.exec(text); m && m.index < text.length; m = lineRe.exec(text)) {
      const [whole, line] = m as unknown as [string, string, string];
      const start = m.index;
      const directive = DIRECTIVE_LINE.exec(line);
      if (directive) {
        const bodyStart = start + line.indexOf(directive[1]!);
        const d = parseDirective(directive[1]!, [bodyStart, bodyStart + directive[1]!.length]);
        if (d) directives.push(d);
        flush();
        continue;
      }
      if (line.trim() === "" || /^\s*>/.test(line)) {
        flush();
        continue;
      }
      builder ??= new SegmentBuilder();
      appendMasked(builder, whole, start, options.placeholders);
      if (whole.length === 0) break;
    }
    flush();
    return { format: "text", segments, units: [{ id: "document", range: [0, text.length] }], directives };
  },
};
