import { z } from "zod";
import { addressSchema } from "../../../shared/schemas/common";

/** Lines per registration: the alert's four (1, the threshold, their hysteresis marks) and the rules' own. */
export const WAKE_LINES_MAX = 16;

/**
 * What a user object tells its chain's market object so that it is woken only when needed: the wallet whose
 * Pool events wake it, and, per asset, what its health factor is made of (token units; collateral already
 * weighted by its liquidation threshold, 0 when not used as collateral), with the health-factor lines at which
 * something happens to it (its alert threshold, 1, their hysteresis marks, and its rules' health-factor triggers). Crosses a Durable Object RPC
 * boundary: parsed on arrival.
 */
export const wakeRegistrationSchema = z.object({
  address: addressSchema,
  exposure: z
    .array(
      z.object({
        asset: addressSchema,
        collateral: z.number().finite().nonnegative(),
        debt: z.number().finite().nonnegative(),
      }),
    )
    .max(64),
  lines: z.array(z.number().finite().positive()).max(WAKE_LINES_MAX),
  /** Prices of an asset, in USD, at which a rule of the user's fires (price_below / price_above triggers). */
  priceLevels: z
    .array(z.object({ asset: addressSchema, usd: z.number().finite().positive() }))
    .max(WAKE_LINES_MAX)
    .optional(),
});
export type WakeRegistration = z.infer<typeof wakeRegistrationSchema>;

/** Oracle prices by asset (lower-case address), in USD as numbers. */
export type Prices = ReadonlyMap<string, number>;

/**
 * One watched user. Flat arrays, not Maps: a market object holds one per watched user, and its memory (128 MB per
 * object) is what bounds how many one object can watch (docs/scaling.md, `npm run bench -- --only capacity`).
 */
interface Entry {
  id: string;
  version: number;
  address: string;
  /** Lower-case (interned) assets; at the same index, collateral × LT and debt, in token units. */
  assets: string[];
  collateral: number[];
  debt: number[];
  lines: number[];
  /** Per asset, the USD prices at which the user's rules fire, whatever the other prices; null: none. */
  priceLevels: { asset: string; levels: number[] }[] | null;
}

interface Level {
  price: number;
  id: string;
  version: number;
}

/** The health factor at `prices`, or null with no debt (or a price missing: nothing to say). */
export function healthFactorAt(
  exposure: ReadonlyMap<string, [number, number]>,
  prices: Prices,
): number | null {
  let collateral = 0;
  let debt = 0;
  for (const [asset, [c, d]] of exposure) {
    const price = prices.get(asset);
    if (price === undefined) return null;
    collateral += c * price;
    debt += d * price;
  }
  return debt > 0 ? collateral / debt : null;
}

/** healthFactorAt for an index entry. */
function entryHealthFactor(entry: Entry, prices: Prices): number | null {
  let collateral = 0;
  let debt = 0;
  for (let i = 0; i < entry.assets.length; i++) {
    const price = prices.get(entry.assets[i] as string);
    if (price === undefined) return null;
    collateral += (entry.collateral[i] as number) * price;
    debt += (entry.debt[i] as number) * price;
  }
  return debt > 0 ? collateral / debt : null;
}

const crossed = (
  before: number | null | undefined,
  after: number | null | undefined,
  lines: readonly number[],
) =>
  before !== null &&
  before !== undefined &&
  after !== null &&
  after !== undefined &&
  before !== after &&
  lines.some((line) => (before - line) * (after - line) <= 0);

/**
 * Per chain, the watched users indexed by the prices at which something happens to them. For each user, asset
 * and line, the level is the asset's price at which the user's health factor reaches the line with every other
 * price as it is (HF = (C + c·p)/(D + d·p) is monotonic in p, so a move of that one asset crosses the line
 * exactly when it passes the level). Levels are kept sorted per asset, so a block that moved one asset finds the
 * users to wake by two binary searches: O(log N + woken), not O(N).
 *
 * Levels hold while the other prices are those they were computed at (the reference). A block that moves a
 * second asset away from the reference is checked exactly instead, user by user (only those exposed to a moved
 * asset), and the levels are recomputed at the new prices before the next lookup.
 */
