import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./build/cache";
import { type StartedDevnet, startDevnet } from "./testing";

const run = promisify(execFile);
const cli = (...args: string[]) =>
  // node --import tsx: one process per command instead of the tsx wrapper's two.
  run(process.execPath, ["--import", "tsx", join(REPO_ROOT, "devnet", "cli.ts"), ...args], {
    cwd: REPO_ROOT,
  });

let devnet: StartedDevnet;
beforeAll(async () => {
  devnet = await startDevnet();
});
afterAll(() => devnet?.stop());

describe("npm run devnet -- <command>", () => {
  it("info prints the deployment JSON with the rpc URL", async () => {
    const { stdout } = await cli("info", "--rpc", devnet.rpcUrl);
    const info = JSON.parse(stdout) as typeof devnet.info;
    expect(info).toEqual(devnet.info);
  });

  it("price, borrow and status report on the running devnet", async () => {
    const price = await cli("price", "WETH", "3100", "--rpc", devnet.rpcUrl);
    expect(price.stdout).toContain("WETH = $3100");
    const borrow = await cli("borrow", "borrower", "DAI", "100", "--rpc", devnet.rpcUrl);
    expect(borrow.stdout).toMatch(/borrower borrow 100 DAI: done\nborrower: HF 1\.1\d{3}/);
    const status = await cli("status", "--rpc", devnet.rpcUrl);
    expect(status.stdout).toMatch(/nearLiquidation: HF 0\.9\d{3}/);
  });

  it("bad input exits non-zero with a clear message", async () => {
    await expect(cli("liquidate", "nobody", "--rpc", devnet.rpcUrl)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown account "nobody"'),
    });
    await expect(cli("price", "WETH")).rejects.toMatchObject({ code: 2 });
  });
});
