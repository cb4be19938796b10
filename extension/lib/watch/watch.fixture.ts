import { type DashboardMe, dashboardMeSchema } from "../api/contract";

export const WATCHED = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
export const FIXTURE_NOW = Date.parse("2026-12-01T04:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
export const minutesAgo = (minutes: number) => iso(FIXTURE_NOW - minutes * 60_000);

/**
 * GET /me as the API answers it with the watch status, parsed with the shared schema (so a fixture can never
 * drift from the contract). Checks run every 60 s unless `intervalSeconds` says otherwise.
 */
export function meFixture(
  options: {
    lastCheckMinutesAgo?: number | null;
    /** false: the server stopped watching (every chain not_watched, nothing scheduled). */
    watching?: boolean;
    /** Signed in, nothing scheduled (no debt, no open dashboard). */
    idle?: boolean;
    sessionActive?: boolean;
    unavailableChain?: number;
    withWatch?: boolean;
  } = {},
): DashboardMe {
  const { lastCheckMinutesAgo = 1, watching = true, sessionActive = true, withWatch = true } = options;
  return dashboardMeSchema.parse({
    user: {
      id: "350670db-19fa-4704-a166-e52e178b59d2",
      address: WATCHED,
      createdAt: "2026-11-25T16:00:00.000Z",
      lastLoginAt: null,
    },
    subscription: {
      tier: "free",
      limits: { maxRules: 3 },
      periodStart: "2026-11-25T16:00:00.000Z",
      periodEnd: null,
    },
    session: { active: sessionActive, expiresAt: iso(FIXTURE_NOW + 29 * 24 * 3_600_000) },
    ...(withWatch
      ? {
          watch: {
            lastCheckAt: lastCheckMinutesAgo === null ? null : minutesAgo(lastCheckMinutesAgo),
            nextCheckAt: watching && !options.idle ? iso(FIXTURE_NOW + 30_000) : null,
            intervalSeconds: 60,
            chains: [
              { chainId: 31337, status: watching ? "ok" : "not_watched", since: minutesAgo(60) },
              ...(options.unavailableChain
                ? [
                    {
                      chainId: options.unavailableChain,
                      status: "unavailable",
                      since: minutesAgo(12),
                      retryAt: iso(FIXTURE_NOW + 60_000),
                      dataAsOf: minutesAgo(13),
                    },
                  ]
                : []),
            ],
          },
        }
      : {}),
  });
}
