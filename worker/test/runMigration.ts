/** Runs a drizzle-kit migration file's statements (split on its breakpoints), as the migrator does. */
export function runMigration(
  storage: DurableObjectStorage,
  sql: string,
  options: { skip?: number } = {},
): void {
  const statements = sql.split("--> statement-breakpoint").slice(options.skip ?? 0);
  for (const statement of statements) storage.sql.exec(statement);
}
