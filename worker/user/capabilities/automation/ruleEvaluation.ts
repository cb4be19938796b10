import type { Address } from "viem";
import { escalatedStep, escalationKey } from "../../../../shared/automation/escalation";
import {
  evaluateTrigger,
  type TriggerContext,
  type TriggerEvaluation,
} from "../../../../shared/automation/evaluateTrigger";
import { cooldownElapsed, proposalKey } from "../../../../shared/automation/proposalKey";
import type { Portfolio } from "../../../../shared/schemas/portfolio";
import type { Rule } from "../../../../shared/schemas/rules";
import { failureOf } from "../../../chain/upstreamOutcome";
import type { AaveMarketSnapshot } from "../../../defi/aave/snapshots";
import { riskiestAaveAccount } from "../../../defi/portfolio/riskiestAccount";
import { buildTriggerContext, proposalTitle, riskCaveat, riskOf } from "../../../proposals";
import { buildProposal } from "./buildProposal";
import { type AutomationHost, errorMessage } from "./host";

/**
 * The rules half of a tick: which enabled rules are due (no open proposal, cooldown over, no proposal yet in this
 * trigger window), whether their trigger holds, and for those a planned, checked, simulated and priced proposal.
 *
 * Exactly-once proposals under at-least-once alarms: all chain reads, planning and simulation happen first and
 * write nothing; then creating the transaction (unique idempotency key = rule + trigger window), counting the
 * execution and appending the tx_proposal to the outbox run back to back with no await between them, so the
 * Durable Object commits them as one write. A tick that runs twice finds the key (or the rule's open proposal,
 * or its cooldown) and does nothing; a tick evicted before that point left nothing behind and simply runs again.
 *
 * A cooldown does not silence a rule while the position got worse: a rule in its cooldown whose last proposal
 * was made at a better severity step (shared/automation/escalation.ts) proposes once more, once per step (its
 * own idempotency key per step).
 */
/** Why a rule that proposes transactions is not evaluated: the user has no valid session. */
export const NOT_SIGNED_IN = "not watching: nobody is signed in to approve a proposal";

/**
 * Returns whether every enabled rule was evaluated and found idle (its trigger does not hold, no cooldown or open
 * proposal): what lets the loop sleep until the market object wakes the user (idleRules.ts).
 */
export async function evaluateRules(host: AutomationHost, now: number): Promise<boolean> {
  const rules = host.rules.listEnabled();
  if (rules.length === 0) return false;
  const owner = host.owner();
  if (!owner) {
    for (const rule of rules)
      host.rules.recordEvaluation(rule.id, now, "no wallet address is known yet: sign in again");
    return false;
  }
  // Nobody signed in means nobody to approve: rules that propose transactions wait (notify rules still run).
  const signedIn = host.sessionActive();
  for (const rule of rules) {
    if (!signedIn && rule.action.type !== "notify") host.rules.recordEvaluation(rule.id, now, NOT_SIGNED_IN);
  }
  const candidates = signedIn ? rules : rules.filter((rule) => rule.action.type === "notify");
  const due = candidates.filter(
    (rule) =>
      !host.transactions.openForRule(rule.id) &&
      cooldownElapsed(rule.lastExecutedAt, rule.guards.cooldownSeconds, now) &&
      !host.transactions.hasKey(proposalKey(rule.id, now, rule.guards.cooldownSeconds)),
  );
  const cooling = candidates.filter(
    (rule) =>
      !due.includes(rule) &&
      !host.transactions.openForRule(rule.id) &&
      !cooldownElapsed(rule.lastExecutedAt, rule.guards.cooldownSeconds, now),
  );
  for (const rule of candidates) {
    if (!due.includes(rule) && !cooling.includes(rule)) host.rules.recordEvaluation(rule.id, now, null);
  }
  if (due.length === 0 && cooling.length === 0) return false;

  const portfolio = await host.portfolio(owner);
  if (!portfolio.ok) {
    const why = `could not read your positions: ${portfolio.failure.message}`;
    for (const rule of due) host.rules.recordEvaluation(rule.id, now, why);
    host.log({ level: "warn", msg: "automation tick without data", error: why });
    return false;
  }
  const escalated = new Map<Rule, string>();
  for (const rule of cooling) {
    const last = host.transactions.latestForRule(rule.id, "");
    const step = escalatedStep(last?.preview?.healthFactor.before, portfolio.value.healthFactor);
    const key =
      step === null ? null : escalationKey(proposalKey(rule.id, now, rule.guards.cooldownSeconds), step);
    if (key === null || host.transactions.hasKey(key)) host.rules.recordEvaluation(rule.id, now, null);
    else escalated.set(rule, key);
  }
  // One chain down is one chain down: rules acting there wait for it; the others run on the chains that answered.
  const unavailable = new Set(
    (portfolio.value.chains ?? []).filter((c) => c.status === "unavailable").map((c) => c.chainId),
  );
  const runnable = [...due, ...escalated.keys()].filter((rule) => {
    const chainId = rule.action.type === "notify" ? null : rule.action.chainId;
    if (chainId === null || !unavailable.has(chainId)) return true;
    host.rules.recordEvaluation(rule.id, now, `chain ${chainId} is unavailable: the rule waits for it`);
    return false;
  });
  if (runnable.length === 0) return false;
  const reading = await readTriggerContext(host, portfolio.value, runnable);
  let idle = runnable.length === rules.length && escalated.size === 0;
  for (const rule of runnable) {
    try {
      const outcome = await evaluateRule(
        host,
        rule,
        now,
        owner,
        portfolio.value,
        reading,
        escalated.get(rule),
      );
      if (outcome !== "idle") idle = false;
    } catch (error) {
      idle = false;
      host.rules.recordEvaluation(rule.id, now, failureSaid(error));
      host.log({
        level: "error",
        msg: "automation rule failed",
        ruleId: rule.id,
        error: errorMessage(error),
      });
    }
  }
  return idle;
}

