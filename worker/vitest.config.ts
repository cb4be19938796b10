import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url).href);

// The worker's tests run inside workerd (the real runtime) with the bindings of ../wrangler.toml. The chain they talk
// to is started on the Node side by test/globalSetup.ts and injected as RPC_URL_31337.
export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      wrangler: { configPath: here("../wrangler.toml") },
      // The deployed worker plus test-only RPC methods on its Durable Objects (test/entry.ts).
      main: here("./test/entry.ts"),
      miniflare: {
        bindings: {
          RPC_URL_31337: inject<string>("rpcUrl"),
          // A fresh random secret per run: the worker refuses placeholders and anything under 32 random bytes.
          JWT_SECRET: randomBytes(32).toString("hex"),
          // The tests build every request themselves, as Cloudflare's edge would: they set CF-Connecting-IP.
          TRUST_CF_CONNECTING_IP: "true",
          TEST_MIGRATIONS: await readD1Migrations(here("./db/migrations")),
          // Files revert the shared devnet (positions change without an event): positions kept by events expire
          // after the seed's 30 s here, not the production guard's 24 h.
          POSITIONS_GUARD_SECONDS: "30",
        },
      },
    })),
  ],
  test: {
    name: "worker",
    include: ["**/*.test.ts"],
    globalSetup: [here("./test/globalSetup.ts")],
    setupFiles: [here("./test/applyMigrations.ts")],
    // Expected 4xx responses log one JSON warn line each (the error model at work); keep the test output readable.
    onConsoleLog: (log) => !log.includes('"level":"warn"'),
    // One isolate for all files (no per-file start-up cost). Tests therefore never assume a fresh Durable Object or
    // an empty chain: they revert chain changes and look messages up by what they expect.
    isolate: false,
    // Files share one devnet and change its prices and time (reverting after each test): run them one at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
