import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { idParamsSchema } from "../../../shared/schemas/common";
import {
  type Rule,
  type RuleCreate,
  ruleCreateSchema,
  ruleListSchema,
  rulePatchSchema,
  ruleSchema,
  targetNotAboveTrigger,
} from "../../../shared/schemas/rules";
import { publicClientFor } from "../../chain/client";
import { servedChains } from "../../chain/servedChains";
import { unwrapOutcome } from "../../chain/upstreamOutcome";
import { type Config, loadConfig } from "../../config";
import {
  checkActionAgainstPortfolio,
  checkRuleAgainstChains,
  type RuleProblem,
  walletHoldsNoneWarnings,
} from "../../proposals";
import type { AppEnv } from "../appEnv";
import { ConflictError, NotFoundError, TierLimitError, ValidationError } from "../errors";
import { requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonBody, jsonContent } from "../openapi";
import { userObject } from "./userStub";

const tags = ["rules"];
const security = bearer;
const middleware = [requireAuth];
const params = idParamsSchema;

const list = createRoute({
  method: "get",
  path: "/rules",
  tags,
  security,
  middleware,
  summary: "The user's automation rules",
  responses: { 200: jsonContent(ruleListSchema, "All rules"), ...errorResponses(401) },
});

const create = createRoute({
  method: "post",
  path: "/rules",
  tags,
  security,
  middleware,
  summary: "Create a rule (trigger + action + guards)",
  request: { body: jsonBody(ruleCreateSchema) },
  responses: {
    201: jsonContent(ruleSchema, "Created"),
    ...errorResponses(400, 401, 402, 409, 413, 415, 502, 503),
  },
});

const get = createRoute({
  method: "get",
  path: "/rules/{id}",
  tags,
  security,
  middleware,
  summary: "One rule",
  request: { params },
  responses: { 200: jsonContent(ruleSchema, "The rule"), ...errorResponses(400, 401, 404) },
});

const patch = createRoute({
  method: "patch",
  path: "/rules/{id}",
  tags,
  security,
  middleware,
  summary: "Change a rule (send only what changes)",
  request: { params, body: jsonBody(rulePatchSchema) },
  responses: {
    200: jsonContent(ruleSchema, "The changed rule"),
    ...errorResponses(400, 401, 404, 409, 413, 415, 502, 503),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/rules/{id}",
  tags,
  security,
  middleware,
  summary: "Delete a rule",
  request: { params },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 404) },
});

const toggle = (action: "enable" | "disable") =>
  createRoute({
    method: "post",
    path: `/rules/{id}/${action}`,
    tags,
    security,
    middleware,
    summary: action === "enable" ? "Enable a rule" : "Disable a rule",
    request: { params },
    responses: { 200: jsonContent(ruleSchema, "The rule"), ...errorResponses(400, 401, 404, 409) },
  });

/** Checks that need the config: every chain a rule names must be one we serve. */
function checkChains(rule: Pick<RuleCreate, "trigger" | "action">, config: Config): void {
  const fields = (["trigger", "action"] as const).flatMap((part) => {
    const value = rule[part];
    if (!("chainId" in value) || config.chainIds.includes(value.chainId)) return [];
    return [
      {
        location: "body" as const,
        path: `${part}.chainId`,
        message: `chain ${value.chainId} is not served here (served: ${config.chainIds.join(", ")})`,
      },
    ];
  });
  if (fields.length > 0)
    throw new ValidationError(`Invalid body: ${fields[0]?.path}: ${fields[0]?.message}.`, fields);
}

function refuse(problems: RuleProblem[]): never {
  const fields = problems.map((p) => ({ location: "body" as const, path: p.path, message: p.message }));
  throw new ValidationError(`Invalid rule: ${fields[0]?.path}: ${fields[0]?.message}.`, fields);
}

/**
 * Everything a rule must satisfy beyond its shape: served chains, assets that exist there, an action the
 * user's positions allow (read through their object, so an RPC failure is a 502/503, never a silent pass).
 */
async function checkRule(c: Context<AppEnv>, rule: Pick<RuleCreate, "trigger" | "action">): Promise<void> {
  const config = loadConfig(c.env);
  // The create body's schema checks this too; an edit that changes only the trigger or the action is checked here.
  const target = targetNotAboveTrigger(rule);
  if (target) refuse([{ path: "action.targetHealthFactor", message: target }]);
  checkChains(rule, config);
  const chainProblems = checkRuleAgainstChains(rule, servedChains(config));
  if (chainProblems.length > 0) refuse(chainProblems);
  if (rule.action.type === "notify") return;
  const portfolio = unwrapOutcome(await userObject(c).getPortfolio(c.get("session").user.address));
  const positionProblems = checkActionAgainstPortfolio(rule.action, portfolio);
  if (positionProblems.length > 0) refuse(positionProblems);
}

/**
 * The saved rule with what will keep it from acting (the wallet holds none of its asset). One quick read that
 * never fails the save: the rule is already stored, and a slow RPC must not hold the answer for long.
 */
async function withWarnings(c: Context<AppEnv>, rule: Rule): Promise<Rule> {
  const warnings = await walletWarningsOf(c, rule.action, new Map());
  return warnings && warnings.length > 0 ? { ...rule, warnings } : rule;
}

