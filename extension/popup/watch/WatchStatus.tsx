import { useEffect, useState } from "react";
import type { ChainStatus } from "../../lib/api/contract";
import type { DashboardCache } from "../../lib/storage/dashboardCache";
import type { LiveStatus } from "../../lib/storage/live";
import {
  apiHealth,
  degradedChains,
  type Heartbeat,
  sessionOutlook,
  watchHeartbeat,
} from "../../lib/watch/watchHealth";
import { chainLabel, formatAge, shortAddress } from "../../ui/format";

/** Re-renders every `everyMs`, so ages ("checked 4 min ago") keep moving while the popup stays open. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

const formatIn = (ms: number) =>
  ms >= 3_600_000 ? `in ${Math.floor(ms / 3_600_000)} h` : `in ${Math.max(1, Math.round(ms / 60_000))} min`;
const clock = (iso: string) =>
  new Date(iso).toLocaleTimeString("en-US", { hour: "2-digit", minute: "2-digit", hour12: false });

/** The watch's own problems, above everything else: a stopped or stopping watch is never silent. */
export function WatchBanners({
  address,
  refreshExpiresAt,
  data,
  now,
  onSignIn,
}: {
  address: string;
  refreshExpiresAt: number;
  data: DashboardCache | null;
  now: number;
  onSignIn: () => void;
}) {
  const outlook = sessionOutlook({ refreshExpiresAt, serverSession: data?.me.session }, now);
  const beat = watchHeartbeat(data, now);
  const signIn = (
    <button type="button" className="button link small" onClick={onSignIn} data-testid="watch-sign-in">
      Sign in again
    </button>
  );
  if (outlook.stopped || beat?.stopped) {
    return (
      <div className="notice error" role="alert" data-testid="watch-banner" data-watch="stopped">
        Vigil stopped watching {shortAddress(address)}: sign in again. {signIn}
      </div>
    );
  }
  return (
    <>
      {outlook.endingAt !== null && (
        <div className="notice warning" role="alert" data-testid="watch-banner" data-watch="ending">
          Vigil will stop watching {shortAddress(address)} {formatIn(outlook.endingAt - now)}: the session
          could not be renewed. {signIn}
        </div>
      )}
      {beat && beat.level !== "ok" && (
        <div
          className={`notice ${beat.level === "red" ? "error" : "warning"}`}
          role="alert"
          data-testid="watch-banner"
          data-watch="stale"
        >
          {beat.lastCheckAt === null
            ? "Vigil has not checked your positions yet"
            : `Vigil last checked your positions ${formatAge(now - beat.lastCheckAt)}`}
          : they are not being watched right now.
        </div>
      )}
    </>
  );
}

/** The footer's short form: "checked 5 min ago", or "first check soon" before the first one. */
const lastChecked = (beat: Heartbeat, now: number) =>
  beat.lastCheckAt === null ? "first check soon" : `checked ${formatAge(now - beat.lastCheckAt)}`;

/** One line per chain that could not be read: its data is the last good read, and says how old it is. */
export function UnavailableChains({ data, now }: { data: DashboardCache; now: number }) {
  const chains = degradedChains(data.portfolio?.chains, data.me.watch);
  if (chains.length === 0) return null;
  return (
    <div className="stack" data-testid="unavailable-chains">
      {chains.map((chain) => (
        <div
          key={chain.chainId}
          className="notice warning"
          role="status"
          data-testid={`chain-unavailable-${chain.chainId}`}
        >
          <strong>{chainLabel(chain.chainId)} unavailable</strong> since {clock(chain.since)}
          {chain.reason ? ` (${chain.reason.replace(/\.+$/, "")})` : ""}. {dataAge(chain, now)}
          {chain.retryAt && Date.parse(chain.retryAt) > now
            ? ` Next try ${formatIn(Date.parse(chain.retryAt) - now)}.`
            : ""}
        </div>
      ))}
    </div>
  );
}

function dataAge(chain: ChainStatus, now: number): string {
  if (!chain.dataAsOf) return "No data from it yet.";
  return `Showing its last good data, from ${formatAge(now - Date.parse(chain.dataAsOf))}.`;
}

const liveLook: Record<
  LiveStatus | "apiDown" | "chainsDown",
  { label: string; color: string; title: string }
> = {
  live: { label: "Live", color: "var(--safe)", title: "Receiving live updates from Vigil" },
  connecting: {
    label: "Reconnecting…",
    color: "var(--warning)",
    title: "Reconnecting to Vigil's live updates",
  },
  off: {
    label: "Offline",
    color: "var(--border)",
    title: "No live connection: data refreshes when you open Vigil",
  },
  apiDown: {
    label: "API not answering",
    color: "var(--danger)",
    title: "The Vigil API is not answering: what you see may be old",
  },
  chainsDown: {
    label: "Chains unavailable",
    color: "var(--warning)",
    title: "The API answers, but no chain could be read: what you see is the last good data",
  },
};

/** The footer's connection state: never "Live" while the API's last answer was a failure. */
export function ConnectionStatus({
  live,
  error,
}: {
  live: LiveStatus;
  error: { status?: number; code: string } | null;
}) {
  const health = apiHealth(error);
  const state = health === "ok" ? live : health;
  const look = liveLook[state];
  return (
    <span className="row nowrap" data-testid="live" data-live={state} title={look.title} data-nowrap="">
      <span className={`badge-dot${state === "live" ? " pulse" : ""}`} style={{ background: look.color }} />
      {look.label}
    </span>
  );
}

/** "checked N min ago", amber past 3 check intervals, red past 10 or when the watch stopped. */
export function HeartbeatLabel({ data, now }: { data: DashboardCache | null; now: number }) {
  const beat = watchHeartbeat(data, now);
  if (!beat) return null;
  const color =
    beat.level === "red" ? "var(--danger)" : beat.level === "amber" ? "var(--warning)" : undefined;
  return (
    <span
      className="nowrap"
      data-nowrap=""
      data-testid="heartbeat"
      data-level={beat.level}
      style={color ? { color, fontWeight: 600 } : undefined}
    >
      · {beat.stopped ? "not watching" : lastChecked(beat, now)}
    </span>
  );
}
