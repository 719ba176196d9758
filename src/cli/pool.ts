/**
 * Lints a file list on several threads: `workers` worker threads plus the main thread pull files
 * from one queue, so a slow file never holds up the rest. Results come back in input order.
 * Each worker loads its own copy of the parsers and compromise (~0.3 s), which is why the CLI
 * only uses threads for long file lists.
 */
import type { Worker } from "node:worker_threads";
import type { FileResult } from "../core/types.js";
import type { FileLinter, LintSetup } from "./lint-file.js";

export interface Progress {
  (done: number, total: number, bytes: number): void;
}

export async function lintFiles(
  files: readonly string[],
  linter: FileLinter,
  setup: LintSetup,
  workers: number,
  onProgress?: Progress,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length);
  let next = 0;
  let done = 0;
  let bytes = 0;
  const finished = (index: number, result: FileResult) => {
    results[index] = result;
    done++;
    bytes += result.units.reduce((n, u) => Math.max(n, u.range[1]), 0);
    onProgress?.(done, files.length, bytes);
  };

  const mainLane = async () => {
    while (next < files.length) {
      const index = next++;
      finished(index, await linter.lint(files[index]!));
    }
  };

  const workerLane = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const send = () => {
        if (next >= files.length) {
          resolve();
          return;
        }
        const index = next++;
        worker.postMessage({ index, file: files[index] });
      };
      worker.on("message", (m: { index: number; result?: FileResult; error?: string }) => {
        if (m.error !== undefined) {
          reject(new Error(`linting ${files[m.index]} failed in a worker thread: ${m.error}`));
          return;
        }
        finished(m.index, m.result!);
        send();
      });
      worker.on("error", reject);
      send();
    });

  // worker_threads is loaded only when there are workers: a pre-commit run never needs it.
  const { Worker: WorkerThread } = workers > 0 ? await import("node:worker_threads") : { Worker: undefined };
  const pool = WorkerThread
    ? Array.from({ length: workers }, () => new WorkerThread(new URL("./worker.js", import.meta.url), { workerData: setup }))
    : [];
  try {
    await Promise.all([mainLane(), ...pool.map(workerLane)]);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
