import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { z } from "zod";
import { durableSessionItem } from "./durableSessionItem";
import type { OriginStore } from "./originStore";

const schema = z
  .object({ refreshToken: z.string(), expiresAt: z.number(), refreshExpiresAt: z.number() })
  .nullable();

function memoryStore(): OriginStore & { items: Map<string, unknown> } {
  const items = new Map<string, unknown>();
  return {
    items,
    get: async (key) => items.get(key),
    set: async (key, value) => void items.set(key, value),
    remove: async (key) => void items.delete(key),
  };
}

const first = { refreshToken: "r1", expiresAt: 1_000, refreshExpiresAt: 10_000 };
const renewed = { refreshToken: "r2", expiresAt: 2_000, refreshExpiresAt: 11_000 };

describe("durableSessionItem", () => {
  beforeEach(() => fakeBrowser.reset());

  it("survives a browser restart: storage.session is emptied, the durable copy restores it", async () => {
    const durable = memoryStore();
    const item = durableSessionItem("s", schema, durable);
    await item.set(first);
    await fakeBrowser.storage.session.clear(); // what a browser restart does
    expect(await item.get()).toEqual(first);
    // …and puts it back where pages watch it.
    expect((await fakeBrowser.storage.session.get("s")).s).toEqual(first);
  });

  it("never resumes with a rotated refresh token: the newer copy wins whichever write was lost", async () => {
    const durable = memoryStore();
    const item = durableSessionItem("s", schema, durable);
    await item.set(first);
    // Stopped after the durable write of a renewal, before the session write:
    durable.items.set("s", renewed);
    expect((await item.get())?.refreshToken).toBe("r2");
    // The other way round (a stale durable copy) also reads the renewal.
    durable.items.set("s", first);
    await fakeBrowser.storage.session.set({ s: renewed });
    expect((await item.get())?.refreshToken).toBe("r2");
  });

  it("signing out removes both copies; an unreadable durable copy counts as none", async () => {
    const durable = memoryStore();
    const item = durableSessionItem("s", schema, durable);
    await item.set(first);
    await item.remove();
    expect(durable.items.has("s")).toBe(false);
    expect(await item.get()).toBeNull();
    durable.items.set("s", { refreshToken: 42 });
    expect(await item.get()).toBeNull();
  });

  it("without IndexedDB (no durable store) it is the storage.session item alone", async () => {
    const item = durableSessionItem("s", schema, null);
    await item.set(first);
    expect(await item.get()).toEqual(first);
    await fakeBrowser.storage.session.clear();
    expect(await item.get()).toBeNull();
  });
});
