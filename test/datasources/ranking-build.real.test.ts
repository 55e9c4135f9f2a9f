/**
 * Building the Redis ranking index without holding ranking reads past their deadline: a read
 * waits a bounded time for a build in progress, then is refused with UNAVAILABLE and the build's
 * progress (the build goes on and the next reads are served); processes sharing one index take a
 * build lease, so a second one neither clears the first one's build nor builds again; a process
 * that starts on an unbuilt index builds it in the background.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { RedisCache } from '../../datasources/redis/cache';
import { RedisRankingIndex } from '../../datasources/redis/ranking-index';
import { deriveRankingEntries, type IndexedEntry } from '../../datasources/shared/ranking-entries';
import { RankingIndex, RankingIndexBuildingError } from '../../datasources/shared/ranking-index';
import { isBackendUnavailable } from '../../datasources/shared/errors';
import type { DataSources } from '../../datasources/types';
import { profile } from './fixtures';
import { deleteRedisKeys, realEnv, runId } from './real-support';

let redis: Redis | undefined;
const prefix = `kol-test:build:${runId()}:`;

beforeAll(async () => {
  const env = await realEnv(['redis']);
  redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.ping();
});

afterAll(async () => {
  if (!redis) return;
  await deleteRedisKeys(redis, prefix);
  redis.disconnect();
});

const KOLS = 30;

async function sources(): Promise<DataSources> {
  const data = createEmbeddedDataSources();
  await data.profiles.upsertMany(
    Array.from({ length: KOLS }, (_, i) => profile(`kol-${String(i).padStart(2, '0')}`)),
  );
  return data;
}

/** A build that writes every KOL once `release` is called. */
function gatedBuild(data: DataSources) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started = 0;
  const build = async (write: (entries: readonly IndexedEntry[]) => Promise<void>) => {
    started++;
    const ids = await data.profiles.listIds({});
    const entries = async (some: readonly string[]) =>
      (await deriveRankingEntries(data, some)).filter((e): e is IndexedEntry => e !== null);
    await write(await entries(ids.slice(0, 10)));
    await released;
    await write(await entries(ids.slice(10)));
  };
  return { build, release: () => release(), started: () => started };
}

function index(data: DataSources, keyPrefix: string, build: ReturnType<typeof gatedBuild>) {
  return new RankingIndex(new RedisRankingIndex(new RedisCache(redis!, keyPrefix, 300)), data, {
    trustMaxAgeMs: 86_400_000,
    build: build.build,
    fallbackToSources: true,
    keepsUnprofiled: true,
    readWaitsForBuildMs: 200,
  });
}

/** Resolves once the index's own build is over. */
function buildOver(rankings: RankingIndex): Promise<void> {
  return expect.poll(() => rankings.buildState().state, { timeout: 10_000 }).not.toBe('building');
}

describe('building the Redis ranking index', () => {
  it('refuses a read quickly while the build runs, with its progress, and serves it after', async () => {
    const data = await sources();
    const build = gatedBuild(data);
    const rankings = index(data, `${prefix}${runId()}:`, build);
    const started = performance.now();
    const refused = await rankings.page({ filter: {}, first: 5 }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(refused).toBeInstanceOf(RankingIndexBuildingError);
    expect(isBackendUnavailable(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/being built .*10 KOLs so far/);
    expect(rankings.buildState()).toMatchObject({ state: 'building', kols: 10 });
    build.release();
    await buildOver(rankings);
    const page = await rankings.page({ filter: {}, first: 5 });
    expect(page.totalCount).toBe(KOLS);
    expect(build.started()).toBe(1);
  });

  it('lets one process build a shared index: the other is refused and neither clears it twice', async () => {
    const data = await sources();
    const keyPrefix = `${prefix}${runId()}:`;
    const first = gatedBuild(data);
    const second = gatedBuild(data);
    const a = index(data, keyPrefix, first);
    const b = index(data, keyPrefix, second);
    expect((await a.buildIfUnbuilt()).state).toBe('building');
    await expect.poll(() => a.buildState().kols, { timeout: 10_000 }).toBe(10);
    const refused = await b.page({ filter: {}, first: 5 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RankingIndexBuildingError);
    expect((refused as Error).message).toMatch(/by another gateway or worker/);
    expect(b.buildState().state).toBe('elsewhere');
    first.release();
    await buildOver(a);
    const page = await b.page({ filter: {}, first: 50 });
    expect(page.totalCount).toBe(KOLS);
    expect(page.entries).toHaveLength(KOLS);
    expect(second.started()).toBe(0);
  });

  it('starts no build for an index that is built', async () => {
    const data = await sources();
    const keyPrefix = `${prefix}${runId()}:`;
    const first = gatedBuild(data);
    first.release();
    const a = index(data, keyPrefix, first);
    await a.buildIfUnbuilt();
    await buildOver(a);
    const later = gatedBuild(data);
    const b = index(data, keyPrefix, later);
    expect((await b.buildIfUnbuilt()).state).not.toBe('building');
    expect(later.started()).toBe(0);
    expect((await b.page({ filter: {}, first: 3 })).totalCount).toBe(KOLS);
  });
});
