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
    // A real browser on a shared 2-core machine: a UI state that takes 2 s is slow, not wrong. Polls say how long
    // they wait when a longer wait is part of the behaviour; the default is generous instead of vitest's 1 s.
    expect: { poll: { timeout: 10_000 } },
    // One extension build for all files; each configures a copy with its own API and demo origins.
    globalSetup: ["./harness/globalSetup.ts"],
  },
});
