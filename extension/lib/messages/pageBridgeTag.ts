/**
 * The two DOM events Vigil's content script and main-world script use to hand over their MessagePort, once, at
 * document_start (before any page script runs). Kept apart so the main-world script imports no schema code.
 */
/** The main world offers its port: a cancelable MessageEvent on window; the content script cancels it to take it. */
export const PAGE_BRIDGE_OFFER_EVENT = "vigil:page-bridge-offer";
/** The content script is listening (sent in case the main world ran first and nobody took its offer). */
export const PAGE_BRIDGE_HELLO_EVENT = "vigil:page-bridge-hello";
