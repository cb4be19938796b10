import { defineConfig } from "vitest/config";

// Real Chromium + real devnet + real worker: one stack per file, files one after another.
export default defineConfig({
  test: {
    name: "e2e",
    root: import.meta.dirname,
    include: ["**/*.e2e.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // One extension build for all files; each configures a copy with its own API and demo origins.
    globalSetup: ["./harness/globalSetup.ts"],
  },
});
