/**
 * Event ids already counted for one KOL, grouped by the minute of their event time.
 *
 * An id only needs remembering while an event with that time could still be accepted, i.e. while its
 * time is not older than the KOL's lateness horizon: anything older is rejected as TOO_OLD before the
 * dedupe check. So whole minutes are forgotten as the horizon passes them, and the set is bounded by
 * the event rate times (allowed lateness + source skew), not by the bucket width. A hard cap protects
 * against a flood; when it is hit, the windows raise the horizon instead of forgetting ids that could
 * still be replayed (counting nothing twice matters more than accepting very late events).
 *
 * Persisted as `[minute, ids[]]` pairs, which is compact to encode on every flush.
 */
const SLOT_MS = 60_000;

export type SeenIdsSnapshot = [number, string[]][];

export class SeenIds {
  /** id → minute slot, for membership. */
  private readonly ids = new Map<string, number>();
  /** minute slot → ids, for pruning and persistence. */
  private readonly slots = new Map<number, string[]>();
  /** Lowest slot held (Infinity when empty), so pruning is free when nothing expires. */
  private minSlot = Infinity;

  constructor(snapshot: SeenIdsSnapshot = []) {
    for (const [slot, ids] of snapshot) {
      for (const id of ids) this.insert(id, slot);
    }
  }

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string, t: number): void {
    if (!this.ids.has(id)) this.insert(id, Math.floor(t / SLOT_MS));
  }

  private insert(id: string, slot: number): void {
    this.ids.set(id, slot);
    if (slot < this.minSlot) this.minSlot = slot;
    const list = this.slots.get(slot);
    if (list) list.push(id);
    else this.slots.set(slot, [id]);
  }

  /** Forgets the ids of every minute that ended at or before `before`. */
  prune(before: number): void {
    if ((this.minSlot + 1) * SLOT_MS > before) return;
    let min = Infinity;
    for (const [slot, list] of this.slots) {
      if ((slot + 1) * SLOT_MS > before) {
        if (slot < min) min = slot;
        continue;
      }
      for (const id of list) this.ids.delete(id);
      this.slots.delete(slot);
    }
    this.minSlot = min;
  }

  /**
   * When over `max`, a time such that pruning before it leaves at most about 90% of `max` ids
   * (whole minutes are dropped); undefined when under the cap.
   */
  overflowCutoff(max: number): number | undefined {
    if (this.ids.size <= max) return undefined;
    const keep = Math.max(1, Math.floor(max * 0.9));
    const slots = [...this.slots.keys()].sort((a, b) => b - a);
    let kept = 0;
    for (const slot of slots) {
      kept += this.slots.get(slot)!.length;
      if (kept > keep) return (slot + 1) * SLOT_MS;
    }
    return undefined;
  }

  toSnapshot(): SeenIdsSnapshot {
    return [...this.slots.entries()];
  }
}
