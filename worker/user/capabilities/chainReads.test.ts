import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AaveAccount } from "../../../shared/schemas/portfolio";
import { rowsWrittenBy } from "../../test/rowsWritten";
import { openUserDb } from "../db";
import { ChainReadsStore, LAST_GOOD_CHECKPOINT_MS } from "./chainReads";

const T0 = Date.UTC(2026, 10, 30, 12);
const account = (healthFactor: number): AaveAccount => ({
  protocol: "aave-v3",
  isolationMode: false,
  chainId: 31337,
  pool: "0x0000000000000000000000000000000000000001",
  supplies: [],
  borrows: [],
  totalCollateralUsd: 100,
  totalDebtUsd: 50,
  availableBorrowsUsd: 10,
  currentLiquidationThreshold: 0.8,
  ltv: 0.75,
  healthFactor,
  healthFactorRaw: String(BigInt(Math.round(healthFactor * 1e6)) * 10n ** 12n),
  eModeCategoryId: 0,
});
const failure = {
  kind: "unavailable" as const,
  message: "the chain's RPC is unreachable.",
  retryAfterSeconds: 5,
};

describe("chain reads", () => {
  it("ok → unavailable since the first failure, retried, last good data with its age; ok again", async () => {
    const stub = env.USER.getByName(`chain-reads-${crypto.randomUUID()}`);
    await runInDurableObject(stub, async (_instance, state) => {
      let now = T0;
      const host = { db: openUserDb(state.storage), now: () => now };
      const store = new ChainReadsStore(host);
      expect(store.statuses([31337])).toEqual([
        { chainId: 31337, status: "ok", since: new Date(T0).toISOString(), dataAsOf: null },
      ]);
      store.succeeded(31337, account(1.5), null);
      // Still ok 30 s later: nothing written (the data waits in memory for the checkpoint).
      now += 30_000;
      const quiet = await rowsWrittenBy(state.storage, () => store.succeeded(31337, account(1.4), null));
      expect(quiet.total).toBe(0);

      now += 10_000;
      store.failed(31337, failure);
      const firstFailure = now;
      now += 10_000;
      store.failed(31337, failure);
      expect(store.statuses([31337])).toEqual([
        {
          chainId: 31337,
          status: "unavailable",
          since: new Date(firstFailure).toISOString(),
          retryAt: new Date(now + 5_000).toISOString(),
          reason: failure.message,
          dataAsOf: new Date(T0 + 30_000).toISOString(),
        },
      ]);
      expect(store.unavailable()).toEqual([31337]);
      // After an eviction (a new store, memory gone) the newest good data is still there: it was written with the
      // failure.
      const fresh = new ChainReadsStore(host);
      expect(fresh.stale(31337)).toMatchObject({
        chainId: 31337,
        dataAsOf: new Date(T0 + 30_000).toISOString(),
        aave: { healthFactor: 1.4 },
      });
      now += 10_000;
      fresh.succeeded(31337, account(1.3), null);
      expect(fresh.statuses([31337])[0]).toMatchObject({ status: "ok", since: new Date(now).toISOString() });
      expect(fresh.unavailable()).toEqual([]);
      expect(LAST_GOOD_CHECKPOINT_MS).toBeGreaterThan(30_000);
    });
  });
});
