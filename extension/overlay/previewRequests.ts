import {
  type PageTransactionRequest,
  pageTransactionSchema,
  type ToPagePayload,
} from "../lib/messages/pageBridge";

export interface PreviewRequestsHost {
  /** Posts to Vigil's main-world script on this page. */
  toPage(payload: ToPagePayload): void;
  /** Vigil's decision about one transaction: true lets it go on, false cancels it (the user chose on the card). */
  preview(tx: PageTransactionRequest): Promise<boolean>;
  /**
   * The account the page's wallet gave the page (page data, pageAccount.ts), or null. A transaction without a
   * `from` is sent from it: a withdraw moves that account's funds, not necessarily the watched one's.
   */
  pageAccount(): string | null;
}

/**
 * At most this many requests wait for Vigil at once (a dapp sends one at a time). A page that sends more is not
 * previewed: each extra request goes on at once, so a flood neither queues cards nor calls the API per request.
 */
export const MAX_HELD_PREVIEWS = 4;

/**
 * The content script's half of the pre-sign preview: every request from the main world gets an answer. One it
 * cannot read goes on at once; the rest are acknowledged (the main world stops its "nobody listens" timer)
 * and answered with the preview's decision, "go on" when the preview fails. `close()` (Vigil updated or
 * removed) switches the main world's preview off and lets everything still held go on.
 */
export function createPreviewRequests(host: PreviewRequestsHost) {
  const held = new Set<string>();
  return {
    onRequest(requestId: string, tx: unknown): void {
      const parsed = pageTransactionSchema().safeParse(tx);
      if (!parsed.success || held.size >= MAX_HELD_PREVIEWS) {
        host.toPage({ kind: "preview/decision", requestId, proceed: true });
        return;
      }
      const from = parsed.data.from ?? host.pageAccount() ?? undefined;
      held.add(requestId);
      host.toPage({ kind: "preview/pending", requestId });
      void host
        .preview(from === undefined ? parsed.data : { ...parsed.data, from })
        .catch(() => true)
        .then((proceed) => {
          if (!held.delete(requestId)) return;
          host.toPage({ kind: "preview/decision", requestId, proceed });
        });
    },
    close(): void {
      host.toPage({ kind: "preview/off" });
      for (const requestId of held) host.toPage({ kind: "preview/decision", requestId, proceed: true });
      held.clear();
    },
  };
}
