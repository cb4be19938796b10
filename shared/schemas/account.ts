import { z } from "zod";
import { userSchema } from "./auth";
import { isoDateTimeSchema } from "./common";
import { subscriptionSchema } from "./subscriptions";

/** A stored value as it leaves the user's database: SQLite holds text, numbers and nulls (JSON columns as text). */
const storedValueSchema = z.union([z.string(), z.number(), z.null()]);

/** `GET /me/export`: everything Vigil holds about the signed-in user, as JSON. */
export const accountExportSchema = z
  .object({
    exportedAt: isoDateTimeSchema,
    user: userSchema,
    subscription: subscriptionSchema,
    sessions: z.array(
      z.object({
        id: z.string(),
        createdAt: isoDateTimeSchema,
        expiresAt: isoDateTimeSchema,
        revokedAt: isoDateTimeSchema.nullable(),
        revokedReason: z.string().nullable(),
      }),
    ),
    /** The user's own database (rules, proposals, positions, history, settings, messages…), table by table. */
    tables: z.record(z.string(), z.array(z.record(z.string(), storedValueSchema))),
  })
  .meta({ id: "AccountExport" });
export type AccountExport = z.infer<typeof accountExportSchema>;
export type StoredTables = AccountExport["tables"];
