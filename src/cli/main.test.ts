import * as commander from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, plainLintFlags, type CliIO } from "./main.js";

const io: CliIO = { cwd: process.cwd(), env: {}, stdout: () => {}, stderr: () => {}, readStdin: async () => undefined, stdoutIsTTY: false };

/** The command and flags commander parses `argv` to, with the action replaced by a recorder. */
async function parsed(argv: string[]): Promise<{ command: string; paths: unknown; flags: unknown } | undefined> {
  const program = await buildProgram(commander, io);
  let seen: { command: string; paths: unknown; flags: unknown } | undefined;
  for (const cmd of program.commands) {
    cmd.action((...args: unknown[]) => {
      seen = { command: cmd.name(), paths: args[0], flags: args[1] };
    });
  }
  await program.parseAsync(argv, { from: "user" });
  return seen;
}

describe("the plain `cxlint [paths…]` run that skips commander", () => {
  it.each([[[]], [["a.md"]], [["a.md", "docs", "**/*.json"]], [["a.md", "score"]], [[""]]])("gets the flags commander gives the lint command for %j", async (argv) => {
    const flags = plainLintFlags(argv);
    expect(flags).toBeDefined();
    expect(await parsed(argv)).toEqual({ command: "lint", paths: argv, flags });
  });

  it.each([[["lint", "a.md"]], [["score"]], [["help"]], [["rules"]], [["a.md", "-f", "json"]], [["--quiet"]], [["-"]], [["a.md", "--"]]])("leaves %j to commander", (argv) => {
    expect(plainLintFlags(argv)).toBeUndefined();
  });
});
