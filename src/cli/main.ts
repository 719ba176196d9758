/**
 * The composition root: parses argv (commander), loads config, expands paths, reads files, runs
 * the linter and a reporter, and returns the exit code (0 clean, 1 findings over the limits,
 * 2 usage, config or I/O errors). It writes only through the `io` it is given, so tests can run
 * it in-process; bin/cxlint.js passes the real process.
 */
import path from "node:path";
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import type { Command } from "commander";
import { BUILTIN_RULES } from "../../rules/index.js";
import type { FileOutcome, Finding, Score, Summary } from "../core/types.js";
import { compileCustomRule } from "../config/custom-rules.js";
import { starterConfig, STARTER_FILE_NAME } from "../config/init.js";
import { createResolver, relativeToConfig } from "../config/resolve.js";
import type { UserConfig } from "../config/types.js";
import { ConfigError, parseRuleFlags, validateConfig } from "../config/validate.js";
import { availableParallelism } from "node:os";
import { FORMATS, formatByExtension, formatFor, lintableExtensions } from "../formats/registry.js";
import { errorResult, replay, streamWith, type LintTextOptions, type ResultSink } from "../lint-core.js";
import { createFileLinter, readError, stripBom, type LintSetup } from "./lint-file.js";
import { lintFiles, type Progress } from "./pool.js";
import { getReporter, getScoreReporter, REPORTER_NAMES, SCORE_REPORTER_NAMES } from "../reporters/index.js";
import { loadColour } from "../reporters/shared.js";
import type { Rule } from "../rule-api.js";
import { combineScores } from "../scoring/score.js";
import { expandPaths, readTextFile } from "./io.js";
import { loadConfig } from "./load-config.js";

export interface CliIO {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Resolves to the piped input, or undefined when stdin is a terminal. */
  readonly readStdin: () => Promise<string | undefined>;
  readonly stdoutIsTTY: boolean;
  /** Progress lines go to stderr only when a person is watching it. */
  readonly stderrIsTTY?: boolean;
  /** stdin is a terminal: `--fix-suggestions` asks before each suggestion (through `ask`). */
  readonly stdinIsTTY?: boolean;
  /** Prints `question` on stderr and resolves to the line the user types. */
  readonly ask?: (question: string) => Promise<string>;
}

/** Source runs from src/cli, the build from dist/src/cli: files beside the package are found either way. */
function readPackageFile(relative: string): string | undefined {
  for (const up of ["../../", "../../../"]) {
    try {
      return readFileSync(new URL(up + relative, import.meta.url), "utf8");
    } catch {
      // Not at this depth; try the next.
    }
  }
  return undefined;
}

export const VERSION: string = (JSON.parse(readPackageFile("package.json") ?? "{}") as { version?: string }).version ?? "0.0.0";

class ExitError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export interface LintFlags {
  threads?: string;
  format: string;
  outputFile?: string;
  config?: string | false;
  rule: string[];
  maxWarnings?: string;
  minScore?: string;
  quiet?: boolean;
  stdinFilename?: string;
  ignorePath?: string;
  color?: boolean;
  reportUnusedDisableDirectives?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  fixSuggestions?: boolean;
}

/** The command names commander would dispatch on as the first argument (and its implicit help). */
const COMMAND_NAMES: ReadonlySet<string> = new Set(["lint", "score", "rewrite", "rules", "explain", "init", "help"]);

/**
 * `cxlint [paths…]` with no option and no command: the default `lint` command with every flag at
 * its default, which is what commander would parse it to (a test checks that it does).
 */
export function plainLintFlags(argv: readonly string[]): LintFlags | undefined {
  if (argv.some((a) => a.startsWith("-")) || (argv.length > 0 && COMMAND_NAMES.has(argv[0]!))) return undefined;
  return { format: "stylish", rule: [] };
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let commander: typeof import("commander") | undefined;
  let exitCode = 0;
  try {
    // The everyday run skips commander: setting up its program and loading it (with the Node
    // modules it requires, child_process among them) was ~10 ms of a ~100 ms run.
    const plain = plainLintFlags(argv);
    if (plain) return await runLint([...argv], plain, io, "lint");
    commander = await import("commander");
    const program = await buildProgram(commander, io);
    program.hook("postAction", (_this, action) => {
      exitCode = (action as Command & { exitCode?: number }).exitCode ?? 0;
    });
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (commander && error instanceof commander.CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof ExitError) {
      io.stderr(`cxlint: ${error.message}\n`);
      return error.code;
    }
    if (error instanceof ConfigError) {
      io.stderr(`cxlint: ${error.message}\n`);
      return 2;
    }
    io.stderr(`cxlint: unexpected error: ${(error as Error).stack ?? String(error)}\nPlease report this with the input that caused it.\n`);
    return 2;
  }
}

