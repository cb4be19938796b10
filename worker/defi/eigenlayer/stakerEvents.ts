import { type Address, getAddress, type Hex, parseAbi, parseEventLogs, toEventSelector } from "viem";
import type { EigenLayerAddresses } from "../../../shared/chains/types";
import { asViemLog, type RawLog } from "../../chain/rawLog";

/**
 * The events through which a staker's deposit shares change: the StrategyManager's `Deposit` (a deposit, and
 * shares coming back from a withdrawal completed as shares), in its current form and in the M2 form that also
 * named the token, and the DelegationManager's withdrawal queued (the shares leave), current and M2. None of
 * them indexes the staker, so one `eth_getLogs` by emitter and topic0 fetches them and the staker is decoded.
 */
export const stakerEventsAbi = parseAbi([
  "event Deposit(address staker, address strategy, uint256 shares)",
  "event Deposit(address staker, address token, address strategy, uint256 shares)",
  "struct Withdrawal { address staker; address delegatedTo; address withdrawer; uint256 nonce; uint32 startBlock; address[] strategies; uint256[] shares; }",
  "event SlashingWithdrawalQueued(bytes32 withdrawalRoot, Withdrawal withdrawal, uint256[] sharesToWithdraw)",
  "event WithdrawalQueued(bytes32 withdrawalRoot, Withdrawal withdrawal)",
]);

/** topic0 of each event above. */
export const stakerEventTopics: Hex[] = stakerEventsAbi
  .filter((item) => item.type === "event")
  .map((event) => toEventSelector(event));

/** The EigenLayer contracts whose events name stakers (the DelegationManager only where configured). */
export function stakerLogAddresses(eigenLayer: EigenLayerAddresses): Address[] {
  return eigenLayer.delegationManager
    ? [eigenLayer.strategyManager, eigenLayer.delegationManager]
    : [eigenLayer.strategyManager];
}

/**
 * The stakers whose deposit shares a batch of logs changed (checksummed, deduplicated). A `Deposit` counts only
 * from the StrategyManager, a queued withdrawal only from the DelegationManager: the same event from any other
 * contract names nobody.
 */
export function stakersNamed(logs: readonly RawLog[], eigenLayer: EigenLayerAddresses): Address[] {
  const strategyManager = eigenLayer.strategyManager.toLowerCase();
  const delegationManager = eigenLayer.delegationManager?.toLowerCase();
  const named = new Set<Address>();
  const parsed = parseEventLogs({
    abi: stakerEventsAbi,
    logs: logs.map(asViemLog),
    strict: true,
  });
  for (const log of parsed) {
    const emitter = log.address.toLowerCase();
    if (log.eventName === "Deposit") {
      if (emitter === strategyManager) named.add(getAddress(log.args.staker));
    } else if (delegationManager !== undefined && emitter === delegationManager) {
      named.add(getAddress(log.args.withdrawal.staker));
    }
  }
  return [...named];
}
