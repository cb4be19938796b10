import { eq } from "drizzle-orm";
import {
  DEFAULT_USER_SETTINGS,
  type UserSettings,
  userSettingsSchema,
} from "../../../shared/schemas/settings";
import type { UserDb } from "../db";
import { userSettings } from "../tables/settings";

export interface SettingsHost {
  db: UserDb;
  now(): number;
}

const ROW_ID = 1;

/** The user's preferences (table user_settings, one row); defaults until the user saves something. */
export class SettingsCapability {
  constructor(private readonly host: SettingsHost) {}

  get(): UserSettings {
    const row = this.host.db.select().from(userSettings).where(eq(userSettings.id, ROW_ID)).get();
    return row ? { alertThreshold: row.alertThreshold } : DEFAULT_USER_SETTINGS;
  }

  put(settings: UserSettings): UserSettings {
    const valid = userSettingsSchema.parse(settings);
    const values = { alertThreshold: valid.alertThreshold, updatedAt: new Date(this.host.now()) };
    this.host.db
      .insert(userSettings)
      .values({ id: ROW_ID, ...values })
      .onConflictDoUpdate({ target: userSettings.id, set: values })
      .run();
    return valid;
  }
}
