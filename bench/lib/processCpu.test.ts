import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { groupCpuMs } from "./processCpu";

describe("groupCpuMs", () => {
  it("adds up the CPU a process group spent, only for the named command", async () => {
    // A group of its own (detached) that burns ~400 ms of CPU, says so, then idles until killed.
    const child = spawn(
      process.execPath,
      [
        "-e",
        "const t = Date.now(); while (Date.now() - t < 400) {} console.log('done'); setInterval(() => {}, 1e6);",
      ],
      { detached: true, stdio: ["ignore", "pipe", "ignore"] },
    );
    try {
      await once(child.stdout, "data");
      const pid = child.pid as number;
      expect(groupCpuMs(pid, "node")).toBeGreaterThan(0);
      expect(groupCpuMs(pid, "workerd")).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
