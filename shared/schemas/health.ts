import { z } from "zod";

export const healthResponseSchema = z
  .object({ status: z.literal("ok"), service: z.literal("vigil-worker"), time: z.iso.datetime() })
  .meta({ id: "Health" });
export type HealthResponse = z.infer<typeof healthResponseSchema>;
