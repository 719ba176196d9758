/**
 * What the end-to-end tests share: temporary project folders and a way to run the built CLI in
 * them as a user would (a real process, NO_COLOR, stdin piped). vitest's global setup builds
 * dist/ once before any test runs.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = path.join(ROOT, "bin/cxlint.js");
/** Every test spawns node a few times; on a busy machine one spawn can take seconds. */
export const SLOW = { concurrent: true, timeout: 120_000 } as const;

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Temporary folders; call `cleanup` from afterAll. */
export function tempProjects(prefix: string) {
  const dirs: string[] = [];
  return {
    /** A temp folder with these files (text or bytes). A package.json stops the config search. */
    project(files: Record<string, string | Uint8Array> = {}): string {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      dirs.push(dir);
      writeFileSync(path.join(dir, "package.json"), "{}\n");
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), content);
      }
      return dir;
    },
    cleanup(): void {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the built CLI in `cwd`; `extraEnv` adds to (or overrides) the environment. */
export function cxlint(cwd: string, args: readonly string[], input = "", extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...extraEnv };
    delete env["FORCE_COLOR"];
    delete env["CI"];
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * A preload for the built CLI that names, on stderr, every chunk its loader compiles (each is
 * compiled by vm.Script) and what V8 did with the chunk's code cache. `env` runs the CLI with it;
 * `compiled` reads a run's stderr back.
 */
export function chunkTracer(dir: string) {
  const preload = path.join(dir, "trace-chunks.cjs");
  writeFileSync(
    preload,
    'const vm = require("node:vm"); const Script = vm.Script;\n' +
      "vm.Script = function (source, opts) {\n" +
      "  const script = new Script(source, opts);\n" +
      '  const cache = opts.cachedData ? (script.cachedDataRejected ? "rejected" : "taken") : "none";\n' +
      '  process.stderr.write(`compiled ${require("node:path").basename(opts.filename)} cache ${cache}\\n`);\n' +
      "  return script;\n" +
      "};\n",
  );
  return {
    env: { NODE_OPTIONS: `--require ${preload}` } as NodeJS.ProcessEnv,
    compiled: (stderr: string) => [...stderr.matchAll(/^compiled (\S+) cache (\w+)$/gm)].map((m) => ({ name: m[1]!, cache: m[2]! })),
  };
}
