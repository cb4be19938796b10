import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { borrow } from "../../devnet/actions/borrow";
import { supply } from "../../devnet/actions/supply";
import { devnetSession } from "../../devnet/session";
import type { DevnetAccount, StartedDevnet } from "../../devnet/testing";

/**
 * `n` fresh wallets, each with a real Aave position on the devnet (2 WETH supplied, 2,000–3,470 DAI borrowed:
 * HF ≈ 1.6–2.8), so every portfolio read formats balances and runs the risk forecast. Sent straight to anvil
 * (not through the counting proxy).
 */
export async function usersWithPositions(devnet: StartedDevnet, n: number): Promise<DevnetAccount[]> {
  const session = devnetSession(devnet.rpcUrl, devnet.info);
  const users: DevnetAccount[] = [];
  for (let i = 0; i < n; i++) {
    const privateKey = generatePrivateKey();
    const account = { name: `bench${i}`, address: privateKeyToAccount(privateKey).address, privateKey };
    await rpc(devnet.rpcUrl, "anvil_setBalance", [account.address, "0x8AC7230489E80000"]); // 10 ETH for gas
    await supply(session, account as DevnetAccount, "WETH", "2");
    await borrow(session, account as DevnetAccount, "DAI", String(2000 + ((i * 30) % 1500)));
    users.push(account as DevnetAccount);
  }
  return users;
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
