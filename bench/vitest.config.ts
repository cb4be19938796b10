import { defineConfig } from "vitest/config";

// Unit tests of the benchmark's own helpers (statistics). The benchmarks themselves run with `npm run bench`.
export default defineConfig({
  test: {
    name: "bench",
    environment: "node",
    root: new URL("..", import.meta.url).pathname,
    include: ["bench/**/*.test.ts"],
  },
});
