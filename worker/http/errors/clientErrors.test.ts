import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { HTTPException } from "hono/http-exception";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isPlainText } from "../../../shared/schemas/common";
import { MAX_FORECAST_USD, riskForecastRequestSchema } from "../../../shared/schemas/risk";
import {
  guardsSchema,
  MAX_RULE_USD,
  type RuleCreateInput,
  ruleCreateSchema,
} from "../../../shared/schemas/rules";
import { clientMessageSchema } from "../../../shared/schemas/ws";
import { usdToBase } from "../../proposals/planAction";
import { buildMessage, call, errorOf, freshIp, getNonce, ORIGIN, signIn } from "../../test/helpers";
import { buildApp } from "../app";

// A client's mistake is a 4xx that says what is wrong and changes nothing: a missing or wrong Content-Type, a
// 4xx the framework raises itself, a dollar amount no rule could act on, text with control or bidi characters.

const JSON_ERROR = "Send the body as JSON with the header Content-Type: application/json.";

const notifyRule = (overrides: Partial<RuleCreateInput> = {}): RuleCreateInput => ({
  name: "WETH under 100",
  trigger: { type: "price_below", asset: "WETH", usd: 100 },
  action: { type: "notify" },
  enabled: false,
  ...overrides,
});

const newUser = () => signIn(privateKeyToAccount(generatePrivateKey()));
const rulesOf = async (token: string) =>
  (await (await call("/rules", { token })).json()) as { rules: unknown[] };

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("415 for a body that is not sent as JSON", () => {
  /** Every route whose OpenAPI definition takes a JSON body, with a path any id fills. */
  const jsonRoutes = buildApp()
    .openAPIRegistry.definitions.flatMap((d) => (d.type === "route" ? [d.route] : []))
    .filter((route) => route.request?.body?.content["application/json"])
    .map((route) => ({
      method: route.method.toUpperCase(),
      path: route.path.replace(/\{\w+\}/g, crypto.randomUUID()),
    }));

  it("covers every JSON route, POST /auth/wallet among them", () => {
    const names = jsonRoutes.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, "{id}")}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "PATCH /rules/{id}",
        "POST /auth/wallet",
        "POST /risk/forecast",
        "POST /rules",
        "POST /transactions/{id}/submitted",
        "PUT /me/settings",
      ]),
    );
  });

  it("documents the 415 on each in /openapi.json", async () => {
    const doc = (await (await call("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.requestBody)
        .map(([method, operation]) => [`${method.toUpperCase()} ${path}`, "415" in operation.responses]),
    );
    expect(documented.length).toBe(jsonRoutes.length);
    expect(documented.filter(([, has]) => !has)).toEqual([]);
  });

  it("refuses a missing, empty or non-JSON Content-Type on each, before validation", async () => {
    const { token } = await newUser();
    const cases: { contentType: string | undefined; body: string | undefined }[] = [
      { contentType: undefined, body: '{"a":1}' },
      { contentType: undefined, body: undefined },
      { contentType: "", body: "{}" },
      { contentType: "text/plain", body: "{}" },
      { contentType: "application/x-www-form-urlencoded", body: "a=1" },
      { contentType: "multipart/form-data; boundary=x", body: "--x--" },
      { contentType: "application/jsonx", body: "{}" },
    ];
    for (const route of jsonRoutes) {
      for (const { contentType, body } of cases) {
        const headers: Record<string, string> = {
          Authorization: `Bearer ${token}`,
          "CF-Connecting-IP": freshIp(),
        };
        if (contentType !== undefined) headers["Content-Type"] = contentType;
        // Not through `call`: it adds a JSON Content-Type to any body.
        const response = await exports.default.fetch(
          new Request(`${ORIGIN}${route.path}`, { method: route.method, body, headers }),
        );
        const what = `${route.method} ${route.path} with ${contentType ?? "no Content-Type"}`;
        expect(response.status, what).toBe(415);
        const error = await errorOf(response);
        expect(error.code, what).toBe("unsupported_media_type");
        expect(error.message, what).toBe(JSON_ERROR);
      }
    }
  });

  it("stores nothing from a valid rule sent as text, and still takes JSON with a charset or a +json type", async () => {
    const { token } = await newUser();
    const text = JSON.stringify(notifyRule());
    const refused = await call("/rules", {
      method: "POST",
      token,
      body: text,
      headers: { "Content-Type": "text/plain" },
    });
    expect(refused.status).toBe(415);
    expect((await rulesOf(token)).rules).toEqual([]);
    for (const type of ["application/json; charset=utf-8", "application/vnd.vigil+json"]) {
      const created = await call("/rules", {
        method: "POST",
        token,
        body: text,
        headers: { "Content-Type": type },
      });
      expect(created.status, type).toBe(201);
    }
    expect((await rulesOf(token)).rules).toHaveLength(2);
  });

  it("a signed sign-in sent as text is 415 and burns nothing: the same message then signs in", async () => {
    const ip = freshIp();
    const account = privateKeyToAccount(generatePrivateKey());
    const message = buildMessage(account, await getNonce(ip));
    const body = JSON.stringify({
      address: account.address,
      message,
      signature: await account.signMessage({ message }),
    });
    const refused = await call("/auth/wallet", {
      method: "POST",
      ip,
      body,
      headers: { "Content-Type": "text/plain" },
    });
    expect(refused.status).toBe(415);
    expect((await errorOf(refused)).code).toBe("unsupported_media_type");
    const accepted = await call("/auth/wallet", { method: "POST", ip, body });
    expect(accepted.status).toBe(200);
  });
});

