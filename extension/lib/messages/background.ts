import { z } from "zod";
import { ADDRESS_PATTERN } from "../../../shared/schemas/addressPattern";
import { backtestResponseSchema } from "../../../shared/schemas/backtest";
import { chainTransactionSchema } from "../../../shared/schemas/chainTransaction";
import { portfolioHistorySchema } from "../../../shared/schemas/portfolio";
import { rescueRequestSchema } from "../../../shared/schemas/rescue";
import { ruleListSchema, ruleSchema } from "../../../shared/schemas/rules";
import { transactionListSchema, transactionSchema } from "../../../shared/schemas/transactions";
import { watchedAccountSchema, watchedAccountsSchema } from "../../../shared/schemas/watchedAccounts";
import { dashboardPortfolioSchema } from "../api/contract";
import { eip6963ProviderInfoSchema } from "./pageBridge";
import { presignPreviewSchema } from "./presignPreview";

/**
 * Requests that extension pages (popup, options, connect, approval) and content scripts send to the background
 * service worker with runtime.sendMessage, and the data each one answers with. The background validates every
 * request with `backgroundRequestSchema`; callers validate answers with `backgroundResponseSchemas[type]`.
 */

const address = z.string().regex(ADDRESS_PATTERN, "an 0x-prefixed 20-byte hex address");
const hex = z.string().regex(/^0x[0-9a-fA-F]*$/, "0x-prefixed hex");
const txHash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 32-byte transaction hash");

export const sessionStateSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("signedOut"), reason: z.enum(["never", "signedOut", "expired"]).optional() }),
  z.object({
    status: z.literal("signedIn"),
    address,
    userId: z.string(),
    expiresAt: z.number().int().describe("ms since epoch"),
  }),
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const overlayStatusSchema = z.object({
  signedIn: z.boolean(),
  /** The signed-in wallet (null when signed out): the badge says when the site is on another account. */
  account: address.nullable(),
  /** false until the API has served a portfolio: then `healthFactor: null` means "unknown", not "no debt". */
  portfolioKnown: z.boolean(),
  healthFactor: z.number().nullable(),
  updatedAt: z.number().int().nullable(),
  /** The health factor is the last one read, not kept current (API or chain not answering, checks late). */
  stale: z.boolean(),
  /** The user's alert line: a health factor under it is never shown rounded up to it. */
  alertThreshold: z.number().positive().optional(),
});
export type OverlayStatus = z.infer<typeof overlayStatusSchema>;

const ruleIdSchema = z.string().min(1).max(100);
const apiBodySchema = z
  .record(z.string(), z.unknown())
  .refine((body) => JSON.stringify(body).length <= 8000, "a request body is at most 8000 characters");

