import type { D1Migration } from "cloudflare:test";
import type { Env } from "../env";

// What the tests' `env` holds: the worker's bindings plus the migrations read by vitest.config.ts.
declare global {
  namespace Cloudflare {
    interface Env extends VigilEnv {
      TEST_MIGRATIONS: D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import("../index");
      durableNamespaces: "UserDurableObject";
    }
  }
  type VigilEnv = Env;
}
