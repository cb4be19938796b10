import type { Rule } from "../../shared/schemas/rules";
import { NotImplementedError } from "../http/errors";

/**
 * The seed's automation engine: evaluates a user's enabled rules on each scheduler tick and turns a holding trigger
 * into a transaction proposal. It runs inside the user's Durable Object as a ScheduledTask (issue 6).
 */
export interface AutomationEngine {
  /** One tick over the enabled rules; must be idempotent (alarms are at-least-once). */
  tick(rules: readonly Rule[], now: number): Promise<TickReport>;
}

export interface TickReport {
  evaluated: number;
  proposed: string[];
  errors: { ruleId: string; message: string }[];
}

/** NOT YET IMPLEMENTED (issue 6): fails with a typed 501 rather than pretending rules were evaluated. */
export const automationEngine: AutomationEngine = {
  async tick() {
    throw new NotImplementedError("Evaluating automation rules (automation engine, issue 6)");
  },
};
