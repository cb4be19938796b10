import * as z from "zod/mini";
import { POOL_ACTION_MAX_DATA_CHARS } from "../../../shared/aave/poolActionSelectors";
import { ADDRESS_PATTERN } from "../../../shared/schemas/addressPattern";
import { builtOnFirstUse } from "./builtOnFirstUse";
import { PAGE_BRIDGE_HELLO_EVENT, PAGE_BRIDGE_OFFER_EVENT } from "./pageBridgeTag";
import { walletRelayOutcomeSchema, walletRelayRequestSchema } from "./walletRelay";

/**
 * Traffic between Vigil's main-world script and its content script on the same page. It travels over a
 * MessagePort the two hand each other at document_start, before any page script runs (PAGE_BRIDGE_*_EVENT):
 * no window.postMessage, so the page neither reads it nor posts into it. What the main world says is still
 * page data (the page owns the wallet objects it calls and can tamper with them), so every message parses with
 * this schema, and whatever the wallet answers is checked by Vigil's pages (signIn.ts, verifiedSteps.ts).
 * Written with zod/mini: it ships in the content script, which has to stay small (and light to start: each
 * schema is built on first use, builtOnFirstUse.ts).
 */
export { PAGE_BRIDGE_HELLO_EVENT, PAGE_BRIDGE_OFFER_EVENT };

export const eip6963ProviderInfoSchema = builtOnFirstUse(() =>
  z.object({
    uuid: z.string().check(z.minLength(1), z.maxLength(100)),
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    // Wallets announce a data: URI; anything else (a remote URL the page could track us with) is refused.
    icon: z.string().check(z.maxLength(100_000), z.regex(/^data:image\//, "a data:image URI")),
    rdns: z.string().check(z.minLength(1), z.maxLength(200)),
  }),
);
export type Eip6963ProviderInfo = z.infer<ReturnType<typeof eip6963ProviderInfoSchema>>;

/** Pairs a request with its answer across the page boundary (a preview decision, a wallet response). */
const bridgeRequestIdSchema = builtOnFirstUse(() =>
  z.string().check(z.regex(/^[0-9a-f]{1,32}$/, "up to 32 hex characters")),
);
const pageHex = (max: number) =>
  z.string().check(z.regex(/^0x[0-9a-fA-F]*$/, "0x-prefixed hex"), z.maxLength(max));
const pageAddress = () => z.string().check(z.regex(ADDRESS_PATTERN, "an 0x-prefixed 20-byte address"));

/**
 * A transaction the page asked its wallet to send that could be an Aave Pool call (the main world sends only
 * those: extension/overlay/previewCandidate.ts), as the main-world wrapper saw it (page data). Checked apart
 * from the envelope: a request the content script cannot read is still answered, with "go on".
 */
export const pageTransactionSchema = builtOnFirstUse(() =>
  z.object({
    chainId: z.number().check(z.int(), z.positive()),
    from: z.optional(pageAddress()),
    to: pageAddress(),
    data: pageHex(POOL_ACTION_MAX_DATA_CHARS),
    /** An earlier card of this transaction was for this chain; the wallet switched away while it was up. */
    switchedFrom: z.optional(z.number().check(z.int(), z.positive())),
  }),
);
export type PageTransactionRequest = z.infer<ReturnType<typeof pageTransactionSchema>>;

const toContent = builtOnFirstUse(() =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("ready") }),
    z.object({
      kind: z.literal("eip6963/providers"),
      providers: z.array(eip6963ProviderInfoSchema()).check(z.maxLength(20)),
    }),
    // The page called eth_sendTransaction with what may be a Pool call: it waits until the content script says
    // whether to go on. `tx` is read with pageTransactionSchema by the content script, which answers either way.
    z.object({
      kind: z.literal("preview/request"),
      requestId: bridgeRequestIdSchema(),
      tx: z.unknown(),
    }),
    // The account the page's wallet gave the page (its eth_accounts answer or accountsChanged): page data,
    // only compared with the signed-in wallet to say "this site is on another account".
    z.object({ kind: z.literal("page/account"), account: z.nullable(pageAddress()) }),
    // The page's wallet answered a relayed request.
    z.object({
      kind: z.literal("wallet/response"),
      requestId: bridgeRequestIdSchema(),
      outcome: walletRelayOutcomeSchema(),
    }),
  ]),
);

const toPage = builtOnFirstUse(() =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("eip6963/rediscover") }),
    // The content script took the request (the main world stops its "nobody listens" timer).
    z.object({ kind: z.literal("preview/pending"), requestId: bridgeRequestIdSchema() }),
    z.object({
      kind: z.literal("preview/decision"),
      requestId: bridgeRequestIdSchema(),
      proceed: z.boolean(),
    }),
    // The content script is going away (Vigil updated or removed): stop asking, let what waits go on.
    z.object({ kind: z.literal("preview/off") }),
    // A Vigil page asks the wallet announced as `rdns` (never wrapped by the preview: Vigil already shows one).
    z.object({
      kind: z.literal("wallet/request"),
      requestId: bridgeRequestIdSchema(),
      request: walletRelayRequestSchema(),
    }),
  ]),
);

export type ToContentPayload = z.infer<ReturnType<typeof toContent>>;
export type ToPagePayload = z.infer<ReturnType<typeof toPage>>;

/** A message from Vigil's main-world script, or `null` (ignored) for anything else. */
export function readToContentMessage(data: unknown): ToContentPayload | null {
  const parsed = toContent().safeParse(withReadableWallets(data));
  return parsed.success ? parsed.data : unreadableWalletResponse(data);
}

/**
 * A wallet answer that does not pass the schema (too big, not JSON) still ends its request, with an error: a
 * Vigil page waiting for it would otherwise hear nothing until its timeout, minutes later, and blame the wallet.
 */
function unreadableWalletResponse(data: unknown): ToContentPayload | null {
  if (typeof data !== "object" || data === null) return null;
  const { kind, requestId } = data as { kind?: unknown; requestId?: unknown };
  const id = bridgeRequestIdSchema().safeParse(requestId);
  if (kind !== "wallet/response" || !id.success) return null;
  return {
    kind: "wallet/response",
    requestId: id.data,
    outcome: { ok: false, error: { code: -32603, message: "Vigil could not read the wallet's answer." } },
  };
}

/**
 * The page's wallets, each checked on its own: one announcement Vigil cannot take (a remote icon, an oversized
 * name; a buggy wallet's or the page's own) is left out, rather than hiding every other wallet on the page.
 */
function withReadableWallets(data: unknown): unknown {
  if (typeof data !== "object" || data === null) return data;
  const { kind, providers } = data as { kind?: unknown; providers?: unknown };
  if (kind !== "eip6963/providers" || !Array.isArray(providers) || providers.length > 20) return data;
  return {
    ...data,
    providers: providers.filter((info: unknown) => eip6963ProviderInfoSchema().safeParse(info).success),
  };
}

/** A message from Vigil's content script, or `null` (ignored) for anything else. */
export function readToPageMessage(data: unknown): ToPagePayload | null {
  const parsed = toPage().safeParse(data);
  return parsed.success ? parsed.data : null;
}