/** The whole command line, with commander; exported for the test of plainLintFlags. */
export async function buildProgram(commander: typeof import("commander"), io: CliIO): Promise<Command> {
  const { Command, Option } = commander;
  const { registerRewriteCommand } = await import("./rewrite-command.js");
  const program = new Command("cxlint")
    .description("Lints customer-facing language: refusal, blame, restrictive policy, deflection, hollow promises and dismissive wording.")
    .version(VERSION, "-v, --version")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError();

  const withLintOptions = (cmd: Command, formats: readonly string[], defaultFormat: string) =>
    cmd
      .addOption(new Option("-f, --format <name>", "output format").choices([...formats]).default(defaultFormat))
      .option("-o, --output-file <path>", "write the report to a file instead of stdout")
      .option("-c, --config <path>", "use this config file")
      .option("--no-config", "ignore config files; use the recommended preset")
      .option("--rule <id:severity>", "set a rule's severity, e.g. no-refusal:error (repeatable)", collect, [])
      .option("--stdin-filename <name>", "file name for piped input; its extension picks the format")
      .option("--ignore-path <file>", "ignore file (default .cxlintignore; .gitignore is always read)")
      .option("--color", "force colour")
      .option("--no-color", "no colour");

  const lint = withLintOptions(
    program.command("lint", { isDefault: true }).argument("[paths...]", "files, directories or quoted globs (default: .)"),
    REPORTER_NAMES,
    "stylish",
  )
    .description("lint files (the default command)")
    .option("--max-warnings <n>", "exit 1 when there are more warnings than this")
    .option("--min-score <n>", "exit 1 when the total score is below this")
    .option("--quiet", "report errors only")
    .option("--report-unused-disable-directives", "report cxlint-disable comments that suppress nothing")
    .option("--threads <n>", `worker threads (default: cores − 1 when there are more than ${THREADS_FROM_FILES} files; 0 = this thread only)`)
    .option("--fix", "apply safe fixes (never tone rewrites) and write the files; stdin: print the fixed text")
    .option("--fix-dry-run", "print a unified diff of what --fix would change; write nothing")
    .option("--fix-suggestions", "also apply the first suggested rewrite of every finding (asks first when stdin is a terminal)")
    .action(async (paths: string[], flags: LintFlags, cmd: Command) => {
      (cmd as Command & { exitCode?: number }).exitCode = await runLint(paths, flags, io, "lint");
    });
  void lint;

  withLintOptions(
    program.command("score").argument("[paths...]", "files, directories or quoted globs (default: .)"),
    SCORE_REPORTER_NAMES,
    "table",
  )
    .description("print the score of every document and macro, worst first")
    .option("--min-score <n>", "exit 1 when the total score is below this")
    .action(async (paths: string[], flags: LintFlags, cmd: Command) => {
      (cmd as Command & { exitCode?: number }).exitCode = await runLint(paths, flags, io, "score");
    });

  registerRewriteCommand(program, {
    io,
    version: VERSION,
    color: (flags) => useColor(flags, io),
    usageError: (message) => new ExitError(message, 2),
    load: async (flags) => {
      const { user, configFile, rules, customRules } = await loadRules(flags, io);
      const cliRules = parseRuleFlags(flags.rule, rules.map((r) => ({ id: r.meta.id, ...(r.meta.defaultOptions ? { defaultOptions: r.meta.defaultOptions } : {}) })));
      const resolve = createResolver(user, BUILTIN_RULES, customRules, cliRules);
      return { rules, configFor: (file: string) => resolve(relativeToConfig(path.resolve(io.cwd, file), configFile, io.cwd)) };
    },
  });

  program
    .command("rules")
    .description("list the rules with their category, default severity and fixability")
    .action(() => {
      const rows = BUILTIN_RULES.map((r) => [r.meta.id, r.meta.category, r.meta.defaultSeverity, r.meta.fixable ?? "", r.meta.description]);
      const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length), ["rule", "category", "severity", "fixable"][i]!.length));
      const line = (row: string[]) => row.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join("  ").trimEnd();
      io.stdout([line(["rule", "category", "severity", "fixable", "description"]), ...rows.map(line)].join("\n") + "\n");
    });

  program
    .command("explain")
    .argument("<rule>", "a rule id, e.g. no-refusal")
    .description("print a rule's documentation: why, bad and good examples, options")
    .action((id: string) => {
      const rule = BUILTIN_RULES.find((r) => r.meta.id === id);
      if (!rule) {
        const ids = BUILTIN_RULES.map((r) => r.meta.id).join(", ");
        throw new ExitError(`"${id}" is not a cxlint rule. The rules are: ${ids}.`, 2);
      }
      io.stdout(readRuleDoc(id));
    });

  program
    .command("init")
    .description(`write a commented starter config (${STARTER_FILE_NAME}) in the current directory`)
    .option("--force", "overwrite an existing file")
    .action(async (flags: { force?: boolean }) => {
      const target = path.join(io.cwd, STARTER_FILE_NAME);
      const { existsSync } = await import("node:fs");
      if (existsSync(target) && !flags.force) {
        throw new ExitError(`${STARTER_FILE_NAME} already exists. Use --force to overwrite it.`, 2);
      }
      const { writeFile } = await import("node:fs/promises");
      await writeFile(target, starterConfig(BUILTIN_RULES.map((r) => r.meta), FORMATS.map((f) => ({ id: f.id }))), "utf8");
      io.stdout(`Wrote ${STARTER_FILE_NAME}. Edit it, then run \`cxlint\`.\n`);
    });

  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function readRuleDoc(id: string): string {
  const doc = readPackageFile(`rules/${id}.md`);
  if (doc === undefined) throw new ExitError(`the documentation for "${id}" is missing from this installation.`, 2);
  return doc;
}

