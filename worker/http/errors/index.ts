// The HTTP face of the error model: the classes live in worker/errors (any layer may raise them); turning them
// into responses, validating requests and logging happen here.
export * from "../../errors";
export { causeChain, logError } from "./log";
export { errorBody, respondWithError, toVigilError, unsupportedMediaType } from "./respond";
export { fieldErrors, validationError, validationHook } from "./validation";