export const backgroundRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("session/get") }),
  z.object({ type: z.literal("session/openConnectPage") }),
  z.object({ type: z.literal("session/prepareSignIn"), address, chainId: z.number().int().positive() }),
  z.object({
    type: z.literal("session/completeSignIn"),
    address,
    message: z.string().min(1).max(4000),
    signature: hex.min(4),
  }),
  z.object({ type: z.literal("session/signOut") }),
  z.object({ type: z.literal("dashboard/refresh") }),
  z.object({ type: z.literal("overlay/getStatus") }),
  /** The in-page badge was clicked. */
  z.object({ type: z.literal("overlay/openDashboard") }),
  z.object({
    type: z.literal("wallet/providersDiscovered"),
    // No origin field: the background takes the page's origin from the sender, which a page cannot fake.
    providers: z.array(eip6963ProviderInfoSchema()).max(20),
  }),
  z.object({ type: z.literal("settings/pushAlertThreshold") }),
  z.object({ type: z.literal("approvals/open"), proposalId: z.string().min(1).max(100) }),
  z.object({ type: z.literal("approvals/get"), proposalId: z.string().min(1).max(100) }),
  z.object({ type: z.literal("approvals/reject"), proposalId: z.string().min(1).max(100) }),
  z.object({ type: z.literal("approvals/simulate"), proposalId: z.string().min(1).max(100) }),
  z.object({ type: z.literal("approvals/approve"), proposalId: z.string().min(1).max(100) }),
  // The popup's Repay / Add collateral: the API sizes, simulates and stores it; the approval page opens on it.
  z.object({ type: z.literal("rescue/propose"), request: rescueRequestSchema }),
  z.object({
    type: z.literal("approvals/submitted"),
    proposalId: z.string().min(1).max(100),
    txHashes: z.array(txHash).min(1).max(10),
  }),
  // The approval page checks a wallet's hash against what Vigil's own node has under it.
  z.object({ type: z.literal("chain/transaction"), chainId: z.number().int().positive(), hash: txHash }),
  z.object({
    // The wallet declined step `stepIndex` (from 0); `txHashes` are the steps before it. The API keeps the proposal
    // open to sign again (a decline is the wallet's claim, not the user's decision in Vigil) and says so.
    type: z.literal("approvals/walletRejected"),
    proposalId: z.string().min(1).max(100),
    stepIndex: z.number().int().min(0).max(9),
    txHashes: z.array(txHash).max(9),
  }),
  z.object({
    // From the in-page content script: a transaction the page asked the wallet to send (page data, untrusted).
    type: z.literal("preview/aaveTransaction"),
    chainId: z.number().int().positive(),
    from: address.optional(),
    to: address,
    data: hex.max(20_000),
    value: hex.max(66).optional(),
  }),
  // Popup dashboard. Rule bodies are checked by the API (ruleCreateSchema/rulePatchSchema plus chain data), so
  // its field messages reach the form; here they only have to be a plain JSON object of bounded size.
  z.object({ type: z.literal("history/get"), range: z.enum(["24h", "7d", "30d"]) }),
  z.object({ type: z.literal("rules/list") }),
  z.object({ type: z.literal("rules/create"), rule: apiBodySchema }),
  z.object({ type: z.literal("rules/update"), ruleId: ruleIdSchema, patch: apiBodySchema }),
  z.object({ type: z.literal("rules/setEnabled"), ruleId: ruleIdSchema, enabled: z.boolean() }),
  z.object({ type: z.literal("rules/delete"), ruleId: ruleIdSchema }),
  // A back-test request (rule or ruleId, windows …) is checked by the API like a rule body.
  z.object({ type: z.literal("rules/backtest"), body: apiBodySchema }),
  // Watch-only accounts. The body is checked by the API (shared/schemas/watchedAccounts.ts) so its field messages
  // reach the form; here it only has to be a plain object of bounded size.
  z.object({ type: z.literal("watched/list") }),
  z.object({ type: z.literal("watched/add"), body: apiBodySchema }),
  z.object({ type: z.literal("watched/update"), address, body: apiBodySchema }),
  z.object({ type: z.literal("watched/remove"), address }),
  z.object({ type: z.literal("watched/portfolio"), address }),
  z.object({ type: z.literal("transactions/listPending") }),
  /** Every proposal, newest first, with its final state (the popup's transaction history). */
  z.object({ type: z.literal("transactions/list") }),
]);
export type BackgroundRequest = z.infer<typeof backgroundRequestSchema>;
export type BackgroundRequestType = BackgroundRequest["type"];
export type BackgroundRequestOf<T extends BackgroundRequestType> = Extract<BackgroundRequest, { type: T }>;

const done = z.object({ done: z.literal(true) });

export const backgroundResponseSchemas = {
  "session/get": sessionStateSchema,
  "session/openConnectPage": done,
  "session/prepareSignIn": z.object({ message: z.string() }),
  "session/completeSignIn": sessionStateSchema,
  "session/signOut": sessionStateSchema,
  "dashboard/refresh": done,
  "overlay/getStatus": overlayStatusSchema,
  "overlay/openDashboard": z.object({ opened: z.enum(["tab", "existing"]) }),
  "wallet/providersDiscovered": done,
  /** synced: false when signed out (the value then only lives in this browser until the next sign-in). */
  "settings/pushAlertThreshold": z.object({ synced: z.boolean() }),
  "approvals/open": done,
  "approvals/get": transactionSchema,
  "approvals/reject": done,
  "approvals/simulate": transactionSchema,
  "approvals/approve": transactionSchema,
  "rescue/propose": transactionSchema,
  "approvals/submitted": transactionSchema,
  "chain/transaction": chainTransactionSchema,
  "approvals/walletRejected": transactionSchema,
  "preview/aaveTransaction": presignPreviewSchema,
  "history/get": portfolioHistorySchema,
  "rules/list": ruleListSchema,
  "rules/create": ruleSchema,
  "rules/update": ruleSchema,
  "rules/setEnabled": ruleSchema,
  "rules/delete": done,
  "rules/backtest": backtestResponseSchema,
  "watched/list": watchedAccountsSchema,
  "watched/add": watchedAccountSchema,
  "watched/update": watchedAccountSchema,
  "watched/remove": done,
  "watched/portfolio": dashboardPortfolioSchema,
  "transactions/listPending": transactionListSchema,
  "transactions/list": transactionListSchema,
} satisfies Record<BackgroundRequestType, z.ZodType>;

export type BackgroundResponseOf<T extends BackgroundRequestType> = z.infer<
  (typeof backgroundResponseSchemas)[T]
>;

/**
 * Who may send what. Content scripts run in pages we do not control, so they only get the overlay's read-only
 * status and may report discovered wallets; everything that touches the session comes from extension pages.
 */
export const contentScriptRequestTypes: ReadonlySet<BackgroundRequestType> = new Set([
  "overlay/getStatus",
  "overlay/openDashboard",
  "wallet/providersDiscovered",
  "preview/aaveTransaction",
]);
