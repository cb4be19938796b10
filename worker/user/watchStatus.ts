import type { ChainStatus, WatchStatus } from "../../shared/schemas/watchStatus";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The watch status a user sees in `GET /me`, from what the object knows: the heartbeat, the alarm, each chain's read
 * status and whether anyone is signed in. Without a valid session nothing is proposed, so every chain is
 * `not_watched` (since the last session ended) and no next check is announced.
 */
export function watchStatusOf(input: {
  lastCheckAt: number | null;
  /** The alarm, when monitoring is active; null when nothing is scheduled for the user. */
  nextCheckAt: number | null;
  intervalMs: number;
  chains: readonly ChainStatus[];
  session: { active: true } | { active: false; endedAt: number | null };
  now: number;
}): WatchStatus {
  const { session } = input;
  const chains = session.active
    ? [...input.chains]
    : input.chains.map(
        (chain): ChainStatus => ({
          chainId: chain.chainId,
          status: "not_watched",
          since: iso(session.endedAt ?? input.now),
          dataAsOf: chain.dataAsOf ?? null,
          reason: "Nobody is signed in: sign in again to resume watching.",
        }),
      );
  return {
    lastCheckAt: input.lastCheckAt === null ? null : iso(input.lastCheckAt),
    nextCheckAt: session.active && input.nextCheckAt !== null ? iso(input.nextCheckAt) : null,
    intervalSeconds: Math.round(input.intervalMs / 1000),
    chains,
  };
}
