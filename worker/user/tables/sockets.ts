import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Owned by the sockets capability: WebSocket tickets already used (single use), kept until they expire. */
export const usedSocketTickets = sqliteTable("used_socket_tickets", {
  ticketId: text("ticket_id").primaryKey(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
});
