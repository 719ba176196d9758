/**
 * Lints one file from disk: read (text or bytes), pick and load the adapter, lint. The same
 * function runs on the main thread and in worker threads, so both build it from the same plain,
 * cloneable setup.
 */
import path from "node:path";
import { BUILTIN_RULES } from "../../rules/index.js";
import { compileCustomRule } from "../config/custom-rules.js";
import { createResolver, relativeToConfig } from "../config/resolve.js";
import type { RuleSetting, UserConfig } from "../config/types.js";
import type { FileOutcome, FileResult } from "../core/types.js";
import { formatByExtension, formatFor } from "../formats/registry.js";
import { errorResult, lintBinaryWith, lintWith, replay, streamWith, type LintTextOptions, type ResultSink } from "../lint-core.js";
import type { Rule } from "../rule-api.js";
import { readSourceText, readTextFile, type ReadResult } from "./io.js";

/** Everything a thread needs to lint files the way the CLI was asked to; structured-clone safe. */
export interface LintSetup {
  readonly cwd: string;
  readonly user: UserConfig | undefined;
  readonly configFile: string | undefined;
  readonly cliRules: Readonly<Record<string, RuleSetting>>;
  readonly reportUnusedDirectives: boolean;
}

export interface FileLinter {
  readonly rules: readonly Rule[];
  options(file: string): LintTextOptions;
  /** Reads and lints `file` (relative to cwd). */
  lint(file: string): Promise<FileResult>;
  /** Reads `file` and lints it into `sink`, part by part where the format allows. */
  stream(file: string, sink: ResultSink): Promise<FileOutcome>;
}

export function createFileLinter(setup: LintSetup): FileLinter {
  const customRules = Object.entries(setup.user?.customRules ?? {}).map(([id, spec]) => compileCustomRule(id, spec));
  const rules = [...BUILTIN_RULES, ...customRules];
  const resolve = createResolver(setup.user, BUILTIN_RULES, customRules, setup.cliRules);
  const options = (file: string): LintTextOptions => ({
    filePath: file,
    config: resolve(relativeToConfig(path.resolve(setup.cwd, file), setup.configFile, setup.cwd)),
    rules,
    reportUnusedDirectives: setup.reportUnusedDirectives,
  });
  const lint = async (file: string, sink?: ResultSink): Promise<FileResult | FileOutcome> => {
    const whole = (result: FileResult) => (sink ? replay(result, sink) : result);
    const binary = formatByExtension(file);
    if (binary?.binary) {
      const read = await readTextFile(file, setup.cwd, true);
      return whole(read.ok ? await lintBinaryWith(await binary.load(), read.bytes, options(file)) : readError(file, binary.id, read));
    }
    const read = await readSourceText(file, setup.cwd);
    if (!read.ok) return whole(readError(file, "unknown", read));
    const { text } = read;
    const adapter = await formatFor(file, text).load(text);
    return sink ? streamWith(adapter, text, options(file), sink) : lintWith(adapter, text, options(file));
  };
  return {
    rules,
    options,
    lint: (file) => lint(file) as Promise<FileResult>,
    stream: (file, sink) => lint(file, sink),
  };
}

export function readError(file: string, format: string, read: Extract<ReadResult, { ok: false }>): FileResult {
  return { ...errorResult(file, format, "", read.message), errors: [{ message: read.message, line: read.line, column: read.column }] };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
