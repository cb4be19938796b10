import { useEffect, useState } from "react";
import { browser } from "wxt/browser";
import { METAMASK_STABLE_EXTENSION_ID } from "../lib/buildConfig";
import { BackgroundError, sendToBackground } from "../lib/messaging/sendToBackground";
import { discoveredWalletsItem } from "../lib/storage/discoveredWallets";
import { defaultSettings, type Settings, settingsItem, settingsSchema } from "../lib/storage/settings";
import { Logo } from "../ui/components/Logo";
import { AccountLine } from "./AccountLine";
import "./options.css";

type Discovered = Awaited<ReturnType<typeof discoveredWalletsItem.get>>;
type FieldErrors = Partial<Record<string, string>>;

/** Host permission for an API origin the build did not include; asked inside the Save click (a user gesture). */
async function ensureApiPermission(apiUrl: string): Promise<boolean> {
  // request() resolves true at once when already granted; calling anything async before it would lose the gesture.
  return browser.permissions.request({ origins: [`${new URL(apiUrl).origin}/*`] });
}

export function OptionsApp() {
  const [draft, setDraft] = useState<Settings | null>(null);
  const [wallets, setWallets] = useState<Discovered>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    void settingsItem.get().then(setDraft);
    void discoveredWalletsItem.get().then(setWallets);
    return discoveredWalletsItem.watch(setWallets);
  }, []);

  if (!draft) return null;
  const update = (patch: Partial<Settings>) => {
    setDraft({ ...draft, ...patch });
    setStatus(null);
  };

  const save = async () => {
    const parsed = settingsSchema.safeParse(draft);
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message])),
      );
      setStatus(null);
      return;
    }
    setErrors({});
    const granted = await ensureApiPermission(parsed.data.apiUrl).catch(() => false);
    await settingsItem.set(parsed.data);
    if (!granted) {
      setStatus("Saved, but Vigil may not reach this API: the permission for it was not granted.");
      return;
    }
    // The alert threshold belongs to the account: the API's monitoring raises the alerts.
    const refused = await sendToBackground({ type: "settings/pushAlertThreshold" }).then(
      () => null,
      (error: unknown) => (error instanceof BackgroundError ? error.message : String(error)),
    );
    setStatus(
      refused === null
        ? "Saved."
        : `Saved in this browser, but the API refused the alert threshold: ${refused}`,
    );
  };

  return (
    <main className="options stack" data-testid="options">
      <header className="row">
        <Logo size={28} />
        <h1>Vigil settings</h1>
      </header>
      <AccountLine />
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <section className="card stack">
          <h2>Connection</h2>
          <label className="field">
            API URL
            <input
              name="apiUrl"
              type="url"
              value={draft.apiUrl}
              onChange={(event) => update({ apiUrl: event.target.value })}
            />
            <span className="hint">
              The Vigil API this extension signs in to. Default: {defaultSettings.apiUrl}
            </span>
            {errors.apiUrl && <span className="field-error">{errors.apiUrl}</span>}
          </label>
        </section>

        <section className="card stack">
          <h2>Alerts</h2>
          <label className="field">
            Warn me when my health factor falls below
            <input
              name="alertHealthFactor"
              type="number"
              step="0.05"
              value={Number.isNaN(draft.alertHealthFactor) ? "" : draft.alertHealthFactor}
              onChange={(event) => update({ alertHealthFactor: event.target.valueAsNumber })}
            />
            <span className="hint">Aave liquidates at 1.0. Default: {defaultSettings.alertHealthFactor}</span>
            {errors.alertHealthFactor && <span className="field-error">{errors.alertHealthFactor}</span>}
          </label>
          <fieldset className="stack plain">
            <legend>Browser notifications</legend>
            {(
              [
                ["riskAlerts", "Risk alerts (health factor and liquidation risk)"],
                ["proposals", "Transaction proposals from my rules"],
                ["general", "Other news about my account"],
              ] as const
            ).map(([key, label]) => (
              <label className="check" key={key}>
                <input
                  type="checkbox"
                  name={key}
                  checked={draft.notifications[key]}
                  onChange={(event) =>
                    update({ notifications: { ...draft.notifications, [key]: event.target.checked } })
                  }
                />
                {label}
              </label>
            ))}
          </fieldset>
        </section>

        <section className="card stack">
          <h2>Wallet</h2>
          <label className="check">
            <input
              type="radio"
              name="walletKind"
              checked={draft.wallet.kind === "metamask"}
              onChange={() =>
                update({ wallet: { kind: "metamask", extensionId: METAMASK_STABLE_EXTENSION_ID } })
              }
            />
            MetaMask (signs in from a Vigil tab)
          </label>
          {draft.wallet.kind === "metamask" && (
            <label className="field indent">
              MetaMask extension id
              <input
                name="extensionId"
                className="mono"
                value={draft.wallet.extensionId}
                onChange={(event) =>
                  update({ wallet: { kind: "metamask", extensionId: event.target.value.trim() } })
                }
              />
              <span className="hint">Change it only for MetaMask Flask or a development build.</span>
              {errors["wallet.extensionId"] && (
                <span className="field-error">{errors["wallet.extensionId"]}</span>
              )}
            </label>
          )}
          <label className="check">
            <input
              type="radio"
              name="walletKind"
              checked={draft.wallet.kind === "eip6963"}
              disabled={wallets.length === 0}
              onChange={() => {
                const first = wallets[0];
                if (first)
                  update({
                    wallet: { kind: "eip6963", rdns: first.rdns, site: new URL(first.seenOn).origin },
                  });
              }}
            />
            A browser wallet found on web pages (EIP-6963)
          </label>
          {wallets.length === 0 && (
            <p className="hint small muted indent">
              None found yet: open app.aave.com or app.eigenlayer.xyz once and the wallets there appear here.
            </p>
          )}
          {draft.wallet.kind === "eip6963" && (
            <label className="field indent">
              Wallet
              <select
                value={draft.wallet.rdns}
                onChange={(event) => {
                  const picked = wallets.find((wallet) => wallet.rdns === event.target.value);
                  if (picked)
                    update({
                      wallet: { kind: "eip6963", rdns: picked.rdns, site: new URL(picked.seenOn).origin },
                    });
                }}
              >
                {wallets.map((wallet) => (
                  <option key={wallet.rdns} value={wallet.rdns}>
                    {wallet.name} ({wallet.rdns}, seen on {new URL(wallet.seenOn).host})
                  </option>
                ))}
              </select>
              <span className="hint">
                Sign-in and approvals go through a tab of the site where the wallet was found; Vigil opens one
                in the background when none is open.
              </span>
            </label>
          )}
        </section>

        <div className="row">
          <button type="submit" className="button" data-testid="save">
            Save
          </button>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setDraft(defaultSettings);
              setErrors({});
            }}
          >
            Restore defaults
          </button>
          {status && (
            <span className="muted" role="status" data-testid="options-status">
              {status}
            </span>
          )}
        </div>
      </form>
    </main>
  );
}
