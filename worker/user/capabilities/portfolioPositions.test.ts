import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { anvilAccount } from "../../test/helpers";
import { rowsWrittenBy } from "../../test/rowsWritten";
import { amountMoved } from "./portfolioPositions";

const BORROWER = anvilAccount(2).address; // WETH collateral, DAI debt

describe("positions rows", () => {
  it("a raw amount counts as moved beyond 1 bp of the stored one, or when it is not an integer", () => {
    expect(amountMoved("1000000", "1000000")).toBe(false);
    expect(amountMoved("1000000", "1000100")).toBe(false); // exactly 1 bp: interest accrual, kept
    expect(amountMoved("1000000", "1000101")).toBe(true);
    expect(amountMoved("1000000", "999899")).toBe(true);
    expect(amountMoved("0", "1")).toBe(true);
    expect(amountMoved("12", "1.2")).toBe(true);
  });

  it("a re-read writes no row when the positions did not change, and only the one that did", async () => {
    const stub = env.USER.getByName(crypto.randomUUID());
    const first = await runInDurableObject(stub, (instance, state) =>
      rowsWrittenBy(state.storage, () => instance.getPortfolio(BORROWER)),
    );
    if (!first.result.ok) throw new Error(first.result.failure.message);
    // The first read: the portfolio, its two positions and the first history point, each with its index entries
    // (monitoring_state: the watched wallet; chain_reads: the chain's status and last good data).
    expect(first.byTable).toEqual({
      chain_reads: 1,
      monitoring_state: 1,
      portfolios: 3,
      positions: 6,
      portfolio_snapshots: 3,
    });
    const positions = () =>
      runInDurableObject(stub, (_instance, state) =>
        state.storage.sql
          .exec<{ id: string; kind: string; asset: string; amount: string; updated_at: number }>(
            "SELECT id, kind, asset, amount, updated_at FROM positions ORDER BY kind, asset",
          )
          .toArray(),
      );
    const stored = await positions();
    expect(stored.map((p) => `${p.kind} ${p.asset}`)).toEqual(["borrowed DAI", "supplied WETH"]);
    const reRead = () =>
      runInDurableObject(stub, async (instance, state) => {
        await instance.refreshPortfolio();
        return rowsWrittenBy(state.storage, () => instance.getPortfolio(BORROWER));
      });

    // Positions expired and read again from the chain: the same amounts, no row written (before: 2 deleted,
    // 2 inserted with their index entries on every 30 s re-read).
    const unchanged = await reRead();
    expect(unchanged.byTable.positions).toBeUndefined();
    // The chain stayed ok and its last good data was checkpointed moments ago: nothing to write there either.
    expect(unchanged.byTable.chain_reads).toBeUndefined();
    expect(await positions()).toEqual(stored);

    // A stored amount that no longer matches the chain (as after a repayment): that row alone is rewritten.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE positions SET amount = '1' WHERE kind = 'borrowed'");
    });
    const changed = await reRead();
    expect(changed.byTable.positions).toBe(1);
    const after = await positions();
    expect(after.map(({ id, amount }) => ({ id, amount }))).toEqual(
      stored.map(({ id, amount }) => ({ id, amount })),
    );
    expect(after[0]!.updated_at).toBeGreaterThanOrEqual(stored[0]!.updated_at);
    expect(after[1]).toEqual(stored[1]);
  });
});
