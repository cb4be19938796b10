import { describe, expect, it } from "vitest";
import { endpoints } from "./endpoints";

const ID = "5b1d7d8e-3c1a-4f7e-9d55-0a1b2c3d4e5f";
const HASH = `0x${"ab".repeat(32)}`;
const line = (request: { method?: string; path: string; auth?: boolean; bearer?: string }) =>
  `${request.method ?? "GET"} ${request.path}${request.auth === false ? " (public)" : ""}${request.bearer ? " (bearer)" : ""}`;

describe("endpoints", () => {
  it("name each API route once, with its method and whether it needs the session", () => {
    expect(
      [
        endpoints.nonce("c".repeat(43)),
        endpoints.signIn({ address: "0x", signature: "0x", message: "m", verifier: "v".repeat(43) }),
        endpoints.refresh("r"),
        endpoints.logout("t"),
        endpoints.wsTicket(),
        endpoints.me(),
        endpoints.portfolios(),
        endpoints.portfolioHistory("7d"),
        endpoints.settings(),
        endpoints.putSettings(1.4),
        endpoints.riskForecast({}),
        endpoints.chainTransaction(31337, HASH),
        endpoints.rules(),
        endpoints.createRule({}),
        endpoints.updateRule(ID, {}),
        endpoints.setRuleEnabled(ID, true),
        endpoints.setRuleEnabled(ID, false),
        endpoints.deleteRule(ID),
        endpoints.transactions({ status: "pending" }),
        endpoints.transactions({ limit: 50 }),
        endpoints.transaction(ID),
        endpoints.rejectTransaction(ID),
        endpoints.simulateTransaction(ID),
        endpoints.approveTransaction(ID),
        endpoints.submittedTransaction(ID, [HASH]),
        endpoints.walletRejectedTransaction(ID, 1, [HASH]),
      ].map(line),
    ).toEqual([
      `GET /auth/nonce?challenge=${"c".repeat(43)} (public)`,
      "POST /auth/wallet (public)",
      "POST /auth/refresh (public)",
      "POST /auth/logout (bearer)",
      "POST /ws/ticket",
      "GET /me",
      "GET /portfolios",
      "GET /portfolios/history?range=7d",
      "GET /me/settings",
      "PUT /me/settings",
      "POST /risk/forecast",
      `GET /chains/31337/transactions/${HASH}`,
      "GET /rules",
      "POST /rules",
      `PATCH /rules/${ID}`,
      `POST /rules/${ID}/enable`,
      `POST /rules/${ID}/disable`,
      `DELETE /rules/${ID}`,
      "GET /transactions?status=pending",
      "GET /transactions?limit=50",
      `GET /transactions/${ID}`,
      `POST /transactions/${ID}/reject`,
      `POST /transactions/${ID}/simulate`,
      `POST /transactions/${ID}/approve`,
      `POST /transactions/${ID}/submitted`,
      `POST /transactions/${ID}/wallet-rejected`,
    ]);
  });

  it("carry the bodies the API expects", () => {
    expect(endpoints.refresh("r").body).toEqual({ refreshToken: "r" });
    expect(endpoints.putSettings(1.4).body).toEqual({ alertThreshold: 1.4 });
    expect(endpoints.submittedTransaction(ID, [HASH]).body).toEqual({ txHashes: [HASH] });
    expect(endpoints.walletRejectedTransaction(ID, 1, [HASH]).body).toEqual({
      stepIndex: 1,
      txHashes: [HASH],
    });
  });

  it("keep an id from changing the path", () => {
    expect(endpoints.transaction("../me").path).toBe("/transactions/..%2Fme");
    expect(endpoints.deleteRule("a/b?c").path).toBe("/rules/a%2Fb%3Fc");
  });

  it("validate answers with the shared schemas (the dashboard's /me keeps the watch status)", () => {
    const parsed = endpoints.me().schema.safeParse({});
    expect(parsed.success).toBe(false);
    expect(endpoints.transactions({}).schema.safeParse({ transactions: [] }).success).toBe(true);
  });
});
