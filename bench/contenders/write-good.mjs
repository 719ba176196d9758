// write-good 1: one call per unit with its default checks; a finding is one suggestion.
import { createRequire } from "node:module";
import { run } from "./common.mjs";

const writeGood = createRequire(import.meta.url)("write-good");
run("write-good", (value) => writeGood(value).length);
