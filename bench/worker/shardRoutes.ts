// Bench-only routes for scale.shards.* (bench/suites/scaleShards.ts): the same synthetic users registered with the
// chain's market object alone or split over index shards, and every object's counters.
import { indexShardName, indexShardOf } from "../../worker/defi/market/indexShards";
import type { ScaleEnv, ScaleMarketStub } from "./scaleRoutes";
import { syntheticRegistration } from "./syntheticUsers";

const CHAIN_ID = 31337;

/** The objects holding registrations for `shards`: the coordinator alone (1), or its shards. */
function holders(env: ScaleEnv, shards: number): { shard: number | undefined; stub: ScaleMarketStub }[] {
  if (shards <= 1) return [{ shard: undefined, stub: env.MARKET.getByName(String(CHAIN_ID)) }];
  return Array.from({ length: shards }, (_, k) => ({
    shard: k,
    stub: env.MARKET.getByName(indexShardName(CHAIN_ID, k)),
  }));
}

export async function shardFetch(request: Request, env: ScaleEnv): Promise<Response> {
  const url = new URL(request.url);
  const run = url.searchParams.get("run") ?? "";
  const shards = Number(url.searchParams.get("shards") ?? "1");
  if (!/^[a-z0-9]{1,16}$/.test(run)) return Response.json({ error: "run" }, { status: 400 });
  if (!Number.isInteger(shards) || shards < 1 || shards > 64)
    return Response.json({ error: "shards" }, { status: 400 });
  const coordinator = env.MARKET.getByName(String(CHAIN_ID));
  switch (url.pathname) {
    case "/__bench/scale/shardSynthetic": {
      const from = Number(url.searchParams.get("from") ?? "0");
      const to = Number(url.searchParams.get("to") ?? "0");
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to <= from || to > 100_000)
        return Response.json({ error: "from/to" }, { status: 400 });
      const targets = holders(env, shards);
      const started = performance.now();
      for (let start = from; start < to; start += 500) {
        const batches = new Map<
          number,
          { id: string; registration: ReturnType<typeof syntheticRegistration> }[]
        >();
        for (let i = start; i < Math.min(to, start + 500); i++) {
          const id = env.USER.idFromName(`bench-shards-${run}-${i}`).toString();
          const k = shards <= 1 ? 0 : indexShardOf(id, shards);
          batches.set(k, [...(batches.get(k) ?? []), { id, registration: syntheticRegistration(i) }]);
        }
        await Promise.all(
          [...batches].map(([k, users]) => {
            const target = targets[k];
            if (!target) throw new Error(`no shard ${k}`);
            return target.stub.benchAddSynthetic(CHAIN_ID, users, target.shard);
          }),
        );
      }
      return Response.json({ added: to - from, ms: performance.now() - started });
    }
    case "/__bench/scale/shardStats": {
      const objects = shards <= 1 ? [] : holders(env, shards);
      return Response.json({
        coordinator: {
          positionWatch: await coordinator.positionWatchStats(),
          requests: await coordinator.benchRequestCounts(),
          syntheticWakes: await coordinator.benchSyntheticWakeCount(),
        },
        shards: await Promise.all(
          objects.map(async ({ stub }) => ({
            positionWatch: await stub.positionWatchStats(),
            requests: await stub.benchRequestCounts(),
            syntheticWakes: await stub.benchSyntheticWakeCount(),
          })),
        ),
      });
    }
    case "/__bench/scale/shardReset": {
      const objects = [{ stub: coordinator }, ...(shards <= 1 ? [] : holders(env, shards))];
      const left = await Promise.all(objects.map(({ stub }) => stub.benchResetSynthetic()));
      return Response.json({ watchers: left.map((l) => l.watchers) });
    }
    default:
      return Response.json({ error: "unknown shard route" }, { status: 404 });
  }
}
