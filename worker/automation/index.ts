export { planAction, REBALANCE_MIN_HEALTH_FACTOR, userAccountOf } from "./planAction";
export { riskOf } from "./riskOf";
export { checkActionAgainstPortfolio, checkRuleAgainstChains, type RuleProblem } from "./validateRule";
