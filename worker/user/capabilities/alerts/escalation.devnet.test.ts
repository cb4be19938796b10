import { env } from "cloudflare:workers";
import { formatUnits } from "viem";
import { describe, expect, it } from "vitest";
import { liquidate } from "../../../../devnet/actions/liquidate";
import { devnetAccounts } from "../../../../devnet/seed/accounts";
import { devnetSession } from "../../../../devnet/session";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import type { Portfolio } from "../../../../shared/schemas/portfolio";
import type { RiskAlertPayload } from "../../../../shared/schemas/ws";
import { marketObject, revertChainAfterEachTest, rpcUrl, setPriceUsd } from "../../../test/devnet";
import { anvilAccount, call, seededSession } from "../../../test/helpers";
import { openSocket, type TestSocket } from "../../../test/sockets";
import { runTaskNow } from "../../../test/taskNow";
import type { TestUserDurableObject } from "../../../test/testObjects";

const BORROWER = 2; // 10 WETH collateral, DAI debt, HF ≈ 1.30: HF moves in proportion to the WETH price

revertChainAfterEachTest();

async function setWethPrice(usd: number): Promise<void> {
  await setPriceUsd("WETH", usd);
  await marketObject().pollPrices(31337);
}

async function tick(stub: DurableObjectStub<TestUserDurableObject>): Promise<void> {
  expect(await runTaskNow(stub, "monitoring")).toBe(true);
}

/** The alerts a user is told about (a quiet step down is stored and pushed, but not notified). */
const alerts = (client: TestSocket): RiskAlertPayload[] =>
  client.received.flatMap((m) => (m.type === "risk_alert" && !m.payload.quiet ? [m.payload] : []));
const quietSteps = (client: TestSocket): RiskAlertPayload[] =>
  client.received.flatMap((m) => (m.type === "risk_alert" && m.payload.quiet ? [m.payload] : []));

/**
 * The seeded borrower signed in with an alert threshold, and the WETH price that puts its health factor at a
 * target (HF moves in proportion to the WETH price).
 */
async function borrowerAt(threshold: number) {
  const session = await seededSession(anvilAccount(BORROWER));
  const stub = env.USER.getByName(session.user.id);
  await call("/me/settings", { method: "PUT", token: session.token, json: { alertThreshold: threshold } });
  const start = (await (await call("/portfolios", { token: session.token })).json()) as Portfolio;
  const hf0 = start.healthFactor!;
  const weth0 = start.aave[0]!.supplies.find((s) => s.symbol === "WETH")!.priceUsd;
  return { session, stub, start, weth0, hfAt: (target: number) => (weth0 * target) / hf0 };
}

