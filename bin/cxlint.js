#!/usr/bin/env node
// Thin shell: hand the real process to the CLI and exit with its code. The CLI is one bundled
// ESM file plus lazily loaded chunks (see the build script), which starts faster than ~40 modules.
import { runFromProcess } from "../dist/bundle/process.js";

process.exitCode = await runFromProcess();
