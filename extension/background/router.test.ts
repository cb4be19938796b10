import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../lib/api/apiError";
import { createMessageRouter, type MessageHandlers, type MessageOrigin } from "./router";

const OWN_ID = "abcdefghijklmnopabcdefghijklmnop";
const ORIGIN = `chrome-extension://${OWN_ID}`;
const page: MessageOrigin = { extensionId: OWN_ID, url: `${ORIGIN}/popup.html`, tabId: undefined };
const contentScript: MessageOrigin = { extensionId: OWN_ID, url: "https://app.aave.com/", tabId: 7 };

function handlers(overrides: Partial<MessageHandlers> = {}): MessageHandlers {
  const unexpected = async () => {
    throw new Error("handler should not run");
  };
  return {
    "session/get": async () => ({ status: "signedOut", reason: "never" }),
    "session/openConnectPage": unexpected,
    "session/prepareSignIn": unexpected,
    "session/completeSignIn": unexpected,
    "session/signOut": unexpected,
    "dashboard/refresh": unexpected,
    "overlay/getStatus": async () => ({
      signedIn: true,
      account: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      portfolioKnown: true,
      healthFactor: 1.5,
      updatedAt: 1,
    }),
    "wallet/providersDiscovered": unexpected,
    "settings/pushAlertThreshold": unexpected,
    "approvals/open": unexpected,
    "approvals/get": unexpected,
    "approvals/reject": unexpected,
    ...overrides,
  } as MessageHandlers;
}

describe("background message router", () => {
  it("answers a valid request from an extension page with the handler's data", async () => {
    const route = createMessageRouter(handlers(), OWN_ID, ORIGIN);
    expect(await route({ type: "session/get" }, page)).toEqual({
      ok: true,
      data: { status: "signedOut", reason: "never" },
    });
  });

  it("refuses messages from another extension", async () => {
    const route = createMessageRouter(handlers(), OWN_ID, ORIGIN);
    const result = await route(
      { type: "session/get" },
      { ...page, extensionId: "pppppppppppppppppppppppppppppppp" },
    );
    expect(result).toEqual({
      ok: false,
      error: { code: "forbidden", message: "Messages are accepted from Vigil only." },
    });
  });

  it("refuses malformed messages and says which field is wrong, without calling a handler", async () => {
    const prepare = vi.fn();
    const route = createMessageRouter(handlers({ "session/prepareSignIn": prepare }), OWN_ID, ORIGIN);
    const result = await route({ type: "session/prepareSignIn", address: "0x123", chainId: 1 }, page);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe("bad_message");
    expect(!result.ok && result.error.message).toContain("address: an 0x-prefixed 20-byte hex address");
    expect(prepare).not.toHaveBeenCalled();
    expect((await route({ type: "no/such" }, page)).ok).toBe(false);
    expect((await route("session/get", page)).ok).toBe(false);
  });

  it("lets content scripts read the overlay status but not touch the session", async () => {
    const signOut = vi.fn();
    const route = createMessageRouter(handlers({ "session/signOut": signOut }), OWN_ID, ORIGIN);
    expect(await route({ type: "overlay/getStatus" }, contentScript)).toEqual({
      ok: true,
      data: {
        signedIn: true,
        account: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
        portfolioKnown: true,
        healthFactor: 1.5,
        updatedAt: 1,
      },
    });
    const refused = await route({ type: "session/signOut" }, contentScript);
    expect(refused).toEqual({
      ok: false,
      error: { code: "forbidden", message: '"session/signOut" is for Vigil\'s own pages only.' },
    });
    expect(signOut).not.toHaveBeenCalled();
  });

  it("turns a handler's API error into the shared error shape", async () => {
    const route = createMessageRouter(
      handlers({
        "session/get": async () => {
          throw new ApiError(401, "unauthorized", "Token expired.");
        },
      }),
      OWN_ID,
      ORIGIN,
    );
    expect(await route({ type: "session/get" }, page)).toEqual({
      ok: false,
      error: { code: "unauthorized", message: "Token expired.", status: 401 },
    });
  });
});
