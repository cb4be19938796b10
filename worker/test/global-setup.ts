import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TestProject } from "vitest/node";
import { startAnvil } from "../../devnet/anvil";

// Runs in Node before the workerd tests: starts a chain on a free port of the worker range (8600-8699) and hands its
// URL to the worker as RPC_URL_31337. Prefers the devnet (anvil + Aave) once devnet/testing.ts exists, since later
// worker tests need the market; until then a plain anvil is enough for sign-in.

declare module "vitest" {
  interface ProvidedContext {
    rpcUrl: string;
    /** The devnet's `info` (contract addresses, named accounts) when the devnet was started, else null. */
    devnetInfo: unknown;
  }
}

const PORT_RANGE = { first: 8600, last: 8699 } as const;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const span = PORT_RANGE.last - PORT_RANGE.first + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = PORT_RANGE.first + ((start + i) % span);
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port in ${PORT_RANGE.first}-${PORT_RANGE.last}`);
}

interface StartedChain {
  rpcUrl: string;
  info: unknown;
  stop(): Promise<void>;
}

type StartDevnet = (options: { port: number }) => Promise<StartedChain>;

async function startChain(port: number): Promise<StartedChain> {
  const devnetTesting = fileURLToPath(new URL("../../devnet/testing.ts", import.meta.url).href);
  if (existsSync(devnetTesting)) {
    const module: { startDevnet?: StartDevnet } = await import(pathToFileURL(devnetTesting).href);
    if (typeof module.startDevnet === "function") return module.startDevnet({ port });
  }
  const anvil = await startAnvil({ port });
  return { rpcUrl: anvil.rpcUrl, info: null, stop: () => anvil.stop() };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chain = await startChain(await freePort());
  project.provide("rpcUrl", chain.rpcUrl);
  project.provide("devnetInfo", chain.info);
  return () => chain.stop();
}
