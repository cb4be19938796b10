import { z } from "zod";
import { settableAggregatorAbi } from "../../devnet/abis/settableAggregator";
import { reserveBySymbol } from "../../devnet/actions/tokenAmount";
import { devnetSession } from "../../devnet/session";
import { devnetAccounts } from "../../devnet/testing";
import { delay } from "../../e2e/harness/processes";
import { storedServerMessageSchema } from "../../shared/schemas/ws";
import { getJson, post, signIn } from "../lib/api";
import { metric, type Results } from "../lib/results";
import { summarize } from "../lib/stats";
import { usersWithPositions } from "../lib/users";
import type { SuiteContext } from "./context";

const TRIALS = 20;
/** Trials of the alternative (the seed's 10 s monitoring loop alone): each move waits seconds, so fewer. */
const LOOP_TRIALS = 8;
/** Beyond the 30 s market cache + one 10 s monitoring tick, so a slow outlier is measured rather than failing. */
const ALERT_TIMEOUT_MS = 45_000;
/** Without the watch the 30 s market and positions caches and the 10 s tick add up: room for the worst case. */
const LOOP_TIMEOUT_MS = 90_000;
/** The monitoring alarm's period (worker/user/capabilities/monitoring.ts): the alternative's phase. */
const LOOP_PHASE_MS = 10_000;
/** The user's alert threshold, and where each trial puts the health factor (below it, then back up). */
const THRESHOLD = 1.5;
const LOW_HF = 1.25;
/** The market's price watch polls once a second: price moves are spread over that phase (see dephase). */
const POLL_PHASE_MS = 1000;

/**
 * A wait before each price move, spread evenly over one poll period (golden-ratio sequence: reproducible, no
 * clustering). Without it every move lands right after the push that ended the previous wait, i.e. just after a
 * poll, and each trial measures the worst case (a full period) instead of a real price move's random phase.
 */
const dephase = (k: number, periodMs = POLL_PHASE_MS) => delay(((k * 0.618_033_988_75) % 1) * periodMs);

type Stored = z.infer<typeof storedServerMessageSchema>;
const portfolioHf = z.object({ healthFactor: z.number().nullable() });

/** A WebSocket client that timestamps every stored message on arrival and lets the caller wait for one. */
async function openSocket(url: string) {
  const arrivals: { at: number; wallClock: number; message: Stored }[] = [];
  const waiters: Array<() => void> = [];
  const socket = new WebSocket(url);
  socket.addEventListener("message", (event) => {
    const at = performance.now();
    const wallClock = Date.now();
    const parsed = storedServerMessageSchema.safeParse(JSON.parse(String(event.data)));
    if (!parsed.success) return; // pong, resync, error: not stored messages
    arrivals.push({ at, wallClock, message: parsed.data });
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`WebSocket ${url} failed to open`)), {
      once: true,
    });
  });
  return {
    /** The first message after `afterSeq` matching `match`, with its arrival time. */
    async next(afterSeq: number, match: (m: Stored) => boolean, timeoutMs: number) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = arrivals.find((a) => a.message.seq > afterSeq && match(a.message));
        if (found) return found;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`no matching message within ${timeoutMs / 1000} s`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => socket.close(),
  };
}

const isAlert = (state: "raised" | "cleared") => (m: Stored) =>
  m.type === "risk_alert" && m.payload.state === state;

/**
 * alert.latencyMs: a real signed-in user with Aave debt, alert threshold set with PUT /me/settings, a WebSocket
 * opened the way clients do (POST /ws/ticket, GET /ws?ticket=…). Each trial moves the WETH oracle price on the
 * devnet so the health factor falls below the threshold and times the block → `risk_alert raised` at the socket,
 * then resets the price and waits for `cleared` (hysteresis), so every trial raises a fresh alert.
 */
