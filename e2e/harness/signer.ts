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
  /**
   * Puts the wallet on another network, as a user's MetaMask may be: it then knows only `known` (plus chains
   * added with wallet_addEthereumChain), answers wallet_switchEthereumChain with 4902 for others, and refuses to
   * send while not on the devnet. Without a call the wallet is on the devnet's chain, as before.
   */
  setWalletChain(chainId: number, known: readonly number[]): void;
  /** The user lets `sends` more eth_sendTransaction through, then declines the next one (4001), once. */
  declineSendAfter(sends: number): void;
  stop(): Promise<void>;
}

/** A JSON-RPC error with its EIP-1193 code (4902: unknown chain), passed on to the page as is. */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
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
  let walletChain: { id: number; known: Set<number> } | null = null;
  let sendsBeforeDecline: number | null = null;
  const chainIdNow = async () => walletChain?.id ?? (await publicClient.getChainId());

  const answer = async (method: string, params: unknown[]): Promise<unknown> => {
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return [account.address];
      case "eth_chainId":
        return `0x${(await chainIdNow()).toString(16)}`;
      case "net_version":
        return String(await chainIdNow());
      case "wallet_switchEthereumChain": {
        const wanted = Number.parseInt((params[0] as { chainId: string }).chainId, 16);
        if (walletChain && !walletChain.known.has(wanted))
          throw new RpcError(4902, `Unrecognized chain ID ${wanted}. Try adding the chain first.`);
        if (walletChain) walletChain.id = wanted;
        return null;
      }
      case "wallet_addEthereumChain": {
        const wanted = Number.parseInt((params[0] as { chainId: string }).chainId, 16);
        walletChain?.known.add(wanted);
        return null;
      }
      case "metamask_getProviderState": {
        const chainId = await chainIdNow();
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
        if (sendsBeforeDecline !== null && sendsBeforeDecline-- === 0) {
          sendsBeforeDecline = null;
          throw new RpcError(4001, "User rejected the request.");
        }
        const on = await chainIdNow();
        if (on !== (await publicClient.getChainId()))
          throw new RpcError(-32603, `The wallet is on chain ${on}, not the devnet: it will not send there.`);
        const [tx] = params as [{ to: Hex; data?: Hex; value?: Hex; gas?: Hex; chainId?: Hex }];
        // MetaMask refuses a transaction that names another chain than the one it is on.
        if (tx.chainId !== undefined && Number(tx.chainId) !== on)
          throw new RpcError(-32602, `Invalid chainId ${tx.chainId}: the wallet is on chain ${on}.`);
        const value = tx.value ? BigInt(tx.value) : undefined;
        // As MetaMask does, a 1.5× margin over the estimate when the dapp gave no gas: an Aave call estimated on
        // the pending block and mined a second later (interest accrued, another timestamp) can need more.
        const gas = tx.gas
          ? BigInt(tx.gas)
          : ((await publicClient.estimateGas({ account, to: tx.to, data: tx.data, value })) * 3n) / 2n;
        return walletClient.sendTransaction({ to: tx.to, data: tx.data, value, gas });
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
        const code = error instanceof RpcError ? error.code : -32603;
        body = { error: { code, message: error instanceof Error ? error.message : String(error) } };
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
    setWalletChain(chainId, known) {
      walletChain = { id: chainId, known: new Set(known) };
    },
    declineSendAfter(sends) {
      sendsBeforeDecline = sends;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
