import type {
  RankedEntry,
  RankingCursor,
  RankingEntry,
  RankingPage,
  RankingPageQuery,
  RankingBuildState,
  RankingStore,
  SegmentCount,
  SegmentFilter,
  SegmentValues,
} from '../types';
import { randomUUID } from 'node:crypto';
import { BackendUnavailableError } from './errors';
import {
  applyRankingWrites,
  deriveRankingEntries,
  nothingKnown,
  RANKING_PARTS,
  updateRankingEntries,
  type IndexedEntry,
  type RankingPart,
  type RankingSources,
  type RankingWrite,
} from './ranking-entries';
import {
  compareRanked,
  gateTrust,
  indexScore,
  keysetRange,
  keysetRequest,
  staleAt,
  type KeysetRequest,
} from './ranking-order';
import { matchesSegment, parseSegmentKey, segmentsOf, segmentsToIntersect } from './segments';

/** One entry as an index stores it: the entry, its order score, its segments, its re-score time. */
export interface IndexRecord {
  kolId: string;
  /** null: remove the KOL from the index (it has no profile). */
  indexed: IndexedEntry | null;
  score: number;
  /** The trust a trust gate compares (`gateTrust` as of the write; changes with the score). */
  trust: number;
  segments: string[];
  staleAt: number | null;
}

/**
 * A page query that may also exclude the KOLs under a trust gate: with `minTrust`, the page holds
 * only entries whose gate trust (as of the index, like the order score) is at least `minTrust`,
 * and `totalCount` / `startIndex` count only those. (The order stays the default one: this is the
 * ranking of `minTrust` with the EXCLUDE gate and the default weights.)
 */
export interface GatedPageQuery extends RankingPageQuery {
  minTrust?: number;
}

/** A page with the rank of its first entry, and the `minTrust` it was gated by (if any). */
export interface IndexPage extends RankingPage {
  /**
   * Entries ranked above the first one of this page (with `minTrust`: those that pass it); absent
   * on an empty page, which has no first one.
   */
  startIndex?: number;
  minTrust?: number;
}

/** Thrown by a backend read that finds the index not built (e.g. Redis lost it meanwhile). */
export class IndexNotBuiltError extends Error {
  override readonly name = 'IndexNotBuiltError';
  constructor() {
    super('the ranking index is not built');
  }
}

/**
 * A ranking read refused because the index is being built (by this process or another): served
 * as UNAVAILABLE, with how far the build is, rather than held past the request deadline.
 */
export class RankingIndexBuildingError extends BackendUnavailableError {
  constructor(readonly build: RankingBuildState) {
    super('redis');
    const progress =
      build.state === 'building'
        ? ` (${build.kols.toLocaleString('en-US')} KOLs so far, started ${Math.round((Date.now() - (build.since ?? Date.now())) / 1000)} s ago)`
        : build.state === 'elsewhere'
          ? ' by another gateway or worker'
          : '';
    this.message = `The ranking index is being built from the store of record${progress}; rankings are served when it is done: retry shortly.`;
  }
}

export interface ScoredEntry {
  indexed: IndexedEntry;
  score: number;
}

/** One page as a backend reads it. */
export interface BackendPage {
  entries: ScoredEntry[];
  /** Members of the segment (with a gate: those passing it). */
  total: number;
  /** Members (passing the gate) ranked above the page. */
  start: number;
  /**
   * Asked with `nowMs`: some entry's re-score time (`staleAt`) is at or before it, so the order may
   * be out of date until the index re-scores (the read's readiness check, without a round trip).
   */
  due?: boolean;
}

/**
 * The storage primitives of a ranking index (in memory, Redis). The algorithm above them (what
 * to write when inputs change, paging, segment listing, re-scoring stale entries) is written once,
 * in `RankingIndex`. A primitive may reject when its backend is unavailable.
 */
