/**
 * How often a watched chain is asked for its head: one cheap eth_blockNumber, whatever the number of users. Half a
 * second, not one: waiting for the next poll was up to a second of the time from a block to an alert (p95 1.8–2.3 s
 * → 1.5 s measured, docs/scaling.md), for ~$11 a month more RPC per chain.
 */
export const PRICE_POLL_MS = 500;
