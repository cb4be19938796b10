import { type Address, getAddress, type Hex, parseAbi, parseEventLogs, toEventSelector } from "viem";
import { asViemLog, type RawLog } from "../../chain/rawLog";

export type { RawLog };

/**
 * Every event through which an Aave V3 (3.0.x) position changes: the Pool's user actions and the aTokens'
 * transfers (a supply position moves to another wallet without a Pool event). Debt tokens cannot be
 * transferred; their Mint/Burn come with the Pool's Borrow/Repay/LiquidationCall, which are enough.
 */
export const positionEventsAbi = parseAbi([
  "event Supply(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint16 indexed referralCode)",
  "event Withdraw(address indexed reserve, address indexed user, address indexed to, uint256 amount)",
  "event Borrow(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint8 interestRateMode, uint256 borrowRate, uint16 indexed referralCode)",
  "event Repay(address indexed reserve, address indexed user, address indexed repayer, uint256 amount, bool useATokens)",
  "event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)",
  "event ReserveUsedAsCollateralEnabled(address indexed reserve, address indexed user)",
  "event ReserveUsedAsCollateralDisabled(address indexed reserve, address indexed user)",
  "event UserEModeSet(address indexed user, uint8 categoryId)",
  "event SwapBorrowRateMode(address indexed reserve, address indexed user, uint8 interestRateMode)",
  "event RebalanceStableBorrowRate(address indexed reserve, address indexed user)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "event BalanceTransfer(address indexed from, address indexed to, uint256 value, uint256 index)",
]);

const POOL_EVENTS = new Set([
  "Supply",
  "Withdraw",
  "Borrow",
  "Repay",
  "LiquidationCall",
  "ReserveUsedAsCollateralEnabled",
  "ReserveUsedAsCollateralDisabled",
  "UserEModeSet",
  "SwapBorrowRateMode",
  "RebalanceStableBorrowRate",
]);

/** topic0 of every event above: one `eth_getLogs` asks for any of them (an OR in the first topic). */
export const positionEventTopics: Hex[] = positionEventsAbi.map((event) => toEventSelector(event));

/** The addresses one `eth_getLogs` asks: the Pool and every aToken (the topic filter is the events above). */
export function positionLogAddresses(pool: Address, aTokens: readonly Address[]): Address[] {
  return [pool, ...aTokens];
}

const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * The wallets whose positions a batch of logs changed (checksummed, deduplicated). Pool events count only
 * when emitted by the Pool and token transfers only when emitted by one of the aTokens: a token elsewhere
 * emitting a Transfer names nobody. The zero address (mints and burns) is not a wallet.
 */
export function walletsNamed(logs: readonly RawLog[], pool: Address, aTokens: readonly Address[]): Address[] {
  const poolLower = pool.toLowerCase();
  const tokens = new Set(aTokens.map((a) => a.toLowerCase()));
  const named = new Set<Address>();
  const add = (wallet: Address) => {
    if (wallet.toLowerCase() !== ZERO) named.add(getAddress(wallet));
  };
  // strict: a log whose topics or data do not match its event is skipped, not thrown on.
  const parsed = parseEventLogs({ abi: positionEventsAbi, logs: logs.map(asViemLog), strict: true });
  for (const log of parsed) {
    const emitter = log.address.toLowerCase();
    if (POOL_EVENTS.has(log.eventName)) {
      if (emitter !== poolLower) continue;
    } else if (!tokens.has(emitter)) continue;
    switch (log.eventName) {
      case "Supply":
      case "Borrow":
        add(log.args.onBehalfOf);
        break;
      case "Withdraw":
      case "Repay":
      case "LiquidationCall":
      case "ReserveUsedAsCollateralEnabled":
      case "ReserveUsedAsCollateralDisabled":
      case "UserEModeSet":
      case "SwapBorrowRateMode":
      case "RebalanceStableBorrowRate":
        add(log.args.user);
        break;
      case "Transfer":
      case "BalanceTransfer":
        add(log.args.from);
        add(log.args.to);
        break;
    }
  }
  return [...named];
}

/** viem's parser wants the full RPC log shape; only address, topics and data matter for decoding. */
