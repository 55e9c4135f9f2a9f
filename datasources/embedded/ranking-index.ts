import type {
  BackendPage,
  IndexRecord,
  RankingIndexBackend,
  ScoredEntry,
} from '../shared/ranking-index';
import { compareRanked, keysetRange, type KeysetRequest } from '../shared/ranking-order';
import type { RankingCursor } from '../types';

interface Stored extends ScoredEntry {
  segments: string[];
  staleAt: number | null;
}

/** A segment's element: the order key and the gate trust, so a gated page reads no record. */
interface Member extends RankingCursor {
  trust: number;
}

/** Above this many changes to one segment in a write, the segment is re-sorted instead of spliced. */
const RESORT_THRESHOLD = 256;

/**
 * The ranking index in memory: per segment an array of (score, kolId) kept in ranking order, so a
 * page is a binary search and a slice.
 */
export class MemoryRankingIndex implements RankingIndexBackend {
  private readonly records = new Map<string, Stored>();
  private readonly bySegment = new Map<string, Member[]>();
  private built = true;
  private nextDue = Infinity;

  async isBuilt(): Promise<boolean> {
    return this.built;
  }

  async clear(): Promise<void> {
    this.records.clear();
    this.bySegment.clear();
    this.nextDue = Infinity;
    this.built = false;
  }

  async markBuilt(): Promise<void> {
    this.built = true;
  }

  async read(ids: readonly string[]): Promise<(ScoredEntry | undefined)[]> {
    return ids.map((id) => this.records.get(id));
  }

  async write(records: readonly IndexRecord[]): Promise<void> {
    const removals = new Map<string, RankingCursor[]>();
    const additions = new Map<string, Member[]>();
    const push = <C>(map: Map<string, C[]>, segment: string, c: C): void => {
      const list = map.get(segment);
      if (list) list.push(c);
      else map.set(segment, [c]);
    };
    for (const record of records) {
      const old = this.records.get(record.kolId);
      if (old) {
        const cursor = { score: old.score, kolId: record.kolId };
        for (const segment of old.segments) push(removals, segment, cursor);
        this.records.delete(record.kolId);
      }
      if (!record.indexed) continue;
      const member = { score: record.score, kolId: record.kolId, trust: record.trust };
      for (const segment of record.segments) push(additions, segment, member);
      this.records.set(record.kolId, {
        indexed: record.indexed,
        score: record.score,
        segments: record.segments,
        staleAt: record.staleAt,
      });
      if (record.staleAt !== null) this.nextDue = Math.min(this.nextDue, record.staleAt);
    }
    for (const segment of new Set([...removals.keys(), ...additions.keys()])) {
      this.apply(segment, removals.get(segment) ?? [], additions.get(segment) ?? []);
    }
  }

  async members(segment: string): Promise<ScoredEntry[]> {
    return (this.bySegment.get(segment) ?? []).map((c) => this.records.get(c.kolId)!);
  }

  async page(segment: string, request: KeysetRequest, nowMs?: number): Promise<BackendPage> {
    const list = this.bySegment.get(segment) ?? [];
    const { start, end } = keysetRange(list.length, (i) => list[i]!, request);
    return {
      entries: list.slice(start, end).map((c) => this.records.get(c.kolId)!),
      total: list.length,
      start,
      due: this.isDue(nowMs),
    };
  }

  /** The members passing the gate, then a binary search and a slice of them (no record read). */
  async gatedPage(
    segment: string,
    request: KeysetRequest,
    minTrust: number,
    nowMs?: number,
  ): Promise<BackendPage> {
    const passing = (this.bySegment.get(segment) ?? []).filter((m) => m.trust >= minTrust);
    const { start, end } = keysetRange(passing.length, (i) => passing[i]!, request);
    return {
      entries: passing.slice(start, end).map((c) => this.records.get(c.kolId)!),
      total: passing.length,
      start,
      due: this.isDue(nowMs),
    };
  }

  /** Whether an entry may be due at `nowMs` (nextDue is a lower bound; `due` makes it exact). */
  private isDue(nowMs: number | undefined): boolean {
    return nowMs !== undefined && nowMs >= this.nextDue;
  }

  async counts(): Promise<Map<string, number>> {
    return new Map([...this.bySegment].map(([segment, list]) => [segment, list.length]));
  }

  async due(nowMs: number, limit: number): Promise<string[]> {
    if (nowMs < this.nextDue) return [];
    const due: string[] = [];
    let next = Infinity;
    for (const [id, record] of this.records) {
      if (record.staleAt === null) continue;
      if (record.staleAt <= nowMs && due.length < limit) due.push(id);
      else next = Math.min(next, record.staleAt);
    }
    this.nextDue = due.length < limit ? next : nowMs;
    return due;
  }

  private apply(segment: string, remove: RankingCursor[], add: Member[]): void {
    let list = this.bySegment.get(segment) ?? [];
    if (remove.length + add.length > RESORT_THRESHOLD) {
      // Every removed member goes, every added one (the last of each KOL) comes: a member whose
      // score stayed may still have a new trust.
      const gone = new Set(remove.map((c) => c.kolId));
      const added = new Map(add.map((c) => [c.kolId, c]));
      list = list.filter((c) => !gone.has(c.kolId) && !added.has(c.kolId));
      for (const c of added.values()) list.push(c);
      list.sort(compareRanked);
    } else {
      for (const c of remove) {
        const at = position(list, c);
        if (list[at]?.kolId === c.kolId) list.splice(at, 1);
      }
      for (const c of add) list.splice(position(list, c), 0, c);
    }
    if (list.length === 0) this.bySegment.delete(segment);
    else this.bySegment.set(segment, list);
  }
}

/** Index of the first element not before `c` in ranking order. */
function position(list: readonly RankingCursor[], c: RankingCursor): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareRanked(list[mid]!, c) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
