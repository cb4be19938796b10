import { describe, expect, it } from "vitest";
import { type ClientMessage, createSequencer } from "./liveSequencer";

const sentAt = "2026-11-25T16:00:00.000Z";
const notification = (seq: number) =>
  JSON.stringify({
    type: "notification",
    seq,
    sentAt,
    payload: { level: "info", title: `#${seq}`, message: "m", transactionId: null },
  });

function harness(startSeq = 0) {
  let lastSeq = startSeq;
  const handled: number[] = [];
  const sent: ClientMessage[] = [];
  let resyncs = 0;
  const handle = createSequencer({
    lastSeq: async () => lastSeq,
    saveLastSeq: async (seq) => {
      lastSeq = seq;
    },
    onMessage: async (message) => {
      if ("seq" in message) handled.push(message.seq);
    },
    onResync: async () => {
      resyncs += 1;
    },
    send: (message) => sent.push(message),
  });
  return { handle, handled, sent, lastSeq: () => lastSeq, resyncs: () => resyncs };
}

describe("live message sequencer", () => {
  it("handles stored messages once and in order, acking each", async () => {
    const h = harness();
    for (const frame of [notification(1), notification(2), notification(2), notification(1)])
      await h.handle(frame);
    expect(h.handled).toEqual([1, 2]);
    expect(h.lastSeq()).toBe(2);
    expect(h.sent).toEqual([
      { type: "ack", seq: 1 },
      { type: "ack", seq: 2 },
    ]);
  });

  it("asks to resume instead of skipping over a gap, then continues from the replay", async () => {
    const h = harness(4);
    await h.handle(notification(7));
    expect(h.handled).toEqual([]);
    expect(h.sent).toEqual([{ type: "resume", lastSeq: 4 }]);
    for (const frame of [notification(5), notification(6), notification(7)]) await h.handle(frame);
    expect(h.handled).toEqual([5, 6, 7]);
  });

  it("resumes when a pong shows newer messages than we have", async () => {
    const h = harness(3);
    await h.handle(JSON.stringify({ type: "pong", latestSeq: 3 }));
    expect(h.sent).toEqual([]);
    await h.handle(JSON.stringify({ type: "pong", latestSeq: 5 }));
    expect(h.sent).toEqual([{ type: "resume", lastSeq: 3 }]);
  });

  it("reloads over HTTP on resync and continues from the server's latest seq", async () => {
    const h = harness(2);
    await h.handle(JSON.stringify({ type: "resync", reason: "outbox trimmed", latestSeq: 900 }));
    expect(h.resyncs()).toBe(1);
    expect(h.lastSeq()).toBe(900);
    await h.handle(notification(901));
    expect(h.handled).toEqual([901]);
  });

  it("on resync hands on the alerts and notices the server kept (those after our seq) before continuing", async () => {
    const h = harness(2);
    const alert = (seq: number) => ({
      type: "risk_alert",
      seq,
      sentAt,
      payload: {
        state: "raised",
        severity: "liquidated",
        reason: "health_factor",
        healthFactor: 0.97,
        threshold: 1.3,
        band: null,
        probability: null,
        chainId: 1,
        message: "liquidated",
      },
    });
    await h.handle(
      JSON.stringify({
        type: "resync",
        reason: "outbox trimmed",
        latestSeq: 900,
        alerts: [
          alert(2),
          alert(40),
          {
            type: "notification",
            seq: 41,
            sentAt,
            payload: {
              level: "error",
              title: "Monitoring stopped",
              message: "m",
              transactionId: null,
              watchProblem: "monitoring",
            },
          },
        ],
      }),
    );
    expect(h.resyncs()).toBe(1);
    // The kept alert and the kept notice of a watch that stopped, as replayed messages.
    expect(h.handled).toEqual([40, 41]);
    expect(h.lastSeq()).toBe(900);
  });

  it("ignores frames that are not JSON or not in the protocol", async () => {
    const h = harness();
    await h.handle("not json");
    await h.handle(JSON.stringify({ type: "notification", seq: 1, sentAt, payload: { title: 3 } }));
    await h.handle(JSON.stringify({ type: "mystery", seq: 1 }));
    expect(h.handled).toEqual([]);
    expect(h.lastSeq()).toBe(0);
  });

  it("asks to resume once per gap, however many frames arrive past it; a pong may ask again", async () => {
    const h = harness(4);
    for (const seq of [7, 8, 9, 10]) await h.handle(notification(seq));
    expect(h.sent).toEqual([{ type: "resume", lastSeq: 4 }]);
    await h.handle(JSON.stringify({ type: "pong", latestSeq: 10 }));
    expect(h.sent).toEqual([
      { type: "resume", lastSeq: 4 },
      { type: "resume", lastSeq: 4 },
    ]);
    // The replay arrives: handled in order; a later gap asks again.
    for (const seq of [5, 6, 7]) await h.handle(notification(seq));
    await h.handle(notification(9));
    expect(h.handled).toEqual([5, 6, 7]);
    expect(h.sent.at(-1)).toEqual({ type: "resume", lastSeq: 7 });
  });
});
