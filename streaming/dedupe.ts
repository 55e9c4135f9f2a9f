/**
 * Event ids already counted for one KOL, each with its event time.
 *
 * An id only needs remembering while an event with that time could still be accepted, i.e. while its
 * time is not older than the KOL's lateness horizon: anything older is rejected as TOO_OLD before the
 * dedupe check. So ids are pruned as the horizon advances and the set is bounded by the event rate
 * times (allowed lateness + open bucket span), not by the bucket width. A hard cap protects against a
 * flood; when it is hit, the windows raise the horizon instead of forgetting ids that could still be
 * replayed (counting nothing twice matters more than accepting very late events).
 */
export class SeenIds {
  private readonly ids = new Map<string, number>();
  /** Time of the last insert, to notice out-of-order inserts (which force a full prune scan). */
  private lastInsert = -Infinity;
  private outOfOrder = false;

  constructor(entries: Iterable<readonly [string, number]> = []) {
    for (const [id, t] of entries) this.add(id, t);
  }

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string, t: number): void {
    if (t < this.lastInsert) this.outOfOrder = true;
    else this.lastInsert = t;
    this.ids.set(id, t);
  }

  /** Forgets ids with time before `before`. */
  prune(before: number): void {
    if (!this.outOfOrder) {
      // Insertion order is time order: stop at the first id that stays.
      for (const [id, t] of this.ids) {
        if (t >= before) break;
        this.ids.delete(id);
      }
      return;
    }
    let previous = -Infinity;
    let sorted = true;
    for (const [id, t] of this.ids) {
      if (t < before) {
        this.ids.delete(id);
        continue;
      }
      if (t < previous) sorted = false;
      previous = t;
    }
    this.outOfOrder = !sorted;
  }

  /**
   * When over `max`, the time such that pruning before it leaves about 90% of `max` ids; undefined
   * when under the cap.
   */
  overflowCutoff(max: number): number | undefined {
    if (this.ids.size <= max) return undefined;
    const times = [...this.ids.values()].sort((a, b) => a - b);
    return times[times.length - Math.max(1, Math.floor(max * 0.9))];
  }

  entries(): [string, number][] {
    return [...this.ids.entries()];
  }
}
