import { createServer } from "node:net";
import { type Address, getAddress, type Hex } from "viem";
import type { TestProject } from "vitest/node";
import { type CompiledContract, compileDevnetContracts, compiled } from "../../devnet/contracts/compile";
import { devnetClients } from "../../devnet/deploy/context";
import { startFaultProxy } from "../../devnet/faultProxy/server";
import { devnetAccounts, startDevnet } from "../../devnet/testing";

// Runs in Node before the workerd tests: starts the devnet (anvil + Aave V3) on a free port of the worker range
// (8600-8699), deploys an ERC-1271 test wallet and the CREATE2 factory of counterfactual (ERC-6492) wallets for
// contract-wallet sign-in, and hands the chain's URL to the worker as RPC_URL_31337. One devnet serves every
// worker test file: tests that change chain state revert it. A fault proxy (devnet/faultProxy/) in front of the
// same devnet gives tests an RPC URL they can break on purpose (`faultyRpcUrl`, driven through
// `faultControlUrl`); a test that sets rules clears them afterwards.

declare module "vitest" {
  interface ProvidedContext {
    rpcUrl: string;
    /** The devnet's `info` (contract addresses, named accounts). */
    devnetInfo: unknown;
    /** A deployed ERC-1271 wallet (devnet/contracts/TestSmartWallet.sol) owned by the `supplier` account. */
    smartWallet: Address;
    /** devnet/contracts/TestSmartWalletFactory.sol: CREATE2-deploys TestSmartWallets; none deployed through it. */
    smartWalletFactory: Address;
    /** TestSmartWallet's creation code (constructor args not appended), to compute CREATE2 addresses. */
    smartWalletCreationCode: Hex;
    /** The devnet behind a fault proxy: transparent until a test sets rules. Any path works (rules may scope
     * themselves to one, so `${faultyRpcUrl}/a` and `${faultyRpcUrl}/b` can stand for two providers). */
    faultyRpcUrl: string;
    /** The proxy's control API: `faultControl(inject("faultControlUrl"))` from devnet/faultProxy/control.ts. */
    faultControlUrl: string;
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

async function deploy(
  rpcUrl: string,
  name: string,
  contract: CompiledContract,
  args: unknown[],
): Promise<Address> {
  const { publicClient, walletFor } = devnetClients(rpcUrl);
  const hash = await walletFor(devnetAccounts.deployer.privateKey).deployContract({
    abi: contract.abi,
    bytecode: contract.bytecode,
    args,
    gas: 1_000_000n,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new Error(`${name} deployment failed (status ${receipt.status})`);
  }
  return getAddress(receipt.contractAddress);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const devnet = await startDevnet({ port: await freePort() });
  const faultProxy = await startFaultProxy({ target: devnet.rpcUrl, port: await freePort() }).catch(
    async (error: unknown) => {
      await devnet.stop();
      throw error;
    },
  );
  const stop = async () => {
    await faultProxy.stop();
    await devnet.stop();
  };
  try {
    project.provide("rpcUrl", devnet.rpcUrl);
    project.provide("faultyRpcUrl", faultProxy.url);
    project.provide("faultControlUrl", faultProxy.controlUrl);
    project.provide("devnetInfo", devnet.info);
    const contracts = compileDevnetContracts();
    const wallet = compiled(contracts, "TestSmartWallet");
    const factory = compiled(contracts, "TestSmartWalletFactory");
    project.provide(
      "smartWallet",
      await deploy(devnet.rpcUrl, "TestSmartWallet", wallet, [devnetAccounts.supplier.address]),
    );
    project.provide("smartWalletFactory", await deploy(devnet.rpcUrl, "TestSmartWalletFactory", factory, []));
    project.provide("smartWalletCreationCode", wallet.bytecode);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
