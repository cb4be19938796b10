// Test helpers for every area's Node-side tests: a real anvil with the real Aave V3 market, from the dump.
import type { DevnetInfo } from "../shared/chains/devnet";
import { findFreePort, TEST_PORT_RANGE } from "./ports";
import { startFromDump } from "./startFromDump";

export { type AccountName, type DevnetAccount, devnetAccounts } from "./seed/accounts";

export interface StartedDevnet {
  rpcUrl: string;
  port: number;
  info: DevnetInfo;
  stop(): Promise<void>;
}

/**
 * Starts a devnet for a test: builds the dump first if the deploy code changed (once, under a lock shared by
 * parallel workers), then loads it into anvil. Automine by default (a block per transaction); pass
 * `blockTimeSeconds` for interval mining. Pass a `port` from your own range; without one a free port in
 * 8550-8589 is used. Always `await stop()` (e.g. in afterAll).
 */
export async function startDevnet(
  opts: { port?: number; blockTimeSeconds?: number } = {},
): Promise<StartedDevnet> {
  for (let attempt = 0; ; attempt++) {
    const port = opts.port ?? (await findFreePort(TEST_PORT_RANGE));
    try {
      const { anvil, deployment } = await startFromDump({ port, blockTimeSeconds: opts.blockTimeSeconds });
      return {
        rpcUrl: anvil.rpcUrl,
        port,
        info: { ...deployment, rpcUrl: anvil.rpcUrl },
        stop: () => anvil.stop(),
      };
    } catch (error) {
      // Another worker may have taken the port between our probe and anvil's bind: try the next free one.
      if (opts.port !== undefined || attempt >= 5) throw error;
    }
  }
}
