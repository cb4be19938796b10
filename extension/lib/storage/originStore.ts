/**
 * A small key/value store in the extension origin's IndexedDB. Only Vigil's own pages and service worker can open
 * it (content scripts run in the web page's origin, so they reach that page's IndexedDB, never this one), and,
 * unlike browser.storage.session, it survives a browser restart. Values are structured clones: callers validate
 * what they read back.
 */
export interface OriginStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

const STORE = "items";

function request<T>(open: () => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = open();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The store, or null where IndexedDB does not exist (unit tests in Node): callers then keep only their session copy. */
export function indexedDbOriginStore(name = "vigil-trusted"): OriginStore | null {
  if (typeof indexedDB === "undefined") return null;
  let db: Promise<IDBDatabase> | undefined;
  const open = () => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return db;
  };
  const store = async (mode: IDBTransactionMode) =>
    (await open()).transaction(STORE, mode).objectStore(STORE);
  return {
    async get(key) {
      const items = await store("readonly");
      return request(() => items.get(key));
    },
    async set(key, value) {
      const items = await store("readwrite");
      await request(() => items.put(value, key));
    },
    async remove(key) {
      const items = await store("readwrite");
      await request(() => items.delete(key));
    },
  };
}
