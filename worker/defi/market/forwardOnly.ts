/**
 * Keeps a chain read from stepping back because one node of a load-balanced RPC lags another: a snapshot older
 * than the one held is not taken (the held one is served again) until older answers come `patience` times in a
 * row, which is the chain itself going back (a reorg, a reset devnet). Without it a portfolio could show the
 * previous block's prices (say HF 1.30 again after 1.05) and an alert clear and re-raise on every poll.
 */
export class ForwardOnly {
  private olderInARow = 0;

  constructor(private readonly patience = 3) {}

  choose<T extends { blockNumber: bigint }>(held: T | undefined, fresh: T): T {
    if (held === undefined || fresh.blockNumber >= held.blockNumber) {
      this.olderInARow = 0;
      return fresh;
    }
    this.olderInARow += 1;
    if (this.olderInARow < this.patience) return held;
    this.olderInARow = 0;
    return fresh;
  }
}
