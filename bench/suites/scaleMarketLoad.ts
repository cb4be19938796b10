import { setPrice } from "../../devnet/actions/setPrice";
import type { DevnetSession } from "../../devnet/session";
import { type Metric, metric } from "../lib/results";

/** Blocks in the window, each moving WETH by this factor one way then back. */
const MOVING_BLOCKS = 10;
const MOVE = 0.99;
const MAINNET_BLOCK_S = 12;
/** Cloudflare's guidance for one Durable Object: on the order of 1,000 simple requests per second. */
const OBJECT_BUDGET_PER_S = 1_000;

export interface MarketLoadContext {
  n: number;
  session: DevnetSession;
  weth: number;
  /** Market object counters once it has read the head and answered every wake. */
  caughtUp(): Promise<{ requests: number; wakes: number; syntheticWakes: number }>;
  /** Durable Object requests one idle user's heartbeat makes to the market object (measured apart). */
  heartbeatRequests: number;
  heartbeatsPerHour: number;
}

/**
 * scale.marketObjectRequestsPerSecond: N watched users, WETH moving every block. What reaches the chain's one
 * market object per block: requests from woken user objects (their one marketView each, registrations) and the
 * wake calls it makes itself (a synthetic entry's wake is counted as the call a real user would cost). As a rate
 * at mainnet's 12 s blocks plus the idle users' heartbeats, against one object's budget.
 */
export async function marketLoad(ctx: MarketLoadContext): Promise<Metric> {
  const before = await ctx.caughtUp();
  for (let b = 0; b < MOVING_BLOCKS; b++) {
    await setPrice(ctx.session, "WETH", b % 2 === 0 ? ctx.weth * MOVE : ctx.weth);
    await ctx.caughtUp();
  }
  await setPrice(ctx.session, "WETH", ctx.weth);
  const after = await ctx.caughtUp();
  const blocks = MOVING_BLOCKS + 1;
  const incoming = (after.requests - before.requests) / blocks;
  const wakes = (after.wakes - before.wakes) / blocks;
  const perBlock = incoming + wakes;
  const heartbeats = (ctx.n * ctx.heartbeatRequests * ctx.heartbeatsPerHour) / 3600;
  const perSecond = perBlock / MAINNET_BLOCK_S + heartbeats;
  return metric({
    value: perSecond,
    unit: `requests per second at one market object, ${ctx.n} users, prices moving every 12 s block`,
    alternative: {
      name: "one Durable Object's guidance (~1,000 simple requests/s)",
      value: OBJECT_BUDGET_PER_S,
    },
    runs: blocks,
    withRatio: false,
    notes: `${blocks} blocks each moving WETH by 1 % (down, up, …): per block ${incoming.toFixed(1)} requests from user objects + ${wakes.toFixed(1)} wakes it made (${((after.syntheticWakes - before.syntheticWakes) / blocks).toFixed(1)} of them synthetic entries, counted as the call a real user costs) = ${perBlock.toFixed(1)}; ÷ ${MAINNET_BLOCK_S} s = ${(perBlock / MAINNET_BLOCK_S).toFixed(1)}/s, plus the idle users' heartbeats ${ctx.n} × ${ctx.heartbeatRequests.toFixed(2)} request × ${ctx.heartbeatsPerHour}/h = ${heartbeats.toFixed(1)}/s (the heartbeat's requests measured on 100 users). The price watch's own RPC is not a request to the object and is not counted.`,
  });
}
