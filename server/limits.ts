/**
 * Fixed-window request counter per caller. Superseded by the operation policy's rate limits
 * (server/rate-limits.ts); kept only while GatewayServices still carries it.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Returns seconds to wait when the caller is over its limit, 0 when the request may proceed. */
  take(callerId: string): number {
    if (this.limitPerMinute <= 0) return 0;
    const now = this.clock();
    const current = this.windows.get(callerId);
    if (!current || now - current.start >= 60_000) {
      this.windows.set(callerId, { start: now, count: 1 });
      if (this.windows.size > 100_000) this.evictOld(now);
      return 0;
    }
    current.count++;
    return current.count > this.limitPerMinute
      ? Math.ceil((current.start + 60_000 - now) / 1000)
      : 0;
  }

  private evictOld(now: number): void {
    for (const [id, window] of this.windows)
      if (now - window.start >= 60_000) this.windows.delete(id);
  }
}
