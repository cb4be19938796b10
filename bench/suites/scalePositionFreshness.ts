import { z } from "zod";
import { accountData } from "../../devnet/actions/accountData";
import { borrow } from "../../devnet/actions/borrow";
import { repay } from "../../devnet/actions/repay";
import type { DevnetSession } from "../../devnet/session";
import type { DevnetAccount } from "../../devnet/testing";
import { delay } from "../../e2e/harness/processes";
import { type Metric, metric } from "../lib/results";

const portfolioSchema = z.object({ healthFactor: z.number().nullable(), block: z.string().nullable() });
const POLL_MS = 100;
const GIVE_UP_MS = 30_000;

export interface PositionFreshnessContext {
  session: DevnetSession;
  /** The wallet user 0 watches (idle: no socket, woken by the market object on its events). */
  wallet: DevnetAccount;
  head(): Promise<bigint>;
  /** User 0's portfolio as GET /portfolios serves it. */
  portfolio(): Promise<unknown>;
}

/**
 * scale.positionFreshness: the user's own borrow, then repay, on chain; from each transaction's block, how many
 * blocks (and ms) until the health factor the user's object serves equals `Pool.getUserAccountData`'s. The user is
 * idle (cached positions, woken by the event), so this is the event path, not a 30 s cache expiring.
 */
export async function positionFreshness(ctx: PositionFreshnessContext): Promise<Metric> {
  const trials: { action: string; blocks: number; ms: number }[] = [];
  for (const action of ["borrow", "repay"] as const) {
    // Served once before, so the positions are the cached ones the event must replace.
    portfolioSchema.parse(await ctx.portfolio());
    const started = performance.now();
    if (action === "borrow") await borrow(ctx.session, ctx.wallet, "DAI", "100");
    else await repay(ctx.session, ctx.wallet, "DAI", "100");
    const txBlock = await ctx.head();
    const onChain = Number((await accountData(ctx.session, ctx.wallet.address)).healthFactor) / 1e18;
    for (;;) {
      const served = portfolioSchema.parse(await ctx.portfolio());
      if (served.healthFactor !== null && Math.abs(served.healthFactor / onChain - 1) < 1e-6) {
        trials.push({
          action,
          blocks: Number(BigInt(served.block ?? "0") - txBlock),
          ms: performance.now() - started,
        });
        break;
      }
      if (performance.now() - started > GIVE_UP_MS)
        throw new Error(`position freshness: the ${action} did not show in ${GIVE_UP_MS / 1000} s`);
      await delay(POLL_MS);
    }
  }
  return metric({
    value: Math.max(...trials.map((t) => t.blocks)),
    unit: "blocks after the user's own transaction until its portfolio shows it (worst of borrow, repay)",
    runs: trials.length,
    withRatio: false,
    notes: `An idle user (positions kept by events, no socket) of the 1,000: ${trials
      .map((t) => `${t.action} shown ${t.blocks} blocks after its block, ${t.ms.toFixed(0)} ms after sending`)
      .join(
        "; ",
      )}; health factor equal to Pool.getUserAccountData's (1e-6). Polled every ${POLL_MS} ms through the object's getPortfolio (what GET /portfolios calls).`,
  });
}
