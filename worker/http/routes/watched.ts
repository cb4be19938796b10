import { createRoute, z } from "@hono/zod-openapi";
import { addressSchema } from "../../../shared/schemas/common";
import { errorBodySchema } from "../../../shared/schemas/errors";
import {
  watchedAccountInputSchema,
  watchedAccountSchema,
  watchedAccountsSchema,
  watchedAccountUpdateSchema,
} from "../../../shared/schemas/watchedAccounts";
import { ConflictError, NotFoundError, TierLimitError } from "../errors";
import { requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonBody, jsonContent } from "../openapi";
import { userObject, watchObject } from "./userStub";

const tags = ["watched accounts"];
const security = bearer;
const middleware = [requireAuth];

const list = createRoute({
  method: "get",
  path: "/me/watched",
  tags,
  security,
  middleware,
  summary:
    "The accounts you watch without signing (each with how well it is watched), and how many your plan allows",
  responses: {
    200: jsonContent(watchedAccountsSchema, "Your watched accounts, oldest first"),
    ...errorResponses(401),
  },
});

const add = createRoute({
  method: "post",
  path: "/me/watched",
  tags,
  security,
  middleware,
  summary: "Watch an account: its risk alerts come to you, naming it (no proposals: only your wallet signs)",
  request: { body: jsonBody(watchedAccountInputSchema) },
  responses: {
    201: jsonContent(watchedAccountSchema, "Watched; alertThreshold defaults to your own"),
    ...errorResponses(400, 401, 402, 413, 415),
    409: {
      description:
        "Already watched (`error.details.reason` = already_watched) or your own signed-in wallet (own_address).",
      content: { "application/json": { schema: errorBodySchema } },
    },
  },
});

const remove = createRoute({
  method: "delete",
  path: "/me/watched/{address}",
  tags,
  security,
  middleware,
  summary: "Stop watching an account: no alert about it comes again",
  request: { params: z.object({ address: addressSchema }) },
  responses: { 204: { description: "No longer watched" }, ...errorResponses(400, 401, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/me/watched/{address}",
  tags,
  security,
  middleware,
  summary: "Rename a watched account or move its alert threshold (the next check uses the new one)",
  request: { params: z.object({ address: addressSchema }), body: jsonBody(watchedAccountUpdateSchema) },
  responses: {
    200: jsonContent(watchedAccountSchema, "The account as watched now"),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const notWatched = () => new NotFoundError("Watched account");

export function registerWatchedRoutes(app: App): void {
  app.openapi(list, async (c) => {
    const limit = c.get("session").subscription.limits.maxWatchedAccounts ?? null;
    const listed = await userObject(c).listWatched();
    // Each account's watch as its watch object sees it; one that does not answer is null, not a failed listing.
    const statuses = await Promise.allSettled(listed.map((a) => watchObject(c, a.address).watchingStatus()));
    const accounts = listed.map((account, k) => {
      const status = statuses[k];
      return { ...account, watch: status?.status === "fulfilled" ? status.value : null };
    });
    return c.json({ accounts, limit }, 200);
  });

  app.openapi(add, async (c) => {
    const input = c.req.valid("json");
    const { subscription, user } = c.get("session");
    if (input.address === user.address) {
      throw new ConflictError("This is your signed-in wallet: Vigil already watches it.", {
        data: { reason: "own_address", address: input.address },
      });
    }
    const result = await userObject(c).addWatched(
      { address: input.address, label: input.label ?? null, alertThreshold: input.alertThreshold ?? null },
      subscription.limits,
    );
    if (!result.ok && result.reason === "already_watched") {
      throw new ConflictError("You already watch this account.", {
        data: { reason: "already_watched", address: input.address },
      });
    }
    if (!result.ok) {
      throw new TierLimitError(
        `The ${subscription.tier} plan allows ${result.limit} watched accounts; remove one or upgrade to Pro.`,
        { data: { tier: subscription.tier, limit: result.limit, resource: "watched_accounts" } },
      );
    }
    const { account } = result;
    try {
      await watchObject(c, account.address).startWatching({
        ownerId: user.id,
        address: account.address,
        alertThreshold: account.alertThreshold,
      });
    } catch (error) {
      // Not watched after all: the list must not name an account nobody monitors.
      await userObject(c).removeWatched(account.address);
      throw error;
    }
    return c.json(account, 201);
  });

  app.openapi(update, async (c) => {
    const { address } = c.req.valid("param");
    const patch = c.req.valid("json");
    const owner = userObject(c);
    const before = await owner.getWatched(address);
    if (!before) throw notWatched();
    const account = await owner.updateWatched(address, patch);
    if (!account) throw notWatched(); // removed meanwhile
    if (account.alertThreshold !== before.alertThreshold) {
      try {
        await watchObject(c, address).startWatching({
          ownerId: c.get("session").user.id,
          address,
          alertThreshold: account.alertThreshold,
        });
      } catch (error) {
        // The list must say the threshold the account is really watched at.
        await owner.updateWatched(address, { alertThreshold: before.alertThreshold });
        throw error;
      }
    }
    return c.json(account, 200);
  });

  app.openapi(remove, async (c) => {
    const { address } = c.req.valid("param");
    // Off the list first: an alert already on its way is dropped by the owner's object from now on.
    if (!(await userObject(c).removeWatched(address))) throw notWatched();
    await watchObject(c, address).stopWatching();
    return c.body(null, 204);
  });
}
