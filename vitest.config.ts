import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "rules/**/*.test.ts"],
    globalSetup: ["./vitest.global-setup.ts"],
    // CLI end-to-end tests spawn the built bin; compromise's first load takes a moment on a busy machine.
    testTimeout: 30_000,
  },
});