describe("alerts that escalate (devnet)", () => {
  it("1.05 → 0.95 → a real liquidation: warning, liquidatable, liquidated, each once; then recovered once", async () => {
    const { session, stub, start, weth0, hfAt } = await borrowerAt(1.2);

    const client = await openSocket(session.token, { client: "test" });
    await tick(stub); // clears whatever an earlier file left open, and starts the liquidation watch at the head
    expect((await stub.monitoringStatus()).openAlert).toBeNull();
    client.received.splice(0, client.received.length);

    // Below the threshold: one warning over several ticks.
    await setWethPrice(hfAt(1.05));
    for (let i = 0; i < 3; i++) await tick(stub);
    await expect.poll(() => alerts(client).length).toBe(1);
    expect(alerts(client)[0]).toMatchObject({
      state: "raised",
      severity: "warning",
      reason: "health_factor",
    });
    // How far liquidation is, in the words of Aave's risk details (WETH ≈ 5 % above its liquidation price).
    const warning = alerts(client)[0]!.message;
    const fall = warning.match(/WETH would have to fall (\d+\.\d) % \(to \$[\d,]+\.\d\d\) for liquidation/);
    expect(fall, warning).not.toBeNull();
    expect(Number(fall![1])).toBeGreaterThanOrEqual(4);
    expect(Number(fall![1])).toBeLessThanOrEqual(6);
    expect(warning).not.toMatch(/σ|% chance/);

    // Further down, under 1: the open alert escalates, once, in words (never "1.00" for 0.95).
    await setWethPrice(hfAt(0.95));
    for (let i = 0; i < 3; i++) await tick(stub);
    await expect.poll(() => alerts(client).length).toBe(2);
    const liquidatable = alerts(client)[1]!;
    expect(liquidatable).toMatchObject({ state: "raised", severity: "liquidatable", chainId: 31337 });
    expect(liquidatable.healthFactor).toBeCloseTo(0.95, 2);
    expect(liquidatable.message).toContain("can be liquidated now");
    expect(liquidatable.observedAt).toBeGreaterThan(0);

    // A real liquidationCall on the Pool: told once, with what was seized and repaid, and the positions re-read.
    const result = await liquidate(devnetSession(rpcUrl, devnetDeployment), devnetAccounts.borrower);
    for (let i = 0; i < 3; i++) await tick(stub);
    await expect.poll(() => alerts(client).length).toBe(3);
    const liquidated = alerts(client)[2]!;
    expect(liquidated).toMatchObject({ state: "raised", severity: "liquidated", chainId: 31337 });
    const { liquidation } = liquidated;
    expect(liquidation).toBeDefined();
    expect(liquidation!.debtRepaid).toMatchObject({
      symbol: "DAI",
      amount: formatUnits(result.debtToCover, 18),
    });
    expect(liquidation!.collateralSeized).toMatchObject({
      symbol: "WETH",
      amount: formatUnits(result.collateralReceived, 18),
    });
    const seizedUsd = Number(formatUnits(result.collateralReceived, 18)) * hfAt(0.95);
    expect(liquidation!.collateralSeized.usd).toBeCloseTo(seizedUsd, 0);
    expect(liquidation!.bonusUsd).toBeGreaterThan(0);
    expect(liquidation!.bonusUsd).toBeCloseTo(
      liquidation!.collateralSeized.usd! - liquidation!.debtRepaid.usd!,
      6,
    );
    const hfAfter = Number(result.healthFactorAfter) / 1e18;
    expect(liquidated.healthFactor).toBeCloseTo(hfAfter, 2);
    expect(liquidated.message).toMatch(
      /^Liquidated: [\d.,]+ WETH \(\$[\d,.]+\) was seized to repay [\d.,]+ DAI/,
    );
    expect(liquidated.message).toContain("the liquidation bonus cost you $");
    // The popup's next read shows the position after the liquidation, not the cached one before it.
    const after = (await (await call("/portfolios", { token: session.token })).json()) as Portfolio;
    expect(after.healthFactor).toBeCloseTo(hfAfter, 2);
    expect(after.totals.debtUsd).toBeLessThan(start.totals.debtUsd * 0.6);

    // Back to the starting price: recovered, once; no repeat of any step.
    await setWethPrice(weth0);
    for (let i = 0; i < 3; i++) await tick(stub);
    await expect.poll(() => alerts(client).length).toBe(4);
    expect(alerts(client).map((a) => (a.state === "cleared" ? a.state : a.severity))).toEqual([
      "warning",
      "liquidatable",
      "liquidated",
      "cleared",
    ]);
    expect(alerts(client)[3]!.message).toMatch(/^Recovered/);
    expect((await stub.monitoringStatus()).openAlert).toBeNull();
    client.socket.close(1000, "done");
  });
  it("liquidatable, then back above 1 but under the threshold: one quiet step down, nothing notified", async () => {
    const { session, stub, weth0, hfAt } = await borrowerAt(1.2);
    const client = await openSocket(session.token, { client: "test" });
    await tick(stub);
    client.received.splice(0, client.received.length);

    await setWethPrice(hfAt(0.95));
    await tick(stub);
    await expect.poll(() => alerts(client).length).toBe(1);
    expect(alerts(client)[0]).toMatchObject({ state: "raised", severity: "liquidatable" });

    // Back to HF 1.10: better, not over. The open alert steps down silently, and says so in the outbox.
    await setWethPrice(hfAt(1.1));
    for (let i = 0; i < 3; i++) await tick(stub);
    await expect.poll(() => quietSteps(client).length).toBe(1);
    expect(quietSteps(client)[0]).toMatchObject({
      state: "raised",
      severity: "warning",
      reason: "health_factor",
    });
    expect(quietSteps(client)[0]!.healthFactor).toBeCloseTo(1.1, 2);
    expect(quietSteps(client)[0]!.message).toMatch(/below your alert threshold 1\.20/);
    expect(alerts(client)).toHaveLength(1);
    expect((await stub.monitoringStatus()).openAlert).toMatchObject({ severity: "warning" });

    // Under 1 again: told again (re-armed), and the recovery clears it once.
    await setWethPrice(hfAt(0.95));
    await tick(stub);
    await expect.poll(() => alerts(client).length).toBe(2);
    expect(alerts(client)[1]).toMatchObject({ state: "raised", severity: "liquidatable" });
    await setWethPrice(weth0);
    await tick(stub);
    await expect.poll(() => alerts(client).length).toBe(3);
    expect(alerts(client)[2]).toMatchObject({ state: "cleared" });
    expect(quietSteps(client)).toHaveLength(1);
    client.socket.close(1000, "done");
  });
});
