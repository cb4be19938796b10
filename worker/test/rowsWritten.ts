// Counts the SQLite rows a piece of Durable Object code writes (what DO storage bills as rows written), the way
// bench/worker/entry.js does for the tick benchmark: every cursor opened on the object's SQL API, summed after.

export interface RowsWritten<T> {
  result: T;
  total: number;
  /** Rows written per table (taken from the statement: INSERT INTO / UPDATE / DELETE FROM). */
  byTable: Record<string, number>;
}

const TABLE = /^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+"?([\w]+)"?/i;

/** Runs `fn` (inside the object, e.g. in runInDurableObject) and counts the rows it writes in `storage`. */
export async function rowsWrittenBy<T>(
  storage: DurableObjectStorage,
  fn: () => T | Promise<T>,
): Promise<RowsWritten<T>> {
  const sql = storage.sql;
  const cursors: { query: string; cursor: SqlStorageCursor<Record<string, SqlStorageValue>> }[] = [];
  const exec = sql.exec.bind(sql);
  const counting = (query: string, ...bindings: SqlStorageValue[]) => {
    const cursor = exec(query, ...bindings);
    cursors.push({ query, cursor });
    return cursor;
  };
  Object.defineProperty(sql, "exec", { value: counting, configurable: true, writable: true });
  let result: T;
  try {
    result = await fn();
  } finally {
    delete (sql as { exec?: unknown }).exec;
  }
  const byTable: Record<string, number> = {};
  let total = 0;
  for (const { query, cursor } of cursors) {
    const rows = cursor.rowsWritten;
    if (rows === 0) continue;
    const table = TABLE.exec(query)?.[1] ?? "other";
    byTable[table] = (byTable[table] ?? 0) + rows;
    total += rows;
  }
  return { result, total, byTable };
}
