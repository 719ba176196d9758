/**
 * Fixing files safely: `--fix`, `--fix-dry-run`, `--fix-suggestions` and `cxlint rewrite`.
 *
 * - Edits are plain text in source ranges. Before one is applied it is encoded for where it
 *   lands: JSON-escaped inside a JSON string, `"`/`\` escaped in a YAML double-quoted scalar,
 *   `'` doubled in a single-quoted one, `"` doubled in a quoted CSV field, `&<>` escaped in HTML.
 *   An edit that cannot be placed safely (over a masked placeholder, across markup the linter
 *   skipped, half an escape, a `: ` into a plain YAML scalar, a delimiter into an unquoted CSV
 *   field) is dropped, and its finding stays in the report.
 * - The loop (engine/fix.ts) re-lints after every pass. The final text is parsed again with the
 *   same adapter; if it is no longer valid (or its structure changed), the file is left alone and
 *   gets an error (exit 2).
 * - Files are written atomically (temp file in the same folder, then rename), with the original
 *   mode, and only when the content changed. The BOM is put back; edits never touch line endings,
 *   and a line break inside a replacement uses the file's own EOL.
 */
import { randomBytes } from "node:crypto";
import { chmod, chown, open, realpath, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Edit, FileResult, Finding, ParsedDocument, Range } from "../core/types.js";
import { applyEdits, fixLoop, type AppliedEdit } from "../engine/fix.js";
import { compilePlaceholders } from "../formats/placeholders.js";
import { FormatError, type AdapterOptions, type FormatAdapter } from "../formats/types.js";
import { lintWith, type LintTextOptions } from "../lint-core.js";
import { LineIndex } from "../document/line-index.js";
import { unifiedDiff } from "../reporters/diff.js";

// ---------------------------------------------------------------------------------------------
// Atomic writes

/**
 * Replaces `file` with `content` atomically: writes a temp file beside it (same folder, so the
 * rename never crosses a file system), flushes it, gives it the original's mode (and owner, where
 * allowed), then renames it over the original. A symlink is followed, so the link stays a link.
 * Call it only when the content changed.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  let target = file;
  try {
    target = await realpath(file);
  } catch {
    // A new file: write it where it was named.
  }
  let mode = 0o644;
  let owner: { uid: number; gid: number } | undefined;
  try {
    const st = await stat(target);
    mode = st.mode & 0o7777;
    owner = { uid: st.uid, gid: st.gid };
  } catch {
    // No original: default mode.
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.cxlint-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, mode);
    if (owner) await chown(temp, owner.uid, owner.gid).catch(() => undefined);
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding edits for where they land

/** The line break a text uses (its first one), for line breaks inside replacements. */
export function eolOf(text: string): "\n" | "\r\n" | "\r" {
  const m = /\r\n|\r|\n/.exec(text);
  return (m?.[0] as "\n" | "\r\n" | "\r" | undefined) ?? "\n";
}

