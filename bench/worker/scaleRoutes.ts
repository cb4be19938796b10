// Bench-only routes for scale.* (mounted by ./benchRoutes.ts): real user objects registered with the chain's
// market object through their own monitoring check, synthetic index entries beyond them, heartbeats on demand,
// and the market object's counters.
import { type SyntheticRegistration, syntheticRegistration, thresholdOf } from "./syntheticUsers";

export interface ScaleUserStub {
  benchTick(): Promise<{ ms: number; tasks: { name: string; runCount: number; lastError: string | null }[] }>;
  setAutomationOwner(address: `0x${string}`): Promise<void>;
  putSettings(settings: { alertThreshold: number }): Promise<unknown>;
  getPortfolio(address: `0x${string}`): Promise<
    | {
        ok: true;
        value: { healthFactor: number | null; asOf: { chainId: number; blockNumber: string | null }[] };
      }
    | { ok: false }
  >;
  refreshPortfolio(): Promise<void>;
  messagesSince(afterSeq: number): Promise<{ entries: { type: string; sentAt: string; payload: unknown }[] }>;
}

export interface ScaleMarketStub {
  benchAddSynthetic(
    chainId: number,
    users: { id: string; registration: SyntheticRegistration }[],
    shard?: number,
  ): Promise<{ synthetic: number }>;
  benchResetSynthetic(): Promise<{ watchers: number }>;
  benchSyntheticWakeCount(): Promise<number>;
  benchRequestCounts(): Promise<Record<string, number>>;
  positionWatchStats(): Promise<unknown>;
  priceWatchStats(): Promise<unknown>;
  stats(): Promise<{ marketReads: number }>;
}

export interface ScaleEnv {
  USER: { getByName(name: string): ScaleUserStub; idFromName(name: string): { toString(): string } };
  MARKET: { getByName(name: string): ScaleMarketStub };
}

const userName = (run: string, i: number) => `bench-scale-${run}-${i}`;

async function forRange(from: number, to: number, concurrency: number, fn: (i: number) => Promise<void>) {
  let next = from;
  const lane = async () => {
    while (next < to) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, lane));
}

export async function scaleFetch(request: Request, env: ScaleEnv): Promise<Response> {
  const url = new URL(request.url);
  const run = url.searchParams.get("run") ?? "";
  const from = Number(url.searchParams.get("from") ?? "0");
  const to = Number(url.searchParams.get("to") ?? "0");
  const concurrency = Number(url.searchParams.get("concurrency") ?? "8");
  const market = env.MARKET.getByName("31337");
  if (url.pathname === "/__bench/scale/stats") {
    return Response.json({
      positionWatch: await market.positionWatchStats(),
      priceWatch: await market.priceWatchStats(),
      requests: await market.benchRequestCounts(),
      syntheticWakes: await market.benchSyntheticWakeCount(),
      marketReads: (await market.stats()).marketReads,
    });
  }
  if (!/^[a-z0-9]{1,16}$/.test(run)) return Response.json({ error: "run" }, { status: 400 });
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to <= from || to > 100_000)
    return Response.json({ error: "from/to" }, { status: 400 });
  const stub = (i: number) => env.USER.getByName(userName(run, i));
  const started = performance.now();
  switch (url.pathname) {
    case "/__bench/scale/seed": {
      const body = (await request.json()) as { addresses?: unknown };
      const addresses = Array.isArray(body.addresses)
        ? body.addresses.filter(
            (a): a is `0x${string}` => typeof a === "string" && /^0x[0-9a-fA-F]{40}$/.test(a),
          )
        : [];
      if (addresses.length === 0) return Response.json({ error: "addresses" }, { status: 400 });
      await forRange(from, to, concurrency, async (i) => {
        const user = stub(i);
        const address = addresses[i % addresses.length] as `0x${string}`;
        await user.setAutomationOwner(address);
        await user.putSettings({ alertThreshold: thresholdOf(i) });
        const portfolio = await user.getPortfolio(address);
        if (!portfolio.ok) throw new Error(`user ${i}: portfolio read failed`);
        // Its first monitoring check: it registers what should wake it with the market object.
        await user.benchTick();
      });
      return Response.json({ seeded: to - from, ms: performance.now() - started });
    }
    case "/__bench/scale/synthetic": {
      for (let start = from; start < to; start += 500) {
        const users = [];
        for (let i = start; i < Math.min(to, start + 500); i++) {
          users.push({
            id: env.USER.idFromName(`bench-scale-synthetic-${run}-${i}`).toString(),
            registration: syntheticRegistration(i),
          });
        }
        await market.benchAddSynthetic(31337, users);
      }
      return Response.json({ synthetic: to - from, ms: performance.now() - started });
    }
    case "/__bench/scale/expire":
      await forRange(from, to, concurrency, (i) => stub(i).refreshPortfolio());
      return Response.json({ expired: to - from });
    case "/__bench/scale/heartbeat": {
      // One heartbeat of each user: the real alarm handler (monitoring is due: the bench clears its row first).
      const ms: number[] = [];
      await forRange(from, to, concurrency, async (i) => {
        const tick = await stub(i).benchTick();
        const failed = tick.tasks.find((t) => t.lastError !== null);
        if (failed) throw new Error(`user ${i}: ${failed.name} failed: ${failed.lastError}`);
        ms.push(tick.ms);
      });
      return Response.json({ heartbeats: to - from, ms });
    }
    case "/__bench/scale/portfolio": {
      // User `from`'s portfolio as GET /portfolios serves it: its health factor and the block it was read at.
      const address = url.searchParams.get("address") ?? "";
      if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return Response.json({ error: "address" }, { status: 400 });
      const outcome = await stub(from).getPortfolio(address as `0x${string}`);
      if (!outcome.ok) return Response.json({ error: "portfolio read failed" }, { status: 503 });
      const block = outcome.value.asOf.find((b) => b.chainId === 31337)?.blockNumber ?? null;
      return Response.json({ healthFactor: outcome.value.healthFactor, block });
    }
    case "/__bench/scale/alerts": {
      // Each user's risk alerts stored at or after `since` (Unix ms), as the outbox sent them to its sockets.
      const since = Number(url.searchParams.get("since") ?? "0");
      const users: { i: number; threshold: number; alerts: { sentAt: number; payload: unknown }[] }[] = [];
      await forRange(from, to, concurrency, async (i) => {
        const { entries } = await stub(i).messagesSince(0);
        const alerts = entries
          .filter((m) => m.type === "risk_alert" && Date.parse(m.sentAt) >= since)
          .map((m) => ({ sentAt: Date.parse(m.sentAt), payload: m.payload }));
        users.push({ i, threshold: thresholdOf(i), alerts });
      });
      return Response.json({ users });
    }
    default:
      return Response.json({ error: "unknown scale route" }, { status: 404 });
  }
}
