import { describe, expect, it } from "vitest";
import { ForwardOnly } from "./forwardOnly";

const at = (blockNumber: bigint, label: string) => ({ blockNumber, label });

describe("ForwardOnly", () => {
  it("serves the held snapshot when a lagging node answers an older block, and follows the chain forward", () => {
    const forward = new ForwardOnly(3);
    let held = forward.choose(undefined, at(155n, "155"));
    // A load balancer alternating between a node at 155 and one at 154: the answer never steps back.
    for (const block of [154n, 155n, 154n, 156n, 155n]) held = forward.choose(held, at(block, String(block)));
    expect(held.label).toBe("156");
  });

  it("takes the older block once it comes three times in a row: the chain itself went back", () => {
    const forward = new ForwardOnly(3);
    let held = at(200n, "200");
    const seen: string[] = [];
    for (let k = 0; k < 3; k++) {
      held = forward.choose(held, at(190n, `190#${k}`));
      seen.push(held.label);
    }
    expect(seen).toEqual(["200", "200", "190#2"]);
    // From there it moves forward again at once.
    expect(forward.choose(held, at(191n, "191")).label).toBe("191");
  });
});
