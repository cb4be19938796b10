import { z } from "zod";
import { type FaultRuleInput, type FaultStats, faultStatsSchema, type ReorgRequestInput } from "./rules";

// Drives a running fault proxy over its HTTP control API with plain fetch, so it works from Node and from
// workerd tests alike (workerd may fetch loopback addresses).

export interface FaultControl {
  /** Replaces the rule set. */
  set(rules: FaultRuleInput[]): Promise<void>;
  /** Removes every rule and zeroes the counters. */
  clear(): Promise<void>;
  stats(): Promise<FaultStats>;
  /** Reorganises (or rolls back) the last `depth` blocks of the chain behind the proxy; returns the new head. */
  reorg(request: ReorgRequestInput): Promise<{ blockNumber: number }>;
}

async function call(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  const body: unknown = await response.json();
  if (!response.ok)
    throw new Error(`fault proxy ${init.method} ${url}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

const post = (url: string, body: unknown) =>
  call(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** `controlUrl` is the proxy's `…/__faults` URL (`FaultProxy.controlUrl`, or `inject("faultControlUrl")`). */
export function faultControl(controlUrl: string): FaultControl {
  return {
    async set(rules) {
      await post(controlUrl, { rules });
    },
    async clear() {
      await call(controlUrl, { method: "DELETE" });
    },
    async stats() {
      return faultStatsSchema.parse(await call(`${controlUrl}/stats`, { method: "GET" }));
    },
    async reorg(request) {
      const body = z.object({ blockNumber: z.number() }).parse(await post(`${controlUrl}/reorg`, request));
      return { blockNumber: body.blockNumber };
    },
  };
}
