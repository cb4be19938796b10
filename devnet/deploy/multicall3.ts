import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Address, getAddress, type Hex, multicall3Abi } from "viem";
import { anvilRpc } from "../rpc";
import type { DevnetClients, TxSender } from "./context";

export const MULTICALL3_ADDRESS: Address = getAddress("0xcA11bde05977b3631167028862bE2a173976CA11");

/**
 * viem ships Multicall3's creation code (constants/contracts: multicall3Bytecode, used for its deployless
 * multicall) but does not export it from its package entry points, so we read it from viem's own file.
 */
export function multicall3CreationCode(): Hex {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve("viem/package.json")), "_esm", "constants", "contracts.js");
  const match = /multicall3Bytecode\s*=\s*'(0x[0-9a-f]+)'/.exec(readFileSync(file, "utf8"));
  if (!match?.[1]) throw new Error(`multicall3Bytecode not found in ${file}`);
  return match[1] as Hex;
}

/**
 * Multicall3 lives at the same address on every real chain (deployed by a pre-signed transaction we cannot
 * replay here). We deploy its creation code normally, then copy the runtime code to the canonical address,
 * so viem's multicall works on the devnet exactly as elsewhere.
 */
export async function installMulticall3(
  clients: DevnetClients,
  deployer: TxSender,
  rpcUrl: string,
): Promise<Address> {
  const scratch = await deployer.deploy("Multicall3 (scratch)", multicall3Abi, multicall3CreationCode());
  const runtime = await clients.publicClient.getCode({ address: scratch });
  if (!runtime || runtime === "0x") throw new Error("Multicall3 deployment left no runtime code");
  await anvilRpc(rpcUrl, "anvil_setCode", [MULTICALL3_ADDRESS, runtime]);
  return MULTICALL3_ADDRESS;
}
