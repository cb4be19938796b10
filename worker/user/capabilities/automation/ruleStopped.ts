import { withdrawnError } from "../../../../shared/automation/withdrawn";
import type { Rule } from "../../../../shared/schemas/rules";
import { type AutomationHost, notifyAbout } from "./host";

/** How the user stopped a rule. */
export type RuleStop = "paused" | "deleted";

/**
 * The user paused or deleted a rule that has an open proposal. One not yet approved is withdrawn: they asked the
 * rule to stop acting and nothing of it was signed, so it must not wait in the approvals as if the rule still
 * wanted it (and a rule switched on again may propose at once). One already approved or sent stays: its steps may
 * be in the wallet or on the chain, and it is watched to its end. Either way the user is told what became of it.
 * Call before a deleted rule's row goes (the proposal names it until then).
 */
export async function ruleStopped(
  host: Pick<AutomationHost, "transactions" | "rules" | "notify">,
  rule: Pick<Rule, "id" | "name">,
  how: RuleStop,
): Promise<void> {
  const open = host.transactions.openForRule(rule.id);
  if (!open) return;
  const because = `you ${how} its rule "${rule.name}"`;
  if (open.status !== "pending") {
    const fate =
      open.status === "approved"
        ? "you had already approved it, so it stays open until it is sent or expires (reject it in Vigil to cancel it)"
        : "it was already sent, and Vigil keeps watching it until the chain settles it";
    await notifyAbout(host, open, "info", "Proposal still open", `${open.title}: ${because}, but ${fate}.`);
    return;
  }
  const withdrawn = host.transactions.transition(open.id, "rejected", { error: withdrawnError(because) });
  if (!withdrawn.ok) return;
  // Nothing happened on the chain: the rule's cooldown goes back to before this proposal.
  host.transactions.releaseKey(open.id);
  const previous = host.transactions.latestForRule(rule.id, open.id);
  host.rules.restoreLastExecution(rule.id, previous ? Date.parse(previous.createdAt) : null);
  void host.notify("tx_update", { transaction: withdrawn.transaction });
  await notifyAbout(
    host,
    withdrawn.transaction,
    "info",
    "Proposal withdrawn",
    `${open.title}: ${because}. Nothing was signed.`,
  );
}
