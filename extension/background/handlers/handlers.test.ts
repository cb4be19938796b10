import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { discoveredWalletsItem } from "../../lib/storage/discoveredWallets";
import { settingsItem } from "../../lib/storage/settings";
import type { ApiClient, ApiRequest } from "../apiClient";
import type { Approvals } from "../approvals";
import { PROPOSAL_IDS, proposal as proposalOf } from "../proposal.fixture";
import type { MessageOrigin } from "../router";
import type { Session } from "../session";
import { createApprovalHandlers } from "./approvalHandlers";
import { createPageHandlers } from "./pageHandlers";
import { createSessionHandlers } from "./sessionHandlers";

const page: MessageOrigin = { extensionId: "x", url: "https://app.aave.com/", tabId: 7 };
const tx = { chainId: 31337, to: "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2", data: "0x" } as const;

describe("page handlers", () => {
  beforeEach(() => fakeBrowser.reset());

  function setup(signedIn: boolean) {
    const remembered: Array<number | undefined> = [];
    const previews: unknown[] = [];
    const dashboards: Array<number | undefined> = [];
    const handlers = createPageHandlers({
      signedIn: async () => signedIn,
      account: async () => (signedIn ? "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" : null),
      now: () => 1000,
      dashboard: {
        healthFactor: async () => ({
          portfolioKnown: true,
          healthFactor: 1.42,
          updatedAt: 900,
          stale: false,
        }),
      },
      overlayTabs: {
        remember: async (tabId) => {
          remembered.push(tabId);
        },
      },
      presignPreview: async (request) => {
        previews.push(request);
        return { kind: "none" };
      },
      openDashboard: async (tabId) => {
        dashboards.push(tabId);
        return { opened: "tab" };
      },
    });
    return { handlers, remembered, previews, dashboards };
  }

  it("open the dashboard over the tab whose badge was clicked", async () => {
    const { handlers, dashboards } = setup(false);
    expect(await handlers["overlay/openDashboard"]({ type: "overlay/openDashboard" }, page)).toEqual({
      opened: "tab",
    });
    expect(dashboards).toEqual([7]);
  });

  it("give the overlay its status and remember its tab", async () => {
    const { handlers, remembered } = setup(true);
    expect(await handlers["overlay/getStatus"]({ type: "overlay/getStatus" }, page)).toEqual({
      signedIn: true,
      account: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      portfolioKnown: true,
      healthFactor: 1.42,
      updatedAt: 900,
      stale: false,
      alertThreshold: 1.3,
    });
    expect(remembered).toEqual([7]);
    // The user's own alert line, so the badge never shows a figure under it rounded up to it.
    await settingsItem.set({ ...(await settingsItem.get()), alertHealthFactor: 1.45 });
    const status = await handlers["overlay/getStatus"]({ type: "overlay/getStatus" }, page);
    expect(status).toMatchObject({ alertThreshold: 1.45 });
  });

  it("preview nothing for a signed-out user, without decoding the page's call", async () => {
    const { handlers, previews } = setup(false);
    expect(
      await handlers["preview/aaveTransaction"]({ type: "preview/aaveTransaction", ...tx }, page),
    ).toEqual({
      kind: "none",
    });
    expect(previews).toEqual([]);
  });

  it("record wallets under the sender's page, and nothing from a sender without one", async () => {
    const { handlers } = setup(true);
    const providers = [
      {
        uuid: "350670db-19fa-4704-a166-e52e178b59d2",
        name: "Rabby",
        rdns: "io.rabby",
        icon: "data:image/png;base64,AA==",
      },
    ];
    const discovered = { type: "wallet/providersDiscovered", providers } as const;
    await handlers["wallet/providersDiscovered"](discovered, { ...page, url: undefined });
    expect(await discoveredWalletsItem.get()).toEqual([]);
    await handlers["wallet/providersDiscovered"](discovered, page);
    expect(await discoveredWalletsItem.get()).toMatchObject([
      { rdns: "io.rabby", seenOn: "https://app.aave.com/", seenAt: 1000, tabIds: [7] },
    ]);
  });
});

describe("session handlers", () => {
  it("start the signed-in work only after the sign-in succeeded", async () => {
    const order: string[] = [];
    const session = {
      completeSignIn: async () => {
        order.push("signed in");
        return { status: "signedIn", address: "0x", userId: "u", expiresAt: 1 } as const;
      },
    } as unknown as Session;
    const handlers = createSessionHandlers({
      session,
      openConnectPage: async () => undefined,
      onSignedIn: async () => {
        order.push("after");
      },
      signOut: async () => ({ status: "signedOut", reason: "signedOut" }),
    });
    await handlers["session/completeSignIn"](
      { type: "session/completeSignIn", address: "0x", message: "m", signature: "0x" },
      page,
    );
    expect(order).toEqual(["signed in", "after"]);
  });
});

describe("approval handlers", () => {
  it("propose a rescue through the API, then open the approval page on the proposal it returns", async () => {
    const requests: ApiRequest<never>[] = [];
    const order: string[] = [];
    const proposal = proposalOf();
    const api = (async (request: ApiRequest<never>) => {
      requests.push(request);
      order.push("api");
      return proposal;
    }) as unknown as ApiClient;
    const approvals = {
      open: async (id: string) => {
        order.push(`open ${id}`);
      },
    } as unknown as Approvals;
    const rescue = { chainId: 31337, action: "repay", asset: "DAI", targetHealthFactor: 1.5 } as const;
    const result = await createApprovalHandlers(api, approvals)["rescue/propose"](
      { type: "rescue/propose", request: rescue },
      page,
    );
    expect(result.id).toBe(PROPOSAL_IDS.repay);
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ["POST", "/transactions/rescue", rescue],
    ]);
    expect(order).toEqual(["api", `open ${PROPOSAL_IDS.repay}`]);
  });
});