describe("4xx the framework raises keep their status", () => {
  const statuses = [400, 401, 403, 404, 405, 409, 413, 415, 418, 422, 429, 500, 503] as const;
  const app = buildApp([
    (a) => {
      a.get("/test/http/:status", (c) => {
        throw new HTTPException(Number(c.req.param("status")) as 400, {
          message: "Malformed JSON in request body",
        });
      });
    },
  ]);

  it("maps each to its own code and status; unknown 4xx to 400, never 500; only 5xx become internal", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const seen: Record<number, [number, string]> = {};
    for (const status of statuses) {
      const response = await app.request(`${ORIGIN}/test/http/${status}`, {}, env);
      seen[status] = [response.status, (await errorOf(response)).code];
    }
    expect(seen).toEqual({
      400: [400, "malformed_json"],
      401: [401, "unauthorized"],
      403: [403, "forbidden"],
      404: [404, "not_found"],
      405: [400, "bad_request"],
      409: [409, "conflict"],
      413: [413, "payload_too_large"],
      415: [415, "unsupported_media_type"],
      418: [400, "bad_request"],
      422: [400, "bad_request"],
      429: [429, "rate_limited"],
      500: [500, "internal"],
      503: [500, "internal"],
    });
  });
});

describe("dollar amounts a rule can act on", () => {
  it("refuses amounts above the bound or below a cent, with the field that is wrong; accepts the bound", async () => {
    const { token } = await newUser();
    const attempts: [RuleCreateInput, string][] = [
      [
        notifyRule({ trigger: { type: "price_below", asset: "WETH", usd: MAX_RULE_USD * 10 } }),
        "trigger.usd",
      ],
      [notifyRule({ trigger: { type: "price_above", asset: "WETH", usd: 1e308 } }), "trigger.usd"],
      [notifyRule({ guards: { maxAmountUsd: 1e300 } }), "guards.maxAmountUsd"],
      [notifyRule({ guards: { maxAmountUsd: 0.001 } }), "guards.maxAmountUsd"],
      [notifyRule({ guards: { maxGasUsd: 1e20 } }), "guards.maxGasUsd"],
    ];
    for (const [body, path] of attempts) {
      const response = await call("/rules", { method: "POST", token, json: body });
      expect(response.status, path).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe("validation_failed");
      expect(error.details?.fields?.map((f) => f.path)).toEqual([path]);
    }
    // 1e999 is Infinity once parsed: still a 400, never a stored rule.
    const infinite = await call("/rules", {
      method: "POST",
      token,
      body: JSON.stringify(notifyRule()).replace('"usd":100', '"usd":1e999'),
    });
    expect(infinite.status).toBe(400);
    expect((await rulesOf(token)).rules).toEqual([]);

    const atBound = notifyRule({
      trigger: { type: "price_above", asset: "WETH", usd: MAX_RULE_USD },
      guards: { maxAmountUsd: MAX_RULE_USD, maxGasUsd: MAX_RULE_USD },
    });
    expect((await call("/rules", { method: "POST", token, json: atBound })).status).toBe(201);
  });

  it("a forecast of an overflowing position is refused, not answered with 'no debt'", async () => {
    const { token } = await newUser();
    const huge = {
      positions: {
        supplies: [{ symbol: "WETH", amountUsd: 1e308, liquidationThreshold: 0.8 }],
        borrows: [
          { symbol: "USDC", amountUsd: 1e308 },
          { symbol: "DAI", amountUsd: 1e308 },
        ],
      },
      health_factor: null,
    };
    const response = await call("/risk/forecast", { method: "POST", token, json: huge });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).details?.fields?.map((f) => f.path)).toEqual([
      "positions.supplies.0.amountUsd",
      "positions.borrows.0.amountUsd",
      "positions.borrows.1.amountUsd",
    ]);
    const sane = {
      ...huge,
      positions: {
        supplies: [{ symbol: "WETH", amountUsd: MAX_FORECAST_USD, liquidationThreshold: 0.8 }],
        borrows: [{ symbol: "USDC", amountUsd: MAX_FORECAST_USD }],
      },
    };
    const answered = await call("/risk/forecast", { method: "POST", token, json: sane });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { drivers: string[] }).drivers.join(" ")).not.toMatch(/no debt/);
  });

  it("every maxAmountUsd the schema accepts converts to a positive, finite token budget (the planner's math)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 0, noNaN: true }), fc.double({ min: 0, max: 2e12 })), (usd) => {
        const parsed = guardsSchema.shape.maxAmountUsd.safeParse(usd);
        if (!parsed.success || parsed.data === undefined) return;
        const base = usdToBase(parsed.data);
        expect(base).toBeGreaterThan(0n);
        // 18-decimal token at $0.0001: the largest budget in units stays a plain bigint division.
        expect((base * 10n ** 18n) / 10_000n).toBeGreaterThan(0n);
      }),
      { seed: 1_312_026, numRuns: 2_000 },
    );
    // Without the bound a rule like this would have thrown on every tick.
    expect(() => usdToBase(1e301)).toThrow(RangeError);
  });
});

