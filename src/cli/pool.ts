/**
 * Lints a file list on several threads: `workers` worker threads plus the main thread pull files
 * from one queue, so a slow file never holds up the rest. Results reach the sink in input order.
 * Each worker loads its own copy of the parsers and compromise (~0.3 s), which is why the CLI
 * only uses threads for long file lists.
 *
 * Memory: a file the main thread lints while every earlier file is already reported streams its
 * findings straight into the sink, part by part (a 100 MB export on the default single thread
 * never holds all its findings). Any other file's result is held whole until its turn.
 */
import type { Worker } from "node:worker_threads";
import type { FileResult } from "../core/types.js";
import { replay, type ResultSink } from "../lint-core.js";
import type { FileLinter, LintSetup } from "./lint-file.js";

export interface Progress {
  (done: number, total: number, bytes: number): void;
}

export async function lintFiles(
  files: readonly string[],
  linter: FileLinter,
  setup: LintSetup,
  workers: number,
  sink: ResultSink,
  onProgress?: Progress,
): Promise<void> {
  /** Results that finished before their turn, by index. */
  const waiting = new Map<number, FileResult>();
  let reported = 0;
  let next = 0;
  let done = 0;
  let bytes = 0;
  const progress = (units: FileResult["units"]) => {
    done++;
    bytes += units.reduce((n, u) => Math.max(n, u.range[1]), 0);
    onProgress?.(done, files.length, bytes);
  };
  const reportWaiting = () => {
    for (let r = waiting.get(reported); r; r = waiting.get(reported)) {
      waiting.delete(reported++);
      replay(r, sink);
    }
  };
  const finished = (index: number, result: FileResult) => {
    waiting.set(index, result);
    progress(result.units);
    reportWaiting();
  };

  const mainLane = async () => {
    while (next < files.length) {
      const index = next++;
      if (index === reported) {
        const outcome = await linter.stream(files[index]!, sink);
        reported++;
        progress(outcome.units);
        reportWaiting();
      } else {
        finished(index, await linter.lint(files[index]!));
      }
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
}
