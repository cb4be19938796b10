// Layer rules checked by `npm run lint` (depcruise). Type-only imports count: a cycle through types is still a
// cycle a reader has to untangle.
// Tests may reach across layers (a shared/ formula checked against the devnet, a route against its model); the
// layer rules are about what production code depends on. Cycles are refused everywhere.
const TEST_FILES = "\\.(test|e2e\\.test)\\.tsx?$|(^|/)test/|\\.fixture\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Layers point down only; a cycle means two modules cannot be understood apart.",
      from: {},
      to: { circular: true },
    },
    {
      name: "shared-imports-nothing-of-the-project",
      severity: "error",
      comment: "shared/ is imported by both sides and must not reach into either.",
      from: { path: "^shared/", pathNot: TEST_FILES },
      to: { path: "^(worker|extension|ml|devnet|bench|e2e|scripts)/" },
    },
    {
      name: "lower-worker-layers-never-import-http",
      severity: "error",
      comment:
        "Chain, DeFi, risk, auth and the error types are below HTTP; http maps their errors to statuses.",
      from: { path: "^worker/(chain|defi|risk|auth|errors|user)/", pathNot: TEST_FILES },
      to: { path: "^worker/http/" },
    },
    {
      name: "risk-model-loaded-on-first-forecast",
      severity: "error",
      comment:
        "The model's weights are parsed on the first forecast, not at Worker start: only a dynamic import may reach them.",
      from: { pathNot: TEST_FILES },
      to: { path: "^worker/risk/bundledArtifact\\.ts$", dynamic: false },
    },
    {
      name: "extension-never-imports-worker",
      severity: "error",
      comment: "The extension talks to the worker over HTTP/WebSocket only; shared code lives in shared/.",
      from: { path: "^extension/", pathNot: TEST_FILES },
      to: { path: "^worker/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.output|\\.wxt|\\.wrangler|\\.cache|dist|test-output)/" },
    tsPreCompilationDeps: true,
    // TypeScript 7 has no compiler API yet: parse with swc (same import graph, types included).
    parser: "swc",
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs", ".json"] },
  },
};