/**
 * What the rule's status says about a tick that threw. The user reads it in the popup: an RPC failure in the typed
 * upstream words (viem's own message carries the RPC URL, which may hold a provider key, and the request body);
 * anything else is a bug, said plainly (the log keeps the error).
 */
function failureSaid(error: unknown): string {
  const upstream = failureOf(error, "Preparing the rule's proposal");
  if (upstream) return `${upstream.message} The rule tries again on the next check.`;
  return "an internal error stopped this check; it was logged, and the rule tries again on the next check";
}

/** What the triggers are evaluated on, and what a risk trigger's number cannot see (riskCaveat; null: nothing). */
interface TriggerReading {
  context: TriggerContext;
  riskCaveat: string | null;
}

/** The reads triggers need (markets only for APY and price triggers, risk only for risk triggers), then the pure build. */
async function readTriggerContext(
  host: AutomationHost,
  portfolio: Portfolio,
  rules: readonly Rule[],
): Promise<TriggerReading> {
  const chains = host.chains();
  const markets = new Map<number, AaveMarketSnapshot>();
  if (rules.some((r) => r.trigger.type.startsWith("apy_") || r.trigger.type.startsWith("price_"))) {
    for (const chain of chains.filter((c) => c.aave)) {
      const outcome = await host.aaveMarket(chain.chainId);
      if (outcome.ok) markets.set(chain.chainId, outcome.value.value);
    }
  }
  const risks = new Map<"24h" | "7d", number | null>();
  let caveat: string | null = null;
  if (portfolio.risk.status === "ok") risks.set(portfolio.risk.horizon, portfolio.risk.probability);
  if (rules.some((rule) => rule.trigger.type === "risk_above")) {
    // Without debt anywhere, any account answers (its risk is 0).
    const riskiest = riskiestAaveAccount(portfolio.aave) ?? portfolio.aave[0];
    const history = riskiest ? await host.priceHistory(riskiest.chainId) : {};
    caveat = riskCaveat(riskiest, history, portfolio.asOf);
    for (const rule of rules) {
      if (rule.trigger.type !== "risk_above" || risks.has(rule.trigger.horizon)) continue;
      risks.set(rule.trigger.horizon, await riskOf(riskiest, rule.trigger.horizon, history));
    }
  }
  return {
    context: buildTriggerContext({ chains, markets, healthFactor: portfolio.healthFactor, risks }),
    riskCaveat: caveat,
  };
}

