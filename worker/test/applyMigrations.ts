import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Each test file starts from the D1 schema the real deployment gets (idempotent: applied migrations are skipped).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
