import type { VigilError } from "../../errors";

export interface ErrorLogContext {
  requestId: string | undefined;
  userId: string | undefined;
  method: string;
  route: string;
  path: string;
}

interface CauseLink {
  name: string;
  message: string;
}

/** Every link of the cause chain, bounded, without stack traces (they go to the runtime's own exception log). */
export function causeChain(error: unknown): CauseLink[] {
  const chain: CauseLink[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8) {
    if (current instanceof Error) {
      const short = (current as { shortMessage?: unknown }).shortMessage;
      chain.push({ name: current.name, message: typeof short === "string" ? short : current.message });
      current = current.cause;
    } else {
      chain.push({ name: typeof current, message: String(current) });
      current = undefined;
    }
  }
  return chain;
}

/** One structured JSON line per error (Workers Logs / `wrangler tail` index the fields). */
export function logError(error: VigilError, context: ErrorLogContext): void {
  const line = {
    level: error.status >= 500 ? "error" : "warn",
    msg: error.shortMessage,
    code: error.code,
    status: error.status,
    ...context,
    details: error.details,
    cause: causeChain(error),
  };
  if (error.status >= 500) console.error(JSON.stringify(line));
  else console.warn(JSON.stringify(line));
}
