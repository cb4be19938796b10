import { isHex, numberToHex } from "viem";
import { chainLabel } from "../../ui/format";
import { addChainParams } from "./addChainParams";
import { type Eip1193Provider, isUserRejection, WalletError } from "./eip1193";

export async function walletChainId(provider: Eip1193Provider): Promise<number> {
  const chainId = await provider.request({ method: "eth_chainId" });
  if (typeof chainId !== "string" || !isHex(chainId))
    throw new WalletError("bad_answer", "The wallet reported no chain.");
  return Number.parseInt(chainId, 16);
}

/** EIP-3326's 4902 "unrecognized chain"; some mobile wallets nest it in data.originalError. */
function isUnknownChain(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, data } = error as { code?: unknown; data?: { originalError?: { code?: unknown } } };
  return code === 4902 || data?.originalError?.code === 4902;
}

const declined = (name: string) =>
  new WalletError("rejected", `You declined to switch the wallet to ${name}; nothing was sent.`);

/**
 * Puts the wallet on `chainId` for the user instead of telling them to: wallet_switchEthereumChain, and when the
 * wallet does not know the chain (4902) wallet_addEthereumChain first. The wallet asks the user each time; a
 * refusal ends the signing with nothing sent. Returns the chain the wallet is on afterwards (always `chainId`).
 */
export async function switchChain(
  provider: Eip1193Provider,
  chainId: number,
  current: number,
): Promise<number> {
  if (current === chainId) return current;
  const name = chainLabel(chainId);
  const switchTo = () =>
    provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: numberToHex(chainId) }] });
  try {
    await switchTo();
  } catch (error) {
    if (isUserRejection(error)) throw declined(name);
    if (!isUnknownChain(error))
      throw new WalletError("bad_answer", `The wallet could not switch to ${name}: ${String(error)}`, {
        cause: error,
      });
    const params = addChainParams(chainId);
    if (!params)
      throw new WalletError(
        "bad_answer",
        `The wallet does not know ${name}, and Vigil cannot describe it to add it.`,
      );
    await provider
      .request({ method: "wallet_addEthereumChain", params: [params] })
      .catch((added: unknown) => {
        if (isUserRejection(added)) throw declined(name);
        throw new WalletError("bad_answer", `The wallet could not add ${name}: ${String(added)}`, {
          cause: added,
        });
      });
    // MetaMask switches to a chain it just added; other wallets only add it.
    if ((await walletChainId(provider)) !== chainId)
      await switchTo().catch((again: unknown) => {
        if (isUserRejection(again)) throw declined(name);
        throw again;
      });
  }
  const now = await walletChainId(provider);
  if (now !== chainId)
    throw new WalletError(
      "bad_answer",
      `The wallet stayed on ${chainLabel(now)} instead of ${name}; nothing was sent.`,
    );
  return now;
}
