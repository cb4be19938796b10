/** The extension engineer's ports (8700-8799): fixed so a failed run's leftovers are easy to find. */
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
