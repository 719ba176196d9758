/**
 * File-system side of the CLI: expands paths, directories and globs to files (globby, with
 * .gitignore and .cxlintignore), and reads a file as text, turning missing, binary and
 * non-UTF-8 files into per-file errors instead of crashes.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Options as GlobbyOptions } from "globby";

export interface Expansion {
  readonly files: string[];
  /** Paths that named nothing lintable, with a message for each. */
  readonly problems: Array<{ readonly path: string; readonly message: string }>;
}

export interface ExpandOptions {
  readonly cwd: string;
  readonly extensions: readonly string[];
  /** A file of ignore globs (default .cxlintignore in the cwd). */
  readonly ignorePath?: string;
  readonly ignorePatterns?: readonly string[];
}

/**
 * Project and tool files with a lintable extension that never hold customer-facing text. Found in
 * a directory or by a glob they would each be a "no replies found" error, so `cxlint .` in any
 * repository would exit 2. Named on the command line, they are still linted.
 */
const TOOLING_FILES = [
  "**/package.json",
  "**/package-lock.json",
  "**/npm-shrinkwrap.json",
  "**/pnpm-lock.yaml",
  "**/pnpm-workspace.yaml",
  "**/tsconfig*.json",
  "**/jsconfig*.json",
  "**/composer.json",
  "**/lerna.json",
  "**/turbo.json",
  "**/renovate.json",
  "**/action.yml",
  "**/action.yaml",
  "**/docker-compose*.yml",
  "**/docker-compose*.yaml",
  "**/compose.yml",
  "**/compose.yaml",
];

/** Files, directories and globs → an ordered, de-duplicated file list (paths as given, relative to cwd). */
export async function expandPaths(inputs: readonly string[], options: ExpandOptions): Promise<Expansion> {
  const files: string[] = [];
  const problems: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = path.resolve(options.cwd, file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  const exts = options.extensions.map((e) => e.replace(/^\./, ""));
  const ignoreFiles = [options.ignorePath ?? ".cxlintignore"].filter((f) => existsSync(path.resolve(options.cwd, f)));
  const common = {
    cwd: options.cwd,
    gitignore: true,
    ignoreFiles,
    ignore: ["**/node_modules/**", "**/.git/**", ...TOOLING_FILES, ...(options.ignorePatterns ?? [])],
    dot: false,
  };

  // globby (and fast-glob under it) is loaded only for directories and globs, not named files.
  let globber: typeof import("globby") | undefined;
  const glob = async (pattern: string, opts: GlobbyOptions) => (globber ??= await import("globby")).globby(pattern, opts);
  for (const input of inputs) {
    const absolute = path.resolve(options.cwd, input);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile()) {
      // A file named on the command line is linted whatever its extension (format by sniffing).
      add(input);
      continue;
    }
    if (stat?.isDirectory()) {
      const pattern = `${toPosix(path.relative(options.cwd, absolute)) || "."}/**/*.{${exts.join(",")}}`;
      const found = await glob(pattern.replace(/^\.\//, ""), common);
      if (found.length === 0) {
        problems.push({ path: input, message: `No lintable files in directory "${input}" (looked for ${options.extensions.join(", ")}).` });
      }
      found.sort().forEach(add);
      continue;
    }
    if ((globber ??= await import("globby")).isDynamicPattern(input)) {
      const found = await glob(input, common);
      if (found.length === 0) problems.push({ path: input, message: `No files match the pattern "${input}". Check the pattern and quote it so your shell doesn't expand it.` });
      found.sort().forEach(add);
      continue;
    }
    problems.push({ path: input, message: `File not found: "${input}". Check the path, or pass a directory or a quoted glob.` });
  }
  return { files, problems };
}

export type ReadResult =
  | { readonly ok: true; readonly text: string; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number };

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Reads a file as UTF-8 text (BOM dropped). Binary and invalid UTF-8 are errors with a position. */
export async function readTextFile(file: string, cwd: string, binaryOk = false): Promise<ReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.resolve(cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    return { ok: false, message: `Cannot read "${file}": ${reason}.`, line: 1, column: 1 };
  }
  if (binaryOk) return { ok: true, text: "", bytes };
  return decodeText(bytes, file);
}

export function decodeText(bytes: Uint8Array, file: string): ReadResult {
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul >= 0) {
    return { ok: false, message: `"${file}" looks like a binary file (it has a NUL byte), so it was not linted.`, ...positionOfByte(bytes, nul) };
  }
  try {
    return { ok: true, text: decoder.decode(bytes), bytes };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    return {
      ok: false,
      message: `"${file}" is not valid UTF-8 (bad byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, "0")}), so it was not linted. Save it as UTF-8 and run cxlint again.`,
      ...positionOfByte(bytes, bad),
    };
  }
}

function positionOfByte(bytes: Uint8Array, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, index));
  return { line, column: before.length + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return 0;
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
