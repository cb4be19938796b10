import { defineConfig } from "vitest/config";

// Each area owns its own vitest config (node, workerd, browser); this file only lists them.
export default defineConfig({
  test: {
    projects: ["*/vitest.config.ts"],
  },
});
