// Bench-only routes for tick.* (mounted by ./benchRoutes.ts): seed N user Durable Objects directly through their
// RPC methods (no D1 user, no sign-in), then run one real tick per object (the alarm handler: the scheduler runs
// the monitoring and automation tasks) while the counting RPC proxy in front of the devnet counts chain calls.
import { type RuleCreate, ruleCreateSchema } from "../../shared/schemas/rules";

/** What the bench subclass of UserDurableObject (./entry.js) adds, plus the real RPC methods used here. */
export interface BenchUserStub {
  benchPause(paused: boolean): Promise<void>;
  benchTick(): Promise<{
    ms: number;
    /** SQLite rows the tick wrote (null if the object's SQL API could not be wrapped). */
    rowsWritten: number | null;
    tasks: { name: string; runCount: number; lastError: string | null }[];
  }>;
  setAutomationOwner(address: `0x${string}`): Promise<void>;
  createRule(input: RuleCreate, limits: { maxRules: number | null }): Promise<{ ok: boolean }>;
  getPortfolio(address: `0x${string}`): Promise<{ ok: boolean }>;
  refreshPortfolio(): Promise<void>;
}

export interface TickEnv {
  USER: { getByName(name: string): BenchUserStub };
}

/**
 * Three rules a user on the free tier (max 3) might keep; none fires on the bench positions (HF ≈ 1.6–2.8, ETH
 * far above 100 USD), so a tick measures evaluation, not proposal building. Price/APY triggers make the tick read
 * the shared market snapshot; the health-factor trigger needs only the portfolio.
 */
export const BENCH_RULES: RuleCreate[] = [
  {
    name: "Repay below HF 1.2",
    trigger: { type: "health_factor_below", value: 1.2 },
    action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.8 },
  },
  {
    name: "ETH under 100 USD",
    trigger: { type: "price_below", asset: "WETH", usd: 100 },
    action: { type: "notify" },
  },
  {
    name: "DAI supply APY above 50 %",
    trigger: { type: "apy_above", protocol: "aave", asset: "DAI", chainId: 31337, percent: 50 },
    action: { type: "notify" },
  },
].map((rule) => ruleCreateSchema.parse(rule));

const userName = (run: string, i: number) => `bench-tick-${run}-${i}`;

/** Runs `fn` for indexes [from, to) with at most `concurrency` in flight. */
async function forRange<T>(
  from: number,
  to: number,
  concurrency: number,
  fn: (i: number) => Promise<T>,
): Promise<T[]> {
  const out: T[] = new Array(Math.max(0, to - from));
  let next = from;
  const lane = async () => {
    while (next < to) {
      const i = next++;
      out[i - from] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, lane));
  return out;
}

function range(url: URL): { run: string; from: number; to: number; concurrency: number } | string {
  const run = url.searchParams.get("run") ?? "";
  const from = Number(url.searchParams.get("from"));
  const to = Number(url.searchParams.get("to"));
  const concurrency = Number(url.searchParams.get("concurrency") ?? "8");
  if (!/^[a-z0-9]{1,16}$/.test(run)) return "run: 1-16 lowercase letters/digits";
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to <= from || to > 5000)
    return "from/to: integers, 0 <= from < to <= 5000";
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) return "concurrency: 1..64";
  return { run, from, to, concurrency };
}

export async function tickFetch(request: Request, env: TickEnv): Promise<Response> {
  const url = new URL(request.url);
  const r = range(url);
  if (typeof r === "string") return Response.json({ error: r }, { status: 400 });
  const stub = (i: number) => env.USER.getByName(userName(r.run, i));
  switch (url.pathname) {
    case "/__bench/tick/seed": {
      const body = (await request.json()) as { addresses?: unknown };
      const addresses = Array.isArray(body.addresses)
        ? body.addresses.filter(
            (a): a is `0x${string}` => typeof a === "string" && /^0x[0-9a-fA-F]{40}$/.test(a),
          )
        : [];
      if (addresses.length === 0) return Response.json({ error: "addresses: [0x…]" }, { status: 400 });
      const started = performance.now();
      await forRange(r.from, r.to, r.concurrency, async (i) => {
        const user = stub(i);
        const address = addresses[i % addresses.length] as `0x${string}`;
        // Alarms off while seeding: the measured tick is the one the bench runs, not one racing the seed.
        await user.benchPause(true);
        await user.setAutomationOwner(address);
        for (const rule of BENCH_RULES) {
          const created = await user.createRule(rule, { maxRules: 3 });
          if (!created.ok) throw new Error(`user ${i}: rule "${rule.name}" was refused`);
        }
        // The first portfolio read names the watched wallet and stores its debt: monitoring becomes active.
        const portfolio = await user.getPortfolio(address);
        if (!portfolio.ok) throw new Error(`user ${i}: portfolio read failed`);
      });
      return Response.json({ seeded: r.to - r.from, ms: performance.now() - started });
    }
    case "/__bench/tick/expire":
      await forRange(r.from, r.to, r.concurrency, (i) => stub(i).refreshPortfolio());
      return Response.json({ expired: r.to - r.from });
    case "/__bench/tick/round": {
      const started = performance.now();
      const ticks = await forRange(r.from, r.to, r.concurrency, (i) => stub(i).benchTick());
      const wallMs = performance.now() - started;
      // Every tick must have run both tasks without error, or the count would measure a broken tick.
      for (const [k, tick] of ticks.entries()) {
        const names = tick.tasks.map((t) => t.name).sort();
        const failed = tick.tasks.find((t) => t.lastError !== null);
        if (names.join(",") !== "automation,monitoring" || failed)
          throw new Error(
            `user ${r.from + k}: tick ran [${names.join(", ")}]${failed ? `, ${failed.name} failed: ${failed.lastError}` : ""}`,
          );
      }
      return Response.json({
        ticks: ticks.length,
        wallMs,
        tickMs: ticks.map((t) => t.ms),
        rowsWritten: ticks.map((t) => t.rowsWritten),
      });
    }
    default:
      return Response.json({ error: "unknown tick route" }, { status: 404 });
  }
}
