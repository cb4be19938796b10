import { describe, expect, it } from "vitest";
import { createPageAccount, onOtherAccount } from "./pageAccount";

describe("pageAccount", () => {
  it("calls back on a change only, and stops after unsubscribing", () => {
    const account = createPageAccount();
    let calls = 0;
    const stop = account.subscribe(() => calls++);
    account.set("0xabc");
    account.set("0xabc");
    account.set(null);
    expect(calls).toBe(2);
    stop();
    account.set("0xdef");
    expect(calls).toBe(2);
    expect(account.get()).toBe("0xdef");
  });

  it("is another account only when both are known and differ (case aside)", () => {
    expect(onOtherAccount("0xAbC", "0xabc")).toBe(false);
    expect(onOtherAccount("0xabc", "0xdef")).toBe(true);
    expect(onOtherAccount(null, "0xdef")).toBe(false);
    expect(onOtherAccount("0xabc", null)).toBe(false);
  });
});
