import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let clockTicks: number | undefined;
/** Kernel clock ticks per second (USER_HZ, 100 on Linux/x86): the unit of utime/stime in /proc. */
function ticksPerSecond(): number {
  clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return clockTicks;
}

/**
 * CPU time (user + system, ms; 1/USER_HZ resolution) used so far by the processes of one process group whose
 * command is `comm` — e.g. the workerd that `wrangler dev` (a group leader we started) runs. Linux /proc only.
 */
export function groupCpuMs(processGroup: number, comm: string): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const open = stat.indexOf("(");
    const close = stat.lastIndexOf(")");
    const name = stat.slice(open + 1, close);
    // After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const fields = stat.slice(close + 2).split(" ");
    if (name !== comm || Number(fields[2]) !== processGroup) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / ticksPerSecond();
}
