/** Resolves waiters on notify() or when their time is up. */
export class Signal {
  private waiters = new Set<() => void>();
  notify(): void {
    const w = [...this.waiters];
    this.waiters.clear();
    for (const f of w) f();
  }
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiters.add(done);
    });
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
