export { AUTOMATION_INTERVAL_MS, AutomationCapability } from "./automationCapability";
export type { AutomationHost, ConflictReason, LifecycleResult } from "./host";
export { RECEIPT_TIMEOUT_MS } from "./receipts";
export type { RescueResult } from "./rescue";
