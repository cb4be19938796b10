import { type Address, encodeAbiParameters, encodeEventTopics, getAddress, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { positionEventsAbi, type RawLog, walletsNamed } from "./positionEvents";

const POOL: Address = "0x1111111111111111111111111111111111111111";
const A_TOKEN: Address = "0x2222222222222222222222222222222222222222";
const OTHER: Address = "0x3333333333333333333333333333333333333333";
const RESERVE: Address = "0x4444444444444444444444444444444444444444";
const ALICE = getAddress("0xa11ce00000000000000000000000000000000001");
const BOB = getAddress("0xb0b0000000000000000000000000000000000002");
const CAROL = getAddress("0xca401000000000000000000000000000000000c3");

type EventName = (typeof positionEventsAbi)[number]["name"];

function log(address: Address, name: EventName, args: Record<string, unknown>, data: Hex): RawLog {
  const topics = encodeEventTopics({ abi: positionEventsAbi, eventName: name, args } as never) as Hex[];
  return { address, topics, data };
}

const uint = (...values: bigint[]) =>
  encodeAbiParameters(
    values.map(() => ({ type: "uint256" })),
    values,
  );

describe("walletsNamed: who a block's position events name", () => {
  it("takes onBehalfOf for Supply/Borrow, user for Repay/Withdraw/LiquidationCall/collateral/e-mode", () => {
    const logs = [
      // Supply sent by Carol for Alice: Alice's position changes.
      log(
        POOL,
        "Supply",
        { reserve: RESERVE, onBehalfOf: ALICE, referralCode: 0 },
        encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [CAROL, 5n]),
      ),
      log(
        POOL,
        "Borrow",
        { reserve: RESERVE, onBehalfOf: BOB, referralCode: 0 },
        encodeAbiParameters(
          [{ type: "address" }, { type: "uint256" }, { type: "uint8" }, { type: "uint256" }],
          [CAROL, 1n, 2, 3n],
        ),
      ),
      log(POOL, "UserEModeSet", { user: CAROL }, encodeAbiParameters([{ type: "uint8" }], [1])),
    ];
    expect(walletsNamed(logs, POOL, [A_TOKEN]).sort()).toEqual([ALICE, BOB, CAROL].sort());
    expect(walletsNamed(logs.slice(0, 1), POOL, [A_TOKEN])).toEqual([ALICE]);
  });

  it("names both sides of an aToken transfer, never the zero address, and ignores other emitters", () => {
    const zero: Address = "0x0000000000000000000000000000000000000000";
    const logs = [
      log(A_TOKEN, "Transfer", { from: ALICE, to: BOB }, uint(7n)),
      log(A_TOKEN, "Transfer", { from: zero, to: CAROL }, uint(7n)), // a mint
      log(OTHER, "Transfer", { from: OTHER, to: OTHER }, uint(1n)), // some other token
      log(OTHER, "Repay", { reserve: RESERVE, user: OTHER, repayer: OTHER }, uint(1n, 0n)), // not the Pool
    ];
    expect(walletsNamed(logs, POOL, [A_TOKEN]).sort()).toEqual([ALICE, BOB, CAROL].sort());
  });

  it("Repay and LiquidationCall name the borrower, not the repayer or the liquidator", () => {
    const logs = [
      log(POOL, "Repay", { reserve: RESERVE, user: ALICE, repayer: CAROL }, uint(1n, 0n)),
      log(
        POOL,
        "LiquidationCall",
        { collateralAsset: RESERVE, debtAsset: RESERVE, user: BOB },
        encodeAbiParameters(
          [{ type: "uint256" }, { type: "uint256" }, { type: "address" }, { type: "bool" }],
          [1n, 2n, CAROL, false],
        ),
      ),
    ];
    expect(walletsNamed(logs, POOL, [A_TOKEN]).sort()).toEqual([ALICE, BOB].sort());
  });
});