describe("free text without control or bidi characters", () => {
  const hostile = [
    "Repay\u202Etxt.exe",
    "a\u2066b\u2069",
    "nul\u0000",
    "bell\u0007",
    "two\nlines",
    "tab\there",
    "del\u007F",
    "c1\u0085",
    "mark\u200F",
    "sep\u2028",
  ];

  it("refuses each in a rule name on create and on edit, naming the field; keeps what was there", async () => {
    const { token } = await newUser();
    const created = await call("/rules", {
      method: "POST",
      token,
      json: notifyRule({ name: "Ünïcode 🛡️ rule" }),
    });
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: string; name: string };
    expect(rule.name).toBe("Ünïcode 🛡️ rule");
    for (const name of hostile) {
      const create = await call("/rules", { method: "POST", token, json: notifyRule({ name }) });
      expect(create.status, JSON.stringify(name)).toBe(400);
      const error = await errorOf(create);
      expect(error.details?.fields).toEqual([
        {
          location: "body",
          path: "name",
          message: "must not contain control characters or bidirectional-override characters",
        },
      ]);
      const edit = await call(`/rules/${rule.id}`, { method: "PATCH", token, json: { name } });
      expect(edit.status, JSON.stringify(name)).toBe(400);
    }
    const rules = (await rulesOf(token)).rules as { name: string }[];
    expect(rules.map((r) => r.name)).toEqual(["Ünïcode 🛡️ rule"]);
  });

  it("the same refinement guards the forecast's asset, the socket's ping nonce and the ticket", () => {
    for (const text of hostile) {
      expect(isPlainText(text), JSON.stringify(text)).toBe(false);
      expect(clientMessageSchema.safeParse({ type: "ping", nonce: text }).success).toBe(false);
      const forecast = riskForecastRequestSchema.safeParse({
        positions: { supplies: [], borrows: [{ symbol: `USDC${text}`, amountUsd: 1 }] },
        health_factor: null,
      });
      expect(forecast.success).toBe(false);
    }
    expect(isPlainText("Ünïcode 🛡️ ok — “quotes” العربية")).toBe(true);
    expect(ruleCreateSchema.safeParse(notifyRule({ name: "  padded  " })).data?.name).toBe("padded");
  });
});
