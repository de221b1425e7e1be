/**
 * Group commit: calls that arrive while one round trip is on its way wait for the next one, which takes
 * them all (at most `max`). A lone call goes at once (no timer, no added latency); under load one round
 * trip serves every concurrent caller instead of one each. Each caller gets its own item's result, and
 * the round trip's error if it fails.
 */
export class GroupCommit<T, R = void> {
  private waiting: { item: T; resolve: (r: R) => void; reject: (e: Error) => void }[] = [];
  private busy = false;

  constructor(
    private readonly run: (items: T[]) => Promise<R[] | void>,
    private readonly max = 500,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.busy) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.busy = true;
    // One turn of the event loop first: the callers woken by the same answers join this round trip.
    await new Promise((r) => setImmediate(r));
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, this.max);
      try {
        const results = await this.run(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results ? results[i] : (undefined as R)));
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        for (const b of batch) b.reject(err);
      }
    }
    this.busy = false;
  }
}
