#!/usr/bin/env node
// Thin shell: hand the real process to the CLI and exit with its code.
import { runFromProcess } from "../dist/src/cli/process.js";

process.exitCode = await runFromProcess();
