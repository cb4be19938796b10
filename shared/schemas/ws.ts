import { z } from "zod";
import { addressSchema, plainTextSchema } from "./common";
import { portfolioSchema } from "./portfolio";
import { transactionSchema } from "./transactions";

// The real-time protocol between the user's Durable Object and every client socket (popup, background,
// approval page, other browsers). Messages are JSON text frames.
//
// Connecting: POST /ws/ticket (Bearer JWT) → { ticket, expiresAt }; then open
// `GET /ws?ticket=<ticket>&lastSeq=<n>` within 30 s. The ticket is single-use and only opens a socket, so the
// URL (which proxies log) never carries the session token. With `lastSeq` the server first replays every stored
// message after it, then live ones: one ordered stream, no gap and no duplicate. Without it, only live ones.
//
// Server messages that matter later (portfolio_update, risk_alert, tx_proposal, tx_update, notification) are
// stored in the outbox with a per-user `seq` (1, 2, 3 … without gaps) and go to every open socket in that order.
// The outbox keeps the newest OUTBOX_CAPACITY messages: a client further behind gets `resync` and must reload
// its state over HTTP (GET /portfolios, /transactions), handle the alerts and notices the frame carries, then
// continue from `latestSeq`.

export const WS_TICKET_TTL_SECONDS = 30;

/**
 * Close codes for a socket whose session ended: the client must not reconnect with that session (its next ticket
 * request is refused too). The close reason is one of the `WsSessionEndReason` words.
 */
export const WS_CLOSE_SESSION_ENDED = 4001;
export const wsSessionEndReasonSchema = z.enum(["signed_out", "session_revoked", "session_expired"]);
export type WsSessionEndReason = z.infer<typeof wsSessionEndReasonSchema>;
/** How many stored messages the server keeps for replay per user. */
export const OUTBOX_CAPACITY = 500;

const seq = z.number().int().positive().describe("per-user sequence number (outbox)");
const sentAt = z.iso.datetime({ offset: true });
const latestSeq = z
  .number()
  .int()
  .nonnegative()
  .describe("the newest seq stored for this user (0: none yet)");

/**
 * How bad it is, in Aave's terms, in increasing order: under the user's threshold (or a high forecast), HF < 1
 * (anyone may liquidate), a liquidation happened. Each step is notified once per episode.
 */
export const riskAlertSeveritySchema = z.enum(["warning", "liquidatable", "liquidated"]);
export type RiskAlertSeverity = z.infer<typeof riskAlertSeveritySchema>;

const liquidatedAmountSchema = z.object({
  symbol: z.string(),
  asset: addressSchema,
  /** Token amount, decimal string in whole tokens (e.g. "1.25"); base units when the market does not list it. */
  amount: z.string(),
  /** At the oracle price when Vigil saw it; null when the market had no price for it. */
  usd: z.number().nullable(),
});

/** One `LiquidationCall` of the Aave Pool naming the user. */
export const liquidationSchema = z.object({
  txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  logIndex: z.number().int().nonnegative(),
  blockNumber: z.string().regex(/^\d+$/),
  /** Unix milliseconds of the block. */
  at: z.number().int(),
  /** Collateral sent to the liquidator (the debt covered plus the liquidation bonus). */
  collateralSeized: liquidatedAmountSchema,
  debtRepaid: liquidatedAmountSchema,
  /** Collateral seized minus debt repaid, in USD: what the liquidation cost the user. */
  bonusUsd: z.number().nullable(),
  liquidator: addressSchema,
});
export type Liquidation = z.infer<typeof liquidationSchema>;

export const riskAlertPayloadSchema = z.object({
  /**
   * raised: the condition started, or got one step worse (see `severity`); cleared: it ended (with hysteresis,
   * see worker/user/capabilities/alerts/escalation.ts).
   */
  state: z.enum(["raised", "cleared"]),
  /** Messages stored before severities existed were all threshold/band alerts: "warning". */
  severity: riskAlertSeveritySchema.default("warning"),
  /** Present when severity is "liquidated". */
  liquidation: liquidationSchema.optional(),
  /** Unix milliseconds when Vigil observed it (absent in messages stored before it was added: use sentAt). */
  observedAt: z.number().int().optional(),
  /** What triggered the alert (for `cleared`: what had triggered the alert that ends). */
  reason: z.enum(["health_factor", "risk_band"]),
  healthFactor: z.number().nullable(),
  /** The user's alert threshold in force (default 1.3). */
  threshold: z.number(),
  band: z.enum(["low", "medium", "high"]).nullable(),
  probability: z.number().min(0).max(1).nullable(),
  chainId: z.number().int().positive().nullable(),
  /** The watched account the alert is about (absent in messages stored before it was added). */
  account: addressSchema.optional(),
  /**
   * A step down inside an open alert (liquidatable → still under the threshold): not notified when it happens,
   * but it is the current state, so a replay after the browser was away shows it instead of the worse step.
   */
  quiet: z.boolean().optional(),
  message: z.string().describe("what happened and what to do, for a notification"),
});

export const notificationPayloadSchema = z.object({
  level: z.enum(["info", "success", "warning", "error"]),
  title: z.string(),
  message: z.string(),
  transactionId: z.uuid().nullable().default(null),
  /**
   * Set when the notice is about Vigil's own watch (a part of it stopped, or works again): shown whatever the
   * user's notification preferences, and a later notice with the same key replaces its card.
   */
  watchProblem: z.string().max(100).optional(),
  /** Set on the notice that a liquidation told before was undone by a reorganisation: which one, so it is unsaid. */
  liquidationUndone: z
    .object({
      chainId: z.number().int().positive(),
      txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
      logIndex: z.number().int().nonnegative(),
    })
    .optional(),
});

