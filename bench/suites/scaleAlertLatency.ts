import type { Address } from "viem";
import { z } from "zod";
import { accountData } from "../../devnet/actions/accountData";
import { setPrice } from "../../devnet/actions/setPrice";
import type { DevnetSession } from "../../devnet/session";
import { PRICE_POLL_MS } from "../../worker/defi/market/headPoll";
import { ALERT_HYSTERESIS } from "../../worker/user/capabilities/alerts/escalation";
import { type Metric, metric } from "../lib/results";
import { median, percentile } from "../lib/stats";

/** The WETH move: at the real wallets' health factors (2.4 … 2.8) it crosses about a tenth of the thresholds. */
export const ALERT_MOVE = 0.93;
/** The monitoring's hysteresis: above threshold × this, an alert is certainly not open. */
const HYSTERESIS = 1 + ALERT_HYSTERESIS.healthFactor;

const alertsSchema = z.object({
  users: z.array(
    z.object({
      i: z.number(),
      threshold: z.number(),
      alerts: z.array(
        z.object({
          sentAt: z.number(),
          payload: z.object({
            state: z.string(),
            reason: z.string(),
            severity: z.string(),
            quiet: z.boolean().optional(),
          }),
        }),
      ),
    }),
  ),
});

export interface AlertLatencyContext {
  n: number;
  session: DevnetSession;
  /** The wallet each user i watches: addresses[i % addresses.length]. */
  addresses: readonly Address[];
  weth: number;
  /** Until the market object has read the head and answered every wake; its woken-by-price count. */
  caughtUp(): Promise<{ pricesWakes: number }>;
  alerts(since: number): Promise<unknown>;
}

const hf = async (session: DevnetSession, address: Address) =>
  Number((await accountData(session, address)).healthFactor) / 1e18;

/**
 * scale.alertLatencyMs.p95: N real users, none with a socket open (each woken on need, not polled), WETH moved so a
 * tenth of them cross their alert threshold. From the block's transaction being sent to each crossed user's
 * `risk_alert` in its outbox (what its socket is sent at once, and a reconnecting socket catches up on). Checks,
 * against the Pool's own health factors before and after: every crossed user alerted exactly once, no user whose
 * threshold was not crossed alerted. Leaves the price as found.
 */
export async function alertLatency(ctx: AlertLatencyContext): Promise<Metric> {
  const before = await ctx.caughtUp();
  const wallets = [...new Set(ctx.addresses)];
  const hfBefore = new Map(
    await Promise.all(wallets.map(async (a) => [a, await hf(ctx.session, a)] as const)),
  );
  const sent = Date.now();
  await setPrice(ctx.session, "WETH", ctx.weth * ALERT_MOVE);
  const after = await ctx.caughtUp();
  const hfAfter = new Map(
    await Promise.all(wallets.map(async (a) => [a, await hf(ctx.session, a)] as const)),
  );
  const { users } = alertsSchema.parse(await ctx.alerts(sent));
  await setPrice(ctx.session, "WETH", ctx.weth);
  await ctx.caughtUp();

  const latencies: number[] = [];
  const wrong: string[] = [];
  let crossed = 0;
  let unsure = 0;
  let bandAlerts = 0;
  for (const user of users) {
    const wallet = ctx.addresses[user.i % ctx.addresses.length] as Address;
    const from = hfBefore.get(wallet) ?? Number.NaN;
    const to = hfAfter.get(wallet) ?? Number.NaN;
    const raised = user.alerts.filter(
      (a) => a.payload.state === "raised" && !a.payload.quiet && a.payload.reason === "health_factor",
    );
    bandAlerts += user.alerts.filter((a) => a.payload.reason === "risk_band").length;
    if (from >= user.threshold * HYSTERESIS && to < user.threshold) {
      crossed++;
      if (raised.length !== 1) wrong.push(`user ${user.i}: ${raised.length} alerts for one crossing`);
      for (const alert of raised.slice(0, 1)) latencies.push(alert.sentAt - sent);
    } else if (to >= user.threshold) {
      if (raised.length > 0)
        wrong.push(`user ${user.i}: alerted at HF ${to.toFixed(3)} over ${user.threshold}`);
    } else unsure++; // under its threshold or its hysteresis band before: an alert may be open from before
  }
  if (users.length !== ctx.n) wrong.push(`${users.length} of ${ctx.n} users answered`);
  if (latencies.length === 0) wrong.push("no user crossed its threshold");
  if (wrong.length > 0) throw new Error(`alert latency: ${wrong.slice(0, 5).join("; ")}`);
  const woken = after.pricesWakes - before.pricesWakes;
  return metric({
    value: percentile(latencies, 95),
    unit: `ms from the price transaction to the risk_alert, ${crossed} of ${ctx.n} users crossed`,
    runs: latencies.length,
    withRatio: false,
    notes: `WETH × ${ALERT_MOVE} at ${ctx.n} real user objects (no socket: woken through the price levels). ${crossed} crossed their threshold (${((100 * crossed) / ctx.n).toFixed(1)} %), each alerted exactly once (checked against Pool.getUserAccountData before and after); none of the ${ctx.n - crossed - unsure} users whose threshold was not crossed alerted; ${unsure} already under their threshold or within its hysteresis band before the move (an alert may be open from before) not checked. Users woken by the move: ${woken} (lines at 1, the threshold and both hysteresis marks). Risk-band alerts (the forecast's probability, not a threshold) in the same window: ${bandAlerts}. p50 ${median(latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms; includes the transaction's own send and mining, the market object's next head poll (every ${PRICE_POLL_MS} ms), one eth_getLogs and market read, the wakes and each user's check.`,
  });
}
