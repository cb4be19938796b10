export { AutomationCapability } from "./automationCapability";
export { AUTOMATION_INTERVAL_MS, automationIntervalMs } from "./automationInterval";
export type { AutomationHost, ConflictReason, LifecycleResult } from "./host";
export { RECEIPT_TIMEOUT_MS } from "./receipts";
export type { RescueResult } from "./rescue";
