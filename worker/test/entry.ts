// The worker the worker tests run (vitest.config.ts `main`): worker/index.ts unchanged, with the Durable Object
// classes that add the test-only RPC methods (./testObjects.ts) under the names wrangler.toml binds.
export { default } from "../index";
export {
  TestMarketDurableObject as MarketDurableObject,
  TestUserDurableObject as UserDurableObject,
} from "./testObjects";
