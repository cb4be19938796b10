import { sign, verify } from "hono/jwt";
import { z } from "zod";
import { addressSchema, idSchema } from "../../../shared/schemas/common";
import { WS_TICKET_TTL_SECONDS } from "../../../shared/schemas/ws";
import { UnauthorizedError } from "../errors";

/**
 * Single-use WebSocket tickets. A ticket is a 30-second HS256 token under a key derived from JWT_SECRET, so it can
 * never pass as a session token (different key) and a session token never passes as a ticket. Its `jti` is
 * burnt in the user's object on first use. It goes into the /ws URL instead of the session token: a URL lands in
 * access logs, and what it exposes there is a ticket that is already used or expired.
 */
const AUDIENCE = "vigil-ws";
const ALG = "HS256";

const ticketClaimsSchema = z.object({
  sub: idSchema,
  address: addressSchema,
  jti: z.uuid(),
  aud: z.literal(AUDIENCE),
  exp: z.number().int(),
});
export type TicketClaims = z.infer<typeof ticketClaimsSchema>;

const ticketKey = (jwtSecret: string) => `${jwtSecret}\u0000ws-ticket`;

export async function issueWsTicket(
  user: { id: string; address: string },
  jwtSecret: string,
  nowMs: number,
): Promise<{ ticket: string; expiresAt: number }> {
  const exp = Math.floor(nowMs / 1000) + WS_TICKET_TTL_SECONDS;
  const claims = { sub: user.id, address: user.address, jti: crypto.randomUUID(), aud: AUDIENCE, exp };
  return { ticket: await sign(claims, ticketKey(jwtSecret), ALG), expiresAt: exp * 1000 };
}

export async function verifyWsTicket(ticket: string, jwtSecret: string): Promise<TicketClaims> {
  let payload: unknown;
  try {
    payload = await verify(ticket, ticketKey(jwtSecret), ALG);
  } catch (cause) {
    const expired = cause instanceof Error && cause.name === "JwtTokenExpired";
    throw new UnauthorizedError(
      expired
        ? "The WebSocket ticket has expired; get a new one from POST /ws/ticket."
        : "The WebSocket ticket is invalid.",
      expired ? "ticket_expired" : "ticket_invalid",
      // Never the token itself: hono's messages embed it.
      { details: cause instanceof Error ? cause.name : "verification failed" },
    );
  }
  const claims = ticketClaimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new UnauthorizedError("The WebSocket ticket is invalid.", "ticket_invalid", {
      details: "claims malformed",
    });
  }
  return claims.data;
}
