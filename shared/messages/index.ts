export * from "./background";
export * from "./pageBridge";
export * from "./result";