interface LoadedRules {
  readonly user: UserConfig | undefined;
  readonly configFile: string | undefined;
  readonly rules: readonly Rule[];
  readonly customRules: readonly Rule[];
}

async function loadRules(flags: LintFlags, io: CliIO): Promise<LoadedRules> {
  const loaded = await loadConfig({
    cwd: io.cwd,
    ...(typeof flags.config === "string" ? { configPath: flags.config } : {}),
    noConfig: flags.config === false,
  });
  const known = BUILTIN_RULES.map((r) => ({ id: r.meta.id, ...(r.meta.defaultOptions ? { defaultOptions: r.meta.defaultOptions } : {}) }));
  const user = loaded.config === undefined ? undefined : validateConfig(loaded.config, loaded.displayPath ?? loaded.filePath ?? "config", known, { formats: FORMATS.map((f) => ({ id: f.id })) });
  const customRules = Object.entries(user?.customRules ?? {}).map(([id, spec]) => compileCustomRule(id, spec));
  return { user, configFile: loaded.filePath, rules: [...BUILTIN_RULES, ...customRules], customRules };
}

async function runLint(paths: string[], flags: LintFlags, io: CliIO, mode: "lint" | "score"): Promise<number> {
  const reporter = mode === "lint" ? getReporter(flags.format) : getScoreReporter(flags.format);
  if (!reporter) throw new ExitError(`unknown format "${flags.format}".`, 2);
  const maxWarnings = parseLimit(flags.maxWarnings, "--max-warnings");
  const minScore = parseLimit(flags.minScore, "--min-score");

  const { user, configFile, rules } = await loadRules(flags, io);
  const cliRules = parseRuleFlags(flags.rule, rules.map((r) => ({ id: r.meta.id, ...(r.meta.defaultOptions ? { defaultOptions: r.meta.defaultOptions } : {}) })));
  const setup: LintSetup = { cwd: io.cwd, user, configFile, cliRules, reportUnusedDirectives: flags.reportUnusedDisableDirectives ?? false };
  const linter = createFileLinter(setup);
  const fixing = mode === "lint" ? await startFixSession(flags, io) : undefined;
  const threads = parseLimit(flags.threads, "--threads");

  let usageProblems = 0;
  // Piped input with no paths is linted; an empty pipe (a CI job with no stdin) means "lint .".
  const piped = paths.length === 0 ? await io.readStdin() : undefined;
  const stdinText = piped !== undefined && (piped.length > 0 || flags.stdinFilename) ? piped : undefined;

  // With --fix on stdin or --fix-dry-run, stdout carries the fixed text or the diff, so the
  // report goes to stderr.
  const out = openReport(flags, io, fixing !== undefined && (flags.fixDryRun === true || stdinText !== undefined));
  const report = reporter.stream({ cwd: io.cwd, color: await colour(flags, io), version: VERSION }, out.write);
  const tally = new Tally();
  const sink: ResultSink = {
    begin: (file) => report.file(file),
    findings: (list) => {
      tally.findings(list);
      const shown = flags.quiet ? list.filter((f) => f.severity === "error") : list;
      if (shown.length > 0) report.findings(shown);
    },
    end: (outcome) => {
      tally.file(outcome);
      report.fileEnd(outcome);
    },
  };

  if (stdinText !== undefined) {
    const name = flags.stdinFilename ?? "<stdin>";
    const text = stripBom(stdinText);
    // A fix parses the text again as it changes, so it needs the adapter for any text.
    const adapter = await formatFor(flags.stdinFilename ?? "", text).load(fixing ? undefined : text);
    const options: LintTextOptions = { ...linter.options(flags.stdinFilename ?? "stdin.txt"), filePath: name };
    if (fixing) replay(await fixing.stdin(name, stdinText, adapter, options), sink);
    else streamWith(adapter, text, options, sink);
  } else {
    const expansion = await expandPaths(paths.length ? paths : ["."], {
      cwd: io.cwd,
      extensions: lintableExtensions(),
      ...(flags.ignorePath ? { ignorePath: flags.ignorePath } : {}),
      ...(user?.ignorePatterns ? { ignorePatterns: user.ignorePatterns } : {}),
    });
    for (const problem of expansion.problems) {
      usageProblems++;
      replay(errorResult(problem.path, "unknown", "", problem.message), sink);
    }
    if (fixing) {
      // Fixes write files one at a time, on this thread.
      for (const file of expansion.files) {
        const read = formatByExtension(file)?.binary ? undefined : await readTextFile(file, io.cwd);
        if (!read) await linter.stream(file, sink);
        else if (!read.ok) replay(readError(file, "unknown", read), sink);
        else {
          const adapter = await formatFor(file, stripBom(read.text)).load();
          replay(await fixing.file(file, path.resolve(io.cwd, file), read, adapter, linter.options(file)), sink);
        }
      }
    } else {
      const workers = threads ?? (expansion.files.length > THREADS_FROM_FILES ? Math.max(0, availableParallelism() - 1) : 0);
      await lintFiles(expansion.files, linter, setup, workers, sink, progressReporter(io));
    }
  }

  const summary = tally.summary();
  report.end(summary);
  out.close();
  const fixed = fixing?.stdout();
  if (fixed !== undefined) io.stdout(fixed);
  if (flags.outputFile) {
    // The report went to a file; a run that ends with exit 2 must still say why on stderr.
    for (const r of tally.failed) for (const e of r.errors) io.stderr(`cxlint: ${r.filePath}:${e.line}:${e.column}: ${e.message}\n`);
  }

  if (summary.fileErrors > 0 || usageProblems > 0) return 2;
  // `cxlint score` gates on --min-score only; findings gate `cxlint lint`.
  if (mode === "lint" && summary.errors > 0) return 1;
  if (mode === "lint" && maxWarnings !== undefined && summary.warnings > maxWarnings) {
    const found = summary.warnings === 1 ? "1 warning" : `${summary.warnings} warnings`;
    io.stderr(`cxlint: found ${found}, more than --max-warnings ${maxWarnings}.\n`);
    return 1;
  }
  if (minScore !== undefined && summary.score.value < minScore) {
    io.stderr(`cxlint: the total score ${summary.score.value} is below --min-score ${minScore}.\n`);
    return 1;
  }
  return 0;
}

