import { defineConfig } from "vitest/config";

// Node-side tests for the risk model: price loading, features, labels, the CLIs.
export default defineConfig({
  test: {
    name: "ml",
    environment: "node",
    include: ["ml/**/*.test.ts", "shared/prices/**/*.test.ts", "shared/risk/**/*.test.ts"],
    root: new URL("..", import.meta.url).pathname,
    testTimeout: 120_000,
  },
});
