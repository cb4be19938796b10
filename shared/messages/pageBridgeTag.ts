/** Marks Vigil's page-bridge messages; kept apart so the main-world script imports no schema code. */
export const PAGE_BRIDGE_TAG = "vigil/page-bridge";