/**
 * The list with the same warnings, read now for every enabled rule (one read per chain, asset and action, however
 * many rules share it): the popup says it under the rule on every open, not only right after the save, and stops
 * once the wallet is funded. As in the create and edit answers, a rule with nothing to say (or whose read failed)
 * carries no `warnings` field.
 */
async function listWithWarnings(c: Context<AppEnv>, rules: Rule[]): Promise<Rule[]> {
  const reads = new Map<string, Promise<string[] | undefined>>();
  return Promise.all(
    rules.map(async (rule) => {
      if (!rule.enabled) return rule;
      const warnings = await walletWarningsOf(c, rule.action, reads);
      return warnings && warnings.length > 0 ? { ...rule, warnings } : rule;
    }),
  );
}

/** One quick balance read (3 s, one retry) per chain, asset and action; `reads` shares them within a request. */
function walletWarningsOf(
  c: Context<AppEnv>,
  action: Rule["action"],
  reads: Map<string, Promise<string[] | undefined>>,
): Promise<string[] | undefined> {
  if (action.type !== "repay" && action.type !== "supply_collateral") return Promise.resolve([]);
  const config = loadConfig(c.env);
  const chain = servedChains(config).find((served) => served.chainId === action.chainId);
  if (!chain) return Promise.resolve(undefined);
  const key = `${action.chainId}:${action.asset.toUpperCase()}:${action.type}`;
  let read = reads.get(key);
  if (!read) {
    read = walletHoldsNoneWarnings({
      client: publicClientFor(config, chain.chainId, { timeoutMs: 3_000, retryCount: 1 }),
      chain,
      action,
      owner: c.get("session").user.address,
    });
    reads.set(key, read);
  }
  return read;
}

const ruleNotFound = () => new NotFoundError("Rule");

/**
 * 409: the user already has an enabled rule that fires on the same trigger and does the same: both would propose,
 * two proposals and two notifications for one event.
 */
const duplicateRule = (of: { id: string; name: string }) =>
  new ConflictError(
    `You already have this rule ("${of.name}"): same trigger and action. Change that rule instead of adding a second one.`,
    { data: { reason: "duplicate_rule", ruleId: of.id } },
  );

async function refuseDuplicate(
  stub: ReturnType<typeof userObject>,
  rule: Pick<RuleCreate, "trigger" | "action">,
  id: string,
): Promise<void> {
  const duplicate = await stub.findDuplicateRule(rule, id);
  if (duplicate) throw duplicateRule(duplicate);
}

export function registerRuleRoutes(app: App): void {
  app.openapi(list, async (c) =>
    c.json({ rules: await listWithWarnings(c, await userObject(c).listRules()) }, 200),
  );

  app.openapi(create, async (c) => {
    const input = c.req.valid("json");
    await checkRule(c, input);
    const { subscription, user } = c.get("session");
    const stub = userObject(c);
    await stub.setAutomationOwner(user.address);
    const result = await stub.createRule(input, subscription.limits);
    if (!result.ok && result.reason === "duplicate") throw duplicateRule(result.of);
    if (!result.ok) {
      throw new TierLimitError(
        `The ${subscription.tier} plan allows ${result.maxRules} rules; delete one or upgrade to Pro for unlimited rules.`,
        { data: { tier: subscription.tier, limit: result.maxRules, resource: "rules" } },
      );
    }
    return c.json(await withWarnings(c, result.rule), 201);
  });

  app.openapi(get, async (c) => {
    const rule = await userObject(c).getRule(c.req.valid("param").id);
    if (!rule) throw ruleNotFound();
    return c.json(rule, 200);
  });

  app.openapi(patch, async (c) => {
    const { id } = c.req.valid("param");
    const changes = c.req.valid("json");
    const stub = userObject(c);
    if (changes.trigger || changes.action || changes.enabled) {
      const current = await stub.getRule(id);
      if (!current) throw ruleNotFound();
      const changed = {
        trigger: changes.trigger ?? current.trigger,
        action: changes.action ?? current.action,
      };
      if (changes.trigger || changes.action) await checkRule(c, changed);
      if (changes.enabled ?? current.enabled) await refuseDuplicate(stub, changed, id);
    }
    await stub.setAutomationOwner(c.get("session").user.address);
    const rule = await stub.updateRule(id, changes);
    if (!rule) throw ruleNotFound();
    return c.json(await withWarnings(c, rule), 200);
  });

  app.openapi(remove, async (c) => {
    if (!(await userObject(c).deleteRule(c.req.valid("param").id))) throw ruleNotFound();
    return c.body(null, 204);
  });

  for (const action of ["enable", "disable"] as const) {
    app.openapi(toggle(action), async (c) => {
      const stub = userObject(c);
      const { id } = c.req.valid("param");
      if (action === "enable") {
        const current = await stub.getRule(id);
        if (!current) throw ruleNotFound();
        await refuseDuplicate(stub, current, id);
        await stub.setAutomationOwner(c.get("session").user.address);
      }
      const rule = await stub.setRuleEnabled(id, action === "enable");
      if (!rule) throw ruleNotFound();
      return c.json(rule, 200);
    });
  }
}