/** Counts a run as its findings and files go by, for the summary and the exit code. */
class Tally {
  private errors = 0;
  private warnings = 0;
  private infos = 0;
  private files = 0;
  /** Files that could not be linted (wholly or in part), with their errors. */
  readonly failed: Array<Pick<FileOutcome, "filePath" | "errors">> = [];
  private readonly scores: Score[] = [];

  findings(list: readonly Finding[]): void {
    for (const f of list) {
      if (f.severity === "error") this.errors++;
      else if (f.severity === "warning") this.warnings++;
      else this.infos++;
    }
  }

  file(outcome: FileOutcome): void {
    this.files++;
    if (outcome.errors.length > 0) this.failed.push({ filePath: outcome.filePath, errors: outcome.errors });
    else this.scores.push(outcome.score);
  }

  summary(): Summary {
    const { files, errors, warnings, infos } = this;
    return { files, errors, warnings, infos, fileErrors: this.failed.length, score: combineScores(this.scores) };
  }
}

/** Where the report is written: stdout, stderr or --output-file, in chunks as it is made. */
interface ReportOutput {
  write(text: string): void;
  close(): void;
}

/** Writes are gathered up to this size, so a report of 100,000 findings is not 100,000 writes. */
const OUTPUT_CHUNK = 1 << 16;

