import { describe, expect, it } from "vitest";
import type { Transaction } from "../../shared/schemas/transactions";
import { successorProposal } from "./successorProposal";

const NOW = Date.parse("2026-12-03T12:00:00.000Z");
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
const RULE = "5f7a3c1e-0000-4000-8000-000000000001";

function proposal(id: string, over: Partial<Transaction> = {}): Transaction {
  return {
    id,
    ruleId: RULE,
    status: "pending",
    chainId: 31337,
    title: `Repay DAI (${id})`,
    steps: [],
    txHashes: [],
    error: null,
    declinedStep: null,
    preview: null,
    createdAt: at(-20),
    updatedAt: at(-20),
    expiresAt: at(10),
    ...over,
  };
}

describe("the proposal to open instead of one that can no longer be signed", () => {
  const expired = proposal("old", { status: "expired", createdAt: at(-30), expiresAt: at(-15) });

  it("is its rule's newest proposal still waiting", () => {
    const newer = proposal("new", { createdAt: at(-5) });
    const between = proposal("between", { createdAt: at(-10) });
    expect(successorProposal(expired, [between, newer], NOW)?.id).toBe("new");
  });

  it("also for a proposal past its expiry that the server has not marked yet, or one rejected", () => {
    const ranOut = proposal("old", { createdAt: at(-30), expiresAt: at(-1) });
    const newer = proposal("new", { createdAt: at(-5) });
    expect(successorProposal(ranOut, [newer], NOW)?.id).toBe("new");
    expect(successorProposal({ ...expired, status: "rejected" }, [newer], NOW)?.id).toBe("new");
  });

  it("is none while the proposal can still be signed, for another rule's, an older, an expired or a sent one", () => {
    const open = proposal("old", { createdAt: at(-30) });
    expect(successorProposal(open, [proposal("new", { createdAt: at(-5) })], NOW)).toBeNull();
    expect(
      successorProposal(
        expired,
        [
          proposal("other-rule", { ruleId: "5f7a3c1e-0000-4000-8000-000000000002", createdAt: at(-5) }),
          proposal("older", { createdAt: at(-40) }),
          proposal("ran-out", { createdAt: at(-5), expiresAt: at(-1) }),
          proposal("sent", { createdAt: at(-5), status: "submitted" }),
          expired,
        ],
        NOW,
      ),
    ).toBeNull();
    expect(
      successorProposal({ ...expired, ruleId: null }, [proposal("new", { ruleId: null })], NOW),
    ).toBeNull();
  });
});
