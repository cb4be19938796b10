import type { z } from "zod";
import {
  type clientMessageSchema,
  serverMessageSchema,
  type storedServerMessageSchema,
} from "../lib/api/contract";

export type StoredServerMessage = z.infer<typeof storedServerMessageSchema>;
export type ClientMessage = z.input<typeof clientMessageSchema>;

export interface SequencerHost {
  lastSeq(): Promise<number>;
  saveLastSeq(seq: number): Promise<void>;
  onMessage(message: StoredServerMessage): Promise<void>;
  onResync(): Promise<void>;
  send(message: ClientMessage): void;
}

/**
 * Reads one server frame and keeps the stored stream exactly-once and in order: a message at or below the
 * last handled seq is a replay overlap and is dropped; one past a gap asks the server to `resume` from where we
 * are; `resync` (the server no longer has what we missed) reloads over HTTP, hands on the alerts the server kept
 * and continues from its latest seq.
 * Frames must be handled one at a time (the socket chains them).
 */
export function createSequencer(host: SequencerHost) {
  /** The lastSeq a `resume` was last asked from: every frame past the same gap would ask again (a storm). */
  let resumedFrom: number | null = null;
  const resume = (lastSeq: number) => {
    if (resumedFrom === lastSeq) return;
    resumedFrom = lastSeq;
    host.send({ type: "resume", lastSeq });
  };
  return async (raw: string): Promise<void> => {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return;
    }
    const parsed = serverMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    const lastSeq = await host.lastSeq();
    switch (message.type) {
      case "pong":
        // A pong is the periodic check that nothing was missed: it may ask again for the same gap.
        if (message.latestSeq > lastSeq) {
          resumedFrom = null;
          resume(lastSeq);
        }
        return;
      case "resync":
        await host.onResync();
        // What the server kept of the missed alerts (each account's current state, its last liquidation): handled
        // as the replayed messages they are, so the user is told of them as of a replay, once.
        for (const alert of message.alerts) {
          if (alert.seq > lastSeq) await host.onMessage(alert);
        }
        await host.saveLastSeq(message.latestSeq);
        return;
      case "error":
        return;
      default:
        if (message.seq <= lastSeq) return;
        if (message.seq > lastSeq + 1) {
          resume(lastSeq);
          return;
        }
        await host.onMessage(message);
        await host.saveLastSeq(message.seq);
        resumedFrom = null;
        host.send({ type: "ack", seq: message.seq });
    }
  };
}
