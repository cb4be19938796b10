// Installs what `npm start` / `npm test` need on a fresh machine, and nothing when it is already there.
// Runs on whatever Node the machine has (20 here): plain ESM, no dependencies.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wantChromium = process.argv.includes("--chromium");

function run(cmd, args) {
  console.log(`[ensure] ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
}

const lock = join(root, "package-lock.json");
const installed = join(root, "node_modules", ".package-lock.json");
const stale =
  !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs);
if (stale) run("npm", ["ci", "--no-audit", "--no-fund"]);

if (wantChromium && !existsSync("/usr/bin/chromium")) {
  if (typeof process.getuid === "function" && process.getuid() === 0) {
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"]);
  } else {
    console.warn(
      "[ensure] Chromium is missing and this user is not root: install Debian's `chromium` package.",
    );
  }
}
