import { createServer } from "node:net";

/** Ports the devnet uses (8545-8599 belong to the devnet engineer; 8545 is `npm run devnet -- start`). */
export const DEFAULT_DEVNET_PORT = 8545;
export const TEST_PORT_RANGE = { from: 8550, to: 8589 } as const;
export const BUILD_PORT_RANGE = { from: 8590, to: 8599 } as const;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A port in the range nobody listens on right now. Starts at a pid-dependent offset so parallel test workers
 * rarely probe the same port; the caller still retries when anvil loses a race for it.
 */
export async function findFreePort(range: { from: number; to: number }): Promise<number> {
  const size = range.to - range.from + 1;
  const offset = process.pid % size;
  for (let i = 0; i < size; i++) {
    const port = range.from + ((offset + i) % size);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in ${range.from}-${range.to}`);
}
