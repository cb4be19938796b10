import { defineConfig } from "vitest/config";

// Devnet tests run against a real anvil loaded from the cached build; the first run builds it (~10 s).
export default defineConfig({
  test: {
    name: "devnet",
    environment: "node",
    include: ["devnet/**/*.test.ts"],
    root: new URL("..", import.meta.url).pathname,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
