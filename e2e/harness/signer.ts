import { createServer, type IncomingMessage } from "node:http";
import { createPublicClient, createWalletClient, type Hex, http, isHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";

export interface SignerCall {
  method: string;
  params: unknown[];
}

export interface Signer {
  url: string;
  address: Hex;
  /** Every request the mock wallet forwarded, in order. */
  calls: SignerCall[];
  stop(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/**
 * The test wallet's key, held in the test process: the mock wallet extension forwards each EIP-1193 request
 * here. Account methods and signing are answered with the anvil key; everything else goes to the devnet.
 */
export async function startSigner(opts: { port: number; privateKey: Hex; rpcUrl: string }): Promise<Signer> {
  const account = privateKeyToAccount(opts.privateKey);
  const transport = http(opts.rpcUrl);
  const publicClient = createPublicClient({ chain: foundry, transport });
  const walletClient = createWalletClient({ account, chain: foundry, transport });
  const calls: SignerCall[] = [];

  const answer = async (method: string, params: unknown[]): Promise<unknown> => {
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return [account.address];
      case "eth_chainId":
        return `0x${(await publicClient.getChainId()).toString(16)}`;
      case "net_version":
        return String(await publicClient.getChainId());
      case "metamask_getProviderState": {
        const chainId = await publicClient.getChainId();
        return {
          accounts: [account.address],
          chainId: `0x${chainId.toString(16)}`,
          isUnlocked: true,
          networkVersion: String(chainId),
        };
      }
      case "personal_sign": {
        const [message] = params;
        if (typeof message !== "string" || !isHex(message))
          throw new Error("personal_sign wants hex data first");
        return account.signMessage({ message: { raw: message } });
      }
      case "eth_sendTransaction": {
        const [tx] = params as [{ to: Hex; data?: Hex; value?: Hex; gas?: Hex }];
        return walletClient.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : undefined,
          gas: tx.gas ? BigInt(tx.gas) : undefined,
        });
      }
      default: {
        // Reads pass straight through to the devnet; viem's typed request would want a literal method name.
        const forward = publicClient.request as (args: {
          method: string;
          params: unknown[];
        }) => Promise<unknown>;
        return forward({ method, params });
      }
    }
  };

  const server = createServer((request, response) => {
    void (async () => {
      let status = 200;
      let body: unknown;
      try {
        const { method, params } = (await readJson(request)) as { method: string; params?: unknown[] };
        calls.push({ method, params: params ?? [] });
        body = { result: await answer(method, params ?? []) };
      } catch (error) {
        status = 200; // JSON-RPC errors travel in the body
        body = { error: { code: -32603, message: error instanceof Error ? error.message : String(error) } };
      }
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(opts.port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${opts.port}`,
    address: account.address,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
