/**
 * A lint worker thread: builds the same file linter as the main thread from the setup it is
 * given, then lints the files it is sent, one message per file, and answers with the result.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createFileLinter, type LintSetup } from "./lint-file.js";

const linter = createFileLinter(workerData as LintSetup);
parentPort!.on("message", (job: { index: number; file: string }) => {
  linter.lint(job.file).then(
    (result) => parentPort!.postMessage({ index: job.index, result }),
    (error: unknown) => parentPort!.postMessage({ index: job.index, error: (error as Error).stack ?? String(error) }),
  );
});
