import { getAddress, isAddress, isHex, stringToHex } from "viem";
import type { SessionState } from "../messages";
import { sendToBackground } from "../messaging/sendToBackground";
import { type Eip1193Provider, isUserRejection, WalletError } from "./eip1193";
import { checkSigner } from "./signatureSigner";

export type SignInStep = "account" | "sign" | "verify";

/**
 * Sign-in through the user's wallet: the wallet names the account and chain, the background builds the EIP-4361
 * message from the API's nonce, the wallet signs it (personal_sign), the background sends it to the API.
 * The page never sees the token. A page wallet answers through a web page, which could answer in its place: then
 * `confirmAccount` shows the user the account before anything is signed, and the signature must recover to it.
 */
export async function signInWithWallet(
  provider: Eip1193Provider,
  onStep: (step: SignInStep) => void,
  confirmAccount?: (address: `0x${string}`) => Promise<boolean>,
): Promise<SessionState> {
  onStep("account");
  const accounts = await provider.request({ method: "eth_requestAccounts" }).catch((error: unknown) => {
    if (isUserRejection(error)) throw new WalletError("rejected", "You declined to connect the wallet.");
    throw error;
  });
  const first: unknown = Array.isArray(accounts) ? accounts[0] : undefined;
  if (typeof first !== "string" || !isAddress(first, { strict: false })) {
    throw new WalletError("no_account", "The wallet shared no account.");
  }
  const address = getAddress(first);
  if (confirmAccount && !(await confirmAccount(address)))
    throw new WalletError("rejected", `You did not confirm ${address}. Nothing was signed.`);
  const chainIdHex = await provider.request({ method: "eth_chainId" });
  if (typeof chainIdHex !== "string" || !isHex(chainIdHex)) {
    throw new WalletError("bad_answer", "The wallet reported no chain.");
  }

  onStep("sign");
  const { message } = await sendToBackground({
    type: "session/prepareSignIn",
    address,
    chainId: Number.parseInt(chainIdHex, 16),
  });
  const signature = await provider
    .request({ method: "personal_sign", params: [stringToHex(message), address] })
    .catch((error: unknown) => {
      if (isUserRejection(error))
        throw new WalletError("rejected", "You declined to sign the sign-in message.");
      throw error;
    });
  if (typeof signature !== "string" || !isHex(signature)) {
    throw new WalletError("bad_answer", "The wallet returned no signature.");
  }
  const signer = await checkSigner(message, signature, address);
  if (signer.kind === "other" || signer.kind === "malformed") {
    throw new WalletError(
      "bad_answer",
      signer.kind === "other"
        ? `The signature is from ${signer.signer}, not ${address}, the account you chose. Not signed in.`
        : "The wallet returned no valid signature. Not signed in.",
    );
  }

  onStep("verify");
  return sendToBackground({ type: "session/completeSignIn", address, message, signature });
}
