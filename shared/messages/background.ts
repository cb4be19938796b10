import { z } from "zod";
import { transactionSchema } from "../schemas/transactions";
import { eip6963ProviderInfoSchema } from "./pageBridge";

/**
 * Requests that extension pages (popup, options, connect, approval) and content scripts send to the background
 * service worker with runtime.sendMessage, and the data each one answers with. The background validates every
 * request with `backgroundRequestSchema`; callers validate answers with `backgroundResponseSchemas[type]`.
 */

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an 0x-prefixed 20-byte hex address");
const hex = z.string().regex(/^0x[0-9a-fA-F]*$/, "0x-prefixed hex");

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
  /** false until the API has served a portfolio: then `healthFactor: null` means "unknown", not "no debt". */
  portfolioKnown: z.boolean(),
  healthFactor: z.number().nullable(),
  updatedAt: z.number().int().nullable(),
});
export type OverlayStatus = z.infer<typeof overlayStatusSchema>;

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
  z.object({
    type: z.literal("wallet/providersDiscovered"),
    // No origin field: the background takes the page's origin from the sender, which a page cannot fake.
    providers: z.array(eip6963ProviderInfoSchema).max(20),
  }),
  z.object({ type: z.literal("settings/pushAlertThreshold") }),
  z.object({ type: z.literal("approvals/open"), proposalId: z.string().min(1).max(100) }),
  z.object({ type: z.literal("approvals/get"), proposalId: z.string().min(1).max(100) }),
  z.object({ type: z.literal("approvals/reject"), proposalId: z.string().min(1).max(100) }),
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
  "wallet/providersDiscovered": done,
  /** synced: false when signed out (the value then only lives in this browser until the next sign-in). */
  "settings/pushAlertThreshold": z.object({ synced: z.boolean() }),
  "approvals/open": done,
  "approvals/get": transactionSchema,
  "approvals/reject": done,
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
  "wallet/providersDiscovered",
]);
