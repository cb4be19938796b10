// Values fixed at build time by wxt.config.ts (vite `define`).
declare const __VIGIL_API_URL__: string;
declare const __VIGIL_IN_PAGE_MATCHES__: string[];
declare const __VIGIL_BACKLOG_AFTER_MS__: number;

export const DEFAULT_API_URL: string = __VIGIL_API_URL__;
/** Aave, EigenLayer and the local demo page (configurable with WXT_DEMO_MATCHES at build time). */
export const IN_PAGE_MATCHES: string[] = __VIGIL_IN_PAGE_MATCHES__;
/** Older pushed messages are backlog (lib/backlogWindow.ts): 2 minutes except in a dev/e2e build that says otherwise. */
export const BACKLOG_AFTER_MS: number = __VIGIL_BACKLOG_AFTER_MS__;
/** MetaMask's Chrome Web Store id; the options page can point at another build (Flask, a test wallet). */
export const METAMASK_STABLE_EXTENSION_ID = "nkbihfbeogaeaoehlefnkodbefgpgknn";
