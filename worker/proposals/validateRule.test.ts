import { describe, expect, it } from "vitest";
import type { Rule, RuleCreateInput } from "../../shared/schemas/rules";
import { NEAR_LIQUIDATION, repayNow, userSessions } from "../test/automation";
import { revertChainAfterEachTest } from "../test/devnet";
import { call, errorOf } from "../test/helpers";

revertChainAfterEachTest();
const session = userSessions();

describe("rules: checks that need chain data", () => {
  it("refuses with a 400 that says why, and stores nothing", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const cases: [RuleCreateInput | Record<string, unknown>, RegExp][] = [
      [
        { ...repayNow, action: { type: "rebalance", chainId: 31337, asset: "USDC" } },
        /EigenLayer restakes liquid staking tokens/,
      ],
      [
        {
          ...repayNow,
          trigger: { type: "apy_below", protocol: "aave", asset: "FOO", chainId: 31337, percent: 3 },
        },
        /FOO is not an asset on chain 31337/,
      ],
      [
        { ...repayNow, action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.5 } },
        /no DAI debt on Aave/,
      ],
      [
        { ...repayNow, action: { type: "rebalance", chainId: 31337, asset: "wstETH" } },
        /no wstETH supplied on Aave/,
      ],
      [{ ...repayNow, trigger: { type: "health_factor_below", value: 0.5 } }, /above 1/],
      [
        {
          ...repayNow,
          trigger: { type: "apy_below", protocol: "eigenlayer", asset: "wstETH", chainId: 31337, percent: 3 },
        },
        /APY triggers watch Aave/,
      ],
    ];
    for (const [body, why] of cases) {
      const response = await call("/rules", { method: "POST", token: user.token, json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(response);
      expect(`${error.message} ${JSON.stringify(error.details)}`).toMatch(why);
    }
    const rules = (await (await call("/rules", { token: user.token })).json()) as { rules: Rule[] };
    expect(rules.rules).toEqual([]);
  });
});
