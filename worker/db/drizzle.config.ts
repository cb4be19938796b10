import { defineConfig } from "drizzle-kit";

// Global D1 schema. `npm run db:generate` writes SQL migrations that `wrangler d1 migrations apply` and the tests apply.
export default defineConfig({
  dialect: "sqlite",
  schema: "./worker/db/schema.ts",
  out: "./worker/db/migrations",
});
