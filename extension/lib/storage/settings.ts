import { z } from "zod";
import { alertThresholdSchema, DEFAULT_ALERT_THRESHOLD } from "../../../shared/schemas/settings";
import { DEFAULT_API_URL, METAMASK_STABLE_EXTENSION_ID } from "../buildConfig";
import { storedItem } from "./storedItem";

export const walletChoiceSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("metamask"),
    extensionId: z.string().regex(/^[a-p]{32}$/, "a Chrome extension id: 32 letters a-p"),
  }),
  z.object({
    kind: z.literal("eip6963"),
    rdns: z.string().min(1).max(200),
    /**
     * The site (origin) the user picked the wallet on: requests go only through a tab of this origin. Absent in
     * settings saved before it existed: then the origin where the wallet was seen when signing starts.
     */
    site: z
      .string()
      .url()
      .refine((url) => new URL(url).origin === url, "an origin")
      .optional(),
  }),
]);
export type WalletChoice = z.infer<typeof walletChoiceSchema>;

export const settingsSchema = z.object({
  apiUrl: z
    .string()
    .url()
    .refine((url) => /^https?:\/\//.test(url), "an http(s) URL"),
  /** Notify when the health factor falls below this. */
  /** Mirrors the account's setting on the API (GET/PUT /me/settings) while signed in. */
  alertHealthFactor: alertThresholdSchema,
  notifications: z.object({
    riskAlerts: z.boolean(),
    proposals: z.boolean(),
    general: z.boolean(),
  }),
  wallet: walletChoiceSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  apiUrl: DEFAULT_API_URL,
  alertHealthFactor: DEFAULT_ALERT_THRESHOLD,
  notifications: { riskAlerts: true, proposals: true, general: true },
  wallet: { kind: "metamask", extensionId: METAMASK_STABLE_EXTENSION_ID },
};

export const settingsItem = storedItem("vigil:settings", settingsSchema, defaultSettings);

/** The API base without a trailing slash, so paths join as `${base}/auth/nonce`. */
export function apiBase(settings: Settings): string {
  return settings.apiUrl.replace(/\/+$/, "");
}
