/**
 * Turns snapshots of cumulative counters (a post's views/likes/..., a profile's follower count) into
 * increases attributed to the snapshot's time, tolerating out-of-order arrival.
 *
 * The increase credited to a snapshot is its value minus the value of the snapshot just before it in
 * event time. When a late snapshot lands between two known ones, its own increase is credited at its
 * time and the next snapshot's increase shrinks by the same amount, so the total is unchanged and each
 * bucket holds what happened in it. Snapshots older than the lateness horizon are pruned, keeping the
 * newest of them as the anchor for later inserts (which are never older than the horizon).
 *
 * `firstBase` says what precedes the very first snapshot: `zero` (a new post: its counters grew from
 * zero, so the first snapshot is credited in full) or `self` (followers: the first snapshot is only the
 * baseline, credited 0).
 */
export type FirstBase = 'zero' | 'self';

export interface Snapshot {
  t: number;
  v: number[];
}

/** One increase to add to the buckets containing time `t`. */
export interface Contribution {
  t: number;
  delta: number[];
}

export class CumulativeSeries {
  /** Sorted by time, oldest first; `snapshots[0]` may be the anchor (older than the horizon). */
  constructor(
    private readonly firstBase: FirstBase,
    private snapshots: Snapshot[] = [],
  ) {}

  get size(): number {
    return this.snapshots.length;
  }

  latest(): Snapshot | undefined {
    return this.snapshots[this.snapshots.length - 1];
  }

  all(): readonly Snapshot[] {
    return this.snapshots;
  }

  insert(t: number, v: readonly number[]): Contribution[] {
    // Insert after any snapshot with the same time (stable for equal timestamps).
    let i = this.snapshots.length;
    while (i > 0 && this.snapshots[i - 1]!.t > t) i--;
    const prev = this.snapshots[i - 1];
    const next = this.snapshots[i];
    const value = [...v];
    const base = (s: Snapshot): number[] => (this.firstBase === 'zero' ? s.v.map(() => 0) : s.v);
    const contributions: Contribution[] = [
      { t, delta: sub(value, prev ? prev.v : base({ t, v: value })) },
    ];
    if (next) {
      const oldPrevOfNext = prev ? prev.v : base(next);
      contributions.push({ t: next.t, delta: sub(oldPrevOfNext, value) });
    }
    this.snapshots.splice(i, 0, { t, v: value });
    return contributions;
  }

  /** Drops snapshots older than `before`, keeping the newest of them as the anchor. */
  prune(before: number): void {
    let keepFrom = 0;
    while (keepFrom + 1 < this.snapshots.length && this.snapshots[keepFrom + 1]!.t < before)
      keepFrom++;
    if (keepFrom > 0) this.snapshots = this.snapshots.slice(keepFrom);
  }
}

function sub(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, k) => x - (b[k] ?? 0));
}
