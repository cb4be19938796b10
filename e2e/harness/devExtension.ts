/**
 * The id Chromium derives from the dev manifest key (extension/dev-extension-key.b64) that dev and e2e builds
 * carry: the API under test accepts sign-in only from this extension origin.
 */
export const DEV_EXTENSION_ID = "mddmjekbcnknncbhnamppcldcpfgiehn";
export const DEV_EXTENSION_ORIGIN = `chrome-extension://${DEV_EXTENSION_ID}`;
