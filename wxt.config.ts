import { readFileSync } from "node:fs";
import { defineConfig } from "wxt";
import { backlogAfterMsForBuild } from "./extension/lib/backlogWindow";

// The API the extension talks to. Its origin becomes a host permission at build time (so the service worker's
// fetches skip CORS); the options page can point elsewhere and then asks for that origin at run time.
const apiUrl = new URL(process.env.WXT_API_URL ?? "http://127.0.0.1:8787");
// A dev or e2e build (`VIGIL_DEV_BUILD=1`, set by `npm start` and the e2e harness) runs on the local demo page
// and carries the dev manifest key. Any other build (`npm run ext:build`, `ext:zip`) runs only on the real DeFi
// apps, and its id comes from the store.
const devBuild = process.env.VIGIL_DEV_BUILD === "1";
// Where the project's local demo page is served; widen it for development with WXT_DEMO_MATCHES (comma-separated).
const demoMatches = devBuild
  ? (process.env.WXT_DEMO_MATCHES ?? "http://127.0.0.1/demo/*,http://localhost/demo/*").split(",")
  : [];
// When a replayed message stops being news (extension/lib/backlogWindow.ts); only a dev/e2e build may shorten it.
const backlogAfterMs = backlogAfterMsForBuild(devBuild, process.env.WXT_BACKLOG_AFTER_MS);
/** Sites that get the in-page badge and the main-world wallet bridge. */
const inPageMatches = ["https://app.aave.com/*", "https://app.eigenlayer.xyz/*", ...demoMatches];
/**
 * Pins the dev/e2e extension id (mddmjekbcnknncbhnamppcldcpfgiehn), so the API's dev config can name that one
 * origin instead of trusting any `chrome-extension://`. A public key: the matching private key signs nothing.
 */
const devManifestKey = readFileSync(
  new URL("./extension/dev-extension-key.b64", import.meta.url),
  "utf8",
).trim();

// WXT takes `root` from the cwd and finds this file there; srcDir is relative to the root and entrypointsDir to
// srcDir, but publicDir and modulesDir are resolved from the root (wxt 0.21), so they are spelled out here.
export default defineConfig({
  srcDir: "extension",
  publicDir: "extension/public",
  modulesDir: "extension/modules",
  // The e2e harness builds its own copy (different API URL) without touching the regular build.
  outDir: process.env.WXT_OUT_DIR ?? ".output",
  modules: ["@wxt-dev/module-react"],
  // Explicit imports only: every module says where its names come from, and tsc needs no generated globals.
  imports: false,
  manifestVersion: 3,
  vite: () => ({
    // @metamask/providers streams through readable-stream, written for Node: point its Node built-ins at the
    // browser packages (the globals they expect are installed by extension/lib/wallet/nodeGlobals.ts).
    resolve: { alias: { events: "events/", buffer: "buffer/", process: "process/browser.js" } },
    define: {
      __VIGIL_API_URL__: JSON.stringify(apiUrl.origin),
      __VIGIL_IN_PAGE_MATCHES__: JSON.stringify(inPageMatches),
      __VIGIL_BACKLOG_AFTER_MS__: String(backlogAfterMs),
    },
  }),
  manifest: ({ browser }) => ({
    name: "Vigil",
    description: "Watches your Aave V3 and EigenLayer positions: health factor, liquidation risk, approvals.",
    minimum_chrome_version: "116",
    permissions: ["storage", "notifications", "alarms"],
    host_permissions: [`${apiUrl.origin}/*`],
    // Another API URL chosen in the options page is granted at run time.
    optional_host_permissions: ["http://*/*", "https://*/*"],
    action: { default_title: "Vigil" },
    ...(devBuild && browser !== "firefox" ? { key: devManifestKey } : {}),
    // No web_accessible_resources: the main-world script is a manifest content script (below), so no page can
    // fetch or fingerprint a Vigil file.
    ...(browser === "firefox"
      ? { browser_specific_settings: { gecko: { id: "vigil@vigil.invalid", strict_min_version: "128.0" } } }
      : {}),
  }),
  hooks: {
    // wallet-bridge.js runs in the page's main world at document_start, before any page script, from the
    // manifest (not injected by the content script): the two scripts hand each other their MessagePort before
    // the page can listen (overlay/pageBridge.ts).
    "build:manifestGenerated": (_wxt, manifest) => {
      manifest.content_scripts = [
        ...(manifest.content_scripts ?? []),
        {
          matches: inPageMatches,
          js: ["wallet-bridge.js"],
          run_at: "document_start",
          all_frames: false,
          world: "MAIN",
        },
      ];
    },
  },
});
