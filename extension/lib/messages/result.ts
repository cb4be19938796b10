import { z } from "zod";

/** Every answer between extension parts is either data or one error shape (mirrors the API's error body). */
export const messageErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  /** The API's per-field validation messages (400 validation_failed), shown next to the form's fields. */
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type MessageError = z.infer<typeof messageErrorSchema>;

export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: messageErrorSchema }),
  ]);
}
