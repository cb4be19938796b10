/** The extension engineer's ports (8700-8799): fixed so a failed run's leftovers are easy to find. */
export interface E2ePorts {
  worker: number;
  devnet: number;
  signer: number;
  demo: number;
  workerInspector: number;
}

export const E2E_PORTS = {
  worker: 8710,
  devnet: 8711,
  signer: 8712,
  demo: 8713,
  /** Accepts and never answers (loading state). */
  hanging: 8714,
  /** Nothing listens here (API unreachable). */
  closed: 8798,
  workerInspector: 8719,
} as const;

/** The approvals/overlay file's own stack (8750-8799), so it can run while the popup files use the defaults. */
export const APPROVALS_E2E_PORTS: E2ePorts = {
  worker: 8750,
  devnet: 8751,
  signer: 8752,
  demo: 8753,
  workerInspector: 8759,
};

/** Signing through a page's EIP-6963 wallet (pageWallet.e2e.test.ts). */
export const PAGE_WALLET_E2E_PORTS: E2ePorts = {
  worker: 8760,
  devnet: 8761,
  signer: 8762,
  demo: 8763,
  workerInspector: 8769,
};

/** MetaMask's test dapp with and without Vigil (testDapp.e2e.test.ts): devnet, the dapp's pages, a closed API. */
export const TEST_DAPP_E2E_PORTS = {
  devnet: 8731,
  dapp: 8733,
  /** Nothing listens: Vigil is signed out here, its preview has nothing to show. */
  closedApi: 8738,
} as const;

/** A hostile page on a matched origin attacking the wallet relay (hostilePage.e2e.test.ts). */
export const HOSTILE_E2E_PORTS: E2ePorts = {
  worker: 8720,
  devnet: 8721,
  signer: 8722,
  demo: 8723,
  workerInspector: 8729,
};

/** "Test on history" in the popup (backtest.e2e.test.ts). */
export const BACKTEST_E2E_PORTS: E2ePorts = {
  worker: 8780,
  devnet: 8781,
  signer: 8782,
  demo: 8783,
  workerInspector: 8789,
};

/** The watch status in the popup: stale chain, late heartbeat, a session ended on the server (watchStatus.e2e.test.ts). */
export const WATCH_E2E_PORTS: E2ePorts = {
  worker: 8740,
  devnet: 8741,
  signer: 8742,
  demo: 8743,
  workerInspector: 8749,
};

/** Alerts that escalate up to a real liquidation (escalation.e2e.test.ts); 8798 stays the closed port. */
export const ESCALATION_E2E_PORTS: E2ePorts = {
  worker: 8790,
  devnet: 8791,
  signer: 8792,
  demo: 8793,
  workerInspector: 8797,
};

/** The borrower's UX around alerts: pre-sign block, badge → dashboard, chain switch, cooldown (alertsUx.e2e.test.ts). */
export const ALERTS_UX_E2E_PORTS: E2ePorts = {
  worker: 8950,
  devnet: 8951,
  signer: 8952,
  demo: 8953,
  workerInspector: 8959,
};

/** The popup's rescue repay, end to end (rescue.e2e.test.ts). */
export const RESCUE_E2E_PORTS: E2ePorts = {
  worker: 9100,
  devnet: 9101,
  signer: 9102,
  demo: 9103,
  workerInspector: 9109,
};

/** The demo lending page `npm start` serves, driven through its own buttons (demoLending.e2e.test.ts). */
export const DEMO_LENDING_E2E_PORTS = {
  devnet: 9150,
  demo: 9151,
  /** Nothing listens: Vigil is signed out here and must stay out of the way. */
  closedApi: 9158,
} as const;

/** A page that breaks the pre-sign preview's card or its wallet's answers (hostilePreview.e2e.test.ts). */
export const HOSTILE_PREVIEW_E2E_PORTS = {
  page: 9203,
  /** Nothing listens: the preview works from the seeded cache (risk shows "—"). */
  closedApi: 9208,
} as const;

/** A proposal worked out above HF 1 under the rescue once the position is liquidatable (rescueSuperseded.e2e.test.ts). */
export const RESCUE_SUPERSEDED_E2E_PORTS: E2ePorts = {
  worker: 9250,
  devnet: 9251,
  signer: 9252,
  demo: 9253,
  workerInspector: 9259,
};

/** Automation rules as their user meets them: a rule that cannot act (automationRules.e2e.test.ts). */
export const RULES_E2E_PORTS: E2ePorts = {
  worker: 9350,
  devnet: 9351,
  signer: 9352,
  demo: 9353,
  workerInspector: 9359,
};
