export * from "./background";
export * from "./pageBridge";
export * from "./presignPreview";
export * from "./result";
export * from "./walletRelay";
