// The API's request/response schemas, owned by shared/schemas: the extension imports them, never copies them.
import { z } from "zod";
import { meResponseSchema } from "../../../shared/schemas/auth";
import { portfolioSchema } from "../../../shared/schemas/portfolio";
import { chainStatusSchema, watchStatusSchema } from "../../../shared/schemas/watchStatus";

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
export type { ChainStatus, WatchStatus } from "../../../shared/schemas/watchStatus";
export {
  clientMessageSchema,
  serverMessageSchema,
  storedServerMessageSchema,
  wsTicketResponseSchema,
} from "../../../shared/schemas/ws";

/**
 * GET /me and GET /portfolios as the dashboard reads them: with the watch status (`watch`) and the per-chain
 * outcome (`chains`) when the API sends them, and still valid from an API that does not yet.
 */
export const dashboardMeSchema = meResponseSchema.extend({ watch: watchStatusSchema.optional() });
export type DashboardMe = z.infer<typeof dashboardMeSchema>;
export const dashboardPortfolioSchema = portfolioSchema.extend({
  chains: z.array(chainStatusSchema).optional(),
});
export type DashboardPortfolio = z.infer<typeof dashboardPortfolioSchema>;
