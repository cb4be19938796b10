export { VigilError, type VigilErrorOptions } from "./base";
export * from "./errors";
