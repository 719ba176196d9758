#!/usr/bin/env node
// cxlint benchmark: `npm run bench` (never a timed test). Builds a deterministic corpus under
// bench/.corpus/, then runs each contender as its own process, one after the other, and reports
// whole-process wall time (median of --runs), MB/s, peak RSS and ratios against cxlint; then cxlint
// alone on two 100 MB exports (set big), cold start (median of --cold-runs spawns) and scaling
// (1×, 4×, 16× the corpus). Writes the same Markdown to bench/results.md.
//
//   node bench/run.mjs [--runs 3] [--quick] [--only cxlint,alex,write-good,regex]
//                      [--sets corpus,json,md,big,cold,imports,scale] [--max-scale 16] [--timeout 900]
//                      [--cold-runs 10] [--profile] [--check-pools] [--no-snapshot]
//
// cxlint is measured from a copy of bin/, dist/ and package.json taken at the start
// (bench/.corpus/snap/), so a rebuild of dist/ during a long run does not mix two builds.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BIG, buildBig, buildCorpus, FULL, QUICK } from "./corpus.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
let BIN = path.join(ROOT, "bin", "cxlint.js");
let DIST = path.join(ROOT, "dist");
const NODE = process.execPath;
const MiB = 1024 * 1024;

const { values: flags } = parseArgs({
  // --no-snapshot is the negation of the snapshot option.
  allowNegative: true,
  options: {
    runs: { type: "string", default: "3" },
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    sets: { type: "string" },
    "max-scale": { type: "string" },
    timeout: { type: "string", default: "900" },
    "cold-runs": { type: "string" },
    profile: { type: "boolean", default: false },
    snapshot: { type: "boolean", default: true },
    "check-pools": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (flags.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1, 11).map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Preflight
if (!existsSync(path.join(ROOT, "dist", "src", "cli", "process.js")) || !existsSync(path.join(ROOT, "dist", "rules", "index.js"))) {
  console.error("bench: dist/ is missing. The benchmark runs the built CLI (bin/cxlint.js → dist/). Run `npm run build` first.");
  process.exit(1);
}
const require = createRequire(import.meta.url);
const resolvable = (name) => {
  try {
    require.resolve(name, { paths: [ROOT] });
    return true;
  } catch {
    try {
      // ESM-only packages have no require condition; their package.json still resolves.
      require.resolve(`${name}/package.json`, { paths: [ROOT] });
      return true;
    } catch {
      return false;
    }
  }
};

// Snapshot the build: other work may rebuild dist/ while a long benchmark runs.
const newestMtime = (dir) => {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
};
const build = { mtime: newestMtime(path.join(ROOT, "dist")), head: gitOut(["rev-parse", "--short", "HEAD"]), dirty: gitOut(["status", "--porcelain", "--", "src", "rules"]).split("\n").filter(Boolean).length };
if (flags.snapshot) {
  const snap = path.join(BENCH, ".corpus", "snap");
  rmSync(snap, { recursive: true, force: true });
  mkdirSync(snap, { recursive: true });
  cpSync(path.join(ROOT, "dist"), path.join(snap, "dist"), { recursive: true });
  cpSync(path.join(ROOT, "bin"), path.join(snap, "bin"), { recursive: true });
  cpSync(path.join(ROOT, "package.json"), path.join(snap, "package.json"));
  // node_modules resolve upwards from bench/.corpus/snap to the repository's.
  BIN = path.join(snap, "bin", "cxlint.js");
  DIST = path.join(snap, "dist");
}

function gitOut(args) {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "?";
  }
}

const runs = Math.max(1, Number(flags.runs));
const quick = flags.quick;
const size = quick ? QUICK : FULL;
const maxScale = Number(flags["max-scale"] ?? (quick ? 4 : 16));
const scales = [1, 4, 16].filter((k) => k <= maxScale);
const coldRuns = Number(flags["cold-runs"] ?? (quick ? 3 : 10));
const timeoutS = Number(flags.timeout);
const ALL_CONTENDERS = ["cxlint", "cxlint-1thread", "alex", "write-good", "regex"];
const only = flags.only ? flags.only.split(",").map((s) => s.trim()) : ALL_CONTENDERS;
for (const c of only) if (!ALL_CONTENDERS.includes(c)) fail(`unknown contender "${c}" (choose from ${ALL_CONTENDERS.join(", ")})`);
// The big set (two 100 MB exports, ~1 min per run) is left out of --quick unless asked for by name.
const ALL_SETS = ["corpus", "json", "md", "big", "cold", "imports", "scale"];
const sets = new Set(flags.sets ? flags.sets.split(",").map((s) => s.trim()) : ALL_SETS.filter((s) => !(quick && s === "big")));
for (const s of sets) if (!ALL_SETS.includes(s)) fail(`unknown set "${s}" (choose from ${ALL_SETS.join(", ")})`);
const notes = [];
const allContenders = only.filter((c) => {
  if (c === "cxlint-1thread" && !spawnSync(NODE, [BIN, "lint", "--help"], { cwd: ROOT, encoding: "utf8" }).stdout.includes("--threads")) return false;
  if ((c === "alex" || c === "write-good") && !resolvable(c)) {
    notes.push(`${c} is not installed (npm install -D alex@11 write-good@1); skipped.`);
    return false;
  }
  return true;
});

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const haveTime = (() => {
  try {
    execFileSync("/usr/bin/time", ["-v", "-o", "/dev/null", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const haveTimeout = existsSync("/usr/bin/timeout") || existsSync("/bin/timeout");

const contenders = allContenders;
const log = (msg) => process.stderr.write(`${msg}\n`);
const corpusDir = path.join(BENCH, ".corpus", quick ? "quick" : "full");
const workDir = path.join(BENCH, ".corpus", "work");
mkdirSync(workDir, { recursive: true });

// ---------------------------------------------------------------------------------------------
// Corpus
const t0 = Date.now();
const manifest = buildCorpus(corpusDir, { files: size.files, jsonMB: size.jsonMB, mdMB: size.mdMB, maxScale: Math.max(...scales, 1) }, log);
log(`corpus ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
const rel = (p) => path.relative(ROOT, path.join(corpusDir, p));
// The big set has its own directory, shared by --quick and full runs, built only when asked for.
const bigDir = path.join(BENCH, ".corpus", "big");
let bigManifest;
if (sets.has("big")) {
  const t1 = Date.now();
  bigManifest = buildBig(bigDir, { mb: BIG.mb }, log);
  log(`big set ready (${((Date.now() - t1) / 1000).toFixed(1)} s)`);
}

if (flags["check-pools"]) {
  await checkPools();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Measurement

/**
 * One whole-process run: wall time measured here, peak RSS from GNU time (or the --import hook).
 * stdout goes to `stdoutFile` when given (cxlint's report can be tens of MB), else is captured.
 */
function measure(args, { stdoutFile, env } = {}) {
  const rssFile = path.join(workDir, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  let cmd = NODE;
  let argv = args;
  if (haveTime) {
    cmd = "/usr/bin/time";
    argv = ["-v", "-o", rssFile, ...(haveTimeout ? ["timeout", "-s", "KILL", String(timeoutS)] : []), NODE, ...args];
  } else {
    argv = ["--import", path.join(BENCH, "contenders", "rss-hook.mjs"), ...args];
  }
  const out = stdoutFile ? openSync(stdoutFile, "w") : "pipe";
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, {
    cwd: ROOT,
    stdio: ["ignore", out, "pipe"],
    env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, NO_COLOR: "1" },
    maxBuffer: 256 * MiB,
    ...(haveTime && haveTimeout ? {} : { timeout: timeoutS * 1000, killSignal: "SIGKILL" }),
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (typeof out === "number") closeSync(out);
  let rssKB;
  let cpu;
  let status = r.status;
  if (existsSync(rssFile)) {
    const text = readFileSync(rssFile, "utf8");
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
    const user = /User time \(seconds\): ([\d.]+)/.exec(text);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(text);
    if (user && sys) cpu = Number(user[1]) + Number(sys[1]);
    if (!m) {
      try {
        const hook = JSON.parse(text);
        rssKB = hook.maxRSS;
        cpu = hook.cpu;
      } catch {
        // no figures
      }
    }
    rssKB ??= m ? Number(m[1]) : undefined;
    const exit = /Exit status: (\d+)/.exec(text);
    if (exit) status = Number(exit[1]);
    if (/Command terminated by signal 9/.test(text)) status = 137;
  }
  const timedOut = status === 137 || r.signal === "SIGKILL" || (r.error && r.error.code === "ETIMEDOUT");
  return { seconds, cpu, rssMB: rssKB ? rssKB / 1024 : undefined, status, timedOut, stdout: r.stdout?.toString() ?? "", stderr: r.stderr?.toString() ?? "" };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, d = 2) => (x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(d));
const fmtRatio = (x) => (x === undefined || Number.isNaN(x) ? "n/a" : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));
const fmtRate = (x) => (x === undefined ? "n/a" : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));

function contenderArgs(name, files, set) {
  if (name === "cxlint") return { args: [BIN, "--no-config", "--format", "json", ...files], stdoutFile: path.join(workDir, `cxlint-${set}.json`) };
  if (name === "cxlint-1thread") return { args: [BIN, "--no-config", "--threads", "0", "--format", "json", ...files], stdoutFile: path.join(workDir, `cxlint-1thread-${set}.json`) };
  const list = path.join(workDir, `list-${set}.json`);
  writeFileSync(list, JSON.stringify(files.map((f) => path.join(ROOT, f))));
  return { args: [path.join(BENCH, "contenders", `${name}.mjs`), list] };
}

/** Reads cxlint's JSON report: finding count, and whether the JSON adapter handled the file. */
function readCxlintReport(file) {
  try {
    const report = JSON.parse(readFileSync(file, "utf8"));
    const findings = report.results.reduce((n, r) => n + r.findings.length, 0);
    const formats = [...new Set(report.results.map((r) => r.format))];
    const errors = report.results.flatMap((r) => r.errors.map((e) => `${r.filePath}: ${e.message}`));
    const units = report.results.reduce((n, r) => n + r.units.length, 0);
    return { findings, formats, errors, units };
  } catch (error) {
    return { findings: undefined, formats: [], errors: [`unreadable report: ${error.message}`], units: 0 };
  }
}

/** Runs every contender `runs` times over one input set, interleaved round by round. */
function throughput(set, files, bytes) {
  // On a single file the thread pool is never used: cxlint-1thread would repeat cxlint.
  const contenders = files.length > 1 ? allContenders : allContenders.filter((c) => c !== "cxlint-1thread");
  const rows = Object.fromEntries(contenders.map((c) => [c, { times: [], cpus: [], rss: [], failed: undefined, extra: {} }]));
  for (let round = 0; round < runs; round++) {
    for (const c of contenders) {
      const row = rows[c];
      if (row.failed) continue;
      const { args, stdoutFile } = contenderArgs(c, files, set);
      log(`  [${set}] ${c} run ${round + 1}/${runs}…`);
      const r = measure(args, { stdoutFile, env: c === "regex" ? { BENCH_DIST: DIST } : {} });
      if (r.timedOut) {
        row.failed = `timeout (> ${timeoutS} s)`;
        continue;
      }
      if (c.startsWith("cxlint")) {
        // Exit 0 = clean, 1 = findings; 2 = usage/config/I/O errors (e.g. a file it could not parse).
        if (r.status !== 0 && r.status !== 1 && r.status !== 2) {
          row.failed = `exit ${r.status}: ${r.stderr.trim().split("\n").slice(-3).join(" ")}`;
          continue;
        }
        if (round === 0) {
          const rep = readCxlintReport(stdoutFile);
          row.extra = rep;
          if (set === "json" && (!rep.formats.includes("json") || rep.errors.length || rep.units === 0)) {
            row.failed = `n/a (no JSON adapter: format ${rep.formats.join(",") || "?"}${rep.errors.length ? `; ${rep.errors[0]}` : ""})`;
            continue;
          }
          if (r.status === 2) {
            row.failed = `exit 2: ${rep.errors.slice(0, 2).join("; ") || r.stderr.trim().slice(0, 200)}`;
            continue;
          }
        }
      } else {
        if (r.status !== 0) {
          row.failed = `exit ${r.status}: ${r.stderr.trim().split("\n").slice(-3).join(" ").slice(0, 300)}`;
          continue;
        }
        const line = JSON.parse(r.stdout.trim().split("\n").pop());
        row.extra = { findings: line.findings, units: line.units };
        if (c === "regex") {
          try {
            row.extra.sentences = JSON.parse(r.stderr.trim().split("\n").pop());
          } catch {
            // no sentence stats
          }
        }
        if (r.rssMB === undefined && line.maxRssKB) r.rssMB = line.maxRssKB / 1024;
      }
      row.times.push(r.seconds);
      if (r.cpu !== undefined) row.cpus.push(r.cpu);
      if (r.rssMB !== undefined) row.rss.push(r.rssMB);
    }
  }
  const mb = bytes / MiB;
  const out = {};
  for (const c of contenders) {
    const row = rows[c];
    const s = row.times.length ? median(row.times) : undefined;
    const cpu = row.cpus.length ? median(row.cpus) : undefined;
    out[c] = { mb, seconds: s, rate: s ? mb / s : undefined, cpu, cpuRate: cpu ? mb / cpu : undefined, rss: row.rss.length ? Math.max(...row.rss) : undefined, times: row.times, failed: row.failed, ...row.extra };
  }
  return out;
}

function throughputTable(title, result, note) {
  const base = result.cxlint?.rate;
  const baseCpu = result.cxlint?.cpuRate;
  const lines = [
    `### ${title}`,
    "",
    note ? `${note}\n` : "",
    "| contender | MB | median s | MB/s | peak RSS MB | cxlint ÷ this (throughput) | CPU s | MB per CPU s | cxlint ÷ this (CPU) | findings | runs (s) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const [c, r] of Object.entries(result)) {
    if (c === "nlp") continue;
    if (r.failed && !r.seconds) {
      lines.push(`| ${c} | ${fmt(r.mb)} | ${r.failed} | | | | | | | | |`);
      continue;
    }
    const ratio = base && r.rate ? (c === "cxlint" ? "1.00" : `${fmtRatio(base / r.rate)}×`) : "n/a";
    const cpuRatio = baseCpu && r.cpuRate ? (c === "cxlint" ? "1.00" : `${fmtRatio(baseCpu / r.cpuRate)}×`) : "n/a";
    lines.push(`| ${c} | ${fmt(r.mb)} | ${fmt(r.seconds)} | ${fmtRate(r.rate)} | ${fmt(r.rss, 0)} | ${ratio} | ${fmt(r.cpu)} | ${fmtRate(r.cpuRate)} | ${cpuRatio} | ${r.findings ?? ""} | ${r.times.map((t) => t.toFixed(2)).join(", ")}${r.failed ? ` (${r.failed})` : ""} |`);
  }
  if (result.nlp) lines.push("", `compromise parsed ${result.nlp.calls} sentences (${result.nlp.chars} characters) in a traced single-thread cxlint run over this input; every other sentence was settled by the trigger prefilter and the rules' regexes, or came from the per-sentence cache.`);
  return lines.filter((l, i) => l !== "" || i > 4).join("\n");
}

/**
 * Checks that cxlint's JSON report for one file is complete: it parses, its summary counts one
 * file and no file errors, the file was read by the JSON adapter with no errors, and it has a
 * unit per macro. Returns the figures, or `problem` saying what is wrong.
 */
function checkOneFileReport(file, macros) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { problem: `report is not complete JSON (${error.message})` };
  }
  const s = report.summary;
  const r = report.results?.[0];
  if (!s || s.files !== 1 || report.results.length !== 1) return { problem: `report counts ${s?.files ?? "?"} files, expected 1` };
  if (s.fileErrors !== 0 || r.errors.length) return { problem: `file error: ${r.errors[0]?.message ?? `summary.fileErrors ${s.fileErrors}`}` };
  if (r.format !== "json") return { problem: `read as ${r.format}, not by the JSON adapter` };
  if (r.units.length !== macros) return { problem: `${r.units.length} units for ${macros} macros` };
  const findings = s.errors + s.warnings + s.infos;
  if (findings !== r.findings.length) return { problem: `summary counts ${findings} findings, the report lists ${r.findings.length}` };
  return { findings, units: r.units.length, reportMB: statSync(file).size / MiB };
}

/** cxlint `runs` times over each big export; every run's report is checked. */
function bigExports() {
  const cases = [
    ["ascii", "pure ASCII", bigManifest.ascii],
    ["utf8", "not pure ASCII", bigManifest.utf8],
  ];
  const rows = Object.fromEntries(cases.map(([key, text, f]) => [key, { text, file: f, times: [], cpus: [], rss: [], failed: undefined, extra: {} }]));
  for (let round = 0; round < runs; round++) {
    for (const [key, , f] of cases) {
      const row = rows[key];
      if (row.failed) continue;
      const { args, stdoutFile } = contenderArgs("cxlint", [path.relative(ROOT, path.join(bigDir, f.path))], `big-${key}`);
      log(`  [big] cxlint ${f.path} run ${round + 1}/${runs}…`);
      const r = measure(args, { stdoutFile });
      if (r.timedOut) {
        row.failed = `timeout (> ${timeoutS} s)`;
        continue;
      }
      if (r.status !== 0 && r.status !== 1) {
        row.failed = `exit ${r.status}: ${r.stderr.trim().split("\n").slice(-3).join(" ").slice(0, 300)}`;
        continue;
      }
      const check = checkOneFileReport(stdoutFile, f.macros);
      if (check.problem) {
        row.failed = `bad report: ${check.problem}`;
        continue;
      }
      row.extra = check;
      row.times.push(r.seconds);
      if (r.cpu !== undefined) row.cpus.push(r.cpu);
      if (r.rssMB !== undefined) row.rss.push(r.rssMB);
    }
  }
  const out = {};
  for (const [key, row] of Object.entries(rows)) {
    const mb = row.file.bytes / MiB;
    const s = row.times.length ? median(row.times) : undefined;
    out[key] = { text: row.text, file: row.file, mb, seconds: s, rate: s ? mb / s : undefined, cpu: row.cpus.length ? median(row.cpus) : undefined, rss: row.rss.length ? Math.max(...row.rss) : undefined, times: row.times, failed: row.failed, ...row.extra };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Runs
const started = new Date();
const load0 = os.loadavg();
const report = [];
const results = {};

const oneX = manifest.files.slice(0, manifest.filesPerScale).map(rel);
const bytesOf = (files) => files.reduce((n, f) => n + statSync(path.join(ROOT, f)).size, 0);
const oneXBytes = bytesOf(oneX);

/** One untimed, single-threaded cxlint run with a preload that counts compromise's nlp() calls. */
function nlpCalls(files) {
  const r = spawnSync(NODE, ["-r", path.join(BENCH, "contenders", "trace-load.cjs"), BIN, "--no-config", ...(allContenders.includes("cxlint-1thread") ? ["--threads", "0"] : []), "--format", "json", ...files], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const m = /nlp\(\) calls: (\d+); chars parsed: (\d+)/.exec(r.stderr ?? "");
  return m ? { calls: Number(m[1]), chars: Number(m[2]) } : undefined;
}

if (sets.has("corpus")) {
  log(`throughput: ${oneX.length} support files…`);
  results.corpus = throughput("corpus", oneX, oneXBytes);
  if (contenders.includes("cxlint")) results.corpus.nlp = nlpCalls(oneX);
}
if (sets.has("json")) {
  log("throughput: Zendesk export…");
  results.json = throughput("json", [rel(manifest.zendesk.path)], manifest.zendesk.bytes);
  if (contenders.includes("cxlint") && results.json.cxlint?.seconds) results.json.nlp = nlpCalls([rel(manifest.zendesk.path)]);
}
if (sets.has("md")) {
  log("throughput: single Markdown file…");
  results.md = throughput("md", [rel(manifest.handbook.path)], manifest.handbook.bytes);
}

// Big: cxlint alone on the two 100 MB exports (pure ASCII and not), interleaved round by round.
if (sets.has("big")) {
  if (!contenders.includes("cxlint")) {
    notes.push("The big set measures cxlint only; --only left cxlint out, so it was skipped.");
  } else {
    log(`throughput: two ${BIG.mb} MB exports (cxlint only)…`);
    results.big = bigExports();
  }
}

// Cold start: no wrappers, plain spawns, stdout discarded; interleaved, one warm-up round.
let cold;
if (sets.has("cold") && contenders.includes("cxlint")) {
  log(`cold start: ${coldRuns} spawns per case…`);
  const cases = [
    ["node -e 0", ["-e", "0"]],
    ["cxlint --version", [BIN, "--version"]],
    ["cxlint clean file (no trigger word)", [BIN, rel("cold/clean.md")]],
    ["cxlint clean file (trigger words, no finding)", [BIN, rel("cold/trigger-clean.md")]],
    ["cxlint file with a finding", [BIN, rel("cold/finding.md")]],
  ];
  const times = cases.map(() => []);
  const cpus = cases.map(() => []);
  const cpuFile = path.join(workDir, "cold-cpu.txt");
  for (let round = -1; round < coldRuns; round++) {
    cases.forEach(([, args], i) => {
      const start = process.hrtime.bigint();
      spawnSync(NODE, args, { cwd: ROOT, stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } });
      if (round >= 0) times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
      // A second, separate spawn with a preload that reports the process's own CPU time.
      rmSync(cpuFile, { force: true });
      spawnSync(NODE, ["-r", path.join(BENCH, "contenders", "cpu-hook.cjs"), ...args], { cwd: ROOT, stdio: "ignore", env: { ...process.env, NO_COLOR: "1", BENCH_CPU_FILE: cpuFile } });
      if (round >= 0 && existsSync(cpuFile)) cpus[i].push(1000 * Number(readFileSync(cpuFile, "utf8").trim().split("\n").pop()));
    });
  }
  cold = cases.map(([name, args], i) => {
    let loaded = "";
    let findings = "";
    if (name.startsWith("cxlint") && !name.includes("--version")) {
      const trace = spawnSync(NODE, ["-r", path.join(BENCH, "contenders", "trace-load.cjs"), ...args.slice(0, 1), "--format", "json", ...args.slice(1)], { cwd: ROOT, encoding: "utf8" });
      loaded = /compromise loaded: yes/.test(trace.stderr) ? "yes" : /compromise loaded: no/.test(trace.stderr) ? "no" : "?";
      try {
        findings = String(JSON.parse(trace.stdout).summary.errors + JSON.parse(trace.stdout).summary.warnings + JSON.parse(trace.stdout).summary.infos);
      } catch {
        findings = "?";
      }
    }
    return { name, median: median(times[i]), min: Math.min(...times[i]), max: Math.max(...times[i]), cpu: cpus[i].length ? median(cpus[i]) : undefined, loaded, findings };
  });
}

// Import cost: what each runtime dependency (and each part of the built CLI) adds to start-up.
let imports;
if (sets.has("imports") && contenders.includes("cxlint")) {
  log(`import cost: ${coldRuns} spawns per module…`);
  const deps = Object.keys(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).dependencies ?? {});
  const dist = (p) => pathToFileURL(path.join(DIST, p)).href;
  const cases = [
    ["node -e 0 (baseline)", "0"],
    ...deps.map((d) => [d, d === "compromise" ? `createRequire(import.meta.url)("compromise")` : `await import(${JSON.stringify(d)})`]),
    ["dist/rules/index.js (the six rules)", `await import(${JSON.stringify(dist("rules/index.js"))})`],
    ["dist/src/formats/index.js (adapters)", `await import(${JSON.stringify(dist("src/formats/index.js"))})`],
    ["dist/src/reporters/index.js", `await import(${JSON.stringify(dist("src/reporters/index.js"))})`],
    ["dist/src/cli/main.js (whole CLI graph, unbundled)", `await import(${JSON.stringify(dist("src/cli/main.js"))})`],
    ...(existsSync(path.join(DIST, "bundle", "load.cjs")) ? [["dist/bundle/process.cjs and its chunks, with their code caches (what bin/cxlint.js loads)", `createRequire(import.meta.url)(${JSON.stringify(path.join(DIST, "bundle", "load.cjs"))}).load("process.cjs")`]] : []),
  ];
  const cpuFile = path.join(workDir, "import-cpu.txt");
  const cpus = cases.map(() => []);
  const walls = cases.map(() => []);
  for (let round = -1; round < coldRuns; round++) {
    cases.forEach(([, code], i) => {
      rmSync(cpuFile, { force: true });
      const script = `import { createRequire } from "node:module";\n${code};`;
      const start = process.hrtime.bigint();
      const r = spawnSync(NODE, ["-r", path.join(BENCH, "contenders", "cpu-hook.cjs"), "--input-type=module", "-e", script], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, BENCH_CPU_FILE: cpuFile } });
      const wall = Number(process.hrtime.bigint() - start) / 1e6;
      if (round < 0) {
        if (r.status !== 0) cases[i].push(`failed: ${r.stderr.toString().trim().split("\n").slice(-1)[0]}`);
        return;
      }
      walls[i].push(wall);
      if (existsSync(cpuFile)) cpus[i].push(1000 * Number(readFileSync(cpuFile, "utf8").trim()));
    });
  }
  const base = median(cpus[0]);
  const baseWall = median(walls[0]);
  imports = cases.map(([name, , failed], i) => ({ name, failed, cpu: median(cpus[i]), wall: median(walls[i]), extraCpu: median(cpus[i]) - base, extraWall: median(walls[i]) - baseWall }));
}

// Scaling: cxlint over the first k × files support files.
let scaling;
if (sets.has("scale") && contenders.includes("cxlint")) {
  scaling = [];
  for (const k of scales) {
    const files = manifest.files.slice(0, manifest.filesPerScale * k).map(rel);
    const bytes = k === 1 ? oneXBytes : bytesOf(files);
    let r;
    if (k === 1 && results.corpus?.cxlint?.seconds) {
      r = results.corpus.cxlint;
    } else {
      log(`scaling: ${k}× (${files.length} files)…`);
      const times = [];
      const cpus = [];
      const rss = [];
      let failed;
      for (let i = 0; i < runs; i++) {
        const { args, stdoutFile } = contenderArgs("cxlint", files, `scale${k}`);
        const m = measure(args, { stdoutFile });
        if (m.timedOut || (m.status !== 0 && m.status !== 1)) {
          failed = m.timedOut ? `timeout (> ${timeoutS} s)` : `exit ${m.status}`;
          break;
        }
        times.push(m.seconds);
        if (m.cpu !== undefined) cpus.push(m.cpu);
        if (m.rssMB) rss.push(m.rssMB);
      }
      r = { seconds: times.length ? median(times) : undefined, cpu: cpus.length ? median(cpus) : undefined, rss: rss.length ? Math.max(...rss) : undefined, times, failed };
    }
    scaling.push({ k, files: files.length, mb: bytes / MiB, ...r });
  }
}

// CPU profile of cxlint over the 1× corpus.
let profile;
if (flags.profile && contenders.includes("cxlint")) {
  log("profiling cxlint over the 1× corpus…");
  const dir = path.join(workDir, "prof");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out = openSync(path.join(workDir, "cxlint-prof.json"), "w");
  const r = spawnSync(NODE, ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-name", "cxlint.cpuprofile", BIN, "--no-config", ...(allContenders.includes("cxlint-1thread") ? ["--threads", "0"] : []), "--format", "json", ...oneX], { cwd: ROOT, stdio: ["ignore", out, "pipe"] });
  closeSync(out);
  const { summarize, toMarkdown } = await import("./profile-summary.mjs");
  const file = path.join(dir, "cxlint.cpuprofile");
  profile = existsSync(file) ? toMarkdown(summarize(JSON.parse(readFileSync(file, "utf8")), { root: ROOT }), { top: 10 }) : `profile failed: exit ${r.status} ${r.stderr}`;
  profile = `Profile file: \`${path.relative(ROOT, file)}\`\n\n${profile}`;
}

// ---------------------------------------------------------------------------------------------
// Report
const load1 = os.loadavg();
const rebuilt = newestMtime(path.join(ROOT, "dist")) !== build.mtime;
const c1 = manifest.counts1x;
report.push(
  "# cxlint benchmark results",
  "",
  `- date: ${started.toISOString()} (took ${((Date.now() - started) / 60000).toFixed(1)} min)`,
  `- node ${process.version}, ${os.cpus()[0]?.model ?? "?"}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
  `- load average (1 min) at start ${load0[0].toFixed(2)}, at end ${load1[0].toFixed(2)}; other processes share these ${os.cpus().length} cores, so compare ratios within this run, not absolute times across runs`,
  `- cxlint: HEAD ${build.head} with ${build.dirty} uncommitted paths under src/ and rules/ at the start; dist/ last built ${new Date(build.mtime).toISOString()}; ${flags.snapshot ? "measured from a snapshot of bin/, dist/ and package.json taken at the start (bench/.corpus/snap)" : "measured from the live dist/ (--no-snapshot)"}${rebuilt ? "; **dist/ was rebuilt during the run**" + (flags.snapshot ? " (the snapshot kept the measurements on one build)" : ", so results may mix two builds") : ""}`,
  `- mode: ${quick ? "--quick" : "full"}, median of ${runs} run(s), whole-process wall time; peak RSS from ${haveTime ? "GNU time -v" : "process.resourceUsage().maxRSS"}; MB = MiB of input file bytes`,
  `- cxlint runs \`node bin/cxlint.js --no-config --format json <files…>\` with its default threading (it starts worker threads only for long file lists, see \`cxlint lint --help\`); cxlint-1thread adds \`--threads 0\` (files are listed: bench/.corpus/ is gitignored, and cxlint skips gitignored files when given a directory); alex runs \`text()\` and write-good its default checks, once per file (per macro for the JSON export); the regex floor counts the built rules' \`meta.trigger\` matches per sentence`,
  "",
  "## Corpus",
  "",
  `Seeded (bench/corpus.mjs, sentence pools in bench/pools.mjs). Support set: ${oneX.length} files (2/3 Markdown saved replies, 1/3 plain-text macro dumps), ${fmt(oneXBytes / MiB)} MB, ${c1.sentences} sentences: ${c1.neutral} neutral, ${c1.triggerOk} with a trigger word but fine, ${c1.flagged} flagged (${Object.entries(c1.byCategory).map(([k, v]) => `${k} ${v}`).join(", ")}), so ${fmt((100 * (c1.triggerOk + c1.flagged)) / c1.sentences, 1)}% of generated sentences carry a trigger word.`,
  `Zendesk export: ${manifest.zendesk.macros} macros, ${fmt(manifest.zendesk.bytes / MiB)} MB. Markdown: one file of ${fmt(manifest.handbook.bytes / MiB)} MB.`,
);
const regexStats = results.corpus?.regex?.sentences;
if (regexStats) report.push(`Measured with the built trigger regexes on the support set: ${regexStats.hitSentences} of ${regexStats.sentences} sentences (${fmt((100 * regexStats.hitSentences) / regexStats.sentences, 1)}%) hit at least one trigger.`);
report.push("", "## Throughput", "");
if (results.corpus) report.push(throughputTable(`Support set: ${oneX.length} files, ${fmt(oneXBytes / MiB)} MB`, results.corpus), "");
if (results.json) report.push(throughputTable(`Zendesk macros export (${fmt(manifest.zendesk.bytes / MiB)} MB JSON)`, results.json, "alex, write-good and the regex floor get each macro's comment_value (JSON.parse first); cxlint reads the file through its JSON adapter. MB/s is over the file's bytes for all."), "");
if (results.md) report.push(throughputTable(`Single Markdown file (${fmt(manifest.handbook.bytes / MiB)} MB)`, results.md), "");
if (results.big) {
  const { ascii, utf8 } = bigManifest;
  report.push(
    `### ${BIG.mb} MB Zendesk exports (cxlint only)`,
    "",
    `Two exports from the same generator as the ${fmt(manifest.zendesk.bytes / MiB, 0)} MB one (bench/.corpus/big/): ${ascii.macros} macros in pure ASCII, and ${utf8.macros} macros whose replies are not pure ASCII (${utf8.repliesWithNonAscii} of them carry curly apostrophes, em dashes, accented names or an emoji; ${utf8.nonAsciiChars} non-ASCII characters in all). cxlint decodes a large pure-ASCII file and a large non-ASCII one differently (readSourceText in src/cli/io.ts), so both are measured. Each run's JSON report is checked to be complete: one file, no file errors, a unit per macro. Target: peak RSS ≤ 500 MB on a 100 MB export. alex and write-good are not run on these files: at the ~0.12 MB/s alex manages on the JSON export, one run would take about a quarter of an hour per file.`,
    "",
    "| file | text | MB | median s | MB/s | peak RSS MB | ≤ 500 MB | CPU s | findings | report MB | runs (s) |",
    "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---|",
  );
  for (const r of Object.values(results.big)) {
    if (!r.seconds) {
      report.push(`| ${r.file.path} | ${r.text} | ${fmt(r.mb)} | ${r.failed ?? "n/a"} | | | | | | | |`);
      continue;
    }
    const met = r.rss === undefined ? "n/a" : r.rss <= 500 ? "met" : "not met";
    report.push(`| ${r.file.path} | ${r.text} | ${fmt(r.mb)} | ${fmt(r.seconds)} | ${fmtRate(r.rate)} | ${fmt(r.rss, 0)} | ${met} | ${fmt(r.cpu)} | ${r.findings} | ${fmt(r.reportMB, 1)} | ${r.times.map((t) => t.toFixed(2)).join(", ")}${r.failed ? ` (${r.failed})` : ""} |`);
  }
  report.push("");
}
if (cold) {
  const base = cold[0].median;
  const baseCpu = cold[0].cpu;
  report.push(
    "## Cold start",
    "",
    `Median of ${coldRuns} spawns per case (after one warm-up round), default stylish output discarded. CPU ms is the process's own user + system time (process.resourceUsage() from a -r preload at exit, measured in separate spawns), which the load of other processes disturbs less than wall time.`,
    "",
    "| case | median ms | min | max | ÷ node -e 0 | CPU ms | CPU ÷ node -e 0 | compromise loaded | findings |",
    "|---|---:|---:|---:|---:|---:|---:|---|---:|",
  );
  for (const c of cold) report.push(`| ${c.name} | ${fmt(c.median, 1)} | ${fmt(c.min, 1)} | ${fmt(c.max, 1)} | ${fmt(c.median / base)}× | ${fmt(c.cpu, 1)} | ${baseCpu && c.cpu ? `${fmt(c.cpu / baseCpu)}×` : "n/a"} | ${c.loaded} | ${c.findings} |`);
  report.push("");
}
if (imports) {
  report.push(
    "## Import cost",
    "",
    `What loading each runtime dependency (alone, in a fresh \`node --input-type=module -e\`) and each part of the built CLI costs; median of ${coldRuns} spawns. Parts overlap (main.js includes everything else it imports), so the rows do not add up.`,
    "",
    "| module | wall ms | wall ms above node | CPU ms | CPU ms above node |",
    "|---|---:|---:|---:|---:|",
  );
  for (const m of imports) report.push(`| ${m.name}${m.failed ? ` (${m.failed})` : ""} | ${fmt(m.wall, 1)} | ${fmt(m.extraWall, 1)} | ${fmt(m.cpu, 1)} | ${fmt(m.extraCpu, 1)} |`);
  report.push("");
}
if (scaling) {
  const s1 = scaling[0];
  report.push("## Scaling (cxlint)", "", "Per-MB time relative to 1× (must stay ≤ 1.1). The 1× row reuses the support-set run when there is one.", "", "| scale | files | MB | median s | MB/s | peak RSS MB | s per MB ÷ 1× | CPU s | CPU s per MB ÷ 1× | runs (s) |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const r of scaling) {
    if (!r.seconds) {
      report.push(`| ${r.k}× | ${r.files} | ${fmt(r.mb)} | ${r.failed ?? "n/a"} | | | | | | |`);
      continue;
    }
    const perUnit = s1.seconds ? r.seconds / r.mb / (s1.seconds / s1.mb) : undefined;
    const perUnitCpu = s1.cpu && r.cpu ? r.cpu / r.mb / (s1.cpu / s1.mb) : undefined;
    report.push(`| ${r.k}× | ${r.files} | ${fmt(r.mb)} | ${fmt(r.seconds)} | ${fmtRate(r.mb / r.seconds)} | ${fmt(r.rss, 0)} | ${fmt(perUnit)} | ${fmt(r.cpu)} | ${fmt(perUnitCpu)} | ${r.times.map((t) => t.toFixed(2)).join(", ")} |`);
  }
  report.push("");
}

// Targets
const targets = [];
const verdict = (ok) => (ok === undefined ? "n/a" : ok ? "**met**" : "**missed**");
for (const [key, label] of [["corpus", "support set"], ["json", "JSON export"], ["md", "Markdown file"]]) {
  const r = results[key];
  if (!r?.cxlint?.rate) continue;
  const cpuNote = (o) => (r.cxlint.cpuRate && o.cpuRate ? `; by CPU time ${fmt(r.cxlint.cpuRate / o.cpuRate)}×` : "");
  if (r.alex?.rate) targets.push(`| throughput ≥ 10× alex (${label}) | ${fmt(r.cxlint.rate / r.alex.rate)}× wall${cpuNote(r.alex)} | ${verdict(r.cxlint.rate / r.alex.rate >= 10)} |`);
  if (r["write-good"]?.rate) targets.push(`| throughput ≥ 2× write-good (${label}) | ${fmt(r.cxlint.rate / r["write-good"].rate)}× wall${cpuNote(r["write-good"])} | ${verdict(r.cxlint.rate / r["write-good"].rate >= 2)} |`);
}
if (cold) {
  const base = cold[0].median;
  const clean = cold[2].median / base;
  const trig = cold[3].median / base;
  const hit = cold[4].median / base;
  const cpuR = (i) => (cold[0].cpu && cold[i].cpu ? `; CPU ${fmt(cold[i].cpu / cold[0].cpu)}×` : "");
  targets.push(`| cold start, clean file ≤ 1.3× node -e 0 | ${fmt(clean)}× (${fmt(cold[2].median, 0)} vs ${fmt(base, 0)} ms)${cpuR(2)} | ${verdict(clean <= 1.3)} |`);
  targets.push(`| cold start, clean file with trigger words ≤ 1.3× (stricter reading) | ${fmt(trig)}×${cpuR(3)} | ${verdict(trig <= 1.3)} |`);
  targets.push(`| cold start, file with a finding ≤ 2× node -e 0 | ${fmt(hit)}× (${fmt(cold[4].median, 0)} ms)${cpuR(4)} | ${verdict(hit <= 2)} |`);
}
if (results.json?.cxlint) {
  const r = results.json.cxlint;
  targets.push(`| peak RSS ≤ 300 MB on the ${fmt(manifest.zendesk.bytes / MiB, 0)} MB export | ${r.rss ? `${fmt(r.rss, 0)} MB` : r.failed ?? "n/a"} | ${verdict(r.rss ? r.rss <= 300 : undefined)} |`);
}
for (const r of Object.values(results.big ?? {})) {
  targets.push(`| peak RSS ≤ 500 MB on the ${fmt(r.mb, 0)} MB export (${r.text}) | ${r.rss && r.seconds ? `${fmt(r.rss, 0)} MB` : r.failed ?? "n/a"} | ${verdict(r.rss && r.seconds ? r.rss <= 500 : undefined)} |`);
}
if (scaling?.length > 1 && scaling[0].seconds) {
  const s1 = scaling[0];
  const worst = Math.max(...scaling.filter((r) => r.seconds).map((r) => r.seconds / r.mb / (s1.seconds / s1.mb)));
  targets.push(`| scaling linear, ≤ 1.1× per unit of input | worst ${fmt(worst)}× (up to ${scaling.filter((r) => r.seconds).at(-1).k}×) | ${verdict(worst <= 1.1)} |`);
}
if (targets.length) report.push("## Targets", "", "| target | measured | verdict |", "|---|---|---|", ...targets, "");
if (profile) report.push("## CPU profile (cxlint, 1× support set)", "", profile, "");
if (notes.length) report.push("## Notes", "", ...notes.map((n) => `- ${n}`), "");

const text = report.join("\n");
writeFileSync(path.join(BENCH, "results.md"), text + "\n");
process.stdout.write(text + "\n");
log(`\nwrote ${path.relative(process.cwd(), path.join(BENCH, "results.md"))}`);

// ---------------------------------------------------------------------------------------------
// --check-pools: are the pools what they claim? (a development aid for bench/pools.mjs)
async function checkPools() {
  const { BUILTIN_RULES } = await import(path.join(ROOT, "dist", "rules", "index.js"));
  const { NEUTRAL, TRIGGER_OK, FLAGGED } = await import("./pools.mjs");
  const { prng } = await import("./corpus.mjs");
  const triggers = BUILTIN_RULES.map((r) => [r.meta.id, r.meta.trigger]);
  const rand = prng(7);
  const fillAll = (t) => t.replace(/\{([A-Z_]+)\}/g, (_, s) => {
    const fixed = { ORDER: "#48213", TRACK: "1Z999E1234567", DATE: "May 4", AMOUNT: "$42.00", N: "30", YEAR: "2019" };
    if (fixed[s]) return fixed[s];
    return null;
  });
  const { SLOTS } = await import("./pools.mjs");
  const variants = (t) => {
    const out = [];
    for (let i = 0; i < 6; i++) out.push(t.replace(/\{([A-Z_]+)\}/g, (_, s) => (SLOTS[s] ? SLOTS[s][Math.floor(rand() * SLOTS[s].length)] : fillAll(`{${s}}`))));
    return out;
  };
  const hitsOf = (s) => triggers.filter(([, re]) => ((re.lastIndex = 0), re.test(s.toLowerCase().replace(/\u2019/g, "'")))).map(([id]) => id);
  const lines = [];
  const sentences = [];
  for (const t of NEUTRAL) for (const s of variants(t)) {
    const h = hitsOf(s);
    if (h.length) lines.push(`NEUTRAL hits ${h.join(",")}: ${s}`);
    sentences.push(["neutral", s]);
  }
  for (const t of TRIGGER_OK) {
    const s = variants(t)[0];
    if (!hitsOf(s).length) lines.push(`TRIGGER_OK hits nothing: ${s}`);
    sentences.push(["trigger-ok", s]);
  }
  for (const [cat, list] of Object.entries(FLAGGED)) for (const t of list) for (const s of variants(t).slice(0, 3)) {
    if (!hitsOf(s).length) lines.push(`FLAGGED ${cat} hits nothing: ${s}`);
    sentences.push([cat, s]);
  }
  const unique = [...new Map(sentences.map((x) => [x[1], x])).values()];
  const file = path.join(workDir, "pools.md");
  writeFileSync(file, unique.map(([, s]) => s).join("\n\n") + "\n");
  const out = spawnSync(NODE, [BIN, "--no-config", "--format", "json", path.relative(ROOT, file)], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * MiB });
  const rep = JSON.parse(out.stdout);
  const byLine = new Map();
  for (const f of rep.results[0].findings) byLine.set(f.line, [...(byLine.get(f.line) ?? []), `${f.category}/${f.severity}`]);
  const expected = { refusal: "refusal", blame: "blame", policy: "restrictive-policy", deflection: "deflection", hollow: "hollow-promise", dismissive: "dismissive" };
  unique.forEach(([kind, s], i) => {
    const found = byLine.get(2 * i + 1) ?? [];
    if ((kind === "neutral" || kind === "trigger-ok") && found.length) lines.push(`${kind} flagged ${found.join(",")}: ${s}`);
    if (expected[kind] && !found.some((f) => f.startsWith(expected[kind]))) lines.push(`${kind} not flagged as ${expected[kind]} (${found.join(",") || "nothing"}): ${s}`);
  });
  console.log(lines.length ? lines.join("\n") : "pools OK");
}