function openReport(flags: LintFlags, io: CliIO, toStderr: boolean): ReportOutput {
  let pending = "";
  let write: (text: string) => void = toStderr ? io.stderr : io.stdout;
  let close = () => {};
  if (flags.outputFile) {
    const target = path.resolve(io.cwd, flags.outputFile);
    let fd: number;
    try {
      fd = openSync(target, "w");
    } catch (error) {
      throw new ExitError(`can't write the report to ${flags.outputFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check that its folder exists and is writable.`, 2);
    }
    write = (text) => void writeSync(fd, stripAnsi(text));
    close = () => closeSync(fd);
  }
  return {
    write(text) {
      pending += text;
      if (pending.length >= OUTPUT_CHUNK) {
        write(pending);
        pending = "";
      }
    },
    close() {
      if (pending) write(pending);
      pending = "";
      close();
    },
  };
}

function parseLimit(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new ExitError(`${flag} needs a number of 0 or more, not "${value}".`, 2);
  return n;
}

/** Whether the output is coloured; chalk is loaded only when it is. */
async function colour(flags: LintFlags, io: CliIO): Promise<boolean> {
  const on = useColor(flags, io);
  if (on) await loadColour();
  return on;
}

function useColor(flags: LintFlags, io: CliIO): boolean {
  if (flags.outputFile) return false;
  if (flags.color !== undefined) return flags.color;
  if (io.env["NO_COLOR"] !== undefined && io.env["NO_COLOR"] !== "") return false;
  const force = io.env["FORCE_COLOR"];
  if (force !== undefined) return force !== "0" && force !== "false";
  return io.stdoutIsTTY;
}

/** The fix flags' session, or undefined when none is given. */
async function startFixSession(flags: LintFlags, io: CliIO) {
  if (!flags.fix && !flags.fixDryRun && !flags.fixSuggestions) return undefined;
  if (flags.fix && flags.fixDryRun) {
    throw new ExitError("--fix and --fix-dry-run can't be used together: --fix-dry-run shows what --fix would change, without writing.", 2);
  }
  const { FixSession } = await import("./write.js");
  // Asks per suggestion only when a person is at the terminal, and never in a dry run.
  const interactive = flags.fixSuggestions === true && !flags.fixDryRun && io.stdinIsTTY === true && io.ask !== undefined;
  return new FixSession({
    dryRun: flags.fixDryRun === true,
    suggestions: flags.fixSuggestions === true,
    color: await colour({ ...flags, outputFile: undefined }, io),
    stderr: io.stderr,
    ...(interactive && io.ask ? { ask: io.ask } : {}),
  });
}

/**
 * Above this many files, the CLI lints on worker threads by default. Each worker loads its own
 * parsers and compromise; on this 2-core machine one worker made 300 files slower (8.8 → 11.7 s),
 * broke even at 600, and helped only beyond that (bench/results.md).
 */
const THREADS_FROM_FILES = 1000;

/**
 * "120/4800 files · 1.9 MB/s" on stderr, redrawn in place: only for a person watching a long run
 * (stderr is a terminal, not CI), never in pipes or logs.
 */
function progressReporter(io: CliIO): Progress | undefined {
  if (!io.stderrIsTTY || io.env["CI"]) return undefined;
  const started = Date.now();
  let last = 0;
  return (done, total, chars) => {
    const now = Date.now();
    if (now - last < 200 && done < total) return;
    last = now;
    const seconds = Math.max(0.001, (now - started) / 1000);
    io.stderr(`\r${done}/${total} files · ${(chars / 1048576 / seconds).toFixed(1)} MB/s${done === total ? "\r\u001b[K" : ""}`);
  };
}

function stripAnsi(text: string): string {
  // The report is already plain unless a reporter colours regardless; looking for ESC is cheaper
  // than the replace over every chunk of a large report.
  // eslint-disable-next-line no-control-regex
  return text.includes("\u001b") ? text.replace(/\u001b\[[0-9;]*m/g, "") : text;
}
