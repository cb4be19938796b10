import { z } from "zod";
import { addressSchema, idSchema } from "../../shared/schemas/common";
import { WS_TICKET_TTL_SECONDS } from "../../shared/schemas/ws";
import { signJwt, verifyJwt } from "./jwt";

/**
 * Single-use WebSocket tickets. A ticket is a 30-second HS256 token under a key derived from JWT_SECRET, so it can
 * never pass as a session token (different key) and a session token never passes as a ticket. Its `jti` is
 * burnt in the user's object on first use. It goes into the /ws URL instead of the session token: a URL lands in
 * access logs, and what it exposes there is a ticket that is already used or expired. It names the session
 * (`sid`) it was issued under, so a socket can be closed when that session ends.
 */
const AUDIENCE = "vigil-ws";

const ticketClaimsSchema = z.object({
  sub: idSchema,
  address: addressSchema,
  sid: idSchema,
  jti: z.uuid(),
  aud: z.literal(AUDIENCE),
  exp: z.number().int(),
});
export type TicketClaims = z.infer<typeof ticketClaimsSchema>;

const ticketKey = (jwtSecret: string) => `${jwtSecret}\u0000ws-ticket`;

export async function issueWsTicket(
  session: { userId: string; address: string; sessionId: string },
  jwtSecret: string,
  nowMs: number,
): Promise<{ ticket: string; expiresAt: number }> {
  const exp = Math.floor(nowMs / 1000) + WS_TICKET_TTL_SECONDS;
  const claims = {
    sub: session.userId,
    address: session.address,
    sid: session.sessionId,
    jti: crypto.randomUUID(),
    aud: AUDIENCE,
    exp,
  };
  return { ticket: await signJwt(claims, ticketKey(jwtSecret)), expiresAt: exp * 1000 };
}

export function verifyWsTicket(ticket: string, jwtSecret: string): Promise<TicketClaims> {
  return verifyJwt(ticket, ticketKey(jwtSecret), ticketClaimsSchema, {
    label: "WebSocket ticket",
    reason: "ticket",
    whenExpired: "get a new one from POST /ws/ticket.",
  });
}
