import {
  type Abi,
  type Account,
  type Address,
  BaseError,
  type Chain,
  type ContractFunctionArgs,
  type ContractFunctionName,
  createPublicClient,
  createWalletClient,
  type EncodeFunctionDataParameters,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { devnetChain } from "../../shared/chains/devnet";

/**
 * Fixed gas on every write: estimates taken at one block time under-estimate Aave's index updates at another,
 * and a fixed limit also keeps the build's transactions (and so its state) identical run to run.
 */
export const WRITE_GAS = 8_000_000n;
export const DEPLOY_GAS = 16_000_000n;

export interface DevnetClients {
  publicClient: PublicClient<Transport, Chain>;
  walletFor(privateKey: Hex): WalletClient<Transport, Chain, Account>;
}

export function devnetClients(rpcUrl: string): DevnetClients {
  // Local chain: poll fast, the default 4 s interval would dominate the build time.
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain: devnetChain, transport, pollingInterval: 20 });
  return {
    publicClient,
    walletFor: (privateKey) =>
      createWalletClient({
        chain: devnetChain,
        transport,
        account: privateKeyToAccount(privateKey),
        pollingInterval: 20,
      }),
  };
}

/** Thrown when a devnet transaction reverts (in the pre-flight call or once mined). */
export class DevnetTxRevertedError extends Error {
  override readonly name = "DevnetTxRevertedError";
  constructor(
    readonly label: string,
    readonly details: string,
    options?: { cause?: unknown },
  ) {
    super(`${label} reverted: ${details}`, options);
  }
}

/** viem errors carry a one-line shortMessage and the node's reason in details; keep those, drop calldata dumps. */
function revertReason(error: unknown): string {
  if (error instanceof BaseError) {
    const reverted = error.walk(
      (e) => e instanceof BaseError && "reason" in e && typeof e.reason === "string",
    );
    if (reverted && "reason" in reverted && typeof reverted.reason === "string") return reverted.reason;
    return error.details || error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

export interface TxSender {
  address: Address;
  publicClient: PublicClient<Transport, Chain>;
  deploy(label: string, abi: Abi, bytecode: Hex, args?: readonly unknown[]): Promise<Address>;
  write<const abi extends Abi, name extends ContractFunctionName<abi, "nonpayable" | "payable">>(
    label: string,
    address: Address,
    abi: abi,
    functionName: name,
    args: ContractFunctionArgs<abi, "nonpayable" | "payable", name>,
  ): Promise<void>;
  /** Number of contracts created through this deployer (for the build report). */
  readonly deployedCount: number;
}

/** Sends transactions from one account with fixed gas and waits for each to be mined successfully. */
export function createTxSender(clients: DevnetClients, privateKey: Hex): TxSender {
  const wallet = clients.walletFor(privateKey);
  const { publicClient } = clients;
  let deployedCount = 0;
  async function mined(label: string, hash: Hex) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success")
      throw new DevnetTxRevertedError(label, `mined with status reverted (tx ${hash})`);
    return receipt;
  }
  return {
    address: wallet.account.address,
    publicClient,
    get deployedCount() {
      return deployedCount;
    },
    async deploy(label, abi, bytecode, args = []) {
      const hash = await wallet.deployContract({ abi, bytecode, args, gas: DEPLOY_GAS });
      const receipt = await mined(`deploy ${label}`, hash);
      if (!receipt.contractAddress) throw new Error(`deploy ${label}: no contract address in receipt`);
      deployedCount += 1;
      return getAddress(receipt.contractAddress);
    },
    async write(label, address, abi, functionName, args) {
      const data = encodeFunctionData({ abi, functionName, args } as EncodeFunctionDataParameters);
      // Call first so a revert surfaces with Aave's error code instead of a bare failed receipt.
      try {
        await publicClient.call({ account: wallet.account, to: address, data, gas: WRITE_GAS });
      } catch (error) {
        throw new DevnetTxRevertedError(label, revertReason(error), { cause: error });
      }
      const hash = await wallet.sendTransaction({ to: address, data, gas: WRITE_GAS });
      await mined(label, hash);
    },
  };
}
