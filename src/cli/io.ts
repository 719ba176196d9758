/**
 * File-system side of the CLI: expands paths, directories and globs to files (globby, with
 * .gitignore and .cxlintignore), and reads a file as text, turning missing, binary and
 * non-UTF-8 files into per-file errors instead of crashes.
 */
import { Buffer, isAscii, isUtf8 } from "node:buffer";
import { close, closeSync, existsSync, fstat, fstatSync, open, openSync, read, readFile, readSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
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
      const relative = toPosix(path.relative(options.cwd, absolute));
      const files = `**/*.{${exts.join(",")}}`;
      const found = searchFromDirectory(relative, absolute, options.cwd, ignoreFiles, options.ignorePatterns)
        ? (await glob(files, { ...common, cwd: absolute })).map((file) => `${relative}/${file}`)
        : await glob(relative ? `${relative}/${files}` : files, common);
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

/**
 * Whether a directory's files can be globbed from the directory itself, which gives the same
 * files. globby finds .gitignore files by searching all of its cwd, so `cxlint macros` walked the
 * whole repository it was run in (300 macros beside 20,000 other files: 1.37 s, 1.27 s from the
 * directory). From the directory, globby reads the .gitignore files below it and those above it
 * up to the root of its git repository; only those can apply to its files. That holds when the
 * directory is inside the cwd and in the cwd's git repository (not a nested one), and nothing
 * else is relative to the cwd: no ignore file, no configured ignore patterns.
 */
export function searchFromDirectory(relative: string, absolute: string, cwd: string, ignoreFiles: readonly string[], ignorePatterns: readonly string[] | undefined): boolean {
  if (!relative || relative.startsWith("../") || relative === ".." || path.isAbsolute(relative)) return false;
  if (ignoreFiles.length > 0 || (ignorePatterns?.length ?? 0) > 0) return false;
  // The directory's git repository: the nearest folder above it with a .git, as globby looks.
  for (let dir = absolute; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) {
      const cwdFromRoot = path.relative(dir, cwd);
      return !cwdFromRoot.startsWith("..") && !path.isAbsolute(cwdFromRoot);
    }
    if (path.dirname(dir) === dir) return false;
  }
}

/**
 * The three FileHandle calls the readers need, over node:fs's callbacks: loading
 * node:fs/promises was ~2% of the start-up of a one-file run (bench: cold start).
 */
interface ReadHandle {
  stat(): Promise<Stats>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

const [openAsync, fstatAsync, readAsync, closeAsync, readWholeFile] = [promisify(open), promisify(fstat), promisify(read), promisify(close), promisify(readFile)];

async function openForReading(file: string): Promise<ReadHandle> {
  const fd = await openAsync(file, "r");
  return {
    stat: () => fstatAsync(fd),
    read: (buffer, offset, length, position) => readAsync(fd, buffer, offset, length, position),
    close: () => closeAsync(fd),
  };
}

export type ReadResult =
  | { readonly ok: true; readonly text: string; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number };

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Reads a file as UTF-8 text (BOM dropped). Binary and invalid UTF-8 are errors with a position. */
export async function readTextFile(file: string, cwd: string, binaryOk = false): Promise<ReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readWholeFile(path.resolve(cwd, file));
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

/** A file's text, for linting only: no bytes kept. */
export type TextRead = { readonly ok: true; readonly text: string } | Extract<ReadResult, { ok: false }>;

/** Files from this size on are decoded chunk by chunk into an external string (readLargeText). */
const EXTERNAL_ABOVE = 4 << 20;

/** Bytes read at a time from a large file: small pieces decode into strings V8 collects young. */
const READ_CHUNK = 64 << 10;

/** Internal knobs, for tests. */
export interface LargeReadTuning {
  /** Size from which a file is read as a large one. */
  readonly threshold?: number;
  /** Bytes read at a time (at least 4). */
  readonly chunk?: number;
  /** Told how a large file's text is held: one byte a character (ascii, latin1) or two. */
  readonly trace?: (encoding: "ascii" | "latin1" | "utf16") => void;
}

/**
 * Reads a file's text for linting, the same text as `readTextFile`. A file under 4 MB is read
 * at once on this thread: an asynchronous read is four trips through libuv's thread pool, and
 * on a busy machine those trips cost more than the read (reading the next file asynchronously
 * while this one was linted cost the 300 support files ~6% of their wall time).
 *
 * A large file is decoded in chunks into a string whose characters live outside V8's heap (Node
 * makes large latin1 and UTF-16 strings external) and its bytes are never held whole. Decoded
 * onto the heap, a 100 MB export counts as 100–200 MB of live data, and V8 then lets garbage
 * grow to several times that before it collects: peak RSS on a 100 MB export went from 541 MB to
 * 334 MB (README, Performance).
 */
export async function readSourceText(file: string, cwd: string, tuning: LargeReadTuning = {}): Promise<TextRead> {
  const threshold = Math.max(1, tuning.threshold ?? EXTERNAL_ABOVE);
  const small = readSmallNow(path.resolve(cwd, file), file, threshold);
  if (small) return small;
  const handle = await openForReading(path.resolve(cwd, file)).catch(() => undefined);
  if (handle) {
    try {
      const info = await handle.stat();
      if (info.isFile() && info.size >= threshold) {
        const text = await readLargeText(handle, tuning.chunk ?? READ_CHUNK, tuning.trace).catch(() => undefined);
        if (text !== undefined) return { ok: true, text };
      }
    } finally {
      await handle.close();
    }
  }
  // Unreadable, a directory, changed while read, binary or not UTF-8: the whole-file reader says
  // exactly what is wrong.
  const read = await readTextFile(file, cwd);
  return read.ok ? { ok: true, text: read.text } : read;
}

/**
 * A regular file below `threshold` bytes, read and decoded at once; undefined when it is not
 * one, cannot be read, or is shorter than it was (readSourceText then says why).
 */
function readSmallNow(absolute: string, file: string, threshold: number): TextRead | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, "r");
    const info = fstatSync(fd);
    if (!info.isFile() || info.size >= threshold) return undefined;
    const bytes = Buffer.allocUnsafe(info.size);
    for (let at = 0; at < bytes.length; ) {
      const bytesRead = readSync(fd, bytes, at, bytes.length - at, at);
      if (bytesRead === 0) return undefined;
      at += bytesRead;
    }
    const read = decodeText(bytes, file);
    return read.ok ? { ok: true, text: read.text } : read;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Fills `into` from the start of the file; false if the file is shorter now. */
