import { defineConfig } from "vitest/config";

// Node-side tests of shared/ code that is not the risk model's (ml/vitest.config.ts owns shared/prices and
// shared/risk). Chain-facing tests start their own devnet from the cached state dump.
export default defineConfig({
  test: {
    name: "shared",
    environment: "node",
    root: new URL("..", import.meta.url).pathname,
    include: ["shared/**/*.test.ts"],
    exclude: ["shared/prices/**", "shared/risk/**", "**/node_modules/**"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
