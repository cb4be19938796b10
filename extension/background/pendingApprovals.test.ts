import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { z } from "zod";
import type { Transaction } from "../../shared/schemas/transactions";
import { ApiError } from "../lib/api/apiError";
import { pendingApprovalsItem } from "../lib/storage/pendingApprovalsCache";
import type { ApiClient, ApiRequest } from "./apiClient";
import { createPendingApprovals } from "./pendingApprovals";
import { PROPOSAL_IDS, proposal } from "./proposal.fixture";

const NOW = Date.parse("2026-11-25T16:30:00.000Z");
const repay = proposal();
const supply = proposal({ id: PROPOSAL_IDS.supply, title: "Supply 1 WETH on Aave" });
const later = "2026-11-25T16:31:00.000Z";

/**
 * An API whose answers the test releases, so it can act while a request is out. The list is two requests
 * (pending and approved proposals): `answer` releases both, the approved one with `approved`.
 */
function heldApi() {
  const paths: string[] = [];
  const held: Array<{ path: string; answer(body: unknown): void; fail(error: Error): void }> = [];
  const api: ApiClient = <S extends z.ZodType>(request: ApiRequest<S>) => {
    paths.push(request.path);
    return new Promise<z.infer<S>>((resolve, reject) => {
      held.push({ path: request.path, answer: (body) => resolve(request.schema.parse(body)), fail: reject });
    });
  };
  /** Lets the module reach its next await (the requests), then answers the held ones. */
  const answer = async (transactions: Transaction[], approved: Transaction[] = []) => {
    await settle();
    for (const request of held.splice(0))
      request.answer({ transactions: request.path.endsWith("=approved") ? approved : transactions });
  };
  const fail = async (error: Error) => {
    await settle();
    for (const request of held.splice(0)) request.fail(error);
  };
  return { api, paths, answer, fail };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(now = NOW) {
  const server = heldApi();
  const base = { url: "http://127.0.0.1:8787" };
  const pending = createPendingApprovals({ api: server.api, baseUrl: async () => base.url, now: () => now });
  return { pending, server, base };
}

describe("pending approvals", () => {
  beforeEach(() => fakeBrowser.reset());

  it("writes the fetched list to the cache, without the expired ones", async () => {
    const { pending, server } = setup();
    const stale = proposal({ id: PROPOSAL_IDS.rebalance, expiresAt: "2026-11-25T16:00:00.000Z" });
    const refreshed = pending.refresh();
    await server.answer([supply, repay, stale]);
    expect(await refreshed).toEqual([supply, repay]);
    expect(server.paths).toEqual(["/transactions?status=pending", "/transactions?status=approved"]);
    expect(await pendingApprovalsItem.get()).toEqual({ transactions: [supply, repay], fetchedAt: NOW });
  });

  it("lists approved proposals nobody signed beside the pending ones, newest first", async () => {
    const { pending, server } = setup();
    const abandoned = proposal({
      id: PROPOSAL_IDS.rebalance,
      status: "approved",
      createdAt: "2026-11-25T16:20:00.000Z",
    });
    const refreshed = pending.refresh();
    await server.answer([repay], [abandoned]);
    expect(await refreshed).toEqual([abandoned, repay]);
  });

  it("shares one request between refreshes that overlap", async () => {
    const { pending, server } = setup();
    const first = pending.refresh();
    const second = pending.refresh();
    await server.answer([repay]);
    expect(await first).toEqual([repay]);
    expect(await second).toEqual([repay]);
    expect(server.paths).toHaveLength(2);
  });

  it("does not hand a refresh for a new API URL the old API's request (or its timeout)", async () => {
    const { pending, server, base } = setup();
    const old = pending.refresh();
    await settle();
    base.url = "http://127.0.0.1:9999";
    const fresh = pending.refresh();
    await server.answer([repay]);
    expect(server.paths).toHaveLength(4);
    await expect(old).resolves.toEqual([repay]);
    await expect(fresh).resolves.toEqual([repay]);
  });

  it("follows live proposals and updates in the cache", async () => {
    const { pending, server } = setup();
    const refreshed = pending.refresh();
    await server.answer([repay]);
    await refreshed;

    await pending.apply(supply);
    expect((await pendingApprovalsItem.get())?.transactions).toEqual([supply, repay]);
    await pending.apply(supply);
    expect((await pendingApprovalsItem.get())?.transactions).toEqual([supply, repay]);
    await pending.apply(proposal({ status: "confirmed", updatedAt: later }));
    expect(await pendingApprovalsItem.get()).toEqual({ transactions: [supply], fetchedAt: NOW });
    expect(server.paths).toHaveLength(2);
  });

  it("fetches the whole list when a live change arrives before anything is cached", async () => {
    const { pending, server } = setup();
    const applied = pending.apply(supply);
    await server.answer([supply, repay]);
    await applied;
    expect((await pendingApprovalsItem.get())?.transactions).toEqual([supply, repay]);
  });

  it("replays live changes that arrive while a fetch is out over its answer", async () => {
    const { pending, server } = setup();
    await pendingApprovalsItem.set({ transactions: [repay], fetchedAt: NOW - 60_000 });
    const refreshed = pending.refresh();
    await settle();
    await pending.apply(supply);
    await pending.apply(proposal({ status: "rejected", updatedAt: later }));
    // The server read its table before both changes.
    await server.answer([repay]);
    expect(await refreshed).toEqual([supply]);
    expect(await pendingApprovalsItem.get()).toEqual({ transactions: [supply], fetchedAt: NOW });
  });

  it("keeps the cache when a fetch fails; only refresh() reports the error", async () => {
    const { pending, server } = setup();
    await pendingApprovalsItem.set({ transactions: [repay], fetchedAt: NOW - 60_000 });
    const refreshed = pending.refresh();
    await server.fail(new ApiError(0, "network", "Could not reach the Vigil API."));
    await expect(refreshed).rejects.toThrow("Could not reach the Vigil API.");
    const revalidated = pending.revalidate();
    await server.fail(new ApiError(503, "unavailable", "Try later."));
    await expect(revalidated).resolves.toBeUndefined();
    expect(await pendingApprovalsItem.get()).toEqual({ transactions: [repay], fetchedAt: NOW - 60_000 });
  });

  it("clears the cache at sign-out, and a fetch that was out then does not write it back", async () => {
    const { pending, server } = setup();
    await pendingApprovalsItem.set({ transactions: [repay], fetchedAt: NOW });
    const refreshed = pending.refresh();
    await settle();
    await pending.clear();
    expect(await pendingApprovalsItem.get()).toBeNull();
    await server.answer([repay]);
    await refreshed;
    expect(await pendingApprovalsItem.get()).toBeNull();
  });

  it("is stale when nothing is cached or the last fetch is older than the limit", async () => {
    const { pending } = setup();
    expect(await pending.isStale(60_000)).toBe(true);
    await pendingApprovalsItem.set({ transactions: [], fetchedAt: NOW - 30_000 });
    expect(await pending.isStale(60_000)).toBe(false);
    expect(await pending.isStale(10_000)).toBe(true);
  });
});
