import { z } from "zod";
import { backtestResponseSchema } from "../../shared/schemas/backtest";
import { chainTransactionSchema } from "../../shared/schemas/chainTransaction";
import { portfolioHistorySchema } from "../../shared/schemas/portfolio";
import type { RescueRequest } from "../../shared/schemas/rescue";
import { riskForecastSchema } from "../../shared/schemas/risk";
import { ruleListSchema, ruleSchema } from "../../shared/schemas/rules";
import { type TransactionStatus, transactionListSchema } from "../../shared/schemas/transactions";
import { watchedAccountSchema, watchedAccountsSchema } from "../../shared/schemas/watchedAccounts";
import {
  authNonceSchema,
  dashboardMeSchema,
  dashboardPortfolioSchema,
  refreshResponseSchema,
  signInResponseSchema,
  transactionSchema,
  userSettingsSchema,
  wsTicketResponseSchema,
} from "../lib/api/contract";
import type { ApiRequest } from "./apiClient";

/**
 * Every API route the extension calls, each once: method, path and the shared response schema. Callers pass the
 * request to the ApiClient (`api(endpoints.me())`), which validates the answer against that schema.
 */

const proposalPath = (id: string) => `/transactions/${encodeURIComponent(id)}` as const;
const rulePath = (id: string) => `/rules/${encodeURIComponent(id)}` as const;
const watchedPath = (address: string) => `/me/watched/${encodeURIComponent(address)}` as const;

const request = <S extends z.ZodType>(value: ApiRequest<S>): ApiRequest<S> => value;

export const endpoints = {
  // Sign-in and sessions (no session token: these make or end one).
  /** `challenge`: SHA-256 of the verifier only the background holds (shared/auth/signInChallenge.ts). */
  nonce: (challenge: string) =>
    request({
      path: `/auth/nonce?challenge=${encodeURIComponent(challenge)}`,
      schema: authNonceSchema,
      auth: false,
    }),
  signIn: (body: { address: string; signature: string; message: string; verifier: string }) =>
    request({ method: "POST", path: "/auth/wallet", body, schema: signInResponseSchema, auth: false }),
  refresh: (refreshToken: string) =>
    request({
      method: "POST",
      path: "/auth/refresh",
      body: { refreshToken },
      schema: refreshResponseSchema,
      auth: false,
    }),
  logout: (bearer: string) =>
    request({ method: "POST", path: "/auth/logout", schema: z.undefined(), bearer }),
  wsTicket: () => request({ method: "POST", path: "/ws/ticket", schema: wsTicketResponseSchema }),

  // The dashboard.
  me: () => request({ path: "/me", schema: dashboardMeSchema }),
  portfolios: () => request({ path: "/portfolios", schema: dashboardPortfolioSchema }),
  portfolioHistory: (range: "24h" | "7d" | "30d") =>
    request({ path: `/portfolios/history?range=${range}`, schema: portfolioHistorySchema }),
  settings: () => request({ path: "/me/settings", schema: userSettingsSchema }),
  putSettings: (alertThreshold: number) =>
    request({ method: "PUT", path: "/me/settings", body: { alertThreshold }, schema: userSettingsSchema }),
  riskForecast: (body: unknown) =>
    request({ method: "POST", path: "/risk/forecast", body, schema: riskForecastSchema }),
  chainTransaction: (chainId: number, hash: string) =>
    request({ path: `/chains/${chainId}/transactions/${hash}`, schema: chainTransactionSchema }),

  // Watch-only accounts: watched without signing; their portfolio comes only through the caller's watch list.
  watched: () => request({ path: "/me/watched", schema: watchedAccountsSchema }),
  addWatched: (body: unknown) =>
    request({ method: "POST", path: "/me/watched", body, schema: watchedAccountSchema }),
  updateWatched: (address: string, body: unknown) =>
    request({ method: "PATCH", path: watchedPath(address), body, schema: watchedAccountSchema }),
  removeWatched: (address: string) =>
    request({ method: "DELETE", path: watchedPath(address), schema: z.unknown() }),
  watchedPortfolio: (address: string) =>
    request({
      path: `/portfolios?account=${encodeURIComponent(address)}`,
      schema: dashboardPortfolioSchema,
    }),

  // Rules.
  rules: () => request({ path: "/rules", schema: ruleListSchema }),
  createRule: (body: unknown) => request({ method: "POST", path: "/rules", body, schema: ruleSchema }),
  updateRule: (id: string, body: unknown) =>
    request({ method: "PATCH", path: rulePath(id), body, schema: ruleSchema }),
  setRuleEnabled: (id: string, enabled: boolean) =>
    request({
      method: "POST",
      path: `${rulePath(id)}/${enabled ? "enable" : "disable"}`,
      schema: ruleSchema,
    }),
  deleteRule: (id: string) => request({ method: "DELETE", path: rulePath(id), schema: z.unknown() }),
  backtestRule: (body: unknown) =>
    request({ method: "POST", path: "/rules/backtest", body, schema: backtestResponseSchema }),

  // Transaction proposals.
  transactions: (query: { status?: TransactionStatus; limit?: number }) => {
    const search = new URLSearchParams();
    if (query.status) search.set("status", query.status);
    if (query.limit) search.set("limit", String(query.limit));
    return request({ path: `/transactions?${search}`, schema: transactionListSchema });
  },
  transaction: (id: string) => request({ path: proposalPath(id), schema: transactionSchema }),
  rejectTransaction: (id: string) =>
    request({ method: "POST", path: `${proposalPath(id)}/reject`, schema: z.unknown() }),
  simulateTransaction: (id: string) =>
    request({ method: "POST", path: `${proposalPath(id)}/simulate`, schema: transactionSchema }),
  approveTransaction: (id: string) =>
    request({ method: "POST", path: `${proposalPath(id)}/approve`, schema: transactionSchema }),
  submittedTransaction: (id: string, txHashes: readonly string[]) =>
    request({
      method: "POST",
      path: `${proposalPath(id)}/submitted`,
      body: { txHashes },
      schema: transactionSchema,
    }),
  /** The way out of a risky position: a repay/supply proposal sized to a target HF (the open one if asked again). */
  rescue: (body: RescueRequest) =>
    request({ method: "POST", path: "/transactions/rescue", body, schema: transactionSchema }),
  /** The wallet declined step `stepIndex`; `txHashes` are the steps before it (the API checks them on chain). */
  walletRejectedTransaction: (id: string, stepIndex: number, txHashes: readonly string[]) =>
    request({
      method: "POST",
      path: `${proposalPath(id)}/wallet-rejected`,
      body: { stepIndex, txHashes },
      schema: transactionSchema,
    }),
};
