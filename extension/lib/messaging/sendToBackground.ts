import { browser } from "wxt/browser";
import {
  type BackgroundRequestOf,
  type BackgroundRequestType,
  type BackgroundResponseOf,
  backgroundResponseSchemas,
  type MessageError,
  resultSchema,
} from "../messages";

export class BackgroundError extends Error {
  override readonly name = "BackgroundError";
  constructor(readonly error: MessageError) {
    super(error.message);
  }
}

/** Asks the background service worker and validates its answer against the shared schema for that request. */
export async function sendToBackground<T extends BackgroundRequestType>(
  request: BackgroundRequestOf<T>,
): Promise<BackgroundResponseOf<T>> {
  const raw: unknown = await browser.runtime.sendMessage(request);
  const schema = resultSchema(backgroundResponseSchemas[request.type as T]);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new BackgroundError({ code: "bad_response", message: `Unexpected answer to "${request.type}".` });
  }
  if (!parsed.data.ok) throw new BackgroundError(parsed.data.error);
  return parsed.data.data as BackgroundResponseOf<T>;
}
