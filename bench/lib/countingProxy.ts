import { createServer, request as httpRequest } from "node:http";

export interface RpcCount {
  /** HTTP requests = round trips to the RPC provider (a JSON-RPC batch is one). */
  requests: number;
  /** JSON-RPC calls inside them (what most providers bill per). */
  calls: number;
  methods: Record<string, number>;
}

export interface CountingProxy {
  url: string;
  reset(): void;
  count(): RpcCount;
  stop(): Promise<void>;
}

/**
 * A JSON-RPC proxy in front of the devnet that counts what passes through. Everything that reads the chain in
 * a benchmark (worker in workerd, Node readers) is pointed at it, so every reader is counted the same way.
 */
export async function startCountingProxy(opts: { port: number; target: string }): Promise<CountingProxy> {
  const target = new URL(opts.target);
  let counted: RpcCount = { requests: 0, calls: 0, methods: {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      counted.requests += 1;
      try {
        const parsed: unknown = JSON.parse(body.toString("utf8"));
        const calls = Array.isArray(parsed) ? parsed : [parsed];
        for (const call of calls) {
          const method =
            typeof call === "object" && call !== null && "method" in call ? String(call.method) : "?";
          counted.calls += 1;
          counted.methods[method] = (counted.methods[method] ?? 0) + 1;
        }
      } catch {
        counted.calls += 1;
      }
      const upstream = httpRequest(
        {
          hostname: target.hostname,
          port: target.port,
          path: target.pathname,
          method: req.method,
          headers: { "content-type": "application/json", "content-length": body.length },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", (error) => {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(String(error));
      });
      upstream.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${opts.port}`,
    reset() {
      counted = { requests: 0, calls: 0, methods: {} };
    },
    count() {
      return { requests: counted.requests, calls: counted.calls, methods: { ...counted.methods } };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
