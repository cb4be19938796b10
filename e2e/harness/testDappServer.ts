import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * Serves MetaMask's public test dapp (the `@metamask/test-dapp` npm package's static build) on 127.0.0.1 at two
 * paths: /demo/ (Vigil's content script matches it in e2e builds) and /plain/ (no match: the same page without
 * Vigil). Same origin, same bytes; only whether Vigil runs differs.
 */
export async function startTestDappServer(opts: { port: number; root: string }) {
  const dist = join(opts.root, "node_modules", "@metamask", "test-dapp", "dist");
  if (!existsSync(join(dist, "index.html")))
    throw new Error(`${dist} is missing: npm install --save-dev @metamask/test-dapp`);
  const cache = new Map<string, Buffer>();
  const read = (file: string) => {
    const bytes = cache.get(file) ?? readFileSync(join(dist, file));
    cache.set(file, bytes);
    return bytes;
  };
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const match = /^\/(demo|plain)\/(.*)$/.exec(path);
    const file = match ? normalize(match[2] || "index.html") : null;
    if (!file || file.startsWith("..") || !existsSync(join(dist, file))) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(read(file));
  });
  await new Promise<void>((resolve) => server.listen(opts.port, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${opts.port}`;
  return {
    origin,
    withVigil: `${origin}/demo/`,
    withoutVigil: `${origin}/plain/`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