export class WakeIndex {
  private readonly entries = new Map<string, Entry>();
  /** Wallet → its watcher, or watchers when several user objects watch it (rare: a Set only then). */
  private readonly byAddress = new Map<string, string | Set<string>>();
  /** One string per asset for all entries (an asset address is shared by most users). */
  private readonly assetNames = new Map<string, string>();
  private versions = 0;
  /** Per asset, levels sorted by price; entries of a replaced or removed registration are skipped, then dropped. */
  private levels = new Map<string, Level[]>();
  private staleLevels = 0;
  private reference: Map<string, number> | null = null;
  private dirty = true;

  get size(): number {
    return this.entries.size;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The watchers of a wallet (several user objects may watch the same one). */
  idsFor(address: string): string[] {
    const ids = this.byAddress.get(address.toLowerCase());
    if (ids === undefined) return [];
    return typeof ids === "string" ? [ids] : [...ids];
  }

  set(id: string, registration: WakeRegistration): void {
    this.remove(id);
    const entry: Entry = {
      id,
      version: ++this.versions,
      address: registration.address.toLowerCase(),
      assets: [],
      collateral: [],
      debt: [],
      lines: [...registration.lines],
      priceLevels: null,
    };
    for (const { asset, usd } of registration.priceLevels ?? []) {
      const key = this.assetName(asset);
      entry.priceLevels ??= [];
      const known = entry.priceLevels.find((p) => p.asset === key);
      if (known) known.levels.push(usd);
      else entry.priceLevels.push({ asset: key, levels: [usd] });
    }
    for (const { asset, collateral, debt } of registration.exposure) {
      const key = this.assetName(asset);
      const at = entry.assets.indexOf(key);
      if (at >= 0) {
        entry.collateral[at] = (entry.collateral[at] as number) + collateral;
        entry.debt[at] = (entry.debt[at] as number) + debt;
      } else {
        entry.assets.push(key);
        entry.collateral.push(collateral);
        entry.debt.push(debt);
      }
    }
    this.entries.set(id, entry);
    const ids = this.byAddress.get(entry.address);
    if (ids === undefined) this.byAddress.set(entry.address, id);
    else if (typeof ids === "string") this.byAddress.set(entry.address, new Set([ids, id]));
    else ids.add(id);
    if (!this.dirty && this.reference) this.insertLevels(entry, this.reference);
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    const ids = this.byAddress.get(entry.address);
    if (ids === id) this.byAddress.delete(entry.address);
    else if (typeof ids === "object") {
      ids.delete(id);
      const [last] = ids;
      if (ids.size === 1 && last !== undefined) this.byAddress.set(entry.address, last);
    }
    this.staleLevels += entry.assets.length * entry.lines.length;
    for (const { levels } of entry.priceLevels ?? []) this.staleLevels += levels.length;
  }

  private assetName(asset: string): string {
    const key = asset.toLowerCase();
    const known = this.assetNames.get(key);
    if (known !== undefined) return known;
    this.assetNames.set(key, key);
    return key;
  }

  /**
   * The watchers whose health factor crosses one of their lines when prices go from `before` to `after`
   * (both complete: every asset of the market), and how they were found.
   */
  crossedBy(
    before: Prices,
    after: Prices,
  ): { ids: string[]; by: "levels" | "scan" | "none"; examined: number } {
    const moved = [...after.keys()].filter((asset) => before.get(asset) !== after.get(asset));
    if (moved.length === 0) return { ids: [], by: "none", examined: 0 };
    const [only] = moved;
    if (moved.length === 1 && only !== undefined && this.levelsValidFor(only, before)) {
      const result = this.lookup(only, before.get(only), after.get(only));
      return { ...result, by: "levels" };
    }
    const ids: string[] = [];
    let examined = 0;
    const touched = new Set(moved);
    for (const entry of this.entries.values()) {
      const exposed = entry.assets.some((asset) => touched.has(asset));
      const priced = entry.priceLevels?.some(({ asset }) => touched.has(asset)) ?? false;
      if (!exposed && !priced) continue;
      examined++;
      const hfCrossed =
        exposed && crossed(entryHealthFactor(entry, before), entryHealthFactor(entry, after), entry.lines);
      const priceCrossed =
        priced &&
        (entry.priceLevels ?? []).some(({ asset, levels }) =>
          crossed(before.get(asset), after.get(asset), levels),
        );
      if (hfCrossed || priceCrossed) ids.push(entry.id);
    }
    // Levels are recomputed at the new prices before the next lookup.
    this.reference = new Map(after);
    this.dirty = true;
    return { ids, by: "scan", examined };
  }

  /** Levels for `asset` hold when every other asset is at the reference price (or none were built yet). */
  private levelsValidFor(asset: string, prices: Prices): boolean {
    if (this.dirty || !this.reference) {
      this.rebuild(prices);
      return true;
    }
    for (const [other, price] of this.reference)
      if (other !== asset && prices.get(other) !== price) return false;
    return true;
  }

  private lookup(
    asset: string,
    from: number | undefined,
    to: number | undefined,
  ): { ids: string[]; examined: number } {
    const levels = this.levels.get(asset);
    if (!levels || from === undefined || to === undefined) return { ids: [], examined: 0 };
    const low = Math.min(from, to);
    const high = Math.max(from, to);
    const ids = new Set<string>();
    let examined = 0;
    for (let i = lowerBound(levels, low); i < levels.length; i++) {
      const level = levels[i] as Level;
      if (level.price > high) break;
      examined++;
      if (this.entries.get(level.id)?.version === level.version) ids.add(level.id);
    }
    return { ids: [...ids], examined };
  }

  private rebuild(prices: Prices): void {
    this.reference = new Map(prices);
    this.levels = new Map();
    this.staleLevels = 0;
    for (const entry of this.entries.values()) this.insertLevels(entry, this.reference, false);
    for (const list of this.levels.values()) list.sort((a, b) => a.price - b.price);
    this.dirty = false;
  }

  /** Adds an entry's levels; sorted in place unless a rebuild sorts everything at the end. */
  private insertLevels(entry: Entry, prices: Prices, keepSorted = true): void {
    if (keepSorted && this.staleLevels > 1024 && this.staleLevels > this.entries.size) {
      // Mostly superseded levels: cheaper to rebuild than to keep skipping them.
      this.dirty = true;
      return;
    }
    const add = (asset: string, level: number) => {
      let list = this.levels.get(asset);
      if (!list) {
        list = [];
        this.levels.set(asset, list);
      }
      const item = { price: level, id: entry.id, version: entry.version };
      if (keepSorted) list.splice(lowerBound(list, level), 0, item);
      else list.push(item);
    };
    // A rule's price is a level of its own: it holds whatever the other prices are.
    for (const { asset, levels } of entry.priceLevels ?? []) for (const level of levels) add(asset, level);
    let collateral = 0;
    let debt = 0;
    for (let i = 0; i < entry.assets.length; i++) {
      const price = prices.get(entry.assets[i] as string);
      if (price === undefined) return;
      collateral += (entry.collateral[i] as number) * price;
      debt += (entry.debt[i] as number) * price;
    }
    for (let i = 0; i < entry.assets.length; i++) {
      const asset = entry.assets[i] as string;
      const c = entry.collateral[i] as number;
      const d = entry.debt[i] as number;
      const price = prices.get(asset) as number;
      const otherCollateral = collateral - c * price;
      const otherDebt = debt - d * price;
      for (const line of entry.lines) {
        // (otherCollateral + c·p) / (otherDebt + d·p) = line
        const slope = c - line * d;
        if (slope === 0) continue;
        const level = (line * otherDebt - otherCollateral) / slope;
        if (!(level > 0) || !Number.isFinite(level)) continue;
        add(asset, level);
      }
    }
  }
}

function lowerBound(levels: readonly Level[], price: number): number {
  let lo = 0;
  let hi = levels.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((levels[mid] as Level).price < price) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
