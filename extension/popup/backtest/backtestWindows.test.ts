import { describe, expect, it } from "vitest";
import { requestedWindows } from "./backtestWindows";

describe("back-test windows from the popup", () => {
  it("sends the ticked windows in the list's order, then a date range once both ends are set", () => {
    const ticked = new Set(["june_2022", "last_30_days"] as const);
    expect(requestedWindows(ticked, { from: "", to: "" })).toEqual([
      { name: "last_30_days" },
      { name: "june_2022" },
    ]);
    expect(requestedWindows(ticked, { from: "2024-03-01", to: "" })).toHaveLength(2);
    expect(requestedWindows(new Set(), { from: "2023-03-01", to: "2023-03-15" })).toEqual([
      { from: "2023-03-01", to: "2023-03-15" },
    ]);
  });
});
