import { describe, expect, it } from "vitest";
import type { TransactionStep } from "../../../shared/schemas/transactions";
import type { Eip1193Provider } from "./eip1193";
import { sendSteps, walletAccount } from "./sendSteps";

const FROM = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const step = (to: `0x${string}`, gas?: string): TransactionStep => ({
  chainId: 31337,
  to,
  data: "0x095ea7b3",
  value: "0",
  description: "step",
  ...(gas ? { gas } : {}),
});
const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

/** A wallet that records requests (`sameHash`: answers every send with one hash). */
function fakeWallet(
  opts: { chainId?: string; reject?: boolean; accounts?: string[]; sameHash?: boolean } = {},
) {
  const log: string[] = [];
  let sent = 0;
  let chainId = opts.chainId ?? "0x7a69";
  const provider: Eip1193Provider = {
    async request({ method, params }) {
      log.push(method);
      if (method === "eth_chainId") return chainId;
      if (method === "wallet_switchEthereumChain") {
        chainId = (params as [{ chainId: string }])[0].chainId;
        return null;
      }
      if (method === "eth_requestAccounts") return opts.accounts ?? [FROM.toLowerCase()];
      if (method === "eth_sendTransaction") {
        if (opts.reject) throw Object.assign(new Error("User denied"), { code: 4001 });
        const tx = (params as [Record<string, string>])[0];
        log.push(`send ${tx.from} ${tx.to} value=${tx.value} gas=${tx.gas ?? "-"} chain=${tx.chainId}`);
        return opts.sameHash ? hash(1) : hash(++sent);
      }
      throw new Error(`unexpected ${method}`);
    },
  };
  return {
    provider,
    log,
    /** The user switches the wallet's network by hand. */
    switchTo: (id: string) => {
      chainId = id;
    },
  };
}

/** Records which hashes were checked on chain, in the wallet's log order. */
const onChain =
  (log: string[], refuse?: number) => async (_step: TransactionStep, index: number, h: string) => {
    log.push(`confirm ${index} ${h}`);
    if (index === refuse) throw new Error("not that step");
  };

describe("sending a proposal's steps through the wallet", () => {
  it("sends each step from the account, waits for each to be confirmed on chain, returns hashes in order", async () => {
    const { provider, log } = fakeWallet();
    const progress: Array<[number, string | null]> = [];
    const hashes = await sendSteps(
      provider,
      FROM,
      [
        step("0x1111111111111111111111111111111111111111", "60048"),
        step("0x2222222222222222222222222222222222222222"),
      ],
      (index, h) => progress.push([index, h]),
      onChain(log),
    );
    expect(hashes).toEqual([hash(1), hash(2)]);
    expect(log).toEqual([
      "eth_chainId",
      "eth_sendTransaction",
      `send ${FROM} 0x1111111111111111111111111111111111111111 value=0x0 gas=0xea90 chain=0x7a69`,
      `confirm 0 ${hash(1)}`,
      "eth_chainId",
      "eth_sendTransaction",
      `send ${FROM} 0x2222222222222222222222222222222222222222 value=0x0 gas=- chain=0x7a69`,
      `confirm 1 ${hash(2)}`,
    ]);
    expect(progress).toEqual([
      [0, null],
      [0, hash(1)],
      [1, null],
      [1, hash(2)],
    ]);
  });

  it("after a decline, resumes from the first unsent step: earlier hashes are checked on chain, not sent again", async () => {
    const { provider, log } = fakeWallet();
    const steps = [
      step("0x1111111111111111111111111111111111111111"),
      step("0x2222222222222222222222222222222222222222"),
    ];
    const earlier = hash(0xabc).toUpperCase().replace("0X", "0x") as `0x${string}`;
    const hashes = await sendSteps(provider, FROM, steps, () => {}, onChain(log), [earlier]);
    expect(hashes).toEqual([hash(0xabc), hash(1)]);
    expect(log).toEqual([
      `confirm 0 ${hash(0xabc)}`,
      "eth_chainId",
      "eth_sendTransaction",
      `send ${FROM} 0x2222222222222222222222222222222222222222 value=0x0 gas=- chain=0x7a69`,
      `confirm 1 ${hash(1)}`,
    ]);
    // An earlier hash the chain does not back stops before the wallet is asked for anything.
    const refused = fakeWallet();
    await expect(
      sendSteps(refused.provider, FROM, steps, () => {}, onChain(refused.log, 0), [earlier]),
    ).rejects.toThrow("not that step");
    expect(refused.log).toEqual([`confirm 0 ${hash(0xabc)}`]);
  });

  it("puts a wallet on another chain on the step's chain before sending, instead of refusing", async () => {
    const { provider, log } = fakeWallet({ chainId: "0x1" });
    const hashes = await sendSteps(provider, FROM, [step(FROM)], () => {}, onChain(log));
    expect(hashes).toEqual([hash(1)]);
    expect(log.slice(0, 3)).toEqual(["eth_chainId", "wallet_switchEthereumChain", "eth_chainId"]);
    expect(log[3]).toBe("eth_sendTransaction");
  });

  it("asks the wallet's chain again before every step: a switch by hand while a step was mined is undone first", async () => {
    const wallet = fakeWallet();
    const steps = [
      step("0x1111111111111111111111111111111111111111"),
      step("0x2222222222222222222222222222222222222222"),
    ];
    // The user moves the wallet to mainnet while the first step (an approval) is being confirmed.
    const confirm = async (s: TransactionStep, index: number, h: string) => {
      await onChain(wallet.log)(s, index, h);
      if (index === 0) wallet.switchTo("0x1");
    };
    await sendSteps(wallet.provider, FROM, steps, () => {}, confirm);
    expect(wallet.log.slice(4)).toEqual([
      "eth_chainId",
      "wallet_switchEthereumChain",
      "eth_chainId",
      "eth_sendTransaction",
      `send ${FROM} 0x2222222222222222222222222222222222222222 value=0x0 gas=- chain=0x7a69`,
      `confirm 1 ${hash(2)}`,
    ]);
  });

  it("turns the wallet's 4001 into a clear rejection", async () => {
    const { provider, log } = fakeWallet({ reject: true });
    await expect(sendSteps(provider, FROM, [step(FROM)], () => {}, onChain(log))).rejects.toMatchObject({
      code: "rejected",
      message: "You declined the transaction in the wallet.",
    });
  });

  it("stops at a hash the chain check refuses, and at one hash given for two steps", async () => {
    const steps = [step(FROM), step(FROM)];
    const refused = fakeWallet();
    await expect(sendSteps(refused.provider, FROM, steps, () => {}, onChain(refused.log, 0))).rejects.toThrow(
      "not that step",
    );
    expect(refused.log.filter((line) => line === "eth_sendTransaction")).toHaveLength(1);
    const repeated = fakeWallet({ sameHash: true });
    await expect(
      sendSteps(repeated.provider, FROM, steps, () => {}, onChain(repeated.log)),
    ).rejects.toMatchObject({ code: "bad_answer" });
    expect(repeated.log.filter((line) => line.startsWith("confirm"))).toEqual([`confirm 0 ${hash(1)}`]);
  });

  it("insists on the signed-in account", async () => {
    const other = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    await expect(walletAccount(fakeWallet().provider, FROM)).resolves.toBe(FROM);
    await expect(walletAccount(fakeWallet({ accounts: [other] }).provider, FROM)).rejects.toMatchObject({
      code: "no_account",
    });
  });
});
