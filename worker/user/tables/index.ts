// Every table of the user's Durable Object; each file belongs to one capability. drizzle-kit reads this file.
export * from "./chainReads";
export * from "./monitoring";
export * from "./outbox";
export * from "./portfolios";
export * from "./rules";
export * from "./scheduler";
export * from "./settings";
export * from "./sockets";
export * from "./transactions";
export * from "./watch";
export * from "./watchedAccounts";
