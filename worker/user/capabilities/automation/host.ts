import type { Address, PublicClient } from "viem";
import type { ChainConfig } from "../../../../shared/chains/types";
import type { PriceHistory } from "../../../../shared/risk/priceHistory";
import type { Portfolio } from "../../../../shared/schemas/portfolio";
import type { Transaction } from "../../../../shared/schemas/transactions";
import type {
  NotificationPayload,
  StoredPayloadInput,
  StoredServerMessageType,
} from "../../../../shared/schemas/ws";
import type { Outcome, UpstreamFailure } from "../../../chain/upstreamOutcome";
import type { AaveMarketSnapshot } from "../../../defi/aave/snapshots";
import type { Cached } from "../../../defi/portfolio/sources";
import type { RulesCapability } from "../rules";
import type { TransactionsCapability } from "../transactions";

/** What the automation capability needs from its Durable Object: only these parts of the rules and proposals. */
export interface AutomationHost {
  rules: Pick<
    RulesCapability,
    | "listEnabled"
    | "recordEvaluation"
    | "recordExecution"
    | "restoreLastExecution"
    | "markCannotAct"
    | "clearCannotAct"
  >;
  transactions: Pick<
    TransactionsCapability,
    | "get"
    | "minNonceOf"
    | "propose"
    | "transition"
    | "recordDecline"
    | "hasKey"
    | "withKey"
    | "openForRule"
    | "withStatus"
    | "withAnyHash"
    | "latestForRule"
    | "releaseKey"
    | "updatePreview"
    | "expireDue"
  >;
  now(): number;
  /** Between ticks; default AUTOMATION_INTERVAL_MS. */
  intervalMs?: number;
  /**
   * Sleeping like monitoring while only lines and price levels the market object watches can make a rule fire (idleRules.ts): where the mark
   * is kept, monitoring's condition for sleeping, whether the market objects carry the rules' lines, and the sleep.
   * Absent: the loop never sleeps.
   */
  idle?: {
    kv: Pick<SyncKvStorage, "get" | "put" | "delete">;
    wokenOnNeed(): boolean;
    /** Whether the market objects hold the enabled rules' lines and price levels. */
    wakesRegistered(): boolean;
    intervalMs: number;
  };
  /** The wallet address of the user this object belongs to (learnt from their requests). */
  owner(): Address | null;
  /** Whether the user has a valid sign-in session: without one nobody can approve, so nothing is proposed. */
  sessionActive(): boolean;
  chains(): readonly ChainConfig[];
  client(chainId: number): PublicClient;
  aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>>;
  portfolio(address: Address): Promise<Outcome<Portfolio>>;
  /** The chain's oracle price history (its market object's): the portfolio's forecast, triggers and previews read it. */
  priceHistory(chainId: number): Promise<PriceHistory>;
  invalidatePortfolio(): void;
  /** The object's one way to its clients (outbox → sockets). Its synchronous part appends to the outbox. */
  notify<T extends StoredServerMessageType>(type: T, payload: StoredPayloadInput<T>): Promise<unknown>;
  log(event: Record<string, unknown>): void;
}

/** Why a lifecycle request was refused, as a stable machine word (the error's `details.reason`). */
export type ConflictReason =
  | "invalid_transition"
  | "expired"
  | "stale"
  | "no_owner"
  | "no_such_step"
  | "hash_count"
  | "duplicate_hash"
  | "hash_reused"
  | "transaction_mismatch"
  | "step_not_sent";

export type LifecycleResult =
  | { ok: true; transaction: Transaction }
  | { ok: false; reason: "not_found" }
  /** `data` goes to the client as the error's details (plain JSON: it crosses the Durable Object RPC). */
  | { ok: false; reason: "conflict"; code: ConflictReason; message: string; data?: Record<string, unknown> }
  /** The chain's RPC failed (after viem's retries): the route answers 502/503 with a retry hint. */
  | { ok: false; reason: "upstream"; failure: UpstreamFailure };

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A notification about one transaction through the outbox. */
export async function notifyAbout(
  host: Pick<AutomationHost, "notify">,
  transaction: Transaction,
  level: NotificationPayload["level"],
  title: string,
  text: string,
): Promise<void> {
  await host.notify("notification", { level, title, message: text, transactionId: transaction.id });
}
