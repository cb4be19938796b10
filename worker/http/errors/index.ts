export { VigilError, type VigilErrorOptions } from "./base";
export * from "./errors";
export { causeChain, logError } from "./log";
export { errorBody, respondWithError, toVigilError, unsupportedMediaType } from "./respond";
export { fieldErrors, validationError, validationHook } from "./validation";
