// Values fixed at build time by wxt.config.ts (vite `define`).
declare const __VIGIL_API_URL__: string;
declare const __VIGIL_IN_PAGE_MATCHES__: string[];

export const DEFAULT_API_URL: string = __VIGIL_API_URL__;
/** Aave, EigenLayer and the local demo page (configurable with WXT_DEMO_MATCHES at build time). */
export const IN_PAGE_MATCHES: string[] = __VIGIL_IN_PAGE_MATCHES__;
/** MetaMask's Chrome Web Store id; the options page can point at another build (Flask, a test wallet). */
export const METAMASK_STABLE_EXTENSION_ID = "nkbihfbeogaeaoehlefnkodbefgpgknn";
