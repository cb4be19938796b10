import { describe, expect, it } from "vitest";
import { builtOnFirstUse } from "./builtOnFirstUse";

describe("builtOnFirstUse", () => {
  it("builds nothing until asked, then once", () => {
    let builds = 0;
    const schema = builtOnFirstUse(() => {
      builds += 1;
      return { id: builds };
    });
    expect(builds).toBe(0);
    const first = schema();
    expect(schema()).toBe(first);
    expect(first).toEqual({ id: 1 });
    expect(builds).toBe(1);
  });

  it("keeps a built value that is falsy", () => {
    let builds = 0;
    const zero = builtOnFirstUse(() => {
      builds += 1;
      return 0;
    });
    expect([zero(), zero()]).toEqual([0, 0]);
    expect(builds).toBe(1);
  });
});
