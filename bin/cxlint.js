#!/usr/bin/env node
// Thin shell, CommonJS (bin/package.json): Node starts an ESM entry ~25 ms slower. It hands the
// process to the CLI bundle through its loader (scripts/cli-loader.cjs, which uses V8 code
// caches) and exits with the CLI's code.
"use strict";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  // What commander prints for the bare flag, without loading the CLI at all (src/cli/main.ts
  // reads the version from the same package.json).
  let version;
  try {
    version = require("../package.json").version;
  } catch {
    version = undefined;
  }
  process.stdout.write(`${version ?? "0.0.0"}\n`);
} else {
  require("../dist/bundle/load.cjs")
    .run()
    .then((code) => {
      process.exitCode = code;
    });
}
