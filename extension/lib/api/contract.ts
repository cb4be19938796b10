// The API's request/response schemas, owned by shared/schemas: the extension imports them, never copies them.
export {
  type MeResponse,
  meResponseSchema,
  type NonceResponse as AuthNonce,
  nonceResponseSchema as authNonceSchema,
  refreshResponseSchema,
  signInResponseSchema,
} from "../../../shared/schemas/auth";
export { errorBodySchema } from "../../../shared/schemas/errors";
export { type Portfolio, portfolioSchema } from "../../../shared/schemas/portfolio";
export { userSettingsSchema } from "../../../shared/schemas/settings";
export { type Transaction, transactionSchema } from "../../../shared/schemas/transactions";
export {
  clientMessageSchema,
  serverMessageSchema,
  storedServerMessageSchema,
  wsTicketResponseSchema,
} from "../../../shared/schemas/ws";
