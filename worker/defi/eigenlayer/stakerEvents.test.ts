import {
  type AbiEvent,
  type Address,
  encodeAbiParameters,
  getAddress,
  type Hex,
  toEventSelector,
} from "viem";
import { describe, expect, it } from "vitest";
import type { RawLog } from "../../chain/rawLog";
import { stakerEventsAbi, stakerEventTopics, stakersNamed } from "./stakerEvents";

const STRATEGY_MANAGER: Address = "0x858646372CC42E1A627fcE94aa7A7033e7CF075A";
const DELEGATION_MANAGER: Address = "0x39053D51B77DC0d36036Fc1fCc8Cb819df8Ef37A";
const OTHER: Address = "0x3333333333333333333333333333333333333333";
const STRATEGY: Address = "0x93c4b944D05dfe6df7645A86cd2206016c51564D";
const TOKEN: Address = "0xae7ab96520DE3A18E5e111B5EaAb095312D7fE84";
const ALICE = getAddress("0xa11ce00000000000000000000000000000000001");
const BOB = getAddress("0xb0b0000000000000000000000000000000000002");
const CAROL = getAddress("0xca401000000000000000000000000000000000c3");

const events = stakerEventsAbi.filter((item) => item.type === "event") as readonly AbiEvent[];
/** The event by its canonical signature (tuples spelled out, as in the selector). */
const canonical = (
  type: string,
  components?: readonly { type: string; components?: readonly unknown[] }[],
): string =>
  type.startsWith("tuple")
    ? `(${(components ?? []).map((c) => canonical(c.type, c.components as never)).join(",")})${type.slice(5)}`
    : type;
const event = (signature: string) => {
  const found = events.find(
    (e) =>
      `${e.name}(${e.inputs.map((i) => canonical(i.type, "components" in i ? i.components : undefined)).join(",")})` ===
      signature,
  );
  if (!found) throw new Error(`no event ${signature}`);
  return found;
};

/** A log of `signature` from `address` (nothing is indexed in these events: every argument is data). */
function log(address: Address, signature: string, values: readonly unknown[]): RawLog {
  const abiEvent = event(signature);
  return {
    address,
    topics: [toEventSelector(abiEvent)],
    data: encodeAbiParameters(abiEvent.inputs, values),
  };
}

const withdrawal = (staker: Address) => ({
  staker,
  delegatedTo: OTHER,
  withdrawer: staker,
  nonce: 3n,
  startBlock: 21_000_000,
  strategies: [STRATEGY],
  shares: [10n ** 18n],
});
const ROOT: Hex = `0x${"ab".repeat(32)}`;

describe("stakersNamed: whose EigenLayer deposit shares a block's events change", () => {
  const eigenLayer = {
    strategyManager: STRATEGY_MANAGER,
    delegationManager: DELEGATION_MANAGER,
    strategies: [],
  };

  it("reads the staker of a Deposit (current and M2 form) and of a queued withdrawal (current and M2 form)", () => {
    const logs = [
      log(STRATEGY_MANAGER, "Deposit(address,address,uint256)", [ALICE, STRATEGY, 5n]),
      log(STRATEGY_MANAGER, "Deposit(address,address,address,uint256)", [BOB, TOKEN, STRATEGY, 5n]),
      log(
        DELEGATION_MANAGER,
        "SlashingWithdrawalQueued(bytes32,(address,address,address,uint256,uint32,address[],uint256[]),uint256[])",
        [ROOT, withdrawal(CAROL), [10n ** 18n]],
      ),
      log(
        DELEGATION_MANAGER,
        "WithdrawalQueued(bytes32,(address,address,address,uint256,uint32,address[],uint256[]))",
        [ROOT, withdrawal(ALICE)],
      ),
    ];
    expect(stakersNamed(logs, eigenLayer).sort()).toEqual([ALICE, BOB, CAROL].sort());
    // The read asks for exactly these four events.
    expect(new Set(stakerEventTopics)).toEqual(new Set(logs.map((l) => l.topics[0])));
  });

  it("names nobody for the same events from another contract, or a withdrawal where no DelegationManager is known", () => {
    const deposit = log(OTHER, "Deposit(address,address,uint256)", [ALICE, STRATEGY, 5n]);
    const queued = log(
      DELEGATION_MANAGER,
      "SlashingWithdrawalQueued(bytes32,(address,address,address,uint256,uint32,address[],uint256[]),uint256[])",
      [ROOT, withdrawal(BOB), [1n]],
    );
    expect(stakersNamed([deposit, queued], { strategyManager: STRATEGY_MANAGER, strategies: [] })).toEqual(
      [],
    );
    // A Deposit emitted by the DelegationManager is not a deposit either.
    const misplaced = log(DELEGATION_MANAGER, "Deposit(address,address,uint256)", [CAROL, STRATEGY, 5n]);
    expect(stakersNamed([misplaced], eigenLayer)).toEqual([]);
  });

  it("skips a log whose data does not decode as its event", () => {
    const broken: RawLog = {
      ...log(STRATEGY_MANAGER, "Deposit(address,address,uint256)", [ALICE, STRATEGY, 5n]),
      data: "0x01",
    };
    expect(stakersNamed([broken], eigenLayer)).toEqual([]);
  });
});
