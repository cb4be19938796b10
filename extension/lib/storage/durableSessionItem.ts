import type { z } from "zod";
import type { OriginStore } from "./originStore";
import { type StoredItem, storedItem } from "./storedItem";

/** What decides which copy of a session is newer: each renewal moves both forward. */
interface Renewable {
  expiresAt: number;
  refreshExpiresAt: number;
}

const newer = <T extends Renewable>(a: T, b: T): T =>
  a.refreshExpiresAt !== b.refreshExpiresAt
    ? a.refreshExpiresAt > b.refreshExpiresAt
      ? a
      : b
    : a.expiresAt >= b.expiresAt
      ? a
      : b;

/**
 * The session item: in browser.storage.session (trusted contexts only; what pages watch) and, so that a browser
 * restart does not end the watch, a copy in the extension origin's IndexedDB (trusted contexts only, durable).
 * Writes go to the durable copy first; a read takes the newer of the two and puts it back in storage.session, so
 * a service worker stopped between the two writes never resumes with a refresh token that was already rotated
 * (presenting one again would end the whole session on the server).
 */
export function durableSessionItem<T extends Renewable>(
  key: string,
  schema: z.ZodType<T | null>,
  durable: OriginStore | null,
): StoredItem<T | null> {
  const session = storedItem(key, schema, null, "session");
  const parse = (raw: unknown): T | null => {
    const parsed = schema.safeParse(raw ?? null);
    return parsed.success ? parsed.data : null;
  };
  return {
    key,
    async get() {
      const current = await session.get();
      if (!durable) return current;
      const kept = parse(await durable.get(key));
      if (!kept) return current;
      const chosen = current ? newer(current, kept) : kept;
      if (chosen !== current) await session.set(chosen);
      return chosen;
    },
    async set(value) {
      const checked = schema.parse(value);
      if (durable) {
        if (checked === null) await durable.remove(key);
        else await durable.set(key, checked);
      }
      await session.set(checked);
    },
    async remove() {
      await durable?.remove(key);
      await session.remove();
    },
    watch: (onChange) => session.watch(onChange),
  };
}
