import { z } from "zod";
import { fingerprint } from "./fingerprint";

/**
 * Index shards: past one object's capacity (~58,000 watched users in 75 % of its 128 MiB, measured by
 * `npm run bench -- --only capacity`), a chain's wake registrations are split by user over MARKET_INDEX_SHARDS
 * objects. The chain's market object stays the one coordinator: it reads the head, the prices and the position
 * logs once per block and forwards them to each shard, which wakes its own users. 1 (the default): no shards, the
 * market object holds every registration itself.
 */
export const INDEX_SHARDS_MAX = 256;

const shardsSchema = z.coerce.number().int().min(1).max(INDEX_SHARDS_MAX);

/** The shard count from the optional MARKET_INDEX_SHARDS var; a bad value is reported and 1 kept. */
export function indexShardCount(
  raw: string | undefined,
  log: (event: Record<string, unknown>) => void,
): number {
  if (raw === undefined) return 1;
  const parsed = shardsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  log({
    level: "warn",
    msg: `MARKET_INDEX_SHARDS ignored: not a whole number 1-${INDEX_SHARDS_MAX}`,
    value: raw,
  });
  return 1;
}

/** The shard a user object's registration lives in: a hash of its id, so users spread evenly and stay put. */
export function indexShardOf(watcherId: string, shards: number): number {
  return Number.parseInt(fingerprint(watcherId).slice(0, 8), 16) % shards;
}

/** The object name of a chain's index shard (the coordinator is named by the chain id alone). */
export function indexShardName(chainId: number, shard: number): string {
  return `${chainId}/index/${shard}`;
}

export const shardIndexSchema = z
  .number()
  .int()
  .min(0)
  .max(INDEX_SHARDS_MAX - 1);

/** The position logs a coordinator read for a block, forwarded so that its shards need not read them again. */
export const relayedLogsSchema = z.object({
  fromBlock: z.string().regex(/^\d+$/),
  toBlock: z.string().regex(/^\d+$/),
  wallets: z.array(z.string().regex(/^0x[0-9a-fA-F]{40}$/)),
});
export type RelayedLogs = z.infer<typeof relayedLogsSchema>;
