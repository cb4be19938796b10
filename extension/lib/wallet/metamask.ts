import { browser } from "wxt/browser";
import { type Eip1193Provider, WalletError, withTimeout } from "./eip1193";

/** A port to an extension that is not installed (or refuses us) disconnects almost at once. */
const PROBE_MS = 400;
const FIRST_ANSWER_MS = 5_000;

function probeExtension(extensionId: string): Promise<boolean> {
  return new Promise((resolve) => {
    let port: ReturnType<typeof browser.runtime.connect>;
    try {
      port = browser.runtime.connect(extensionId);
    } catch {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => {
      port.disconnect();
      resolve(true);
    }, PROBE_MS);
    port.onDisconnect.addListener(() => {
      // Reading lastError marks it handled (otherwise Chrome logs "Receiving end does not exist").
      void browser.runtime.lastError;
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/**
 * MetaMask (or any wallet speaking its extension port protocol) as an EIP-1193 provider, for Vigil's full-tab
 * pages. Checks first that the extension exists and answers, so the user gets "not installed" instead of a hang.
 */
export async function connectMetaMask(extensionId: string): Promise<Eip1193Provider> {
  if (!(await probeExtension(extensionId))) {
    throw new WalletError(
      "not_installed",
      `No wallet extension answers at id ${extensionId}. Is MetaMask installed?`,
    );
  }
  await import("./nodeGlobals");
  const { createExternalExtensionProvider } = await import("@metamask/providers");
  const provider = createExternalExtensionProvider(extensionId) as unknown as Eip1193Provider;
  await withTimeout(
    provider.request({ method: "eth_chainId" }),
    FIRST_ANSWER_MS,
    () => new WalletError("not_answering", "The wallet did not answer. Unlock it and try again."),
  );
  return provider;
}
