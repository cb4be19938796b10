import { ApiError } from "../lib/api/apiError";
import {
  type BackgroundRequest,
  type BackgroundRequestOf,
  type BackgroundRequestType,
  type BackgroundResponseOf,
  backgroundRequestSchema,
  contentScriptRequestTypes,
  type MessageError,
} from "../lib/messages";

/** Who sent a message, reduced to what the router decides on. */
export interface MessageOrigin {
  /** The sending extension's id: must be ours (other extensions cannot reach onMessage, but check anyway). */
  extensionId: string | undefined;
  /** The sending document's URL: an extension page has our origin, a content script the page's. */
  url: string | undefined;
  /** Set when the sender is a content script in a tab. */
  tabId: number | undefined;
}

export type MessageHandlers = {
  [T in BackgroundRequestType]: (
    request: BackgroundRequestOf<T>,
    origin: MessageOrigin,
  ) => Promise<BackgroundResponseOf<T>>;
};

export type RouterResult = { ok: true; data: unknown } | { ok: false; error: MessageError };

/** The API's `details.fields` (validation_failed), reduced to what a form shows beside its inputs. */
function fieldErrorsOf(details: unknown): MessageError["fields"] {
  if (typeof details !== "object" || details === null || !("fields" in details)) return undefined;
  const { fields } = details as { fields: unknown };
  if (!Array.isArray(fields)) return undefined;
  return fields.flatMap((field: unknown) => {
    if (typeof field !== "object" || field === null) return [];
    const { path, message } = field as { path?: unknown; message?: unknown };
    return typeof path === "string" && typeof message === "string" ? [{ path, message }] : [];
  });
}

function toMessageError(error: unknown): MessageError {
  if (error instanceof ApiError) {
    const fields = fieldErrorsOf(error.details);
    return { code: error.code, message: error.message, status: error.status, ...(fields ? { fields } : {}) };
  }
  if (error instanceof Error) return { code: "internal", message: error.message };
  return { code: "internal", message: "Something went wrong." };
}

/**
 * Validates a runtime message and hands it to the handler for its type. Anything malformed, from another
 * extension, or a session request from a content script is refused with a clear error instead of acted on.
 */
export function createMessageRouter(
  handlers: MessageHandlers,
  ownExtensionId: string,
  extensionOrigin: string,
) {
  return async (message: unknown, origin: MessageOrigin): Promise<RouterResult> => {
    if (origin.extensionId !== ownExtensionId) {
      return { ok: false, error: { code: "forbidden", message: "Messages are accepted from Vigil only." } };
    }
    const parsed = backgroundRequestSchema.safeParse(message);
    if (!parsed.success) {
      const detail = parsed.error.issues.map(
        (issue) => `${issue.path.join(".") || "message"}: ${issue.message}`,
      );
      return {
        ok: false,
        error: { code: "bad_message", message: `Invalid message (${detail.join("; ")}).` },
      };
    }
    const request: BackgroundRequest = parsed.data;
    const fromExtensionPage = origin.url?.startsWith(extensionOrigin) === true;
    if (!fromExtensionPage && !contentScriptRequestTypes.has(request.type)) {
      return {
        ok: false,
        error: { code: "forbidden", message: `"${request.type}" is for Vigil's own pages only.` },
      };
    }
    try {
      const handler = handlers[request.type] as (r: BackgroundRequest, o: MessageOrigin) => Promise<unknown>;
      return { ok: true, data: await handler(request, origin) };
    } catch (error) {
      return { ok: false, error: toMessageError(error) };
    }
  };
}