async function readAll(handle: ReadHandle, into: Buffer): Promise<boolean> {
  for (let at = 0; at < into.length; ) {
    const { bytesRead } = await handle.read(into, at, into.length - at, at);
    if (bytesRead === 0) return false;
    at += bytesRead;
  }
  return true;
}

/**
 * A buffer whose memory goes back to the system when `release` is called. Node copies a
 * buffer's bytes into the string it makes of them, so the buffer is garbage the moment the
 * string exists; an ordinary one lingered until V8's next full collection, while the linting
 * that follows had already begun to allocate: on a 100 MB non-ASCII export its 211 MB were
 * the difference between 453 MB and 505 MB of peak RSS. A resizable ArrayBuffer shrunk to
 * nothing hands its pages back at once.
 */
export function releasableBuffer(size: number): { readonly buffer: Buffer; release(): void } {
  // ES2024 (Node 20 has it); typed here, as the project's lib is ES2022.
  type Resizable = ArrayBuffer & { resize(length: number): void };
  const Resizable = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => Resizable;
  if (typeof (ArrayBuffer.prototype as Partial<Resizable>).resize !== "function") return { buffer: Buffer.allocUnsafe(size), release() {} };
  const memory = new Resizable(size, { maxByteLength: size });
  return { buffer: Buffer.from(memory, 0, size), release: () => memory.resize(0) };
}

/** Length of the last complete UTF-8 sequence boundary in `bytes[0, end)`. */
function completeUpTo(bytes: Buffer, end: number): number {
  let i = end - 1;
  while (i >= 0 && end - i < 4 && (bytes[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return end;
  const lead = bytes[i]!;
  const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return i + length > end ? i : end;
}

/**
 * Two passes over the file in chunks: the first checks that it is UTF-8 with no NUL in its
 * first 8 KB and measures its text, the second decodes it. Undefined when the file is not plain
 * UTF-8 text (the caller reports why).
 */
async function readLargeText(handle: ReadHandle, chunkSize: number, trace?: LargeReadTuning["trace"]): Promise<string | undefined> {
  const chunk = Buffer.allocUnsafe(Math.max(4, chunkSize));
  /** Calls `piece` with each run of whole characters; false if the file ends inside one. */
  const eachPiece = async (piece: (bytes: Buffer, first: boolean) => boolean): Promise<boolean> => {
    let carry = 0;
    let position = 0;
    let first = true;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, carry, chunk.length - carry, position);
      position += bytesRead;
      const end = carry + bytesRead;
      if (bytesRead === 0) return carry === 0;
      const cut = completeUpTo(chunk, end);
      if (!piece(chunk.subarray(0, cut), first)) return false;
      first = false;
      chunk.copyWithin(0, cut, end);
      carry = end - cut;
    }
  };

  // Characters (UTF-16 units) after the BOM, and the narrowest string that holds them.
  let units = 0;
  let ascii = true;
  let latin1 = true;
  let bom = false;
  const valid = await eachPiece((bytes, first) => {
    if (first) {
      if (bytes.subarray(0, 8192).includes(0)) return false;
      bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    }
    if (!isUtf8(bytes)) return false;
    if (ascii && isAscii(bytes)) {
      units += bytes.length;
      return true;
    }
    ascii = false;
    // One unit per character, two for those above U+FFFF (4-byte sequences). Lead bytes 0xC2
    // and 0xC3 are U+0080–U+00FF: while there are no others, the text fits in Latin-1.
    for (let i = first && bom ? 3 : 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if ((b & 0xc0) === 0x80) continue;
      units += b >= 0xf0 ? 2 : 1;
      if (b > 0xc3) latin1 = false;
    }
    return true;
  });
  if (!valid) return undefined;
  trace?.(ascii ? "ascii" : latin1 ? "latin1" : "utf16");
  if (ascii) {
    const bytes = releasableBuffer(units);
    try {
      // The file changed under us if it is shorter now; the whole-file path reads it again.
      return (await readAll(handle, bytes.buffer)) ? bytes.buffer.toString("latin1") : undefined;
    } finally {
      bytes.release();
    }
  }
  // A text with no character above U+00FF is held one byte a character, as an ASCII one is: a
  // 100 MB export with accents but no curly quotes takes 100 MB, not 200 MB as UTF-16.
  const encoding = latin1 ? "latin1" : "utf16le";
  const decoded = releasableBuffer(latin1 ? units : units * 2);
  try {
    let at = 0;
    // Each piece is decoded to a short-lived string written straight into the buffer, not to a
    // Buffer of its own: transcoded Buffers were external garbage V8 collected late, on top of
    // this buffer and the string copied from it. TextDecoder drops a UTF-8 BOM; so does this.
    await eachPiece((bytes, first) => {
      at += decoded.buffer.write(bytes.toString("utf8", first && bom ? 3 : 0), at, encoding);
      return true;
    });
    return decoded.buffer.toString(encoding, 0, at);
  } finally {
    decoded.release();
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
