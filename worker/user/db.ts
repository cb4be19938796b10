import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "./migrations/migrations.js";
import * as tables from "./tables";

export type UserDb = DrizzleSqliteDODatabase<typeof tables>;

export function openUserDb(storage: DurableObjectStorage): UserDb {
  return drizzle(storage, { schema: tables });
}

/**
 * Applies drizzle-kit's bundled migrations. Idempotent: drizzle records each applied migration in
 * __drizzle_migrations and skips it next time, so every constructor run may call it.
 */
export async function migrateUserDb(db: UserDb): Promise<void> {
  await migrate(db, migrations);
}
