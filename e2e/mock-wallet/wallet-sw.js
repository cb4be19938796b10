// A stand-in for MetaMask in e2e runs. @metamask/providers' createExternalExtensionProvider connects a runtime
// port to the wallet's extension id and pipes it through ObjectMultiplex: every frame on the port is
// `{ name: "metamask-provider", data: <JSON-RPC 2.0 request or response> }`. We answer each request on the same
// substream with the same id. Keys never live here: requests go to the signer the test process runs
// (its URL is in config.json, written by the harness next to this file).
const STREAM = "metamask-provider";
const config = fetch(chrome.runtime.getURL("config.json")).then((response) => response.json());

async function forward(request) {
  const { signerUrl } = await config;
  try {
    const response = await fetch(`${signerUrl}/rpc`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ method: request.method, params: request.params ?? [] }),
    });
    const body = await response.json();
    return body.error
      ? { jsonrpc: "2.0", id: request.id, error: body.error }
      : { jsonrpc: "2.0", id: request.id, result: body.result };
  } catch (error) {
    return { jsonrpc: "2.0", id: request.id, error: { code: -32603, message: String(error) } };
  }
}

chrome.runtime.onConnectExternal.addListener((port) => {
  port.onMessage.addListener((frame) => {
    const request = frame?.name === STREAM ? frame.data : undefined;
    // Only requests (with an id and a method) need an answer; notifications and stray frames are ignored.
    if (!request || typeof request.method !== "string" || request.id === undefined) return;
    void forward(request).then((reply) => {
      try {
        port.postMessage({ name: STREAM, data: reply });
      } catch {
        // the page went away before the answer
      }
    });
  });
});
