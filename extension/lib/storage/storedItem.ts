import { browser } from "wxt/browser";
import type { z } from "zod";

/**
 * One key in browser.storage (`local` by default), validated with zod on every read: storage outlives code
 * versions, so a value that no longer parses reads as the fallback instead of crashing a page. `session` is for
 * secrets: only Vigil's own pages and service worker can read it, never a content script, and it is gone when
 * the browser closes.
 */
export interface StoredItem<T> {
  readonly key: string;
  get(): Promise<T>;
  set(value: T): Promise<void>;
  remove(): Promise<void>;
  /** Calls back with the parsed new value on every change; returns the unsubscribe function. */
  watch(onChange: (value: T) => void): () => void;
}

export type StorageAreaName = "local" | "session";

export function storedItem<S extends z.ZodType>(
  key: string,
  schema: S,
  fallback: z.infer<S>,
  areaName: StorageAreaName = "local",
): StoredItem<z.infer<S>> {
  const area = () => browser.storage[areaName];
  const parse = (raw: unknown): z.infer<S> => {
    if (raw === undefined) return fallback;
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : fallback;
  };
  return {
    key,
    async get() {
      const all = await area().get(key);
      return parse(all[key]);
    },
    async set(value) {
      await area().set({ [key]: schema.parse(value) });
    },
    async remove() {
      await area().remove(key);
    },
    watch(onChange) {
      const listener = (changes: Record<string, { newValue?: unknown }>, changedArea: string) => {
        const change = changes[key];
        if (changedArea === areaName && change) onChange(parse(change.newValue));
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
  };
}