export interface RankingIndexBackend {
  /** Whether the index holds every KOL (false: it must be built first). */
  isBuilt(): Promise<boolean>;
  /** Empties the index and marks it not built. */
  clear(): Promise<void>;
  markBuilt(): Promise<void>;
  read(ids: readonly string[]): Promise<(ScoredEntry | undefined)[]>;
  write(records: readonly IndexRecord[]): Promise<void>;
  /**
   * Optional bulk form of `write` for a build: into an index emptied by `clear`, for KOLs not
   * written since (no previous state to remove), so it may skip what `write` checks.
   */
  writeFresh?(records: readonly IndexRecord[]): Promise<void>;
  /** Every member of one segment. */
  members(segment: string): Promise<ScoredEntry[]>;
  /**
   * One keyset page of one segment, with its size and how many entries precede it; with `nowMs`,
   * also whether entries are due for re-scoring. Rejects with IndexNotBuiltError when not built.
   */
  page(segment: string, request: KeysetRequest, nowMs?: number): Promise<BackendPage>;
  /**
   * Optional: one keyset page of one segment counting only the entries whose stored `trust` is at
   * least `minTrust` (entries, their number, how many of them precede the page). Without it, the
   * index filters the whole segment.
   */
  gatedPage?(
    segment: string,
    request: KeysetRequest,
    minTrust: number,
    nowMs?: number,
  ): Promise<BackendPage>;
  /** Size of every non-empty segment. */
  counts(): Promise<Map<string, number>>;
  /** Ids whose `staleAt` has passed, at most `limit`. */
  due(nowMs: number, limit: number): Promise<string[]>;
  /** Optional: `isBuilt` and `due` answered together (one round trip where that matters). */
  status?(nowMs: number, limit: number): Promise<{ built: boolean; due: string[] }>;
  /**
   * Optional, for a backend that several processes share: takes (or renews, for the same `owner`)
   * the right to build for `leaseMs`; false while another owner holds it. Without it, a process
   * builds whenever it finds the index unbuilt.
   */
  claimBuild?(owner: string, leaseMs: number): Promise<boolean>;
  /** Gives the build right back (only when `owner` holds it). */
  releaseBuild?(owner: string): Promise<void>;
}

export interface RankingIndexOptions {
  /** SCORE_MAX_AGE_SECONDS in ms: when a trust score turns stale (changes the fusion score). */
  trustMaxAgeMs: number;
  clock?: () => Date;
  /** Builds the whole index when it is not built (e.g. a token-range scan of Cassandra). */
  build?: (write: (entries: readonly IndexedEntry[]) => Promise<void>) => Promise<unknown>;
  /** Called when a refresh could not be stored (the ids are retried on the next call). */
  onError?: (error: unknown, what: string) => void;
  /**
   * The index also holds the parts of KOLs without a profile (`unprofiled` entries, in no segment),
   * and its build writes them too: a KOL absent from the index then has nothing stored, so the
   * first profile of a KOL is indexed from what was written, with no read of the stores.
   */
  keepsUnprofiled?: boolean;
  /**
   * Answer reads from the source stores when the backend fails (slow: a whole segment is derived),
   * instead of rejecting.
   */
  fallbackToSources?: boolean;
  /** How long a read waits for a build before it is refused (default READ_WAITS_FOR_BUILD_MS). */
  readWaitsForBuildMs?: number;
}

/** Index chunks a build writes at once. */
const BUILD_WRITES_IN_FLIGHT = 3;
/**
 * How long a read waits for a build before it is refused with RankingIndexBuildingError (the build
 * goes on): a small index is built within it, a million KOLs take about a minute and a half, far
 * past any request deadline.
 */
const READ_WAITS_FOR_BUILD_MS = 2_000;
/** The build lease on a shared backend, renewed every third of it while the build runs. */
const BUILD_LEASE_MS = 30_000;
/**
 * How long a readiness check (built? failed refreshes? entries due for re-scoring?) stands for the
 * reads after it: at most this late, a trust score turning stale moves its KOL. A read that finds
 * the index gone (IndexNotBuiltError) checks again at once.
 */
const READY_FOR_MS = 250;
/** How many due entries one read re-scores before answering. */
const DUE_PER_READ = 1_000;
/** Beyond this many KOLs whose refresh failed, a rebuild is cheaper than remembering them. */
const MAX_PENDING = 100_000;

/**
 * A ranking index over a backend: entries derived from the source stores (`refresh`), ordered per
 * segment by the default-weight fusion score. Refreshes are coalesced (one at a time; ids that
 * arrive meanwhile wait for the next); refreshes that could not be stored are retried on the
 * next call, and past MAX_PENDING the index is rebuilt instead.
 */
