/** Thrown for bad command-line input; the CLIs print its message and exit with status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** YYYY-MM-DD (UTC midnight) → unix seconds. */
export function parseDay(value: string, flag: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UsageError(`${flag} must be a date as YYYY-MM-DD, got "${value}"`);
  }
  return Date.parse(`${value}T00:00:00Z`) / 1000;
}

export function parseHorizon(value: string): 24 | 168 {
  if (value === "24h") return 24;
  if (value === "7d") return 168;
  throw new UsageError(`--horizon must be 24h or 7d, got "${value}"`);
}

export function parseIntArg(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a non-negative integer, got "${value}"`);
  return Number(value);
}
