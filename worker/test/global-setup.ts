import { createServer } from "node:net";
import { type Address, getAddress } from "viem";
import type { TestProject } from "vitest/node";
import { compileDevnetContracts, compiled } from "../../devnet/contracts/compile";
import { devnetClients } from "../../devnet/deploy/context";
import { devnetAccounts, startDevnet } from "../../devnet/testing";

// Runs in Node before the workerd tests: starts the devnet (anvil + Aave V3) on a free port of the worker range
// (8600-8699), deploys an ERC-1271 test wallet for contract-wallet sign-in, and hands the chain's URL to the worker
// as RPC_URL_31337. One devnet serves every worker test file: tests that change chain state revert it.

declare module "vitest" {
  interface ProvidedContext {
    rpcUrl: string;
    /** The devnet's `info` (contract addresses, named accounts). */
    devnetInfo: unknown;
    /** A deployed ERC-1271 wallet (devnet/contracts/TestSmartWallet.sol) owned by the `supplier` account. */
    smartWallet: Address;
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

async function deploySmartWallet(rpcUrl: string, owner: Address): Promise<Address> {
  const { abi, bytecode } = compiled(compileDevnetContracts(), "TestSmartWallet");
  const { publicClient, walletFor } = devnetClients(rpcUrl);
  const hash = await walletFor(devnetAccounts.deployer.privateKey).deployContract({
    abi,
    bytecode,
    args: [owner],
    gas: 1_000_000n,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("TestSmartWallet deployment returned no address");
  return getAddress(receipt.contractAddress);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const devnet = await startDevnet({ port: await freePort() });
  try {
    project.provide("rpcUrl", devnet.rpcUrl);
    project.provide("devnetInfo", devnet.info);
    project.provide("smartWallet", await deploySmartWallet(devnet.rpcUrl, devnetAccounts.supplier.address));
  } catch (error) {
    await devnet.stop();
    throw error;
  }
  return () => devnet.stop();
}
