/**
 * Finds and reads the config file (cosmiconfig): the nearest one from the cwd up to the project
 * root, or exactly the file given with -c. Turns unreadable and unparsable files into a
 * ConfigError that names the file and, where the parser says, the line. It does not validate:
 * the CLI passes the result to validateConfig together with the rule list.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ParseError } from "jsonc-parser";
import { ConfigError } from "../config/validate.js";

export const MODULE_NAME = "cxlint";

/** Where cxlint looks in each folder, in this order (package.json's "cxlint" key first). */
export const SEARCH_PLACES = [
  "package.json",
  ".cxlintrc",
  ".cxlintrc.json",
  ".cxlintrc.yaml",
  ".cxlintrc.yml",
  "cxlint.config.js",
  "cxlint.config.mjs",
  "cxlint.config.cjs",
] as const;

export interface LoadConfigOptions {
  readonly cwd: string;
  /** -c/--config: load exactly this file (relative to cwd). */
  readonly configPath?: string;
  /** --no-config: use the defaults only. */
  readonly noConfig?: boolean;
}

export interface LoadedConfig {
  /** The raw, unvalidated config: pass it to validateConfig. An empty file gives {}. */
  readonly config?: unknown;
  /** Absolute path of the file it came from; override globs are relative to its folder. */
  readonly filePath?: string;
  /** The same path as shown to the user (relative to cwd when inside it), for messages. */
  readonly displayPath?: string;
}

function displayPathOf(cwd: string, filePath: string): string {
  const relative = path.relative(cwd, filePath);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : filePath;
}

interface Located {
  readonly line?: number;
  readonly column?: number;
  readonly reason: string;
}

function offsetToPosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

// JSON.parse's message has no line on Node 20, so the file is parsed again by jsonc-parser in
// strict mode, which reports the offset of the first problem.
async function locateJsonError(filePath: string): Promise<Located | undefined> {
  let text: string;
  try {
    // Only for a config that failed to parse: node:fs/promises stays out of the usual run.
    const { readFile } = await import("node:fs/promises");
    text = await readFile(filePath, "utf8");
  } catch {
    return undefined;
  }
  const { parse: parseJsonc, printParseErrorCode } = await import("jsonc-parser");
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  const first = errors[0];
  if (first === undefined) return undefined;
  const words = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return { ...offsetToPosition(text, first.offset), reason: words };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function locate(error: unknown, filePath: string): Promise<{ kind: string; located: Located }> {
  const err = error as { name?: string; reason?: string; mark?: { line?: number; column?: number }; stack?: string };
  const ext = path.extname(filePath);
  if (err.name === "YAMLException") {
    const line = err.mark?.line;
    const column = err.mark?.column;
    return {
      kind: "YAML",
      located: {
        ...(line !== undefined ? { line: line + 1 } : {}),
        ...(column !== undefined ? { column: column + 1 } : {}),
        reason: err.reason ?? messageOf(error),
      },
    };
  }
  if (ext === ".json") {
    const located = await locateJsonError(filePath);
    const reason = messageOf(error).replace(/^JSON Error in [^\n]*:\n/, "");
    return { kind: "JSON", located: located ?? { reason } };
  }
  if ([".js", ".mjs", ".cjs"].includes(ext)) {
    // Node puts the failing line of a module's syntax error in the first line of the stack.
    const href = pathToFileURL(filePath).href;
    const match = err.stack?.match(new RegExp(`(?:${escapeRegex(href)}|${escapeRegex(filePath)}):(\\d+)`));
    return {
      kind: "JavaScript",
      located: { ...(match ? { line: Number(match[1]) } : {}), reason: firstLine(messageOf(error)) },
    };
  }
  return { kind: "config", located: { reason: messageOf(error) } };
}

// Loaders that wrap errors ("Transform failed with 1 error:") put the reason on the next line.
function firstLine(message: string): string {
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const first = lines[0] ?? message;
  return first.endsWith(":") && lines[1] !== undefined ? `${first} ${lines[1]}` : first;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

async function toConfigError(error: unknown, filePath: string, cwd: string): Promise<ConfigError> {
  if (error instanceof ConfigError) return error;
  const shown = displayPathOf(cwd, filePath);
  const { kind, located } = await locate(error, filePath);
  const where = located.line === undefined ? shown : `${shown}:${located.line}${located.column !== undefined ? `:${located.column}` : ""}`;
  const what =
    kind === "JavaScript"
      ? `the config file could not be loaded: ${located.reason}`
      : `the config file is not valid ${kind}: ${located.reason}`;
  return new ConfigError(shown, undefined, `${where}: ${what}. Fix the file, or run with --no-config to lint with the defaults.`, located.line, located.column);
}

/**
 * Reads the config for a run. With -c, that exact file (an error if it is missing); with
 * --no-config, nothing; otherwise the nearest config file from `cwd` upwards, stopping at the
 * first folder with a package.json (the project root), as ESLint users expect.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  if (options.noConfig) return {};
  // Most runs in a pre-commit hook have no config: a few stat calls settle that without loading
  // cosmiconfig and its parsers.
  if (options.configPath === undefined && !mayHaveConfig(options.cwd)) return {};
  const { cosmiconfig } = await import("cosmiconfig");
  const explorer = cosmiconfig(MODULE_NAME, {
    searchPlaces: [...SEARCH_PLACES],
    searchStrategy: "project",
    // An empty .cxlintrc is a deliberate "all defaults" and must stop the search right there.
    ignoreEmptySearchPlaces: false,
    cache: false,
  });

  if (options.configPath !== undefined) {
    const filePath = path.resolve(options.cwd, options.configPath);
    try {
      const result = await explorer.load(filePath);
      return {
        config: result?.config ?? {},
        filePath,
        displayPath: displayPathOf(options.cwd, filePath),
      };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ENOENT" || code === "EISDIR") {
        const problem = code === "ENOENT" ? "does not exist" : "is a folder, not a file";
        throw new ConfigError(
          options.configPath,
          undefined,
          `${options.configPath}: the config file given with -c/--config ${problem}. Check the path, or leave out -c to use the nearest config file.`,
        );
      }
      throw await toConfigError(error, filePath, options.cwd);
    }
  }

  try {
    const result = await explorer.search(options.cwd);
    if (result === null) return {};
    return {
      config: result.config ?? {},
      filePath: result.filepath,
      displayPath: displayPathOf(options.cwd, result.filepath),
    };
  } catch (error) {
    // cosmiconfig tags load errors with the file it was reading.
    const failedPath = (error as { filepath?: string }).filepath;
    if (failedPath === undefined) throw error;
    throw await toConfigError(error, failedPath, options.cwd);
  }
}

/**
 * Is there a config file cosmiconfig would find? The same walk as its "project" strategy: from
 * `cwd` up, stopping at the first folder with a package.json. A package.json counts only if it
 * has a "cxlint" key; if it can't be read, say yes and let cosmiconfig report the problem.
 */
function mayHaveConfig(cwd: string): boolean {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (SEARCH_PLACES.some((place) => place !== "package.json" && existsSync(path.join(dir, place)))) return true;
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        return Object.prototype.hasOwnProperty.call(JSON.parse(readFileSync(pkg, "utf8")) as object, MODULE_NAME);
      } catch {
        return true;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}
