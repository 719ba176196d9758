/** Binds the CLI to the real process: argv, env, stdout/stderr, piped stdin and the terminal. */
import { writeSync } from "node:fs";
import type { Interface } from "node:readline/promises";
import { isatty } from "node:tty";
import { main } from "./main.js";

const pause = new Int32Array(new SharedArrayBuffer(4));
let stdoutGone = false;

/**
 * Writes to stdout before returning, whatever stdout is. process.stdout.write on a pipe queues
 * what the pipe cannot take yet until the event loop runs, and a file is linted without going
 * back to the loop, so a large report piped into another program piled up in memory (20 MB
 * export: 184 MB peak RSS into a file, 365 MB into a pipe). A reader that has gone away
 * (`cxlint … | head`) ends the output quietly.
 */
function writeStdout(text: string): void {
  let bytes = Buffer.from(text, "utf8");
  while (bytes.length > 0 && !stdoutGone) {
    try {
      bytes = bytes.subarray(writeSync(1, bytes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A full non-blocking pipe: wait a millisecond for the reader.
      if (code === "EAGAIN") Atomics.wait(pause, 0, 0, 1);
      // A socket (a parent's stdio pipe) whose reader closed with data unread says ECONNRESET.
      else if (code === "EPIPE" || code === "ECONNRESET") stdoutGone = true;
      else throw error;
    }
  }
}

async function readStdin(): Promise<string | undefined> {
  if (isatty(0)) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

let prompt: Interface | undefined;
let promptClosed = false;

/**
 * Asks on stderr (stdout may be a pipe) and reads one line from the terminal; readline is loaded
 * only for `--fix-suggestions` at a terminal. End of input answers "q"; Ctrl-C stops the run
 * (files already written stay written; each write is atomic).
 */
async function ask(question: string): Promise<string> {
  if (promptClosed) return "q";
  if (!prompt) {
    const { createInterface } = await import("node:readline/promises");
    prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    prompt.on("close", () => (promptClosed = true));
    prompt.on("SIGINT", () => {
      process.stderr.write("\n");
      process.exit(130);
    });
  }
  const rl = prompt;
  return new Promise((resolve) => {
    const onClose = () => resolve("q");
    rl.once("close", onClose);
    rl.question(question).then(
      (answer) => {
        rl.off("close", onClose);
        resolve(answer);
      },
      () => resolve("q"),
    );
  });
}

export async function runFromProcess(): Promise<number> {
  try {
    return await main(process.argv.slice(2), {
      cwd: process.cwd(),
      env: process.env,
      stdout: writeStdout,
      stderr: (text) => void process.stderr.write(text),
      readStdin,
      // isatty answers what process.stdout.isTTY would, without making the stream objects
      // (process.stdin's alone loads a dozen stream modules).
      stdoutIsTTY: isatty(1),
      stderrIsTTY: isatty(2),
      stdinIsTTY: isatty(0),
      ask,
    });
  } finally {
    prompt?.close();
  }
}
