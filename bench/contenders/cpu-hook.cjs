// Cold-start preload: appends this process's CPU seconds (user + system, µs resolution) to
// $BENCH_CPU_FILE on exit. Every cold-start case, node -e 0 included, carries it.
const { appendFileSync } = require("node:fs");

process.on("exit", () => {
  const u = process.resourceUsage();
  if (process.env.BENCH_CPU_FILE) appendFileSync(process.env.BENCH_CPU_FILE, `${(u.userCPUTime + u.systemCPUTime) / 1e6}\n`);
});
