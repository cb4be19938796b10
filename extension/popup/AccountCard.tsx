import type { MeResponse } from "../lib/api/contract";

/** Shown while the API serves no portfolio yet: who is signed in and on which plan. */
export function AccountCard({ me }: { me: MeResponse }) {
  const { user, subscription } = me;
  return (
    <div className="card stack" data-testid="account">
      <h3>Account</h3>
      <dl className="kv">
        <dt>Wallet</dt>
        <dd className="mono small" data-testid="account-address">
          {user.address}
        </dd>
        <dt>Plan</dt>
        <dd>
          {subscription.tier === "pro" ? "Pro" : "Free"}
          {subscription.limits.maxRules !== null && (
            <span className="muted small"> · up to {subscription.limits.maxRules} rules</span>
          )}
        </dd>
        <dt>Member since</dt>
        <dd>{new Date(user.createdAt).toLocaleDateString("en-US", { dateStyle: "medium" })}</dd>
      </dl>
      <p className="small muted">Positions appear here as soon as the API serves your portfolio.</p>
    </div>
  );
}
