import { type Address, bytesToHex, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** anvil's well-known test mnemonic: public knowledge, funds only ever exist on local devnets. */
export const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

/** Named devnet roles and the anvil account index each one uses. */
export const ACCOUNT_INDEX = {
  deployer: 0,
  supplier: 1,
  borrower: 2,
  nearLiquidation: 3,
  restaker: 4,
  whale: 5,
  liquidator: 6,
  stableBorrower: 7,
} as const;

export type AccountName = keyof typeof ACCOUNT_INDEX;
export const ACCOUNT_NAMES = Object.keys(ACCOUNT_INDEX) as AccountName[];

export interface DevnetAccount {
  name: AccountName;
  address: Address;
  privateKey: Hex;
}

function derive(name: AccountName): DevnetAccount {
  const account = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: ACCOUNT_INDEX[name] });
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error(`no private key derived for ${name}`);
  return { name, address: account.address, privateKey: bytesToHex(key) };
}

/** The named accounts with their private keys, for tests and CLI commands that sign (devnet only). */
export const devnetAccounts: Record<AccountName, DevnetAccount> = Object.fromEntries(
  ACCOUNT_NAMES.map((name) => [name, derive(name)]),
) as Record<AccountName, DevnetAccount>;

export function devnetAccount(name: string): DevnetAccount {
  if (!(name in devnetAccounts)) {
    throw new Error(`unknown account "${name}" (devnet accounts: ${ACCOUNT_NAMES.join(", ")})`);
  }
  return devnetAccounts[name as AccountName];
}
