import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChainTransaction } from "../../../shared/schemas/chainTransaction";
import { send } from "../../test/automation";
import { anvilAccount, call, errorOf, signIn } from "../../test/helpers";

let token = "";
beforeAll(async () => {
  token = (await signIn(privateKeyToAccount(generatePrivateKey()))).token;
});

describe("GET /chains/{chainId}/transactions/{hash}", () => {
  it("returns a mined transaction and its receipt as the API's node sees them", async () => {
    const to = anvilAccount(3).address;
    const hash = await send(4, to, "0x1234");
    const response = await call(`/chains/31337/transactions/${hash}`, { token });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ChainTransaction;
    expect(body).toMatchObject({
      chainId: 31337,
      hash,
      transaction: { chainId: 31337, from: anvilAccount(4).address, to, input: "0x1234", value: "0" },
      receipt: { status: "success" },
    });
    expect(body.transaction?.blockNumber).toBe(body.receipt?.blockNumber);
    expect(body.transaction?.nonce).toBeGreaterThanOrEqual(0);
  });

  it("answers null for a hash the node does not know", async () => {
    const hash = `0x${"ab".repeat(32)}`;
    const response = await call(`/chains/31337/transactions/${hash}`, { token });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ chainId: 31337, hash, transaction: null, receipt: null });
  });

  it("needs a session, a 32-byte hash and a served chain", async () => {
    const hash = `0x${"ab".repeat(32)}`;
    expect((await call(`/chains/31337/transactions/${hash}`)).status).toBe(401);
    const bad = await call("/chains/31337/transactions/0x1234", { token });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe("validation_failed");
    expect((await call(`/chains/1/transactions/${hash}`, { token })).status).toBe(404);
  });
});
