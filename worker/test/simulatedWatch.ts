import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { faultControl } from "../../devnet/faultProxy/control";
import { findChain } from "../../shared/chains";
import { type RuleCreateInput, ruleCreateSchema } from "../../shared/schemas/rules";
import { TIER_LIMITS } from "../../shared/schemas/subscriptions";
import type { StoredServerMessage } from "../../shared/schemas/ws";
import { publicClientFor } from "../chain/client";
import { captureUpstream } from "../chain/upstreamOutcome";
import { loadConfig } from "../config";
import { readAaveMarket } from "../defi/aave/readAave";
import { marketObjectFor } from "../defi/market/marketObject";
import { composeUser, type UserParts } from "../user/composeUser";

// A user's capabilities, composed as in production over a real Durable Object's storage and a real devnet, with two
// things simulated: the clock and the alarm (the test fires the alarm itself, so minutes pass in seconds) and the
// chain URLs (each chain reaches the devnet through the fault proxy on its own path, so a test can break it).

export const faults = faultControl(inject("faultControlUrl"));

export interface SimulatedWatch {
  parts: UserParts;
  now(): number;
  /** The alarm as the scheduler last set it (null: none). */
  alarm(): number | null;
  /** Fires the alarm: the clock moves to its time (never back), then the scheduler runs what is due. */
  fire(): Promise<void>;
  /** Moves the clock without firing (an idle stretch; the next fire catches up at once). */
  advance(ms: number): void;
  /** Fires the alarm until `ms` of simulated time passed; returns how many times it fired. */
  runFor(ms: number): Promise<number>;
  /** Outbox entries of one type. */
  messages<T extends StoredServerMessage["type"]>(type: T): Extract<StoredServerMessage, { type: T }>[];
  proposalCount(): number;
  /** Market reads made through this composition: how many, and the most in flight at once (overlapping ticks). */
  reads: { started: number; inFlight: number; maxInFlight: number };
}

export interface SimulatedWatchOptions {
  /** The chains served, in order, each with its URL path on the fault proxy (unique per test: the worker remembers
   * each URL's checked chain id). */
  chains: { chainId: number; path: string }[];
  /** RPC_TIMEOUT_MS for every chain (keeps slow-RPC tests fast). */
  timeoutMs?: number;
  /** The wallet watched (stored once: also the automation's owner) and the signed-in user. */
  address: `0x${string}`;
  rules?: RuleCreateInput[];
  /** Whether a valid session is recorded (default true). */
  signedIn?: boolean;
}

/** Composes a watched user in a fresh object named `name` and runs `scenario` inside it. */
export function withSimulatedWatch<T>(
  name: string,
  options: SimulatedWatchOptions,
  scenario: (watch: SimulatedWatch, compose: () => SimulatedWatch) => Promise<T>,
): Promise<T> {
  const faultyRpcUrl = inject("faultyRpcUrl");
  const vars: Record<string, string> = { CHAIN_IDS: options.chains.map((c) => c.chainId).join(",") };
  for (const { chainId, path } of options.chains) {
    vars[`RPC_URL_${chainId}`] = `${faultyRpcUrl}/${path}`;
    if (options.timeoutMs) vars[`RPC_TIMEOUT_MS_${chainId}`] = String(options.timeoutMs);
  }
  const userEnv = { ...env, ...vars };
  const config = loadConfig(userEnv);
  let clock = Date.now();
  let alarmAt: number | null = null;

  return runInDurableObject(env.USER.getByName(name), async (_instance, state) => {
    /** One composition: what a (re)constructed object has. A second call stands for the object after an eviction. */
    const compose = (): SimulatedWatch => {
      const reads = { started: 0, inFlight: 0, maxInFlight: 0 };
      const parts = composeUser(state, userEnv, {
        now: () => clock,
        alarms: {
          getAlarm: async () => alarmAt,
          setAlarm: async (at) => {
            alarmAt = typeof at === "number" ? at : at.getTime();
          },
          deleteAlarm: async () => {
            alarmAt = null;
          },
        },
        market: {
          // Read through the chain's faulty URL, not the shared market object (which uses the real one).
          aaveMarket: (chainId) =>
            captureUpstream(`Reading the Aave market on chain ${chainId}`, async () => {
              const market = findChain(chainId)?.aave;
              if (!market) throw new Error(`chain ${chainId} has no Aave market`);
              const client = publicClientFor(config, chainId);
              reads.started++;
              reads.inFlight++;
              reads.maxInFlight = Math.max(reads.maxInFlight, reads.inFlight);
              try {
                return {
                  value: await readAaveMarket({ client, chainId, market }),
                  hit: false,
                  ageSeconds: 0,
                };
              } finally {
                reads.inFlight--;
              }
            }),
          // The oracle history is the devnet's (the forecast is not what these tests are about).
          priceHistory: () => marketObjectFor(env.MARKET, 31337).priceHistory(31337),
          watchPrices: async () => {},
        },
      });
      const watch: SimulatedWatch = {
        parts,
        reads,
        now: () => clock,
        alarm: () => alarmAt,
        async fire() {
          if (alarmAt !== null && alarmAt > clock) clock = alarmAt;
          await parts.scheduler.onAlarm();
        },
        advance(ms) {
          clock += ms;
        },
        async runFor(ms) {
          const end = clock + ms;
          let fired = 0;
          while (alarmAt !== null && alarmAt <= end) {
            await watch.fire();
            fired++;
          }
          clock = Math.max(clock, end);
          return fired;
        },
        messages: (type) =>
          parts.outbox
            .since(0)
            .entries.filter((m): m is Extract<StoredServerMessage, { type: typeof type }> => m.type === type),
        proposalCount: () =>
          state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM transactions").one().n,
      };
      return watch;
    };
    const watch = compose();
    const { parts } = watch;
    parts.monitoring.watch(options.address);
    if (options.signedIn ?? true) parts.sessions.record("simulated-session", clock + 30 * 86_400_000);
    for (const rule of options.rules ?? []) {
      const created = parts.rules.create(ruleCreateSchema.parse(rule), TIER_LIMITS.pro);
      if (!created.ok) throw new Error(`rule not created: ${JSON.stringify(created)}`);
    }
    // Monitoring is active once positions with debt are known; before the first read, rules keep the alarm set.
    await parts.scheduler.reschedule();
    return scenario(watch, compose);
  });
}

/** A unique path per test and chain: the worker remembers each URL's checked chain id. */
export const pathFor = (label: string) =>
  `${label.replace(/[^A-Za-z0-9]+/g, "-")}-${crypto.randomUUID().slice(0, 8)}`;
