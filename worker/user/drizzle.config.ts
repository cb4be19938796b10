import { defineConfig } from "drizzle-kit";

// The user Durable Object's SQLite schema. The `durable-sqlite` driver also writes migrations.js, which bundles the
// SQL (imported as text via the wrangler.toml rule) so the DO can migrate itself in its constructor.
export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./worker/user/tables/index.ts",
  out: "./worker/user/migrations",
});
