import { createServer, type ServerResponse } from "node:http";

/** Accepts requests and never answers: holds the popup in its loading state (fault injection). */
export async function startHangingServer(port: number) {
  const open = new Set<ServerResponse>();
  const server = createServer((_request, response) => {
    open.add(response);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const response of open) response.destroy();
        server.close(() => resolve());
      }),
  };
}
