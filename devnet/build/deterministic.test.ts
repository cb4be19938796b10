import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { devnetDeployment, devnetDeploymentSchema } from "../../shared/chains/devnet";
import { buildDevnet } from "./buildDevnet";

describe("devnet build", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-devnet-build-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a fresh build deploys exactly the deployment recorded in shared/chains/devnet.ts", async () => {
    const paths = {
      dir: join(dir, "out"),
      statePath: join(dir, "out", "state.json"),
      infoPath: join(dir, "out", "info.json"),
      lockDir: join(dir, "out.lock"),
    };
    const report = await buildDevnet(paths);
    // If this fails after changing deploy code: npm run devnet -- info --write-shared
    expect(report.deployment).toEqual(devnetDeployment);
    expect(devnetDeploymentSchema.parse(JSON.parse(readFileSync(paths.infoPath, "utf8")))).toEqual(
      devnetDeployment,
    );
    // Registry, provider, ACL, data providers, oracle, 8 libraries, impls, 15 token proxies, feeds, tokens, EigenLayer...
    expect(report.contractsDeployed).toBeGreaterThanOrEqual(50);
    const state = JSON.parse(readFileSync(paths.statePath, "utf8")) as { accounts: Record<string, unknown> };
    expect(Object.keys(state.accounts).length).toBeGreaterThan(50);
  });
});
