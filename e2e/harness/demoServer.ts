import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";

/**
 * Serves e2e/demo/ under /demo/ on 127.0.0.1, the path the extension's demo match pattern covers: index.html at
 * /demo/, and any other page of that folder by its name (hostile.html: the attacker's page on a matched origin).
 */
export async function startDemoServer(opts: { port: number; demoDir: string }) {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://demo").pathname;
    const page = path === "/demo/" ? "index.html" : /^\/demo\/([a-z-]+\.html)$/.exec(path)?.[1];
    if (page && existsSync(join(opts.demoDir, page))) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(readFileSync(join(opts.demoDir, page)));
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