async function evaluateRule(
  host: AutomationHost,
  rule: Rule,
  now: number,
  owner: Address,
  portfolio: Portfolio,
  reading: TriggerReading,
  /** Set when the rule overrides its cooldown because the position got worse (see evaluateRules). */
  escalationKey?: string,
): Promise<TriggerEvaluation["status"]> {
  const evaluation = evaluateTrigger(rule.trigger, reading.context);
  // A risk number from a history that stopped is said wherever the rule speaks: its status and its alert.
  const caveat = rule.trigger.type === "risk_above" ? reading.riskCaveat : null;
  if (evaluation.status === "unknown") {
    host.rules.recordEvaluation(rule.id, now, evaluation.reason);
    return evaluation.status;
  }
  if (evaluation.status === "idle") {
    host.rules.recordEvaluation(rule.id, now, caveat);
    host.rules.clearCannotAct(rule.id);
    return evaluation.status;
  }
  const action = rule.action;
  if (action.type === "notify") {
    if (escalationKey) return evaluation.status; // escalation is for proposals; the risk alert itself escalates for notify rules
    // Cooldown is the idempotency here: lastExecutedAt and the outbox entry commit together.
    host.rules.recordExecution(rule.id, now);
    host.rules.recordEvaluation(rule.id, now, caveat);
    await host.notify("notification", {
      level: "warning",
      title: rule.name,
      message: caveat ? `${evaluation.reason} (${caveat})` : evaluation.reason,
      transactionId: null,
    });
    return evaluation.status;
  }
  const built = await buildProposal(host, {
    action,
    owner,
    guards: rule.guards,
    portfolio,
    reason: evaluation.reason,
    now,
  });
  if (!built.ok) {
    const why =
      built.stage === "plan"
        ? `${evaluation.reason}, but ${built.reason}`
        : built.stage === "prepare"
          ? `not proposed: ${built.reason}`
          : built.reason;
    if (built.settled) host.rules.recordEvaluation(rule.id, now, why);
    else await cannotAct(host, rule, now, why, built.fix);
    return evaluation.status;
  }
  const { chain, prepared, preview, minNonce } = built;
  if (prepared.gas.costUsd > rule.guards.maxGasUsd) {
    await cannotAct(
      host,
      rule,
      now,
      `not proposed: gas would cost up to $${prepared.gas.costUsd.toFixed(2)}, above the rule's max $${rule.guards.maxGasUsd}`,
      "raise the rule's max gas, or wait for gas to get cheaper",
    );
    return evaluation.status;
  }
  // From here to the notify call: no await, so the proposal, the execution count and the outbox entry commit
  // together (see evaluateRules). Re-checking the open proposal closes the race with a concurrent tick.
  if (host.transactions.openForRule(rule.id)) return evaluation.status;
  const { transaction, created } = host.transactions.propose({
    ruleId: rule.id,
    chainId: chain.chainId,
    title: proposalTitle(preview),
    steps: prepared.steps,
    expiresAt: now + rule.guards.proposalExpirySeconds * 1000,
    preview,
    idempotencyKey: escalationKey ?? proposalKey(rule.id, now, rule.guards.cooldownSeconds),
    minNonce,
  });
  if (!created) return evaluation.status;
  host.rules.recordExecution(rule.id, now);
  host.rules.recordEvaluation(rule.id, now, null);
  host.rules.clearCannotAct(rule.id);
  await host.notify("tx_proposal", { transaction });
  return evaluation.status;
}

/**
 * The rule holds but cannot propose anything: its state in the list says why and what to do, and the user is told
 * once per episode (until it proposes or its trigger stops holding), at most once per the rule's cooldown, since
 * they count on it to act.
 */
async function cannotAct(
  host: AutomationHost,
  rule: Rule,
  now: number,
  why: string,
  fix: string | undefined,
): Promise<void> {
  const said = fix ? `${why}. To let it act: ${fix}` : why;
  host.rules.recordEvaluation(rule.id, now, said);
  // Marking and appending to the outbox run with no await between them: they commit together.
  if (!host.rules.markCannotAct(rule.id, now, rule.guards.cooldownSeconds * 1000)) return;
  await host.notify("notification", {
    level: "warning",
    title: `Rule "${rule.name}" cannot act`,
    message: `${said.charAt(0).toUpperCase()}${said.slice(1)}.`,
    transactionId: null,
  });
}
