import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { devnetDeployment } from "../../shared/chains/devnet";
import { errorBodySchema } from "../../shared/schemas/errors";
import { transactionListQuerySchema } from "../../shared/schemas/transactions";
import { type JsonSchema, SchemaArbitraries } from "../test/fuzz/fromJsonSchema";
import {
  contentTypes,
  garbageText,
  headerText,
  idSegment,
  mutate,
  mutation,
  oversizeText,
  queryText,
  toJsonText,
} from "../test/fuzz/hostile";
import { call, freshIp, ORIGIN, signIn } from "../test/helpers";
import { API_INFO, buildApp } from "./app";

// Property: whatever a client sends to any route — a body, query and headers generated from the route's own
// schema in the OpenAPI document and then bent out of shape (wrong types, huge/negative/NaN numbers, deep
// nesting, control and bidi characters, oversize bodies, wrong content types and tokens) — the answer is never a
// 5xx, every 4xx is the one error body, and a 4xx leaves the user's rules, transactions and settings as they were.
// Routes come from the same registry that serves /openapi.json, so a new route is fuzzed without touching this.

/** Fixed so a failure replays; fast-check prints the seed and the failing case. */
const FUZZ_SEED = 1_312_026;
const RUNS_PER_ROUTE = 36;

interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: JsonSchema;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface FuzzRoute {
  method: string;
  path: string;
  secured: boolean;
  query: OpenApiParameter[];
  pathParams: OpenApiParameter[];
  body: JsonSchema | null;
}

const document = buildApp().getOpenAPI31Document({
  openapi: "3.1.0",
  info: API_INFO,
}) as unknown as OpenApiDocument;

const routes: FuzzRoute[] = Object.entries(document.paths).flatMap(([path, operations]) =>
  Object.entries(operations).map(([method, operation]) => ({
    method: method.toUpperCase(),
    path,
    secured: (operation.security?.length ?? 0) > 0,
    query: (operation.parameters ?? []).filter((p) => p.in === "query"),
    pathParams: (operation.parameters ?? []).filter((p) => p.in === "path"),
    body: operation.requestBody?.content["application/json"]?.schema ?? null,
  })),
);

const arbitraries = new SchemaArbitraries(document.components?.schemas ?? {}, {
  strings: [
    devnetDeployment.accounts.borrower,
    devnetDeployment.accounts.supplier,
    devnetDeployment.contracts.pool,
    "WETH",
    "USDC",
    "wstETH",
    "DAI",
    "24h",
    "7d",
    "31337",
    `0x${"ab".repeat(65)}`,
  ],
  numbers: [31337, 1, 0.5, 1.5, 2, 100, 3000],
});

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface FuzzCase {
  method: string;
  path: string;
  query: string;
  body: string | undefined;
  headers: Record<string, string>;
  /** The request carries the route user's own valid token. */
  ownToken: boolean;
}

