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
  log(event: Record<string, unknown>): void;
  /**
   * The saved settings no longer parse (a bad migration, a hand edit): the defaults are used, and the user is told
   * once (`told` keeps the mark until the settings are saved again).
   */
  unreadable: {
    told: Pick<SyncKvStorage, "get" | "put" | "delete">;
    tell(defaults: UserSettings): void;
  };
}

const ROW_ID = 1;
const UNREADABLE_TOLD_KEY = "settings:unreadableTold";

/** The user's preferences (table user_settings, one row); defaults until the user saves something. */
export class SettingsCapability {
  constructor(private readonly host: SettingsHost) {}

  /** The saved settings, checked against the shared schema on every read: unparsable ones give the defaults. */
  get(): UserSettings {
    const row = this.host.db.select().from(userSettings).where(eq(userSettings.id, ROW_ID)).get();
    if (!row) return DEFAULT_USER_SETTINGS;
    const parsed = userSettingsSchema.safeParse({ alertThreshold: row.alertThreshold });
    if (parsed.success) return parsed.data;
    // A wrong threshold would alert too late (or never): the safe default instead, and the user hears of it.
    if (this.host.unreadable.told.get(UNREADABLE_TOLD_KEY) === undefined) {
      this.host.log({
        level: "error",
        msg: "stored settings unreadable",
        issues: parsed.error.issues.length,
      });
      this.host.unreadable.told.put(UNREADABLE_TOLD_KEY, this.host.now());
      this.host.unreadable.tell(DEFAULT_USER_SETTINGS);
    }
    return DEFAULT_USER_SETTINGS;
  }

  put(settings: UserSettings): UserSettings {
    const valid = userSettingsSchema.parse(settings);
    const values = { alertThreshold: valid.alertThreshold, updatedAt: new Date(this.host.now()) };
    this.host.db
      .insert(userSettings)
      .values({ id: ROW_ID, ...values })
      .onConflictDoUpdate({ target: userSettings.id, set: values })
      .run();
    this.host.unreadable.told.delete(UNREADABLE_TOLD_KEY);
    return valid;
  }
}
