import type { BrowserContext } from "playwright-core";
import { expect } from "vitest";
import { type Transaction, transactionSchema } from "../../shared/schemas/transactions";
import type { ApiCall } from "./api";
import { shownNotifications } from "./notifications";

/** The pending proposal `ruleId` produced, once its notification is shown in the browser. */
export async function awaitProposalNotification(
  context: BrowserContext,
  api: ApiCall,
  ruleId: string,
): Promise<Transaction> {
  let found: Transaction | undefined;
  await expect
    .poll(
      async () => {
        for (const id of await shownNotifications(context)) {
          if (!id.startsWith("vigil:proposal:")) continue;
          const transaction = transactionSchema.parse(await api(`/transactions/${id.slice(15)}`));
          if (transaction.ruleId === ruleId && transaction.status === "pending") found = transaction;
        }
        return found?.id;
      },
      { timeout: 100_000, interval: 1000 },
    )
    .toBeDefined();
  if (!found) throw new Error(`no pending proposal of rule ${ruleId} was notified`);
  return found;
}
