import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../appEnv";
import { PayloadTooLargeError, respondWithError } from "../errors";

/** Every JSON body the API accepts fits easily; anything bigger is refused before it is parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) =>
    respondWithError(
      c as Parameters<typeof respondWithError>[0],
      new PayloadTooLargeError(`The request body is larger than ${MAX_BODY_BYTES} bytes.`, {
        data: { maxBytes: MAX_BODY_BYTES },
      }),
    ),
});

export type { AppEnv };
