import { defineConfig } from "vitest/config";
import { WxtVitest } from "wxt/testing/vitest-plugin";
import { DEFAULT_BACKLOG_AFTER_MS } from "./lib/backlogWindow";

// Unit tests of the extension's own logic in Node, with WXT's in-memory fake of the extension APIs
// (storage, alarms, runtime). The real browser paths are covered by e2e/ in Chromium.
export default defineConfig({
  plugins: [WxtVitest()],
  define: {
    __VIGIL_API_URL__: JSON.stringify("http://127.0.0.1:8787"),
    __VIGIL_IN_PAGE_MATCHES__: JSON.stringify(["http://127.0.0.1/demo/*"]),
    __VIGIL_BACKLOG_AFTER_MS__: String(DEFAULT_BACKLOG_AFTER_MS),
  },
  test: {
    name: "extension",
    environment: "node",
    root: new URL("..", import.meta.url).pathname,
    include: ["extension/**/*.test.ts"],
    // Modules evaluated once per worker, not once per file: 39 s → 6 s on 2 cores. The files pass in any order
    // (`--sequence.shuffle`): those that touch the fake browser reset it.
    isolate: false,
  },
});
