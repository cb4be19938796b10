import { defineConfig } from "wxt";

// The API the extension talks to. Its origin becomes a host permission at build time (so the service worker's
// fetches skip CORS); the options page can point elsewhere and then asks for that origin at run time.
const apiUrl = new URL(process.env.WXT_API_URL ?? "http://127.0.0.1:8787");
// Where the project's local demo page is served; widen it for development with WXT_DEMO_MATCHES (comma-separated).
const demoMatches = (process.env.WXT_DEMO_MATCHES ?? "http://127.0.0.1/demo/*,http://localhost/demo/*").split(
  ",",
);
/** Sites that get the in-page badge and the main-world wallet bridge. */
const inPageMatches = ["https://app.aave.com/*", "https://app.eigenlayer.xyz/*", ...demoMatches];
/** web_accessible_resources only takes whole origins (path must be `/*`), or Chrome refuses the manifest. */
const inPageOrigins = [
  ...new Set(inPageMatches.map((pattern) => pattern.replace(/^([^:]+:\/\/[^/]+)\/.*$/, "$1/*"))),
];

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
    // The main-world script the in-page content script injects (EIP-6963 discovery).
    web_accessible_resources: [{ resources: ["wallet-bridge.js"], matches: inPageOrigins }],
    ...(browser === "firefox"
      ? { browser_specific_settings: { gecko: { id: "vigil@vigil.invalid", strict_min_version: "128.0" } } }
      : {}),
  }),
});
