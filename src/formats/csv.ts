/**
 * CSV exports (.csv): Salesforce Quick Text from Data Loader, spreadsheets of canned replies.
 * Each data row is a unit; the reply column (found by header name, or `formats.csv.column`)
 * gives the segments. csv-parse does the parsing but reports only whole records in UTF-8 bytes,
 * so this adapter converts bytes to UTF-16 offsets and walks each raw record quote-aware to map
 * every field, with each doubled quote `""` as an atomic run.
 */
import { parse, CsvError } from "csv-parse/sync";
import type { Directive, Segment, Unit } from "../core/types.js";
import { DecodedTextBuilder, plainTextSegments, type DecodedText } from "./decoded-text.js";
import { htmlSegments, looksLikeHtml } from "./html.js";
import { FormatError, type FormatAdapter } from "./types.js";

const BODY_NAMES = ["body", "content", "text", "reply", "message", "response"];
const TITLE_NAMES = ["title", "name", "subject"];

interface Info {
  readonly bytes: number;
  readonly lines: number;
}
interface Row {
  readonly record: string[];
  readonly raw: string;
  readonly info: Info;
}

/** Converts cumulative UTF-8 byte counts to UTF-16 offsets; calls must come in increasing order. */
class ByteCursor {
  private char = 0;
  private byte = 0;
  constructor(private readonly text: string) {}
  toChar(bytes: number): number {
    while (this.byte < bytes && this.char < this.text.length) {
      const cp = this.text.codePointAt(this.char)!;
      this.byte += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      this.char += cp > 0xffff ? 2 : 1;
    }
    return this.char;
  }
}

/** The delimiter the header line uses most, outside quotes. */
function sniffDelimiter(text: string): string {
  const line = /^[^\r\n]*/.exec(text)![0].replace(/"[^"]*"/g, "");
  let best = ",";
  let count = 0;
  for (const d of [",", ";", "\t", "|"]) {
    const n = line.split(d).length - 1;
    if (n > count) [best, count] = [d, n];
  }
  return best;
}

/**
 * Splits one raw record (source text at `start`) into decoded fields with their maps.
 * Returns undefined if the walk disagrees with csv-parse, so the caller can fall back.
 */
