/**
 * Builds dist/ once before any test file runs: the end-to-end tests spawn the built CLI, and
 * several test files building at the same time would race on dist/.
 */
import { execFileSync } from "node:child_process";

export default function setup(): void {
  execFileSync("npm", ["run", "build"], { stdio: "pipe" });
}
