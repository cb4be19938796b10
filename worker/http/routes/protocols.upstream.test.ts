import { env } from "cloudflare:workers";
import { encodeFunctionResult, multicall3Abi } from "viem";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { faultControl } from "../../../devnet/faultProxy/control";
import { multicall3BlockAbi, uiPoolDataProviderV3Abi } from "../../../shared/abis";
import { devnetChainConfig, devnetDeployment } from "../../../shared/chains/devnet";
import type { ErrorBody } from "../../../shared/schemas/errors";
import { readAaveUser } from "../../defi/aave/readAave";
import { NEAR_LIQUIDATION } from "../../test/automation";
import { chain, marketObject } from "../../test/devnet";
import { anvilAccount } from "../../test/helpers";
import { buildApp } from "../app";

// GET /protocols/aave/positions when the account read (the route's own RPC) and the shared market snapshot (the
// market object's) disagree: the account holds a reserve the market data does not list (a reserve listed after
// the market snapshot was read, or a node ahead of the one the market came from).

const faults = faultControl(inject("faultControlUrl"));
afterEach(async () => {
  await faults.clear();
  vi.restoreAllMocks();
});

const USER = anvilAccount(NEAR_LIQUIDATION).address;
/** An asset the market snapshot does not list. */
const NEW_RESERVE = "0x00000000000000000000000000000000000a11ce" as const;

describe("GET /protocols/aave/positions: an account holding a reserve the market data does not list", () => {
  it("is not answered as if that debt did not exist: 503 with Retry-After", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await marketObject().invalidate();
    const market = devnetChainConfig.aave!;
    const real = await readAaveUser({ client: chain as never, chainId: 31337, market, user: USER });
    const usdc = devnetDeployment.reserves.USDC.underlying.toLowerCase();
    expect(
      real.userReserves.some((r) => r.underlyingAsset.toLowerCase() === usdc && r.scaledVariableDebt > 0n),
    ).toBe(true);
    // The same account, its USDC debt in a reserve the market snapshot has never heard of.
    const userReserves = real.userReserves.map((r) =>
      r.underlyingAsset.toLowerCase() === usdc ? { ...r, underlyingAsset: NEW_RESERVE } : r,
    );
    const answer = encodeFunctionResult({
      abi: multicall3Abi,
      functionName: "aggregate3",
      result: [
        {
          success: true,
          returnData: encodeFunctionResult({
            abi: multicall3BlockAbi,
            functionName: "getBlockNumber",
            result: real.blockNumber,
          }),
        },
        {
          success: true,
          returnData: encodeFunctionResult({
            abi: multicall3BlockAbi,
            functionName: "getCurrentBlockTimestamp",
            result: real.blockTimestamp,
          }),
        },
        {
          success: true,
          returnData: encodeFunctionResult({
            abi: uiPoolDataProviderV3Abi,
            functionName: "getUserReservesData",
            result: [userReserves, real.userEModeCategoryId],
          }),
        },
      ],
    });
    const path = `/aave-user-${crypto.randomUUID()}`;
    await faults.set([{ path, method: "eth_call", fault: { kind: "garbageResult", result: answer } }]);
    const response = await buildApp().request(
      `/protocols/aave/positions?user_address=${USER}&chain_id=31337`,
      { headers: { "CF-Connecting-IP": "10.255.0.3" } },
      { ...env, RPC_URL_31337: `${inject("faultyRpcUrl")}${path}`, RPC_TIMEOUT_MS_31337: "2000" },
    );
    const text = await response.clone().text();
    expect(response.status, text).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("upstream_unavailable");
    expect(body.error.message.toLowerCase()).toContain(NEW_RESERVE);
  });
});
