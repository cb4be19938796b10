/// <reference lib="dom" />
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageError } from "../extension/lib/messages";
import type { DashboardCache } from "../extension/lib/storage/dashboardCache";
import type { LiveStatus } from "../extension/lib/storage/live";
import { PopupFooter } from "../extension/popup/PopupFooter";
import { layoutProblems } from "./harness/layout";
import { outDir } from "./harness/stack";

// The popup's footer at 360 px in Chromium, in each state it can be in: its words from the real component, its
// layout from the real stylesheets. No stack: what is checked is how the browser lays the words out.

const root = join(import.meta.dirname, "..");
const css = ["extension/ui/theme.css", "extension/popup/popup.css"]
  .map((file) => readFileSync(join(root, file), "utf8"))
  .join("\n");
const NOW = Date.parse("2026-12-03T12:00:00.000Z");
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

/** The last refresh as the background caches it; only what the footer reads. */
const dashboard = (lastCheckMinutesAgo: number) =>
  ({
    fetchedAt: NOW - 12 * 60_000,
    me: {
      watch: {
        lastCheckAt: minutesAgo(lastCheckMinutesAgo),
        nextCheckAt: new Date(NOW + 30_000).toISOString(),
        intervalSeconds: 60,
        chains: [],
      },
    },
  }) as unknown as DashboardCache;
const error = (status: number, code: string): MessageError => ({ status, code, message: "x" });

const states: Record<string, { live: LiveStatus; error: MessageError | null; data: DashboardCache | null }> =
  {
    "all chains ok": { live: "live", error: null, data: dashboard(0) },
    "one chain unavailable": { live: "live", error: error(503, "upstream_unavailable"), data: dashboard(12) },
    "API unreachable": { live: "off", error: error(0, "network"), data: dashboard(12) },
    reconnecting: { live: "connecting", error: null, data: null },
  };

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
});
afterAll(async () => {
  await browser?.close();
});

describe("the popup footer at 360 px", () => {
  for (const [name, state] of Object.entries(states)) {
    it(`${name}: every phrase on one line, nothing sticks out, nothing left out`, async () => {
      const footer = renderToStaticMarkup(
        createElement(PopupFooter, {
          ...state,
          now: NOW,
          refreshing: false,
          onRefresh: () => undefined,
          onSignOut: () => undefined,
        }),
      );
      const page = await browser.newPage({ viewport: { width: 360, height: 200 } });
      // As the e2e popup runs: a tab, the popup as wide as the window.
      await page.setContent(
        `<html data-surface="tab"><head><style>${css}</style></head><body><div class="popup">${footer}</div></body></html>`,
      );
      const phrases = await page.evaluate(() =>
        Array.from(
          document.querySelectorAll(
            'footer [data-testid="live"], footer [data-testid="heartbeat"], footer [data-testid="freshness"], footer button',
          ),
        ).map((el) => {
          const style = getComputedStyle(el);
          const line = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.45;
          const box = el.getBoundingClientRect();
          const inner =
            box.height - Number.parseFloat(style.paddingTop) - Number.parseFloat(style.paddingBottom);
          return { text: (el.textContent ?? "").trim(), lines: Math.round(inner / line) };
        }),
      );
      await page.screenshot({ path: join(outDir, `popup-footer-360-${name.replaceAll(" ", "-")}.png`) });
      expect(phrases.filter((phrase) => phrase.text !== "" && phrase.lines !== 1)).toEqual([]);
      expect(phrases.map((phrase) => phrase.text)).toContain("Sign out");
      expect(await layoutProblems(page)).toEqual([]);
      await page.close();
    });
  }
});