function splitRecord(raw: string, start: number, delimiter: string, expected: readonly string[]): DecodedText[] | undefined {
  const fields: DecodedText[] = [];
  let i = 0;
  const end = raw.replace(/(\r\n|\n|\r)$/, "").length;
  while (i <= end) {
    const out = new DecodedTextBuilder();
    let fieldStart = i;
    if (raw[i] === '"') {
      i++;
      fieldStart = i;
      for (;;) {
        const q = raw.indexOf('"', i);
        if (q < 0 || q >= end) return undefined;
        out.verbatim(raw.slice(i, q), start + i);
        if (raw[q + 1] === '"') {
          out.atomic('"', [start + q, start + q + 2]);
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const d = out.build(start + fieldStart, start + i - 1);
      fields.push(d);
    } else {
      let stop = raw.indexOf(delimiter, i);
      if (stop < 0 || stop > end) stop = end;
      out.verbatim(raw.slice(i, stop), start + i);
      fields.push(out.build(start + i, start + stop));
      i = stop;
    }
    if (i >= end) break;
    if (!raw.startsWith(delimiter, i)) return undefined;
    i += delimiter.length;
  }
  if (fields.length !== expected.length || fields.some((f, k) => f.text !== expected[k])) return undefined;
  return fields;
}

function columnsFrom(setting: unknown, header: readonly string[], fallback: readonly string[], key: string): number[] {
  const lower = header.map((h) => h.trim().toLowerCase());
  if (setting !== undefined) {
    const wanted = typeof setting === "string" ? [setting] : Array.isArray(setting) ? (setting as unknown[]) : [];
    const found = wanted.map((w) => (typeof w === "number" ? w : lower.indexOf(String(w).trim().toLowerCase())));
    const missing = wanted.filter((_, k) => found[k]! < 0 || found[k]! >= header.length);
    if (wanted.length === 0 || missing.length > 0) {
      throw new FormatError(`formats.csv.${key} names ${missing.map((m) => `"${String(m)}"`).join(", ") || "no column"}, but the header has: ${header.join(", ")}`, 0);
    }
    return found;
  }
  const exact = lower.flatMap((h, k) => (fallback.includes(h) ? [k] : []));
  if (exact.length > 0 || key !== "column") return exact.slice(0, key === "column" ? undefined : 1);
  // "Reply Text", "response_body": a header that contains one of the words.
  return lower.flatMap((h, k) => (h.split(/[^a-z]+/).some((w) => fallback.includes(w)) ? [k] : []));
}

export const csvAdapter: FormatAdapter = {
  id: "csv",
  extensions: [".csv", ".tsv"],
  parse(text, options) {
    const settings = options.settings ?? {};
    if (text.replace(/^\uFEFF/, "").trim() === "") {
      return { format: "csv", segments: [], units: [{ id: "document", range: [0, text.length] }], directives: [] };
    }
    const delimiter =
      typeof settings["delimiter"] === "string" ? settings["delimiter"] : options.fileName.toLowerCase().endsWith(".tsv") ? "\t" : sniffDelimiter(text.replace(/^\uFEFF/, ""));
    let rows: Row[];
    try {
      rows = parse(text, { info: true, raw: true, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, delimiter }) as unknown as Row[];
    } catch (e) {
      if (e instanceof CsvError) {
        const line = (e as unknown as { lines?: number }).lines ?? 1;
        // csv-parse reports an unclosed quote at the end of input; the user needs where it opened.
        const offset = e.code === "CSV_QUOTE_NOT_CLOSED" ? (unclosedQuote(text, delimiter) ?? lineStart(text, line)) : lineStart(text, line);
        throw new FormatError(`invalid CSV: ${e.message.replace(/^[^:]*:\s*/, "").replace(/ at line \d+/, "")}`, offset);
      }
      throw e;
    }
    const [headerRow, ...dataRows] = rows;
    if (!headerRow) return { format: "csv", segments: [], units: [{ id: "document", range: [0, text.length] }], directives: [] };
    const header = headerRow.record;
    const bodyCols = columnsFrom(settings["column"], header, BODY_NAMES, "column");
    if (bodyCols.length === 0) {
      throw new FormatError(
        `no reply column found in the header (${header.join(", ")}); name it one of ${BODY_NAMES.join(", ")} or set formats.csv.column, e.g. { "formats": { "csv": { "column": "${header[header.length - 1] ?? "body"}" } } }`,
        0,
      );
    }
    const titleCol = columnsFrom(settings["titleColumn"], header, TITLE_NAMES, "titleColumn")[0];
    const idCol = columnsFrom(settings["idColumn"], header, ["id"], "idColumn")[0];
    const html = typeof settings["html"] === "boolean" ? settings["html"] : undefined;

    const cursor = new ByteCursor(text);
    let searchFrom = 0;
    const locate = (row: Row): number => {
      // The record ends at `bytes`; leading blank lines skipped by csv-parse are part of `raw`.
      const end = cursor.toChar(row.info.bytes);
      let start = end - row.raw.length;
      if (text.slice(start, end) !== row.raw) start = text.indexOf(row.raw, searchFrom);
      searchFrom = start + row.raw.length;
      return start;
    };
    locate(headerRow);

    const segments: Segment[] = [];
    const directives: Directive[] = [];
    const units: Unit[] = [];
    dataRows.forEach((row, n) => {
      const rawStart = locate(row);
      const lead = /^[\r\n]*/.exec(row.raw)![0].length;
      const raw = row.raw.slice(lead);
      const start = rawStart + lead;
      const fields = splitRecord(raw, start, delimiter, row.record);
      const end = start + raw.replace(/(\r\n|\n|\r)$/, "").length;
      const title = titleCol !== undefined ? row.record[titleCol]?.trim() : undefined;
      const id = (idCol !== undefined ? row.record[idCol]?.trim() : undefined) || String(n + 1);
      units.push({ id, range: [start, end], ...(title ? { title } : {}) });
      const unit = units.length - 1;
      for (const col of bodyCols) {
        const value = row.record[col];
        if (value === undefined || value.trim() === "") continue;
        // If the walk disagreed with csv-parse, the whole record is one atomic run: coarse but exact.
        const d = fields?.[col] ?? new DecodedTextBuilder().atomic(value, [start, end]).build(start, end);
        if (html ?? looksLikeHtml(value)) {
          const res = htmlSegments(d.text, { placeholders: options.placeholders, unit, decoded: d });
          segments.push(...res.segments);
          directives.push(...res.directives);
        } else {
          segments.push(...plainTextSegments(d, { placeholders: options.placeholders, unit }));
        }
      }
    });
    return { format: "csv", segments, units, directives };
  },
};

function lineStart(text: string, line: number): number {
  const re = /\r\n|\n|\r/g;
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const m = re.exec(text);
    if (!m) return offset;
    offset = m.index + m[0].length;
  }
  return offset;
}

/** Offset of the quote that opens a field and never closes, if any. */
function unclosedQuote(text: string, delimiter: string): number | undefined {
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    if (fieldStart && text[i] === '"') {
      const open = i;
      for (i++; ; i += 2) {
        i = text.indexOf('"', i);
        if (i < 0) return open;
        if (text[i + 1] !== '"') break;
      }
      fieldStart = false;
      continue;
    }
    fieldStart = text.startsWith(delimiter, i) || text[i] === "\n" || text[i] === "\r";
    if (fieldStart && delimiter.length > 1) i += delimiter.length - 1;
  }
  return undefined;
}
