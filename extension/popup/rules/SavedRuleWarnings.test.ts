import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ruleWarnings, SavedRuleWarnings, withSavedWarnings } from "./SavedRuleWarnings";

const empty = "Your wallet holds no wstETH: this rule will not be able to supply until it does.";

describe("a saved rule's warnings", () => {
  it("are shown under the rule, each as a status line", () => {
    const html = renderToStaticMarkup(createElement(SavedRuleWarnings, { warnings: [empty] }));
    expect(html).toBe(`<p class="small warning-text" role="status" data-testid="rule-warning">${empty}</p>`);
  });

  it("nothing is shown for a rule saved without one", () => {
    expect(renderToStaticMarkup(createElement(SavedRuleWarnings, { warnings: undefined }))).toBe("");
    expect(renderToStaticMarkup(createElement(SavedRuleWarnings, { warnings: [] }))).toBe("");
  });

  it("the latest save's answer is what counts: an edit without a warning clears the rule's", () => {
    const created = withSavedWarnings(new Map(), { id: "r1", warnings: [empty] });
    expect(created.get("r1")).toEqual([empty]);
    const other = withSavedWarnings(created, { id: "r2" });
    expect(other.get("r1")).toEqual([empty]);
    expect(other.has("r2")).toBe(false);
    expect(withSavedWarnings(other, { id: "r1" }).has("r1")).toBe(false);
  });

  it("the list's own reading shows on every open; without one, the last save's; a paused rule says none", () => {
    const saved = withSavedWarnings(new Map(), { id: "r1", warnings: [empty] });
    // Reopened: the list's reading shows, with no save in this popup.
    expect(ruleWarnings({ id: "r1", enabled: true, warnings: [empty] }, new Map())).toEqual([empty]);
    expect(ruleWarnings({ id: "r1", enabled: true, warnings: [] }, saved)).toEqual([]);
    expect(ruleWarnings({ id: "r1", enabled: true }, saved)).toEqual([empty]);
    expect(ruleWarnings({ id: "r1", enabled: false, warnings: [empty] }, saved)).toBeUndefined();
  });
});
