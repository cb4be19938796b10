import * as z from "zod/mini";
import { builtOnFirstUse } from "./builtOnFirstUse";

/**
 * Vigil's own pages (connect, approval) signing through a wallet that lives in web pages (EIP-6963): an
 * extension page cannot see such a wallet, so it asks the content script in a tab where the wallet was
 * announced (tabs.sendMessage), which asks Vigil's main-world script there, which calls the wallet.
 * Only these methods pass; what comes back is page data (the site could answer instead of the wallet), which
 * is why the API verifies every signature and watches every hash on chain itself.
 * Written with zod/mini: the content script ships it; each schema is built on first use (builtOnFirstUse.ts).
 */

/**
 * What sign-in and sending a proposal's steps need (putting the wallet on the proposal's chain included);
 * nothing else reaches the wallet this way. Receipts are not among them: the approval page reads transactions
 * from Vigil's own node, never from the page.
 */
export const RELAYED_WALLET_METHODS = [
  "eth_requestAccounts",
  "eth_chainId",
  "personal_sign",
  "eth_sendTransaction",
  "wallet_switchEthereumChain",
  "wallet_addEthereumChain",
] as const;
export type RelayedWalletMethod = (typeof RELAYED_WALLET_METHODS)[number];

/** JSON the size of a transaction or a sign-in message; anything bigger is refused before it is posted. */
const MAX_RELAY_JSON = 50_000;
const boundedJson = builtOnFirstUse(() =>
  z.unknown().check(
    z.refine((value) => {
      try {
        return (JSON.stringify(value) ?? "").length <= MAX_RELAY_JSON;
      } catch {
        return false;
      }
    }, `JSON of at most ${MAX_RELAY_JSON} characters`),
  ),
);

export const walletRelayRequestSchema = builtOnFirstUse(() =>
  z.object({
    rdns: z.string().check(z.minLength(1), z.maxLength(200)),
    method: z.enum(RELAYED_WALLET_METHODS),
    params: z.array(boundedJson()).check(z.maxLength(4)),
  }),
);
export type WalletRelayRequest = z.infer<ReturnType<typeof walletRelayRequestSchema>>;

/** The wallet's answer: its result, or its EIP-1193 error (code 4001 = the user said no). */
export const walletRelayOutcomeSchema = builtOnFirstUse(() =>
  z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), result: boundedJson() }),
    z.object({
      ok: z.literal(false),
      error: z.object({ code: z.number().check(z.int()), message: z.string().check(z.maxLength(2000)) }),
    }),
  ]),
);
export type WalletRelayOutcome = z.infer<ReturnType<typeof walletRelayOutcomeSchema>>;

/** An extension page's message to the content script of a tab that has the wallet. */
export const walletRelayTabMessageSchema = builtOnFirstUse(() =>
  z.object({
    type: z.literal("walletRelay/request"),
    request: walletRelayRequestSchema(),
  }),
);
export type WalletRelayTabMessage = z.infer<ReturnType<typeof walletRelayTabMessageSchema>>;

/** EIP-1193 4900 "disconnected": this page has no wallet announced under that rdns (yet). */
export const WALLET_NOT_ON_PAGE = 4900;

/** The content script's answer: the wallet's outcome, and the origin of the page it came through. */
export const walletRelayTabAnswerSchema = builtOnFirstUse(() =>
  z.object({
    origin: z.string().check(z.maxLength(300)),
    outcome: walletRelayOutcomeSchema(),
  }),
);
export type WalletRelayTabAnswer = z.infer<ReturnType<typeof walletRelayTabAnswerSchema>>;
