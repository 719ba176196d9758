/** Binds the CLI to the real process: argv, env, stdout/stderr, piped stdin and the terminal. */
import type { Interface } from "node:readline/promises";
import { main } from "./main.js";

async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
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
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
      readStdin,
      stdoutIsTTY: process.stdout.isTTY === true,
      stderrIsTTY: process.stderr.isTTY === true,
      stdinIsTTY: process.stdin.isTTY === true,
      ask,
    });
  } finally {
    prompt?.close();
  }
}
