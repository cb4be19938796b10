import type { StoredTables } from "../../shared/schemas/account";

/** Tables that are bookkeeping of the runtime, not the user's data. */
const INTERNAL_TABLE = /^(?:__drizzle_migrations|sqlite_.*|_cf_.*)$/;

/** Every table of the user's database with all its rows, for `GET /me/export`. Blobs (none today) as hex. */
export function exportTables(sql: SqlStorage): StoredTables {
  const tables: StoredTables = {};
  const names = sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .toArray()
    .map((row) => row.name)
    .filter((name) => !INTERNAL_TABLE.test(name));
  for (const name of names) {
    tables[name] = sql
      .exec(`SELECT * FROM "${name.replaceAll('"', '""')}"`)
      .toArray()
      .map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([column, value]) => [
            column,
            value instanceof ArrayBuffer ? hex(value) : (value as string | number | null),
          ]),
        ),
      );
  }
  return tables;
}

const hex = (buffer: ArrayBuffer) =>
  `0x${[...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