export class RankingIndex implements RankingStore {
  private readonly clock: () => Date;
  private queued = new Map<string, QueuedChange>();
  private queuedRun: Promise<void> | undefined;
  private running: Promise<void> | undefined;
  private readonly pending = new Set<string>();
  private needsBuild = false;
  private readyUntil = 0;
  private readying: Promise<void> | undefined;
  private building: Promise<{ kols: number; ms: number }> | undefined;
  private buildProgress: { kols: number; since: number } | undefined;
  private builtElsewhere = false;
  private readonly owner = randomUUID();

  constructor(
    private readonly backend: RankingIndexBackend,
    private readonly sources: RankingSources,
    private readonly options: RankingIndexOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async entries(filter: SegmentFilter): Promise<RankingEntry[]> {
    const members = await this.orFromSources(
      () => this.segmentMembers(filter),
      () => this.fromSources(filter),
    );
    return members
      .map((m) => m.indexed.entry)
      .sort((a, b) => (a.kolId < b.kolId ? -1 : a.kolId > b.kolId ? 1 : 0));
  }

  async page(query: GatedPageQuery): Promise<IndexPage> {
    const request = keysetRequest(query);
    const keys = segmentsToIntersect(query.filter);
    const { minTrust } = query;
    const gated = minTrust !== undefined && Number.isFinite(minTrust);
    const passes = (m: ScoredEntry, now: Date): boolean =>
      !gated || gateTrust(m.indexed.entry, now, this.options.trustMaxAgeMs) >= minTrust;
    const inMemory = async (
      all: ScoredEntry[],
    ): Promise<{ entries: ScoredEntry[]; total: number; start: number }> => {
      const now = this.clock();
      const members = gated ? all.filter((m) => passes(m, now)) : all;
      members.sort((a, b) => compareRanked(cursorOf(a), cursorOf(b)));
      const range = keysetRange(members.length, (i) => cursorOf(members[i]!), request);
      return {
        entries: members.slice(range.start, range.end),
        total: members.length,
        start: range.start,
      };
    };
    const { entries, total, start } = await this.orFromSources(
      async () => {
        if (keys.length === 1) {
          const segment = keys[0] ?? 'all';
          if (!gated) return this.checkedRead((now) => this.backend.page(segment, request, now));
          if (this.backend.gatedPage) {
            const backend = this.backend as Required<Pick<RankingIndexBackend, 'gatedPage'>>;
            return this.checkedRead((now) => backend.gatedPage(segment, request, minTrust, now));
          }
        }
        return inMemory(await this.segmentMembers(query.filter));
      },
      async () => inMemory(await this.fromSources(query.filter)),
    );
    const page: IndexPage = {
      entries: entries.map((m): RankedEntry => ({ entry: m.indexed.entry, score: m.score })),
      totalCount: total,
      hasPreviousPage: start > 0,
      hasNextPage: start + entries.length < total,
    };
    if (entries.length > 0) page.startIndex = start;
    if (gated) page.minTrust = minTrust;
    return page;
  }

  async segments(): Promise<SegmentValues> {
    const counts = await this.orFromSources(
      async () => {
        await this.ready();
        return this.backend.counts();
      },
      async () => {
        const counts = new Map<string, number>();
        for (const member of await this.fromSources({})) {
          for (const key of segmentsOf(member.indexed.attributes)) {
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
        }
        return counts;
      },
    );
    const out: Record<keyof SegmentValues, SegmentCount[]> = {
      categories: [],
      platforms: [],
      countries: [],
      languages: [],
      followerBands: [],
    };
    const list = {
      category: out.categories,
      platform: out.platforms,
      country: out.countries,
      language: out.languages,
      followerBand: out.followerBands,
    };
    for (const [key, count] of counts) {
      const parsed = parseSegmentKey(key);
      if (!parsed || parsed.kind === 'all' || parsed.kind === 'categoryPlatform') continue;
      list[parsed.kind].push({ value: parsed.value, count });
    }
    for (const values of Object.values(out)) {
      values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    }
    return out;
  }

  /**
   * Re-derives these KOLs' entries from the source stores (only `parts` of KOLs already indexed;
   * the whole entry of the others) and stores them. `writes`: what a write through the DataSources
   * just stored, per KOL (such a KOL's parts are those of its writes, patched in, not read back).
   * Never throws for a backend failure.
   */
  async refresh(
    kolIds: readonly string[],
    parts: readonly RankingPart[] = RANKING_PARTS,
    writes?: ReadonlyMap<string, readonly RankingWrite[]>,
  ): Promise<void> {
    if (kolIds.length === 0) return;
    for (const id of kolIds) {
      let change = this.queued.get(id);
      if (!change) {
        change = { parts: new Set(), writes: [] };
        this.queued.set(id, change);
      }
      // A KOL with writes changed the parts it has writes of; the others, every part of `parts`.
      const written = writes?.get(id);
      if (written) {
        for (const write of written) change.parts.add(write.part);
        change.writes.push(...written);
      } else for (const part of parts) change.parts.add(part);
    }
    if (!this.queuedRun) {
      const previous = this.running ?? Promise.resolve();
      this.queuedRun = previous.then(async () => {
        const batch = this.queued;
        this.queued = new Map();
        this.queuedRun = undefined;
        const run = this.refreshNow(batch);
        this.running = run;
        try {
          await run;
        } finally {
          if (this.running === run) this.running = undefined;
        }
      });
    }
    await this.queuedRun;
  }

  /**
   * Empties and rebuilds the index (concurrent callers share one build); how many KOLs it holds.
   * On a shared backend, rejects with RankingIndexBuildingError while another process builds.
   */
  rebuild(): Promise<{ kols: number; ms: number }> {
    if (!this.building) {
      this.buildProgress = { kols: 0, since: Date.now() };
      this.building = this.buildNow(this.buildProgress).finally(() => {
        this.building = undefined;
        this.buildProgress = undefined;
      });
    }
    return this.building;
  }

  /**
   * Starts a build when the index is not built (at a process's start, so that the first ranking
   * read does not wait for it), without waiting for it; a failure goes to `onError` and the next
   * read tries again. Resolves with the state once the check is made.
   */
  async buildIfUnbuilt(): Promise<RankingBuildState> {
    if (!this.building && !(await this.backend.isBuilt())) {
      this.rebuild().then(
        () => {
          this.readyUntil = 0;
        },
        (error: unknown) => {
          if (!(error instanceof RankingIndexBuildingError)) {
            this.options.onError?.(error, 'ranking index build');
          }
        },
      );
    }
    return this.buildState();
  }

  buildState(): RankingBuildState {
    if (this.buildProgress) return { state: 'building', ...this.buildProgress };
    if (this.builtElsewhere) return { state: 'elsewhere', kols: 0 };
    return { state: 'idle', kols: 0 };
  }

  /** A build for a read: waited for at most READ_WAITS_FOR_BUILD_MS, then the read is refused. */
  private async buildForRead(): Promise<void> {
    const build = this.rebuild();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'waiting'>((resolve) => {
      timer = setTimeout(
        () => resolve('waiting'),
        this.options.readWaitsForBuildMs ?? READ_WAITS_FOR_BUILD_MS,
      );
    });
    try {
      const outcome = await Promise.race([build, timedOut]);
      if (outcome === 'waiting') throw new RankingIndexBuildingError(this.buildState());
    } finally {
      clearTimeout(timer);
    }
  }

  private async orFromSources<T>(
    read: () => Promise<T>,
    fromSources: () => Promise<T>,
  ): Promise<T> {
    try {
      return await read();
    } catch (error) {
      // A build in progress is waited out, not worked around: deriving a segment from the
      // sources costs a scan of the store of record per read.
      if (!this.options.fallbackToSources || error instanceof RankingIndexBuildingError) {
        throw error;
      }
      this.options.onError?.(error, 'ranking read (served from the source stores)');
      return fromSources();
    }
  }

  /** A segment derived from the source stores, without the index. */
  private async fromSources(filter: SegmentFilter): Promise<ScoredEntry[]> {
    const ids = await this.sources.profiles.listIds(filter);
    const derived = await deriveRankingEntries(this.sources, ids);
    const now = this.clock();
    return derived
      .filter((d): d is IndexedEntry => d !== null)
      .map((indexed) => ({
        indexed,
        score: indexScore(indexed.entry, now, this.options.trustMaxAgeMs),
      }));
  }

  /** Makes the index current enough to answer: built, failed refreshes retried, due re-scored. */
  /** A backend read after `ready`, once more after a fresh check when the index was gone. */
  private async whenBuilt<T>(read: () => Promise<T>): Promise<T> {
    await this.ready();
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof IndexNotBuiltError)) throw error;
      this.readyUntil = 0;
      await this.ready();
      return read();
    }
  }

  /**
   * A page read that carries its own readiness check: the backend says whether the index is built
   * (IndexNotBuiltError) and whether entries are due for re-scoring, in the same round trip. Only
   * what the gateway knows by itself (a build needed, failed refreshes to retry, a check running)
   * waits for `ready` first; an unbuilt index, or due entries once READY_FOR_MS has passed since
   * the last check, run `ready` and read again.
   */
  private async checkedRead<T extends BackendPage>(
    read: (nowMs: number) => Promise<T>,
  ): Promise<T> {
    if (this.needsBuild || this.pending.size > 0 || this.readying) await this.ready();
    let result: T;
    try {
      result = await read(this.clock().getTime());
    } catch (error) {
      if (!(error instanceof IndexNotBuiltError)) throw error;
      this.readyUntil = 0;
      await this.ready();
      return read(this.clock().getTime());
    }
    if (!result.due || this.clock().getTime() < this.readyUntil) return result;
    await this.ready();
    return read(this.clock().getTime());
  }

  /** `readyNow`, shared by concurrent reads and standing for READY_FOR_MS. */
  private async ready(): Promise<void> {
    const fresh =
      !this.needsBuild && this.pending.size === 0 && this.clock().getTime() < this.readyUntil;
    if (fresh) return;
    this.readying ??= this.readyNow()
      .then(() => {
        this.readyUntil = this.clock().getTime() + READY_FOR_MS;
      })
      .finally(() => {
        this.readying = undefined;
      });
    await this.readying;
  }

  private async readyNow(): Promise<void> {
    let due: string[] | undefined;
    if (this.backend.status && !this.needsBuild) {
      const status = await this.backend.status(this.clock().getTime(), DUE_PER_READ);
      if (status.built) due = status.due;
      else await this.buildForRead();
    } else if (this.needsBuild || !(await this.backend.isBuilt())) await this.buildForRead();
    this.builtElsewhere = false;
    if (this.pending.size > 0) {
      const ids = [...this.pending];
      this.pending.clear();
      await this.refresh(ids);
      due = undefined;
    }
    due ??= await this.backend.due(this.clock().getTime(), DUE_PER_READ);
    if (due.length > 0) await this.rescore(due);
  }

  private async segmentMembers(filter: SegmentFilter): Promise<ScoredEntry[]> {
    const keys = segmentsToIntersect(filter);
    if (keys.length === 1) return this.whenBuilt(() => this.backend.members(keys[0] ?? 'all'));
    await this.ready();
    const counts = await this.backend.counts();
    const smallest = [...keys].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0))[0];
    if (smallest === undefined) return [];
    const members = await this.backend.members(smallest);
    return members.filter((m) => matchesSegment(m.indexed.attributes, filter));
  }

  private async refreshNow(batch: ReadonlyMap<string, QueuedChange>): Promise<void> {
    const ids = [...batch.keys()];
    // A refresh waits for a build in progress: its entries then land after the build's (which
    // writes without looking at what is there), patched onto what the build wrote.
    if (this.building) await this.building.catch(() => undefined);
    try {
      const current = await this.backend.read(ids);
      const updated = new Map<string, IndexedEntry | null>();
      const toRead = new Map<string, Set<RankingPart>>();
      const bases = new Map<string, IndexedEntry>();
      ids.forEach((id, i) => {
        const change = batch.get(id)!;
        const found =
          current[i]?.indexed ?? (this.options.keepsUnprofiled ? nothingKnown(id) : undefined);
        if (!found) {
          toRead.set(id, change.parts);
          return;
        }
        const { indexed, unresolved } = applyRankingWrites(found, change.writes);
        const written = new Set(change.writes.map((w) => w.part));
        const read = [...change.parts].filter((p) => !written.has(p) || unresolved.has(p));
        if (read.length === 0) updated.set(id, indexed);
        else {
          toRead.set(id, new Set(read));
          bases.set(id, indexed);
        }
      });
      if (toRead.size > 0) {
        const derived = await updateRankingEntries(this.sources, toRead, bases, {
          keepUnprofiled: this.options.keepsUnprofiled,
        });
        for (const [id, indexed] of derived) updated.set(id, indexed);
      }
      await this.backend.write(ids.map((id) => this.record(id, updated.get(id) ?? null)));
    } catch (error) {
      this.options.onError?.(error, 'ranking refresh');
      for (const id of ids) this.pending.add(id);
      if (this.pending.size > MAX_PENDING) {
        this.pending.clear();
        this.needsBuild = true;
      }
    }
  }

  /** Recomputes the order score of entries whose trust turned stale (no source reads). */
  private async rescore(ids: readonly string[]): Promise<void> {
    const current = await this.backend.read(ids);
    await this.backend.write(ids.map((id, i) => this.record(id, current[i]?.indexed ?? null)));
  }

  private record(kolId: string, indexed: IndexedEntry | null): IndexRecord {
    if (!indexed) return { kolId, indexed: null, score: 0, trust: 0, segments: [], staleAt: null };
    if (indexed.unprofiled) {
      return { kolId, indexed, score: 0, trust: 0, segments: [], staleAt: null };
    }
    const now = this.clock();
    return {
      kolId,
      indexed,
      score: indexScore(indexed.entry, now, this.options.trustMaxAgeMs),
      trust: gateTrust(indexed.entry, now, this.options.trustMaxAgeMs),
      segments: segmentsOf(indexed.attributes),
      staleAt: staleAt(indexed.entry, now, this.options.trustMaxAgeMs),
    };
  }

  private async writeBuilt(records: readonly IndexRecord[]): Promise<void> {
    if (this.backend.writeFresh) await this.backend.writeFresh(records);
    else await this.backend.write(records);
  }

  private async buildNow(progress: {
    kols: number;
    since: number;
  }): Promise<{ kols: number; ms: number }> {
    const lease = await this.claimBuild();
    try {
      return await this.buildClaimed(progress);
    } finally {
      lease.release();
    }
  }

  /** The build right on a shared backend, renewed while the build runs. */
  private async claimBuild(): Promise<{ release(): void }> {
    const backend = this.backend;
    if (!backend.claimBuild) return { release: () => undefined };
    const claim = () => backend.claimBuild?.(this.owner, BUILD_LEASE_MS) ?? Promise.resolve(true);
    if (!(await claim())) {
      this.builtElsewhere = true;
      this.buildProgress = undefined;
      throw new RankingIndexBuildingError(this.buildState());
    }
    this.builtElsewhere = false;
    const renew = setInterval(() => {
      claim().catch((error: unknown) => {
        this.options.onError?.(error, 'ranking index build lease');
      });
    }, BUILD_LEASE_MS / 3);
    renew.unref();
    return {
      release: () => {
        clearInterval(renew);
        backend.releaseBuild?.(this.owner).catch(() => undefined);
      },
    };
  }

  private async buildClaimed(progress: {
    kols: number;
    since: number;
  }): Promise<{ kols: number; ms: number }> {
    this.needsBuild = false;
    this.pending.clear();
    await this.backend.clear();
    let kols = 0;
    // At most BUILD_WRITES_IN_FLIGHT chunks are written at once (a build must not flood the
    // backend), each retried a few times: one slow moment should not fail a build of a million.
    const inFlight = new Set<Promise<void>>();
    let failure: Error | undefined;
    if (this.options.build) {
      await this.options.build(async (entries) => {
        while (inFlight.size >= BUILD_WRITES_IN_FLIGHT) await Promise.race(inFlight);
        if (failure !== undefined) throw failure;
        const tracked: Promise<void> = withRetries(() =>
          this.writeBuilt(entries.map((indexed) => this.record(indexed.entry.kolId, indexed))),
        )
          .then(() => {
            kols += entries.filter((indexed) => !indexed.unprofiled).length;
            progress.kols = kols;
          })
          .catch((error: unknown) => {
            failure ??= error instanceof Error ? error : new Error(String(error));
          })
          .finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
      });
      await Promise.all(inFlight);
      if (failure !== undefined) throw failure;
    }
    await this.backend.markBuilt();
    return { kols, ms: Date.now() - progress.since };
  }
}

/** The parts a refresh must bring up to date for one KOL, and what writes already told of them. */
interface QueuedChange {
  parts: Set<RankingPart>;
  writes: RankingWrite[];
}

function cursorOf(entry: ScoredEntry): RankingCursor {
  return { score: entry.score, kolId: entry.indexed.entry.kolId };
}

async function withRetries(write: () => Promise<void>, attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}
