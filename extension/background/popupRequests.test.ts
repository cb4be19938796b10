import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { ApiError } from "../lib/api/apiError";
import type { ApiClient, ApiRequest } from "./apiClient";
import { createPendingApprovals } from "./pendingApprovals";
import { createPopupRequestHandlers } from "./popupRequests";
import { createMessageRouter, type MessageHandlers, type MessageOrigin } from "./router";

const OWN_ID = "abcdefghijklmnopabcdefghijklmnop";
const ORIGIN = `chrome-extension://${OWN_ID}`;
const popup: MessageOrigin = { extensionId: OWN_ID, url: `${ORIGIN}/popup.html`, tabId: undefined };
const contentScript: MessageOrigin = { extensionId: OWN_ID, url: "https://app.aave.com/", tabId: 3 };
const RULE_ID = "7b0d3c1e-2f4a-4c5b-9d6e-1a2b3c4d5e6f";

/** An API client that records each request and answers with `answer(request)`. */
function recordingApi(answer: (request: ApiRequest<never>) => unknown) {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  const api = (async (request: ApiRequest<never>) => {
    calls.push({ method: request.method ?? "GET", path: request.path, body: request.body });
    return answer(request);
  }) as ApiClient;
  return { api, calls };
}

const route = (api: ApiClient) => {
  const pendingApprovals = createPendingApprovals({
    api,
    baseUrl: async () => "http://127.0.0.1:8787",
    now: () => 0,
  });
  return createMessageRouter(
    createPopupRequestHandlers(api, pendingApprovals) as MessageHandlers,
    OWN_ID,
    ORIGIN,
  );
};

describe("popup requests", () => {
  beforeEach(() => fakeBrowser.reset());

  it("map to the API's routes and methods", async () => {
    const { api, calls } = recordingApi((request) =>
      request.path.startsWith("/transactions") ? { transactions: [] } : {},
    );
    const send = route(api);
    await send({ type: "history/get", range: "7d" }, popup);
    await send({ type: "rules/list" }, popup);
    await send({ type: "rules/create", rule: { name: "x" } }, popup);
    await send({ type: "rules/update", ruleId: RULE_ID, patch: { enabled: false } }, popup);
    await send({ type: "rules/setEnabled", ruleId: RULE_ID, enabled: true }, popup);
    await send({ type: "rules/setEnabled", ruleId: RULE_ID, enabled: false }, popup);
    await send({ type: "rules/delete", ruleId: RULE_ID }, popup);
    await send({ type: "transactions/listPending" }, popup);
    await send({ type: "transactions/list" }, popup);
    expect(calls).toEqual([
      { method: "GET", path: "/portfolios/history?range=7d", body: undefined },
      { method: "GET", path: "/rules", body: undefined },
      { method: "POST", path: "/rules", body: { name: "x" } },
      { method: "PATCH", path: `/rules/${RULE_ID}`, body: { enabled: false } },
      { method: "POST", path: `/rules/${RULE_ID}/enable`, body: undefined },
      { method: "POST", path: `/rules/${RULE_ID}/disable`, body: undefined },
      { method: "DELETE", path: `/rules/${RULE_ID}`, body: undefined },
      { method: "GET", path: "/transactions?status=pending", body: undefined },
      { method: "GET", path: "/transactions?status=approved", body: undefined },
      { method: "GET", path: "/transactions?limit=50", body: undefined },
    ]);
  });

  it("hand the API's field messages back to the form", async () => {
    const { api } = recordingApi(() => {
      throw new ApiError(400, "validation_failed", "The request body is invalid.", {
        fields: [{ location: "body", path: "trigger.value", message: "must be above 1" }, { bogus: true }],
      });
    });
    expect(await route(api)({ type: "rules/create", rule: { name: "x" } }, popup)).toEqual({
      ok: false,
      error: {
        code: "validation_failed",
        message: "The request body is invalid.",
        status: 400,
        fields: [{ path: "trigger.value", message: "must be above 1" }],
      },
    });
  });

  it("are for Vigil's pages only, and refuse an oversized or non-object rule body", async () => {
    const { api, calls } = recordingApi(() => ({}));
    const send = route(api);
    expect((await send({ type: "rules/list" }, contentScript)).ok).toBe(false);
    expect((await send({ type: "rules/create", rule: "name" }, popup)).ok).toBe(false);
    expect((await send({ type: "rules/create", rule: { name: "x".repeat(9000) } }, popup)).ok).toBe(false);
    expect((await send({ type: "history/get", range: "1y" }, popup)).ok).toBe(false);
    expect(calls).toEqual([]);
  });
});
