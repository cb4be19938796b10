import { z } from "zod";

/** Every error the API returns, by code. The HTTP status is fixed per code (see ERROR_STATUS). */
export const errorCodeSchema = z.enum([
  "validation_failed",
  "malformed_json",
  "payload_too_large",
  "unsupported_media_type",
  "bad_request",
  "unauthorized",
  "forbidden",
  "tier_limit",
  "not_found",
  "conflict",
  "unprocessable",
  "rate_limited",
  "upstream_error",
  "upstream_unavailable",
  "internal",
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  tier_limit: 402,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  upstream_error: 502,
  upstream_unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorCode, number>;

/** One wrong input field: where (dotted path into the body/query/params) and what is wrong with it. */
export const fieldErrorSchema = z.object({
  location: z.enum(["body", "query", "params", "header"]),
  path: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** Known keys are typed; others may appear (e.g. the tier and limit of a tier_limit error). */
export const errorDetailsSchema = z
  .object({
    fields: z.array(fieldErrorSchema).optional(),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
    reason: z.string().optional(),
    requestId: z.string().optional(),
  })
  .catchall(z.unknown());
export type ErrorDetails = z.infer<typeof errorDetailsSchema>;

export const errorBodySchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string(),
      details: errorDetailsSchema.optional(),
    }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof errorBodySchema>;