export async function alertSuite(ctx: SuiteContext): Promise<Results> {
  const { apiUrl, devnet } = ctx.stack;
  const [wallet] = await usersWithPositions(devnet, 1);
  if (!wallet) throw new Error("no bench wallet");
  const session = devnetSession(devnet.rpcUrl, devnet.info);
  const weth = reserveBySymbol(session, "WETH");
  // Straight to anvil (automine): when writeContract returns, the block that moved the price exists.
  const deployer = session.clients.walletFor(devnetAccounts.deployer.privateKey);
  const readAnswer = () =>
    session.clients.publicClient.readContract({
      address: weth.aggregator,
      abi: settableAggregatorAbi,
      functionName: "latestAnswer",
    });
  const setAnswer = (answer: bigint) =>
    deployer.writeContract({
      address: weth.aggregator,
      abi: settableAggregatorAbi,
      functionName: "setAnswer",
      args: [answer],
      gas: 200_000n,
    });

  const { token, userId } = await signIn(apiUrl, wallet.privateKey);
  const settings = await fetch(`${apiUrl}/me/settings`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ alertThreshold: THRESHOLD }),
  });
  if (!settings.ok) throw new Error(`PUT /me/settings: ${settings.status} ${await settings.text()}`);
  const baseAnswer = await readAnswer();
  const { healthFactor } = portfolioHf.parse(await getJson(apiUrl, "/portfolios", token));
  if (healthFactor === null || healthFactor < THRESHOLD * 1.1)
    throw new Error(`bench wallet health factor ${healthFactor}: expected well above ${THRESHOLD}`);
  // Only WETH is collateral and only DAI is debt, so the health factor scales with the WETH price.
  const lowAnswer = (baseAnswer * BigInt(Math.round((LOW_HF / healthFactor) * 1e6))) / 1_000_000n;

  const ticket = z
    .object({ ticket: z.string() })
    .parse(
      await (
        await fetch(`${apiUrl}/ws/ticket`, { method: "POST", headers: { authorization: `Bearer ${token}` } })
      ).json(),
    );
  const socket = await openSocket(
    `${apiUrl.replace(/^http/, "ws")}/ws?ticket=${encodeURIComponent(ticket.ticket)}&client=bench`,
  );
  /** Latencies of one series: price moved → alert raised / cleared at the socket. */
  const series = () => ({ raised: [] as number[], cleared: [] as number[], delivery: [] as number[] });
  const watched = series();
  const loop = series();
  let seq = 0;
  const runTrials = async (
    out: ReturnType<typeof series>,
    trials: number,
    periodMs: number,
    timeoutMs: number,
  ) => {
    for (let trial = 0; trial < trials; trial++) {
      await dephase(2 * trial + 1, periodMs);
      await setAnswer(lowAnswer);
      const down = performance.now();
      const alert = await socket.next(seq, isAlert("raised"), timeoutMs);
      out.raised.push(Math.max(0, alert.at - down));
      /** Arrival − the message's sentAt (server clock, same machine): how much of the latency is delivery. */
      out.delivery.push(alert.wallClock - Date.parse(alert.message.sentAt));
      seq = alert.message.seq;
      await dephase(2 * trial + 2, periodMs);
      await setAnswer(baseAnswer);
      const up = performance.now();
      const clear = await socket.next(seq, isAlert("cleared"), timeoutMs);
      out.cleared.push(Math.max(0, clear.at - up));
      seq = clear.message.seq;
    }
  };
  let watchersLeft: number;
  try {
    // Monitoring runs once the socket is open (it sends the current portfolio first) and leases the price watch.
    seq = (await socket.next(0, (m) => m.type === "portfolio_update", ALERT_TIMEOUT_MS)).message.seq;
    ctx.log(
      `alert: HF ${healthFactor.toFixed(2)}, threshold ${THRESHOLD}; ${TRIALS} trials with the price watch`,
    );
    await runTrials(watched, TRIALS, POLL_PHASE_MS, ALERT_TIMEOUT_MS);
    // The alternative, same user and socket: the market object drops this user's watch lease and ignores its
    // renewals, so only the user's 10 s monitoring alarm (reading the 30 s-cached market) can raise the alert.
    const unwatch = await fetch(`${apiUrl}/__bench/market/unwatch?userId=${encodeURIComponent(userId)}`, {
      method: "POST",
    });
    if (!unwatch.ok)
      throw new Error(`POST /__bench/market/unwatch: ${unwatch.status} ${await unwatch.text()}`);
    watchersLeft = z.object({ watchers: z.number() }).parse(await unwatch.json()).watchers;
    if (watchersLeft !== 0) throw new Error(`price watch still has ${watchersLeft} watchers after unwatch`);
    ctx.log(`alert: ${LOOP_TRIALS} trials with the 10 s monitoring loop alone (price watch off)`);
    await runTrials(loop, LOOP_TRIALS, LOOP_PHASE_MS, LOOP_TIMEOUT_MS);
  } finally {
    socket.close();
    if ((await readAnswer()) !== baseAnswer) await setAnswer(baseAnswer);
    // This user still has debt (monitored every 10 s): stop its alarms so later suites measure only themselves.
    await post(apiUrl, `/__bench/user/pause?userId=${encodeURIComponent(userId)}`);
  }
  const r = summarize(watched.raised);
  const c = summarize(watched.cleared);
  const lr = summarize(loop.raised);
  const lc = summarize(loop.cleared);
  const fmt = (s: typeof r) =>
    `p50 ${s.p50.toFixed(0)}, p95 ${s.p95.toFixed(0)}, min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)} ms`;
  const unit = "ms, price block → risk_alert at the socket";
  const alternativeName = "seed design: 10 s monitoring loop alone (price watch off for the user)";
  const notes = `From the devnet block that moved the WETH oracle price (automine: the block exists when the tx is answered) to the risk_alert frame at a Node WebSocket client; HF ${healthFactor.toFixed(2)} → ${LOW_HF} with threshold ${THRESHOLD}. Vigil (${TRIALS} trials, each move after a wait spread evenly over the 1 s poll period): the market object's alarm polls eth_blockNumber every 1 s, re-reads the market on a new block and pushes to watching users (plus the 10 s monitoring tick, whichever comes first). Raised: ${fmt(r)}. Cleared after resetting the price: ${fmt(c)}. Socket delivery (arrival − the message's sentAt, one clock) p50 ${summarize(watched.delivery).p50.toFixed(0)} ms. Alternative (${LOOP_TRIALS} trials, same user and socket, after the watch: moves spread over the 10 s alarm period): the market object drops the user's watch lease and ignores its renewals (bench subclass in bench/worker/entry.js; ${watchersLeft} watchers left, so the watch stops polling) and only the user's 10 s monitoring alarm, reading the market through its 30 s cache, raises the alert. Raised: ${fmt(lr)}. Cleared: ${fmt(lc)}. ${LOOP_TRIALS} trials give a rough p95 (interpolated between the two slowest).`;
  return {
    "alert.latencyMs.p50": metric({
      value: r.p50,
      unit,
      alternative: { name: alternativeName, value: lr.p50 },
      runs: TRIALS,
      notes,
    }),
    "alert.latencyMs.p95": metric({
      value: r.p95,
      unit,
      alternative: { name: alternativeName, value: lr.p95 },
      runs: TRIALS,
      notes: `See alert.latencyMs.p50. Alternative over ${LOOP_TRIALS} trials.`,
    }),
  };
}
