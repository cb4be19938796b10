import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_BACKLOG_AFTER_MS } from "../../extension/lib/backlogWindow";

export interface ExtensionBuildOptions {
  root: string;
  outDir: string;
  apiUrl: string;
  /** One match pattern for the demo page's origin (the in-page scripts run there). */
  demoMatches: string;
  /** When a replayed message stops being news (default: the release builds' 2 minutes). */
  backlogAfterMs?: number;
}

/**
 * A build made once per e2e run (globalSetup) with stand-in values for the two things that differ between files:
 * the API origin and the demo page's match pattern. Each file copies it and writes its own values in, which costs
 * milliseconds instead of a ~20 s `wxt build` per file. Only these strings differ between such builds (and the
 * backlog window, which a restart test shortens).
 */
export const TEMPLATE_API_ORIGIN = "http://127.0.0.1:59901";
export const TEMPLATE_DEMO_MATCHES = "http://127.0.0.1:59902/demo/*";
/** A number no build would choose (within the allowed range), replaced by each file's backlog window. */
export const TEMPLATE_BACKLOG_AFTER_MS = 3_599_917;
/** Set by the e2e globalSetup: the template build's chrome-mv3 folder. */
export const TEMPLATE_ENV = "VIGIL_E2E_EXTENSION_TEMPLATE";

/** Runs `wxt build` (a dev build: demo page matched, dev manifest key) pointed at the given API. */
export function wxtBuild(opts: ExtensionBuildOptions) {
  const started = performance.now();
  const result = spawnSync(join(opts.root, "node_modules", ".bin", "wxt"), ["build"], {
    cwd: opts.root,
    env: {
      ...process.env,
      VIGIL_DEV_BUILD: "1",
      WXT_API_URL: opts.apiUrl,
      WXT_DEMO_MATCHES: opts.demoMatches,
      WXT_OUT_DIR: opts.outDir,
      ...(opts.backlogAfterMs !== undefined ? { WXT_BACKLOG_AFTER_MS: String(opts.backlogAfterMs) } : {}),
    },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`wxt build failed:\n${result.stdout}\n${result.stderr}`);
  return { dir: join(opts.outDir, "chrome-mv3"), ms: performance.now() - started };
}

function textFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return textFiles(path);
    return /\.(js|json|html|css)$/.test(name) ? [path] : [];
  });
}

/** Copies a template build into `outDir` with this run's API origin and demo match pattern written in. */
export function configureTemplate(templateDir: string, opts: ExtensionBuildOptions): string {
  const apiOrigin = new URL(opts.apiUrl).origin;
  if (opts.demoMatches.includes(",")) throw new Error("a template build takes one demo match pattern");
  const dir = join(opts.outDir, "chrome-mv3");
  rmSync(dir, { recursive: true, force: true });
  cpSync(templateDir, dir, { recursive: true });
  const backlog = String(TEMPLATE_BACKLOG_AFTER_MS);
  let apiSeen = 0;
  let demoSeen = 0;
  let backlogSeen = 0;
  for (const file of textFiles(dir)) {
    const text = readFileSync(file, "utf8");
    apiSeen += text.split(TEMPLATE_API_ORIGIN).length - 1;
    demoSeen += text.split(TEMPLATE_DEMO_MATCHES).length - 1;
    if (file.endsWith(".js")) backlogSeen += text.split(backlog).length - 1;
    const configured = text
      .replaceAll(TEMPLATE_DEMO_MATCHES, opts.demoMatches)
      .replaceAll(TEMPLATE_API_ORIGIN, apiOrigin)
      .replaceAll(backlog, String(opts.backlogAfterMs ?? DEFAULT_BACKLOG_AFTER_MS));
    if (configured !== text) writeFileSync(file, configured);
  }
  // The manifest names both (host permission, content-script matches), the service worker the backlog window:
  // a template without them is not one.
  if (apiSeen === 0 || demoSeen === 0 || backlogSeen !== 1) {
    throw new Error(`${templateDir} is not a template build`);
  }
  return dir;
}

/**
 * The extension for one e2e file, pointed at its API and demo page: from the run's template build when there is
 * one (the e2e project's globalSetup), else a build of its own (benchmarks, a single file run outside vitest).
 */
export function buildExtension(opts: ExtensionBuildOptions) {
  const template = process.env[TEMPLATE_ENV];
  if (template && existsSync(join(template, "manifest.json"))) {
    const started = performance.now();
    const dir = configureTemplate(template, opts);
    return { dir, ms: performance.now() - started };
  }
  return wxtBuild(opts);
}
