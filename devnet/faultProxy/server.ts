import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import {
  type ActiveRule,
  activate,
  type Fault,
  type FaultRuleInput,
  type FaultStats,
  fakeResult,
  faultRuleSetSchema,
  isAnswerFault,
  reorgRequestSchema,
  takeRule,
} from "./rules";

// A JSON-RPC proxy that sits between a reader (workerd, a Node test) and anvil and injects faults by rule.
// With no rules it is transparent: the upstream's status, body and content type come back unchanged.
// Control API on the same port: POST /__faults {rules}, GET /__faults, DELETE /__faults, GET /__faults/stats,
// POST /__faults/reorg {depth, mode}.

export const CONTROL_PATH = "/__faults";
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface FaultProxy {
  /** The proxied RPC URL; any path works (rules may scope themselves to one, e.g. `${url}/a`). */
  url: string;
  /** `${url}/__faults` */
  controlUrl: string;
  setRules(rules: FaultRuleInput[]): void;
  /** Removes every rule and zeroes the counters. */
  clear(): void;
  stats(): FaultStats;
  stop(): Promise<void>;
}

const jsonRpcCallSchema = z.looseObject({
  id: z.unknown().optional(),
  method: z.string(),
  params: z.unknown().optional(),
});
type JsonRpcCall = z.infer<typeof jsonRpcCallSchema>;
const jsonRpcAnswerSchema = z.looseObject({ id: z.unknown().optional() });

/** The calls in a request body: one, a batch, or none when the body is not JSON-RPC (forwarded as is). */
function parseCalls(body: string): { calls: JsonRpcCall[]; batch: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { calls: [], batch: false };
  }
  const batch = Array.isArray(parsed);
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const calls = items.flatMap((item) => {
    const call = jsonRpcCallSchema.safeParse(item);
    return call.success ? [call.data] : [];
  });
  return { calls, batch };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

/** A control body: JSON, or 400 before any schema sees it. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return JSON.parse(text || "null");
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the proxy in front of `target` (an anvil RPC URL). `port` 0 (the default) lets the OS pick a free one.
 *
 * Batches: faults that concern the whole HTTP exchange (drop, delay, httpError, malformedJson) hit the whole
 * batch when any of its calls matches; answer faults (wrongChainId, staleBlock, garbageResult) rewrite only the
 * matching calls' answers. Each call takes the first rule that matches it.
 */
export async function startFaultProxy(opts: {
  target: string;
  port?: number;
  host?: string;
}): Promise<FaultProxy> {
  const host = opts.host ?? "127.0.0.1";
  let rules: ActiveRule[] = [];
  let stats: FaultStats = { requests: 0, methods: {}, faults: {} };
  const hanging = new Set<ServerResponse>();

  const countFault = (fault: Fault) => {
    stats.faults[fault.kind] = (stats.faults[fault.kind] ?? 0) + 1;
  };

  async function upstream(method: string, params: unknown[]): Promise<unknown> {
    const response = await fetch(opts.target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const answer = z
      .object({ result: z.unknown().optional(), error: z.object({ message: z.string() }).optional() })
      .parse(await response.json());
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result;
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === CONTROL_PATH && req.method === "POST") {
      const parsed = faultRuleSetSchema.safeParse(await readJson(req));
      if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
      rules = activate(parsed.data.rules);
      return sendJson(res, 200, { rules: parsed.data.rules });
    }
    if (path === CONTROL_PATH && req.method === "GET") {
      return sendJson(res, 200, {
        rules: rules.map(({ rule, remaining }) => ({
          ...rule,
          remaining: Number.isFinite(remaining) ? remaining : null,
        })),
      });
    }
    if (path === CONTROL_PATH && req.method === "DELETE") {
      rules = [];
      stats = { requests: 0, methods: {}, faults: {} };
      return sendJson(res, 200, { rules: [] });
    }
    if (path === `${CONTROL_PATH}/stats` && req.method === "GET") return sendJson(res, 200, stats);
    if (path === `${CONTROL_PATH}/reorg` && req.method === "POST") {
      const parsed = reorgRequestSchema.safeParse(await readJson(req));
      if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
      const { depth, mode } = parsed.data;
      // anvil_reorg re-mines `depth` blocks with the given transactions (none): what was in them is gone.
      if (mode === "reorg") await upstream("anvil_reorg", [depth, []]);
      else await upstream("anvil_rollback", [depth]);
      const head = z.string().parse(await upstream("eth_blockNumber", []));
      return sendJson(res, 200, { mode, depth, blockNumber: Number(BigInt(head)) });
    }
    return sendJson(res, 404, { error: `no control endpoint ${req.method} ${path}` });
  }

  async function proxy(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = await readBody(req);
    stats.requests += 1;
    const { calls, batch } = parseCalls(body);
    const answerFaults = new Map<unknown, Fault>();
    let exchangeFault: Fault | null = null;
    for (const call of calls) {
      stats.methods[call.method] = (stats.methods[call.method] ?? 0) + 1;
      const fault = takeRule(rules, path, call.method, call.params);
      if (fault === null) continue;
      countFault(fault);
      if (isAnswerFault(fault)) answerFaults.set(call.id, fault);
      else exchangeFault ??= fault;
    }

    if (exchangeFault?.kind === "drop") {
      if (exchangeFault.mode === "reset") {
        req.socket.destroy();
      } else {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
      }
      return;
    }
    if (exchangeFault?.kind === "httpError") {
      res.writeHead(exchangeFault.status, { "content-type": "text/plain" });
      res.end(exchangeFault.body);
      return;
    }
    if (exchangeFault?.kind === "malformedJson") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"jsonrpc":"2.0","id":1,"result":"0x');
      return;
    }
    if (exchangeFault?.kind === "delay") await sleep(exchangeFault.ms);

    let answer: Response;
    try {
      answer = await fetch(opts.target, {
        method: "POST",
        headers: { "content-type": req.headers["content-type"] ?? "application/json" },
        body,
      });
    } catch (error) {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`fault proxy: upstream unreachable: ${String(error)}`);
      return;
    }
    const text = await answer.text();
    const contentType = answer.headers.get("content-type") ?? "application/json";
    if (answerFaults.size === 0) {
      res.writeHead(answer.status, { "content-type": contentType });
      res.end(text);
      return;
    }
    const rewrite = (item: unknown) => {
      const parsed = jsonRpcAnswerSchema.safeParse(item);
      if (!parsed.success) return item;
      const fault = answerFaults.get(parsed.data.id);
      if (!fault) return item;
      const { error: _error, ...rest } = parsed.data;
      return { ...rest, result: fakeResult(fault) };
    };
    const upstreamAnswer: unknown = JSON.parse(text);
    const rewritten =
      batch && Array.isArray(upstreamAnswer) ? upstreamAnswer.map(rewrite) : rewrite(upstreamAnswer);
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(rewritten));
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://proxy").pathname;
    const handle = path.startsWith(CONTROL_PATH) ? control(req, res, path) : proxy(req, res, path);
    handle.catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendJson(res, 500, { error: `fault proxy: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;

  return {
    url,
    controlUrl: `${url}${CONTROL_PATH}`,
    setRules(input) {
      rules = activate(faultRuleSetSchema.parse({ rules: input }).rules);
    },
    clear() {
      rules = [];
      stats = { requests: 0, methods: {}, faults: {} };
    },
    stats: () => structuredClone(stats),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
