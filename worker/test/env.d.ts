import type { D1Migration } from "cloudflare:test";
import type { Env } from "../env";
import type { TestMarketDurableObject, TestUserDurableObject } from "./testObjects";

// What the tests' `env` holds: the worker's bindings, with the Durable Objects of ./entry.ts (the production classes
// plus test-only RPC methods), and the migrations read by vitest.config.ts.
declare global {
  namespace Cloudflare {
    interface Env extends Omit<VigilEnv, "USER" | "MARKET"> {
      USER: DurableObjectNamespace<TestUserDurableObject>;
      MARKET: DurableObjectNamespace<TestMarketDurableObject>;
      TEST_MIGRATIONS: D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import("./entry");
      durableNamespaces: "UserDurableObject";
    }
  }
  type VigilEnv = Env;
}
