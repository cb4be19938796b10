export { type ActionPlan, buildSteps, formatTokenAmount } from "./buildSteps";
export type { GasQuote } from "./gasQuote";
export { type PrepareRequest, type PrepareResult, prepareSteps } from "./prepareSteps";
export { type SimulationResult, simulateSteps } from "./simulateSteps";
