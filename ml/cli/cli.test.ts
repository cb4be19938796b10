import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const prices = resolvePricesDir({ env: {} });

function cli(script: string, args: string[], input?: string) {
  const result = spawnSync(process.execPath, [tsx, `ml/cli/${script}.ts`, ...args], {
    cwd: root,
    input,
    encoding: "utf8",
    env: { ...process.env, VIGIL_PRICES_DIR: "" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run risk:eval", () => {
  it("on held-out data (June–July 2022: validation, which the held-out twin used neither for training nor for calibration) the model is sharp, calibrated and beats both baselines", () => {
    const { status, stdout, stderr } = cli("eval", [
      "--model",
      "ml/model/heldout",
      "--prices",
      prices,
      "--from",
      "2022-06-01",
      "--to",
      "2022-07-31",
      "--horizon",
      "24h",
      "--count",
      "3000",
      "--seed",
      "5",
    ]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(["n", "baseRate", "model", "gbm", "hfOnly"]);
    expect(result.n).toBe(3000);
    expect(result.model.auc).toBeGreaterThanOrEqual(0.965); // GBM scores 0.962 here
    expect(result.model.ece).toBeLessThanOrEqual(0.015); // GBM 0.016, HF-only 0.021
    expect(result.model.brier).toBeLessThan(result.gbm.brier);
    expect(result.model.brier).toBeLessThan(result.hfOnly.brier);
    expect(result.model.logLoss).toBeLessThan(result.gbm.logLoss);
    expect(result.model.logLoss).toBeLessThan(result.hfOnly.logLoss);
  });

  it("--report prints the validation and crash-window tables, marking in-sample periods", () => {
    const { status, stdout, stderr } = cli("eval", [
      "--model",
      "ml/model/heldout",
      "--prices",
      prices,
      "--report",
      "--count",
      "200",
      "--seed",
      "3",
    ]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const rows = stdout.split("\n").filter((l) => /^\| (validation|March|May|June|November)/.test(l));
    const metricRows = rows.filter((l) => / \| (24h|7d) \| /.test(l));
    expect(metricRows).toHaveLength(10); // 5 periods × 2 horizons
    expect(metricRows.filter((l) => l.includes("(in training)")).map((l) => l.split(" | ")[0])).toEqual([
      "| March 2020 (in training)",
      "| May 2021 (in training)",
      "| March 2020 (in training)",
      "| May 2021 (in training)",
    ]);
    const leadRows = rows.filter((l) => !/ \| (24h|7d) \| /.test(l));
    expect(leadRows).toHaveLength(4);
    for (const row of leadRows) {
      // The model's "high", alert-open and raised-by-then shares, then GBM's.
      const shares = [...row.matchAll(/([\d.]+) %/g)].map((m) => Number(m[1]));
      expect(shares).toHaveLength(6);
      for (const share of shares) {
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(100);
      }
      // "High" at that hour keeps an alert open (it cannot clear while high), and an open alert was raised:
      // each share is at least the one before it.
      expect(shares[1]).toBeGreaterThanOrEqual(shares[0]!);
      expect(shares[2]).toBeGreaterThanOrEqual(shares[1]!);
      expect(shares[4]).toBeGreaterThanOrEqual(shares[3]!);
      expect(shares[5]).toBeGreaterThanOrEqual(shares[4]!);
    }
  });

  it("marks every period in-sample for the shipped model, which was refitted on every hour", () => {
    const { status, stdout } = cli("eval", ["--prices", prices, "--report", "--count", "40", "--seed", "3"]);
    expect(status).toBe(0);
    const rows = stdout.split("\n").filter((l) => /^\| (validation|March|May|June|November)/.test(l));
    expect(rows).toHaveLength(14);
    for (const row of rows) expect(row).toMatch(/^\| [^|]+ \(in training\) \|/);
  });

  it("rejects a bad horizon, a missing prices directory and a missing model with a clear message", () => {
    const bad = cli("eval", ["--prices", prices, "--horizon", "3d"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--horizon must be 24h or 7d/);
    const missing = cli("eval", ["--prices", "/nonexistent/prices"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/--prices \/nonexistent\/prices: no such directory/);
    const noModel = cli("eval", ["--prices", prices, "--model", "/nonexistent/model"]);
    expect(noModel.status).toBe(2);
    expect(noModel.stderr).toMatch(/--model \/nonexistent\/model: no model there/);
  });
});

describe("npm run risk:forward", () => {
  it("rejects a bad seed list and a bad horizon before any work, with a clear message", () => {
    const seeds = cli("forward", ["--prices", prices, "--seeds", "7,x"]);
    expect(seeds.status).toBe(2);
    expect(seeds.stderr).toMatch(/--seeds must be a non-negative integer, got "x"/);
    const horizon = cli("forward", ["--prices", prices, "--horizon", "2d"]);
    expect(horizon.status).toBe(2);
    expect(horizon.stderr).toMatch(/--horizon must be 24h or 7d/);
  });
});

describe("npm run risk:predict", () => {
  it("answers each line, and a bad line with an error line instead of crashing", () => {
    const good = {
      asOf: Date.parse("2022-06-13T12:00:00Z") / 1000,
      horizonHours: 24,
      collateral: [{ asset: "ETH", usd: 10_000, liquidationThreshold: 0.825 }],
      debt: [{ asset: "USDC", usd: 8_000 }],
    };
    const lines = [
      JSON.stringify(good),
      "{not json",
      JSON.stringify({ ...good, collateral: [{ asset: "DOGE", usd: 1, liquidationThreshold: 0.5 }] }),
      JSON.stringify({ ...good, horizonHours: 48 }),
      JSON.stringify({ ...good, collateral: [{ asset: "ETH", usd: 10_000, liquidationThreshold: 8250 }] }),
      "",
      JSON.stringify({ ...good, asOf: undefined }),
      JSON.stringify({ ...good, horizonHours: 168, debt: [{ asset: "usdc", usd: 2_000 }] }),
    ];
    const { status, stdout } = cli("predict", ["--prices", prices], `${lines.join("\n")}\n`);
    expect(status).toBe(0);
    const out = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(7);
    expect(Object.keys(out[0])).toEqual(["probability", "band", "drivers"]);
    expect(out[0].band).toBe("high");
    expect(out[1].error).toMatch(/^line 2: not JSON/);
    expect(out[2].error).toMatch(/line 3: collateral\.0\.asset: asset "DOGE" is not covered/);
    expect(out[3].error).toMatch(/line 4: horizonHours/);
    expect(out[4].error).toMatch(/line 5: collateral\.0\.liquidationThreshold/);
    expect(out[5].error).toMatch(/line 7: asOf/);
    expect(out[6].band).toBe("low");
  });

  it("takes asOf as unix seconds or an ISO 8601 date-time (same answer), and names milliseconds as the mistake", () => {
    const line = (asOf: unknown) =>
      JSON.stringify({
        asOf,
        horizonHours: 24,
        collateral: [{ asset: "WETH", usd: 10_000, liquidationThreshold: 0.825 }],
        debt: [{ asset: "USDC", usd: 8_000 }],
      });
    const seconds = Date.parse("2022-06-13T12:00:00Z") / 1000;
    const inputs = [
      line(seconds),
      line("2022-06-13T12:00:00Z"),
      line("2022-06-13T14:00:00+02:00"),
      line(seconds * 1000),
      line("13/06/2022"),
    ];
    const out = cli("predict", ["--prices", prices], `${inputs.join("\n")}\n`)
      .stdout.trim()
      .split("\n");
    expect(out).toHaveLength(5);
    expect(JSON.parse(out[0]!).probability).toBeGreaterThan(0);
    expect(out[1]).toBe(out[0]);
    expect(out[2]).toBe(out[0]);
    expect(JSON.parse(out[3]!).error).toBe(
      "line 4: asOf: must be unix seconds (this looks like milliseconds)",
    );
    expect(JSON.parse(out[4]!).error).toBe("line 5: asOf: must be unix seconds or an ISO 8601 date-time");
  });

  it("uses only prices at or before asOf: same answer from files cut off at asOf", () => {
    const asOf = Date.parse("2022-11-08T00:00:00Z") / 1000;
    const cut = mkdtempSync(join(tmpdir(), "vigil-cut-prices-"));
    for (const file of readdirSync(prices).filter((f) => f.endsWith(".csv"))) {
      const [header, ...rows] = readFileSync(join(prices, file), "utf8").trim().split("\n");
      // Candles count once closed (open + 1 h ≤ asOf); oracle rounds once published (time ≤ asOf).
      const closeDelay = file.includes("_1h") ? 3600 : 0;
      const kept = rows.filter((row) => Number(row.split(",")[0]) + closeDelay <= asOf);
      writeFileSync(join(cut, file), `${[header, ...kept].join("\n")}\n`);
    }
    const line = JSON.stringify({
      asOf,
      horizonHours: 168,
      collateral: [
        { asset: "wstETH", usd: 10_000, liquidationThreshold: 0.81 },
        { asset: "WBTC", usd: 5_000, liquidationThreshold: 0.78 },
      ],
      debt: [
        { asset: "WETH", usd: 7_000 },
        { asset: "USDC", usd: 3_000 },
      ],
    });
    const full = cli("predict", ["--prices", prices], `${line}\n`).stdout;
    expect(JSON.parse(full).probability).toBeGreaterThan(0);
    expect(cli("predict", ["--prices", cut], `${line}\n`).stdout).toBe(full);
  });
});
