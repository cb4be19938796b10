import { z } from "zod";

// The fault proxy's rule language, shared by the proxy (Node) and the tests that drive it (Node or workerd):
// zod only, no Node modules, so a workerd test can import it to type its requests.

/** What happens to a JSON-RPC call a rule matches. */
export const faultSchema = z.discriminatedUnion("kind", [
  /** No answer: `reset` destroys the connection, `hang` keeps it open and never answers (the client times out). */
  z.object({ kind: z.literal("drop"), mode: z.enum(["reset", "hang"]).default("reset") }),
  /** Answer late: the call is forwarded after `ms`. */
  z.object({ kind: z.literal("delay"), ms: z.number().int().min(0).max(120_000) }),
  /** The provider fails at the HTTP level with this 5xx status and a plain-text body. */
  z.object({
    kind: z.literal("httpError"),
    status: z.number().int().min(500).max(599),
    body: z.string().max(1_000).default("upstream failure (injected)"),
  }),
  /** HTTP 200 with `application/json` that is not JSON (a truncated body). */
  z.object({ kind: z.literal("malformedJson") }),
  /** `eth_chainId` answers this chain id; other methods are untouched. */
  z.object({ kind: z.literal("wrongChainId"), chainId: z.number().int().positive() }),
  /** `eth_blockNumber` answers this fixed block; every other call still reads the live chain. */
  z.object({ kind: z.literal("staleBlock"), blockNumber: z.number().int().min(0) }),
  /** Well-formed JSON-RPC whose `result` is this value (e.g. "0xnothex" for `eth_call`). */
  z.object({ kind: z.literal("garbageResult"), result: z.json() }),
]);
export type Fault = z.infer<typeof faultSchema>;
export type FaultKind = Fault["kind"];

export const faultRuleSchema = z.object({
  /** JSON-RPC method the rule applies to; "*" = every method. */
  method: z.string().min(1).max(100).default("*"),
  /** Only requests to this URL path (e.g. "/a"), so one proxy can stand for several RPC URLs; default: any. */
  path: z.string().startsWith("/").max(200).optional(),
  /** Only calls whose first parameter is this string (case-insensitive), e.g. one transaction's hash. */
  firstParam: z.string().min(1).max(200).optional(),
  /** Apply to the first N matching calls only, then pass them through (a fault that heals). */
  times: z.number().int().positive().optional(),
  fault: faultSchema,
});
export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

/** Body of `POST /__faults`: replaces the whole rule set. */
export const faultRuleSetSchema = z.object({ rules: z.array(faultRuleSchema).max(50) });
export type FaultRuleSetInput = z.input<typeof faultRuleSetSchema>;

/** Body of `POST /__faults/reorg`: `reorg` replaces the last `depth` blocks by empty ones (their transactions are
 * gone, the height stays), `rollback` removes them (the height drops by `depth`). */
export const reorgRequestSchema = z.object({
  depth: z.number().int().min(1).max(256),
  mode: z.enum(["reorg", "rollback"]).default("reorg"),
});
export type ReorgRequestInput = z.input<typeof reorgRequestSchema>;

export const faultStatsSchema = z.object({
  /** HTTP requests received on the proxy port (control calls excluded); a batch is one. */
  requests: z.number(),
  /** JSON-RPC calls inside them, per method. */
  methods: z.record(z.string(), z.number()),
  /** Injected faults, per kind. */
  faults: z.record(z.string(), z.number()),
});
export type FaultStats = z.infer<typeof faultStatsSchema>;

/** Faults that answer for one call: the proxy forwards the request and rewrites only that call's answer. */
const ANSWER_FAULTS: Partial<Record<FaultKind, string>> = {
  wrongChainId: "eth_chainId",
  staleBlock: "eth_blockNumber",
};

export function isAnswerFault(fault: Fault): boolean {
  return fault.kind === "wrongChainId" || fault.kind === "staleBlock" || fault.kind === "garbageResult";
}

/** A rule as the proxy holds it: how many more calls it may still hit. */
export interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export function activate(rules: readonly FaultRule[]): ActiveRule[] {
  return rules.map((rule) => ({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY }));
}

/**
 * The first active rule for a call, consuming one of its `times`. `wrongChainId` and `staleBlock` only ever
 * match the method they fake, whatever the rule's `method` says.
 */
export function takeRule(
  rules: ActiveRule[],
  path: string,
  method: string,
  params: unknown = undefined,
): Fault | null {
  const first = Array.isArray(params) ? params[0] : undefined;
  for (const active of rules) {
    const { rule } = active;
    if (active.remaining <= 0) continue;
    if (rule.path !== undefined && rule.path !== path) continue;
    if (rule.method !== "*" && rule.method !== method) continue;
    if (
      rule.firstParam !== undefined &&
      (typeof first !== "string" || first.toLowerCase() !== rule.firstParam.toLowerCase())
    )
      continue;
    const implied = ANSWER_FAULTS[rule.fault.kind];
    if (implied !== undefined && implied !== method) continue;
    active.remaining -= 1;
    return rule.fault;
  }
  return null;
}

/** The `result` an answer fault puts in place of the chain's. */
export function fakeResult(fault: Fault): unknown {
  switch (fault.kind) {
    case "wrongChainId":
      return `0x${fault.chainId.toString(16)}`;
    case "staleBlock":
      return `0x${fault.blockNumber.toString(16)}`;
    case "garbageResult":
      return fault.result;
    default:
      throw new Error(`${fault.kind} is not an answer fault`);
  }
}
