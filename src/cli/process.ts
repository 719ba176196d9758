/** Binds the CLI to the real process: argv, env, stdout/stderr and piped stdin. */
import { main } from "./main.js";

async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function runFromProcess(): Promise<number> {
  return main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin,
    stdoutIsTTY: process.stdout.isTTY === true,
  });
}
