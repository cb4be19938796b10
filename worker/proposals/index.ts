export { buildPreview, doneTitle, type PreviewInput, proposalTitle } from "./buildPreview";
export { healthFactorNow } from "./healthFactorNow";
export { type PlannedAction, planAction, REBALANCE_MIN_HEALTH_FACTOR, userAccountOf } from "./planAction";
export { riskCaveat } from "./riskCaveat";
export { riskOf } from "./riskOf";
export { buildTriggerContext, type TriggerContextInput } from "./triggerContext";
export { checkActionAgainstPortfolio, checkRuleAgainstChains, type RuleProblem } from "./validateRule";
export { walletHoldsNoneWarnings } from "./walletHoldsNone";