export const portfolioUpdatePayloadSchema = z.object({ portfolio: portfolioSchema });
export const transactionPayloadSchema = z.object({ transaction: transactionSchema });

/** The payload of each stored type: the one table notify() validates against. */
export const storedPayloadSchemas = {
  portfolio_update: portfolioUpdatePayloadSchema,
  risk_alert: riskAlertPayloadSchema,
  tx_proposal: transactionPayloadSchema,
  tx_update: transactionPayloadSchema,
  notification: notificationPayloadSchema,
} as const;

export const storedRiskAlertMessageSchema = z.object({
  type: z.literal("risk_alert"),
  seq,
  sentAt,
  payload: riskAlertPayloadSchema,
});

export const storedNotificationMessageSchema = z.object({
  type: z.literal("notification"),
  seq,
  sentAt,
  payload: notificationPayloadSchema,
});

/** Messages the server stores in the outbox and pushes: each has its sequence number. */
export const storedServerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("portfolio_update"), seq, sentAt, payload: portfolioUpdatePayloadSchema }),
  storedRiskAlertMessageSchema,
  z.object({ type: z.literal("tx_proposal"), seq, sentAt, payload: transactionPayloadSchema }),
  z.object({ type: z.literal("tx_update"), seq, sentAt, payload: transactionPayloadSchema }),
  storedNotificationMessageSchema,
]);

/**
 * What the outbox keeps aside of the messages it drops (outbox.ts), for a client too far behind: risk alerts, and
 * the notices Vigil tells once (a part of its watch stopped or works again, a rule switched off, a liquidation
 * undone, anything it could not read) — never the ones about a transaction, which the client reloads over HTTP.
 */
export const storedKeptMessageSchema = z.discriminatedUnion("type", [
  storedRiskAlertMessageSchema,
  storedNotificationMessageSchema,
]);

export const WS_ERROR_CODES = ["invalid_message", "message_too_large", "rate_limited", "internal"] as const;

/** Replies to one socket only; never stored. */
export const ephemeralServerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("pong"), nonce: z.string().max(64).optional(), latestSeq }),
  z.object({
    type: z.literal("resync"),
    reason: z.string(),
    latestSeq,
    /**
     * What was missed that still matters, oldest first: per account the newest risk alert (its current state) and
     * the newest liquidation, and the newest of each notice told once (see storedKeptMessageSchema) — so a client
     * away for long still hears of an open alert, a liquidation, or a watch that stopped.
     */
    alerts: z.array(storedKeptMessageSchema).default([]),
  }),
  z.object({ type: z.literal("error"), code: z.enum(WS_ERROR_CODES), message: z.string() }),
]);

export const serverMessageSchema = z.union([storedServerMessageSchema, ephemeralServerMessageSchema]);

export const clientMessageSchema = z.discriminatedUnion("type", [
  /** Keep-alive and clock: answered by `pong` with the latest seq (a client can spot a gap from it). */
  z.strictObject({ type: z.literal("ping"), nonce: plainTextSchema.max(64).optional() }),
  /** The client has handled everything up to `seq` (kept per socket; informational). */
  z.strictObject({ type: z.literal("ack"), seq: z.number().int().nonnegative() }),
  /**
   * Replays the stored messages after `lastSeq` on this socket, or answers `resync` if they are gone. At most 3 at
   * once per socket, then one every 10 s; beyond that the answer is an `error` with code `rate_limited`.
   */
  z.strictObject({ type: z.literal("resume"), lastSeq: z.number().int().nonnegative() }),
]);

/**
 * Close code of a socket opened beyond the per-user cap (4000–4999 are the application's own; 4429 echoes HTTP
 * 429). The client should not reconnect at once: one of its other sockets is still open.
 */
export const WS_CLOSE_TOO_MANY_SOCKETS = 4429;

/** Largest client frame the server reads; anything longer is answered with `message_too_large`. */
export const MAX_CLIENT_MESSAGE_BYTES = 1024;

// --- HTTP side of the socket ---------------------------------------------------------------------------------

export const wsTicketResponseSchema = z.object({
  ticket: z.string().describe("single use; pass as ?ticket= to GET /ws"),
  expiresAt: z.number().int().describe("unix milliseconds"),
});

export const wsConnectQuerySchema = z.strictObject({
  ticket: plainTextSchema.min(1, { error: "ticket is required: get one from POST /ws/ticket" }).max(2048),
  lastSeq: z.coerce
    .number({ error: "lastSeq must be a non-negative integer" })
    .int({ error: "lastSeq must be a non-negative integer" })
    .nonnegative({ error: "lastSeq must be a non-negative integer" })
    .optional()
    .describe("replay stored messages after this seq before live ones"),
  client: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, { error: "client must be a short lowercase label such as popup" })
    .optional()
    .describe("a label for this socket (popup, background …), for diagnostics"),
});

export type StoredServerMessage = z.infer<typeof storedServerMessageSchema>;
export type StoredServerMessageType = StoredServerMessage["type"];
/** The payload of a stored message of one type, e.g. StoredPayload<"risk_alert">. */
export type StoredPayload<T extends StoredServerMessageType> = Extract<
  StoredServerMessage,
  { type: T }
>["payload"];
/** What notify() accepts: defaults (e.g. notification.transactionId) may be left out. */
export type StoredPayloadInput<T extends StoredServerMessageType> = z.input<(typeof storedPayloadSchemas)[T]>;
export type EphemeralServerMessage = z.infer<typeof ephemeralServerMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type RiskAlertPayload = z.infer<typeof riskAlertPayloadSchema>;
export type NotificationPayload = z.infer<typeof notificationPayloadSchema>;
export type WsTicketResponse = z.infer<typeof wsTicketResponseSchema>;
