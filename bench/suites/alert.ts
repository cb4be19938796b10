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
/** Beyond the 30 s market cache + one 10 s monitoring tick, so a slow outlier is measured rather than failing. */
const ALERT_TIMEOUT_MS = 45_000;
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
const dephase = (k: number) => delay(((k * 0.618_033_988_75) % 1) * POLL_PHASE_MS);

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
  const raised: number[] = [];
  const cleared: number[] = [];
  /** Arrival − the message's sentAt (server clock, same machine): how much of the latency is delivery. */
  const delivery: number[] = [];
  try {
    // Monitoring runs once the socket is open (it sends the current portfolio first) and leases the price watch.
    let seq = (await socket.next(0, (m) => m.type === "portfolio_update", ALERT_TIMEOUT_MS)).message.seq;
    ctx.log(`alert: HF ${healthFactor.toFixed(2)}, threshold ${THRESHOLD}; ${TRIALS} trials`);
    for (let trial = 0; trial < TRIALS; trial++) {
      await dephase(2 * trial + 1);
      await setAnswer(lowAnswer);
      const down = performance.now();
      const alert = await socket.next(seq, isAlert("raised"), ALERT_TIMEOUT_MS);
      raised.push(Math.max(0, alert.at - down));
      delivery.push(alert.wallClock - Date.parse(alert.message.sentAt));
      seq = alert.message.seq;
      await dephase(2 * trial + 2);
      await setAnswer(baseAnswer);
      const up = performance.now();
      const clear = await socket.next(seq, isAlert("cleared"), ALERT_TIMEOUT_MS);
      cleared.push(Math.max(0, clear.at - up));
      seq = clear.message.seq;
    }
  } finally {
    socket.close();
    if ((await readAnswer()) !== baseAnswer) await setAnswer(baseAnswer);
    // This user still has debt (monitored every 10 s): stop its alarms so later suites measure only themselves.
    await post(apiUrl, `/__bench/user/pause?userId=${encodeURIComponent(userId)}`);
  }
  const r = summarize(raised);
  const c = summarize(cleared);
  const fmt = (s: typeof r) =>
    `p50 ${s.p50.toFixed(0)}, p95 ${s.p95.toFixed(0)}, min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)} ms`;
  const notes = `From the devnet block that moved the WETH oracle price (automine: the block exists when the tx is answered; each move after a wait spread evenly over the 1 s poll period) to the risk_alert frame at a Node WebSocket client; HF ${healthFactor.toFixed(2)} → ${LOW_HF} with threshold ${THRESHOLD}. Raised: ${fmt(r)}. Cleared after resetting the price: ${fmt(c)}. Of the raised latency, socket delivery (arrival − the message's sentAt, one clock) p50 ${summarize(delivery).p50.toFixed(0)} ms. Path: the market object's alarm polls eth_blockNumber every 1 s, re-reads the market on a new block and pushes to watching users (plus the 10 s monitoring tick, whichever comes first). Not measured: the seed's 10 s loop alone (no per-block watch to switch off without changing the worker).`;
  return {
    "alert.latencyMs.p50": metric({
      value: r.p50,
      unit: "ms, price block → risk_alert at the socket",
      alternative: null,
      runs: TRIALS,
      notes,
    }),
    "alert.latencyMs.p95": metric({
      value: r.p95,
      unit: "ms, price block → risk_alert at the socket",
      alternative: null,
      runs: TRIALS,
      notes: "See alert.latencyMs.p50.",
    }),
  };
}
