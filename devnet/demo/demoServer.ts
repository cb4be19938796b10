import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { devnetDeployment } from "../../shared/chains/devnet";

/** What the demo lending page reads from `config.json`: the devnet Pool and each reserve's token. */
export function demoConfig() {
  const reserves = Object.fromEntries(
    Object.entries(devnetDeployment.reserves).map(([symbol, reserve]) => [
      symbol,
      { symbol, decimals: reserve.decimals, underlying: reserve.underlying },
    ]),
  );
  return { chainId: devnetDeployment.chainId, pool: devnetDeployment.contracts.pool, reserves };
}

/**
 * Serves pages under /demo/ on 127.0.0.1 (the path dev and e2e builds of the extension run on): `pages` maps a file
 * name ("" for /demo/ itself) to the file to send, and /demo/config.json is the devnet's addresses. Anything else
 * is a 404.
 */
export async function startDemoServer(opts: { port: number; pages: Record<string, string> }) {
  const config = JSON.stringify(demoConfig());
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://demo").pathname;
    const name = /^\/demo\/([a-z-]*(?:\.html|\.json)?)$/.exec(path)?.[1];
    if (name === "config.json") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(config);
      return;
    }
    const file = name === undefined ? undefined : opts.pages[name];
    if (file) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(readFileSync(file));
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not found");
  });
  await new Promise<void>((resolve) => server.listen(opts.port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${opts.port}/demo/`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