export function escapeJsonString(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export function escapeHtml(text: string, attribute = false): string {
  const out = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return attribute ? out.replace(/"/g, "&quot;") : out;
}

function withEol(text: string, eol: string): string {
  return eol === "\n" ? text : text.replace(/\r\n|\r|\n/g, eol);
}

/** The modules an encoder may need, loaded once per run (the adapters load them anyway). */
export interface EncoderModules {
  readonly jsonc?: typeof import("jsonc-parser");
  readonly yaml?: typeof import("yaml");
  readonly html?: typeof import("../formats/html.js");
}

export async function loadEncoderModules(format: string): Promise<EncoderModules> {
  if (format === "json") return { jsonc: await import("jsonc-parser"), html: await import("../formats/html.js") };
  if (format === "yaml") return { yaml: await import("yaml"), html: await import("../formats/html.js") };
  return {};
}

export interface EncoderContext {
  readonly format: string;
  /** The text the edits index into (BOM stripped). */
  readonly text: string;
  /** The adapter's view of `text`: where the segments, escapes and masks are. */
  readonly doc: ParsedDocument;
  readonly modules: EncoderModules;
  /** Format settings (`formats.<id>` in config), for the CSV delimiter. */
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly fileName?: string;
}

/**
 * Builds the function that turns a plain-text edit into the edit to apply to `text`, or
 * undefined when it cannot be applied safely there.
 */
export function createEncoder(ctx: EncoderContext): (edit: Edit) => Edit | undefined {
  const { text, format } = ctx;
  const eol = eolOf(text);
  const runs = ctx.doc.segments.flatMap((segment) => segment.runs.map((run) => ({ run, kind: segment.kind })));
  let jsonRoot: import("jsonc-parser").Node | undefined | null = null;
  let yamlScalars: Array<import("yaml").Scalar> | undefined;
  let csvQuoted: ((offset: number) => boolean) | undefined;

  return (edit) => {
    const kind = placeable(runs, edit.range);
    if (kind === undefined) return undefined;
    const [start, end] = edit.range;
    switch (format) {
      case "json": {
        const jsonc = ctx.modules.jsonc;
        if (!jsonc) return undefined;
        if (jsonRoot === null) jsonRoot = jsonc.parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
        const node = jsonRoot && jsonc.findNodeAtOffset(jsonRoot, start, true);
        if (!node || node.type !== "string" || start <= node.offset || end >= node.offset + node.length) return undefined;
        const html = ctx.modules.html?.looksLikeHtml(String(node.value)) ?? false;
        return { range: edit.range, text: escapeJsonString(html ? escapeHtml(edit.text, kind === "alt-text") : edit.text) };
      }
      case "yaml": {
        const yaml = ctx.modules.yaml;
        if (!yaml) return undefined;
        yamlScalars ??= collectScalars(yaml, text);
        const scalar = yamlScalars.find((s) => s.range![0] <= start && end <= s.range![1]);
        if (!scalar) return undefined;
        const plain = ctx.modules.html?.looksLikeHtml(String(scalar.value)) ? escapeHtml(edit.text, kind === "alt-text") : edit.text;
        const encoded = encodeYaml(scalar, plain, start === scalar.range![0]);
        return encoded === undefined ? undefined : { range: edit.range, text: encoded };
      }
      case "csv": {
        csvQuoted ??= csvQuoteState(text, csvDelimiter(ctx));
        if (csvQuoted(start)) return { range: edit.range, text: withEol(edit.text, eol).replace(/"/g, '""') };
        const delimiter = csvDelimiter(ctx);
        if (edit.text.includes(delimiter) || /["\r\n]/.test(edit.text)) return undefined;
        return edit;
      }
      case "html":
        return { range: edit.range, text: withEol(escapeHtml(edit.text, kind === "alt-text"), eol) };
      case "docx":
        return undefined;
      default:
        return { range: edit.range, text: withEol(edit.text, eol) };
    }
  };
}

/**
 * Can `range` be replaced without breaking what the linter did not see? It must be covered,
 * without gaps, by the verbatim and atomic runs of the segments (no skipped markup in between),
 * touch no masked placeholder, and take escapes whole. Returns the segment kind, or undefined.
 */
function placeable(runs: ReadonlyArray<{ run: ParsedDocument["segments"][number]["runs"][number]; kind: string }>, range: Range): string | undefined {
  const [start, end] = range;
  if (start === end) {
    // An insertion: inside or at the edge of a verbatim run, or at the edge of an atomic one.
    const host = runs.find(({ run }) => run.kind !== "mask" && run.src[0] <= start && start <= run.src[1] && (run.kind === "verbatim" || start === run.src[0] || start === run.src[1]));
    return host?.kind;
  }
  const touching = runs.filter(({ run }) => run.src[1] > run.src[0] && run.src[0] < end && start < run.src[1]);
  if (touching.length === 0) return undefined;
  let cursor = start;
  for (const { run } of [...touching].sort((a, b) => a.run.src[0] - b.run.src[0])) {
    if (run.kind === "mask") return undefined;
    if (run.kind === "atomic" && (run.src[0] < start || run.src[1] > end)) return undefined;
    if (run.src[0] > cursor) return undefined;
    cursor = Math.max(cursor, run.src[1]);
  }
  return cursor >= end ? touching[0]!.kind : undefined;
}

function collectScalars(yaml: typeof import("yaml"), text: string): Array<import("yaml").Scalar> {
  const out: Array<import("yaml").Scalar> = [];
  for (const doc of yaml.parseAllDocuments(text)) {
    if (!("contents" in doc)) continue;
    yaml.visit(doc, {
      Scalar(_key, node) {
        if (node.range) out.push(node);
      },
    });
  }
  return out;
}

/** The replacement as written in this kind of scalar, or undefined if it would change the YAML. */
function encodeYaml(scalar: import("yaml").Scalar, text: string, atScalarStart: boolean): string | undefined {
  switch (scalar.type) {
    case "QUOTE_DOUBLE":
      // JSON's escapes are a subset of YAML's double-quoted ones.
      return escapeJsonString(text);
    case "QUOTE_SINGLE":
      return /[\r\n]/.test(text) ? undefined : text.replace(/'/g, "''");
    case "BLOCK_LITERAL":
    case "BLOCK_FOLDED":
      return /[\r\n]/.test(text) ? undefined : text;
    default: {
      // A plain scalar: no comment, no mapping indicator, no flow characters, no line break, and
      // no indicator where the scalar starts.
      if (/[\r\n]|: |:$| #|[[\]{},]/.test(text) || /^\s|\s$/.test(text)) return undefined;
      if (atScalarStart && /^[-?:,[\]{}#&*!|>'"%@`]/.test(text)) return undefined;
      return text;
    }
  }
}

/** The CSV delimiter the adapter uses: config, .tsv, else the header line's most common one. */
function csvDelimiter(ctx: EncoderContext): string {
  const configured = ctx.settings?.["delimiter"];
  if (typeof configured === "string") return configured;
  if (ctx.fileName?.toLowerCase().endsWith(".tsv")) return "\t";
  const header = (/^[^\r\n]*/.exec(ctx.text)?.[0] ?? "").replace(/"[^"]*"/g, "");
  let best = ",";
  let count = 0;
  for (const d of [",", ";", "\t", "|"]) {
    const n = header.split(d).length - 1;
    if (n > count) [best, count] = [d, n];
  }
  return best;
}

/** Which offsets sit inside a quoted CSV field (one scan, then lookups). */
function csvQuoteState(text: string, delimiter: string): (offset: number) => boolean {
  const quotedSpans: Range[] = [];
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (fieldStart && c === '"') {
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      quotedSpans.push([i + 1, j]);
      i = j;
      fieldStart = false;
      continue;
    }
    if (text.startsWith(delimiter, i)) {
      i += delimiter.length - 1;
      fieldStart = true;
    } else fieldStart = c === "\n" || c === "\r";
  }
  return (offset) => quotedSpans.some(([s, e]) => s <= offset && offset <= e);
}

// ---------------------------------------------------------------------------------------------
// Validating the fixed text

const FORMAT_NAMES: Readonly<Record<string, string>> = { json: "JSON", yaml: "YAML", csv: "CSV", html: "HTML", markdown: "Markdown", text: "text" };
const STRUCTURED = new Set(["json", "yaml", "csv"]);

/**
 * Parses the fixed text with the file's adapter. Returns why it must not be written (invalid, or
 * its macros/fields changed), or undefined when it is fine.
 */
export function validateFixed(adapter: FormatAdapter, before: ParsedDocument, fixed: string, options: AdapterOptions): string | undefined {
  const name = FORMAT_NAMES[adapter.id] ?? adapter.id;
  let after: ParsedDocument;
  try {
    after = adapter.parse(fixed, options);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    const at = new LineIndex(fixed).positionAt(error.offset);
    return `the fixes would make it invalid ${name} (${error.message} at ${at.line}:${at.column}), so it was left unchanged`;
  }
  if (STRUCTURED.has(adapter.id)) {
    const ids = (d: ParsedDocument) => d.units.map((u) => u.id).join("\u0000");
    if (ids(before) !== ids(after) || before.segments.length !== after.segments.length) {
      return `the fixes would change the structure of the ${name} (its macros or fields), so it was left unchanged`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Fixing one source text

/** An edit as selected for a finding: `plain` is the text before encoding for the format. */
export interface FixEdit extends Edit {
  readonly kind: "fix" | "suggestion";
  readonly plain: string;
}

export type Applied = AppliedEdit<Finding, FixEdit>;

/** One suggestion offered in interactive mode. */
export interface SuggestionChoice {
  readonly finding: Finding;
  /** Source text the suggestion replaces, and the replacement (plain text). */
  readonly replaced: string;
  readonly text: string;
}

export interface FixSourceOptions {
  readonly adapter: FormatAdapter;
  /** The text to fix, BOM stripped. */
  readonly text: string;
  readonly lint: LintTextOptions;
  /** Also apply the first suggestion of every finding (tone rewrites), not only safe fixes. */
  readonly suggestions?: boolean;
  /** Interactive --fix-suggestions: asked once per suggestion; without it every one is taken. */
  readonly choose?: (choice: SuggestionChoice) => Promise<boolean>;
}

export interface FixSourceResult {
  /** The lint of the original text. */
  readonly before: FileResult;
  /** The lint of `output`: what is left. With `refused`, the lint of the original plus the error. */
  readonly result: FileResult;
  readonly output: string;
  readonly changed: boolean;
  readonly applied: readonly Applied[];
  /** Fixes undid each other; the loop stopped. */
  readonly cycle: boolean;
  /** Why the fixed text was not used. */
  readonly refused?: string;
}

/**
 * Fixes `text` in memory: (suggestions, when asked for) then safe fixes until nothing is left,
 * re-linting after each pass, and checks the result still parses. Nothing is written here.
 */
export async function fixSource(options: FixSourceOptions): Promise<FixSourceResult> {
  const { adapter, lint } = options;
  const adapterOptions: AdapterOptions = {
    fileName: lint.filePath,
    placeholders: compilePlaceholders(lint.config.placeholders),
    settings: lint.config.formats[adapter.id] ?? {},
  };
  const modules = await loadEncoderModules(adapter.id);

  const results = new Map<string, FileResult>();
  const lintText = (t: string): FileResult => {
    let r = results.get(t);
    if (!r) {
      if (results.size > 8) results.clear();
      r = lintWith(adapter, t, lint);
      results.set(t, r);
    }
    return r;
  };
  const lintOnce = (t: string) => {
    const r = lintText(t);
    // A text the adapter can't read has nothing to fix (validation reports it below).
    return r.errors.length ? [] : r.findings;
  };

  let encoderText: string | undefined;
  let encoder: ((e: Edit) => Edit | undefined) | undefined;
  const encode = (t: string, e: Edit | undefined, kind: FixEdit["kind"]): FixEdit | undefined => {
    if (!e) return undefined;
    if (encoderText !== t || !encoder) {
      let doc: ParsedDocument;
      try {
        doc = adapter.parse(t, adapterOptions);
      } catch {
        return undefined;
      }
      encoder = createEncoder({ format: adapter.id, text: t, doc, modules, settings: adapterOptions.settings ?? {}, fileName: lint.filePath });
      encoderText = t;
    }
    const encoded = encoder(e);
    return encoded && { range: encoded.range, text: encoded.text, kind, plain: e.text };
  };
  const fixOf = (f: Finding, t: string) => encode(t, f.fix, "fix");
  const suggestionOf = (f: Finding, t: string) => {
    // A suggestion that can't be placed here (over markup, say) falls back to the safe fix.
    const s = f.suggestions[0];
    return (s && encode(t, s, "suggestion")) || fixOf(f, t);
  };

  const before = lintText(options.text);
  const applied: Applied[] = [];
  let current = options.text;
  let cycle = false;

  if (options.suggestions && before.errors.length === 0) {
    if (options.choose) {
      const chosen: Array<FixEdit & { finding: Finding }> = [];
      for (const finding of before.findings) {
        const edit = suggestionOf(finding, current);
        if (!edit || edit.kind !== "suggestion" || current.slice(edit.range[0], edit.range[1]) === edit.text) continue;
        if (chosen.some((c) => c.range[0] < edit.range[1] && edit.range[0] < c.range[1])) continue;
        if (await options.choose({ finding, replaced: current.slice(edit.range[0], edit.range[1]), text: edit.plain })) chosen.push({ ...edit, finding });
      }
      const pass = applyEdits(current, chosen);
      for (const e of pass.applied) applied.push({ ...e, pass: 1, replaced: current.slice(e.range[0], e.range[1]) });
      current = pass.output;
    } else {
      const loop = fixLoop<Finding, FixEdit>(current, lintOnce, { select: suggestionOf, continueAfter: (p) => p.skipped > 0 });
      applied.push(...loop.applied);
      current = loop.output;
      cycle = loop.cycle;
    }
  }

  const safe = fixLoop<Finding, FixEdit>(current, lintOnce, { select: fixOf });
  applied.push(...safe.applied);
  cycle ||= safe.cycle;
  const output = safe.output;

  if (output !== options.text) {
    const beforeDoc = adapter.parse(options.text, adapterOptions);
    const problem = validateFixed(adapter, beforeDoc, output, adapterOptions);
    if (problem) {
      return {
        before,
        result: { ...before, errors: [...before.errors, { message: `${lint.filePath}: ${problem}.`, line: 1, column: 1 }] },
        output: options.text,
        changed: false,
        applied: [],
        cycle,
        refused: problem,
      };
    }
  }
  return { before, result: lintText(output), output, changed: output !== options.text, applied, cycle };
}

// ---------------------------------------------------------------------------------------------
// A --fix / --fix-dry-run / --fix-suggestions run over files and stdin

export interface FixSessionOptions {
  /** --fix-dry-run: collect a unified diff instead of writing. */
  readonly dryRun: boolean;
  /** --fix-suggestions: apply first suggestions too. */
  readonly suggestions: boolean;
  /** Colour for the diff. */
  readonly color: boolean;
  readonly stderr: (text: string) => void;
  /**
   * Interactive --fix-suggestions (stdin is a terminal): asks the question (on stderr) and
   * resolves to the answer. Without it, every first suggestion is applied (all or nothing per file).
   */
  readonly ask?: (question: string) => Promise<string>;
}

const BOM = "\uFEFF";

/**
 * One run of the fix flags. `file` and `stdin` return what the report should show (the
 * remaining findings); `stdout` returns what goes to stdout instead of the report, if anything.
 */
export class FixSession {
  private readonly diffs: string[] = [];
  private fixedStdin: string | undefined;
  /** Interactive answers that hold for the rest of the run: "all" or "quit". */
  private standing: "all" | "quit" | undefined;

  constructor(private readonly options: FixSessionOptions) {}

  /**
   * Fixes a text file (as read: decoded text and raw bytes) and writes it unless this is a dry run.
   * Binary formats (DOCX) are not fixed: the CLI lints them as usual.
   */
  async file(file: string, absolutePath: string, read: { readonly text: string; readonly bytes: Uint8Array }, adapter: FormatAdapter, lint: LintTextOptions): Promise<FileResult> {
    // The UTF-8 decoder drops the BOM, so the bytes tell whether the file had one.
    const { bytes } = read;
    const hadBom = (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || read.text.charCodeAt(0) === 0xfeff;
    const text = read.text.charCodeAt(0) === 0xfeff ? read.text.slice(1) : read.text;
    const fixed = await this.fix(file, text, adapter, lint);
    if (!fixed.changed) return fixed.result;
    if (this.options.dryRun) {
      this.diffs.push(unifiedDiff(file, text, fixed.output, { color: this.options.color }));
      return fixed.result;
    }
    try {
      await writeFileAtomic(absolutePath, (hadBom ? BOM : "") + fixed.output);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : (error as Error).message;
      return { ...fixed.before, errors: [...fixed.before.errors, { message: `Cannot write the fixes to "${file}": ${reason}. The file was left unchanged.`, line: 1, column: 1 }] };
    }
    return fixed.result;
  }

  /** Fixes piped input: the fixed text (or the diff, in a dry run) goes to stdout. */
  async stdin(name: string, raw: string, adapter: FormatAdapter, lint: LintTextOptions): Promise<FileResult> {
    const hadBom = raw.charCodeAt(0) === 0xfeff;
    const text = hadBom ? raw.slice(1) : raw;
    const fixed = await this.fix(name, text, adapter, lint);
    if (this.options.dryRun) this.diffs.push(unifiedDiff(name, text, fixed.output, { color: this.options.color }));
    else this.fixedStdin = (hadBom ? BOM : "") + fixed.output;
    return fixed.result;
  }

  /** The diff (dry run) or the fixed stdin text; undefined when stdout carries the report as usual. */
  stdout(): string | undefined {
    if (this.options.dryRun) return this.diffs.join("");
    return this.fixedStdin;
  }

  private async fix(file: string, text: string, adapter: FormatAdapter, lint: LintTextOptions): Promise<FixSourceResult> {
    const ask = this.options.ask;
    const fixed = await fixSource({
      adapter,
      text,
      lint,
      suggestions: this.options.suggestions,
      ...(ask ? { choose: (choice: SuggestionChoice) => this.choose(file, choice, ask) } : {}),
    });
    if (fixed.cycle) this.options.stderr(`cxlint: ${file}: some fixes undo each other; stopped before they went round again. Please report this.\n`);
    return fixed;
  }

  private async choose(file: string, choice: SuggestionChoice, ask: (question: string) => Promise<string>): Promise<boolean> {
    if (this.standing === "all") return true;
    if (this.standing === "quit") return false;
    const { finding } = choice;
    const one = (s: string) => s.replace(/\s*(?:\r\n|\r|\n)\s*/g, " ");
    this.options.stderr(`\n${file}:${finding.line}:${finding.column}  ${finding.ruleId}  ${one(finding.message)}\n  - ${one(choice.replaced)}\n  + ${one(choice.text)}\n`);
    for (;;) {
      const answer = (await ask("Apply this suggestion? [y]es / [n]o / [a]ll remaining / [q]uit: ")).trim().toLowerCase();
      if (answer === "y" || answer === "yes") return true;
      if (answer === "n" || answer === "no" || answer === "") return false;
      if (answer === "a" || answer === "all") {
        this.standing = "all";
        return true;
      }
      if (answer === "q" || answer === "quit") {
        this.standing = "quit";
        return false;
      }
    }
  }
}