function caseFor(route: FuzzRoute, token: string, ids: readonly string[]): fc.Arbitrary<FuzzCase> {
  const method = fc.oneof(
    { weight: 9, arbitrary: fc.constant(route.method) },
    { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS") },
  );
  const segments = fc.tuple(...route.pathParams.map(() => idSegment(ids)));
  const queryValue = (param: OpenApiParameter) =>
    fc.oneof(
      arbitraries.valid(param.schema).map((v) => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""))),
      queryText,
    );
  const query = fc
    .tuple(
      fc.tuple(...route.query.map((param) => fc.option(queryValue(param), { nil: undefined, freq: 4 }))),
      fc.option(
        fc.tuple(fc.constantFrom("extra", "__proto__", "limit", "ticket", "user_address"), queryText),
        {
          nil: undefined,
          freq: 4,
        },
      ),
      fc.boolean(),
    )
    .map(([values, extra, twice]) => {
      const params = new URLSearchParams();
      route.query.forEach((param, i) => {
        const value = values[i];
        if (value === undefined) return;
        params.append(param.name, value);
        if (twice) params.append(param.name, value);
      });
      if (extra) params.append(extra[0], extra[1]);
      const text = params.toString();
      return text ? `?${text}` : "";
    });
  const body: fc.Arbitrary<string | undefined> = route.body
    ? fc.oneof(
        { weight: 3, arbitrary: arbitraries.valid(route.body).map(toJsonText) },
        {
          weight: 4,
          arbitrary: fc
            .tuple(arbitraries.valid(route.body), mutation)
            .map(([value, change]) => toJsonText(mutate(value, change))),
        },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: garbageText },
        { weight: 1, arbitrary: oversizeText },
      )
    : fc.option(
        fc.oneof(
          garbageText,
          fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
        ),
        {
          nil: undefined,
          freq: 2,
        },
      );
  const authorization = fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${token}`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        undefined,
        "Bearer",
        "Bearer ",
        "Bearer a.b.c",
        `Bearer ${token.slice(0, -3)}abc`,
        `bearer ${token}`,
        token,
        "Basic dXNlcjpwYXNz",
        `Bearer ${"a".repeat(5000)}`,
      ),
    },
  );
  const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom("", "not-an-ip", "::1", "999.1.1.1"));
  return fc
    .record({
      method,
      segments,
      query,
      body,
      contentType: contentTypes,
      authorization,
      ip,
      requestId: fc.option(headerText, { nil: undefined }),
      origin: fc.option(fc.constantFrom("https://evil.example", "null", "chrome-extension://x", ORIGIN), {
        nil: undefined,
      }),
    })
    .map((c) => {
      let path = route.path;
      route.pathParams.forEach((param, i) => {
        path = path.replace(`{${param.name}}`, c.segments[i] ?? "");
      });
      const headers: Record<string, string> = { "CF-Connecting-IP": c.ip };
      if (c.authorization !== undefined) headers.Authorization = c.authorization;
      if (c.contentType !== undefined) headers["Content-Type"] = c.contentType;
      if (c.requestId !== undefined) headers["X-Request-Id"] = c.requestId;
      if (c.origin !== undefined) headers.Origin = c.origin;
      if (route.path === "/ws") headers.Upgrade = "websocket";
      const hasBody = c.method !== "GET" && c.method !== "HEAD" && c.method !== "OPTIONS";
      return {
        method: c.method,
        path,
        query: c.query,
        body: hasBody ? c.body : undefined,
        headers,
        ownToken: c.authorization === `Bearer ${token}`,
      };
    });
}

/**
 * What a 4xx must not change: the user's rules (minus what the automation tick stamps), transactions, settings.
 * Read from the user's object itself, so it still works after a fuzzed request ended the session.
 */
async function userState(userId: string): Promise<string> {
  const stub = env.USER.getByName(userId);
  const [rules, transactions, settings] = await Promise.all([
    stub.listRules(),
    stub.listTransactions(transactionListQuerySchema.parse({ limit: 200 })),
    stub.getSettings(),
  ]);
  const stable = rules.map(({ lastEvaluatedAt, lastError, lastErrorAt, ...rest }) => rest);
  return JSON.stringify({ rules: stable, transactions, settings });
}

async function seedUser() {
  const session = await signIn(privateKeyToAccount(generatePrivateKey()), freshIp());
  const created = await call("/rules", {
    method: "POST",
    token: session.token,
    json: {
      name: "Fuzz seed",
      trigger: { type: "price_below", asset: "WETH", usd: 100 },
      action: { type: "notify" },
      enabled: false,
    },
  });
  expect(created.status).toBe(201);
  const rule = (await created.json()) as { id: string };
  return { token: session.token, userId: session.user.id, ids: [rule.id] };
}

const totals = { routes: 0, cases: 0, statuses: new Map<number, number>(), stateChecks: 0 };

// Each expected 4xx logs a warn line; hundreds of them would bury the summary. Errors (5xx) still print.
beforeAll(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterAll(() => {
  vi.restoreAllMocks();
  const statuses = [...totals.statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
  console.log(
    `fuzz: ${totals.routes} routes, ${totals.cases} cases, seed ${FUZZ_SEED}, ${totals.stateChecks} state checks; ${statuses.join(" ")}`,
  );
});

describe("fuzz: every route of the OpenAPI document", () => {
  it("covers exactly the routes /openapi.json serves", async () => {
    const served = (await (await call("/openapi.json")).json()) as OpenApiDocument;
    const list = (doc: OpenApiDocument) =>
      Object.entries(doc.paths)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
        .sort();
    expect(list(served)).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(routes.length).toBeGreaterThanOrEqual(28);
  });

  routes.forEach((route, index) => {
    it(`${route.method} ${route.path}: never a 5xx, 4xx is the error body and changes nothing`, async () => {
      const user = await seedUser();
      let before = await userState(user.userId);
      totals.routes++;
      await fc.assert(
        fc.asyncProperty(caseFor(route, user.token, user.ids), async (fuzz) => {
          totals.cases++;
          const response = await exports.default.fetch(
            new Request(`${ORIGIN}${fuzz.path}${fuzz.query}`, {
              method: fuzz.method,
              headers: fuzz.headers,
              body: fuzz.body,
            }),
          );
          const status = response.status;
          totals.statuses.set(status, (totals.statuses.get(status) ?? 0) + 1);
          response.webSocket?.accept();
          response.webSocket?.close(1000);
          const text = await response.text();
          const what = `${fuzz.method} ${fuzz.path}${fuzz.query} → ${status} ${text.slice(0, 300)}`;
          expect(status, what).toBeLessThan(500);
          if (status >= 400 && status !== 426) {
            expect(errorBodySchema.safeParse(JSON.parse(text)).success, what).toBe(true);
          }
          if (!route.secured || !MUTATING.has(fuzz.method)) return;
          const after = await userState(user.userId);
          if (status >= 400) {
            totals.stateChecks++;
            expect(after, what).toBe(before);
          }
          before = after;
        }),
        { seed: FUZZ_SEED + index, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    });
  });
});
