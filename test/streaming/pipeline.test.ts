import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources } from '../../datasources/types';
import { WINDOW_MS, type Alert, type KolProfile, type MetricPoint } from '../../domain/types';
import type { StreamEvent } from '../../contracts/envelope';
import { StreamPipeline, type PipelineOptions } from '../../streaming/pipeline';
import { FileStateStore } from '../../streaming/state/file';
import { MemoryStateStore } from '../../streaming/state/memory';
import { decodeState } from '../../streaming/state/types';
import { click, HOUR, MIN, purchase, snapshot, T0 } from './events';

function pipeline(data: DataSources, extra: Partial<PipelineOptions> = {}): StreamPipeline {
  return new StreamPipeline({ dataSources: data, now: () => T0 + 3 * HOUR, ...extra });
}

async function h24(data: DataSources, kolId: string): Promise<MetricPoint | null> {
  const [point] = await data.metrics.latest([{ kolId, window: 'H24' }]);
  return point ?? null;
}

function clicks(n: number, from: number, kolId = 'kol-1', prefix = 'c'): StreamEvent[] {
  return Array.from({ length: n }, (_, i) =>
    click(from + i * 1_000, { kolId, id: `${prefix}-${i}` }),
  );
}

describe('stream pipeline', () => {
  it('writes changed buckets, publishes them and updates the profile', async () => {
    const data = createEmbeddedDataSources();
    const profile: KolProfile = {
      id: 'kol-1',
      platform: 'instagram',
      handle: 'k',
      displayName: 'K',
      category: 'food',
      followers: 9_000,
      following: 1,
      posts: 1,
      verified: false,
      favorites: 0,
      bioLength: 0,
      hasUrl: false,
      hasProfileImage: false,
      isPrivate: false,
      accountCreatedAt: new Date(T0 - 1_000 * HOUR),
      updatedAt: new Date(T0 - HOUR),
    };
    await data.profiles.upsertMany([profile]);
    const published: MetricPoint[] = [];
    const p = pipeline(data, { sinks: { metrics: (points) => void published.push(...points) } });
    await p.handleMany([
      ...clicks(3, T0),
      snapshot(T0 + MIN, 10_000),
      snapshot(T0 + 2 * MIN, 10_050),
    ]);
    const result = await p.flush();
    expect(result.points).toBe(4);
    expect(published.map((m) => m.window)).toEqual(['M5', 'M15', 'H1', 'H24']);
    expect(await h24(data, 'kol-1')).toMatchObject({ clicks: 3, followerDelta: 50 });
    const [updated] = await data.profiles.getMany(['kol-1']);
    expect(updated).toMatchObject({ followers: 10_050, following: 10, posts: 5, handle: 'k' });
    expect(updated!.updatedAt).toEqual(new Date(T0 + 2 * MIN));
    expect((await p.flush()).points).toBe(0); // nothing changed since
  });

  it('resumes from the state store after a restart: no loss, no double count', async () => {
    const data = createEmbeddedDataSources();
    const store = new MemoryStateStore();
    const first = pipeline(data, { stateStore: store });
    const batch1 = clicks(50, T0, 'kol-1', 'a');
    const batch2 = clicks(50, T0 + 60_000, 'kol-1', 'b');
    await first.handleMany(batch1);
    await first.flush(); // batch 1 written, state saved, "offsets committed"
    await first.handleMany(batch2); // batch 2 applied in memory... and the process dies

    const second = pipeline(data, { stateStore: store });
    // Kafka re-delivers from the committed offset (batch 2), and a producer retry repeats batch 1.
    const outcomes = await second.handleMany([...batch2, ...batch1.slice(40)]);
    expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(50);
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(10);
    await second.flush();
    expect((await h24(data, 'kol-1'))!.clicks).toBe(100);

    // A state saved after writes whose offsets were not committed: re-delivery is all duplicates.
    const third = pipeline(data, { stateStore: store });
    const replay = await third.handleMany(batch2);
    expect(replay.every((o) => o.status === 'duplicate')).toBe(true);
    await third.flush();
    expect((await h24(data, 'kol-1'))!.clicks).toBe(100);
  });

  it('stores alerts once and tells the sink whether each is new', async () => {
    const data = createEmbeddedDataSources();
    const seen: [Alert, boolean][] = [];
    const p = pipeline(data, { sinks: { alert: (a, isNew) => void seen.push([a, isNew]) } });
    await p.handleMany([snapshot(T0, 100_000), snapshot(T0 + 10 * MIN, 108_000)]);
    const { alerts } = await p.flush();
    expect(alerts.map((a) => a.type)).toEqual(['FOLLOWER_GROWTH']);
    expect(seen).toEqual([[alerts[0], true]]);
    // The same alert from another worker (same id): stored once, reported as not new.
    const other = pipeline(data, { sinks: { alert: (a, isNew) => void seen.push([a, isNew]) } });
    await other.handleMany([snapshot(T0, 100_000), snapshot(T0 + 10 * MIN, 108_000)]);
    await other.flush();
    expect(seen.map(([a, isNew]) => [a.id, isNew])).toEqual([
      [alerts[0]!.id, true],
      [alerts[0]!.id, false],
    ]);
    expect((await data.alerts.query({}, 10)).alerts).toHaveLength(1);
  });

  it('warm-starts the spike baseline from the stored 5-min series', async () => {
    const data = createEmbeddedDataSources();
    const history: MetricPoint[] = [];
    for (let i = 1; i <= 12; i++) {
      history.push({
        kolId: 'kol-1',
        window: 'M5',
        bucketStart: new Date(T0 - i * WINDOW_MS.M5),
        views: 0,
        likes: 0,
        comments: 0,
        shares: 0,
        clicks: 0,
        orders: 0,
        followerDelta: 20 + (i % 3),
        engagementRate: 0,
        sentimentPositiveRatio: 0,
        sentimentNegativeRatio: 0,
      });
    }
    await data.metrics.write(history);
    const p = pipeline(data);
    await p.handleMany([snapshot(T0 + MIN, 200_000), snapshot(T0 + 2 * MIN, 201_500)]);
    const { alerts } = await p.flush();
    expect(alerts.map((a) => a.type)).toContain('FOLLOWER_SPIKE');

    const cold = pipeline(createEmbeddedDataSources());
    await cold.handleMany([snapshot(T0 + MIN, 200_000), snapshot(T0 + 2 * MIN, 201_500)]);
    expect((await cold.flush()).alerts.map((a) => a.type)).not.toContain('FOLLOWER_SPIKE');
  });

  it('closes the buckets of an idle KOL when the stream moves on', async () => {
    const data = createEmbeddedDataSources();
    const p = pipeline(data, { idleGraceMs: 10 * MIN });
    await p.handleMany(clicks(1, T0, 'quiet'));
    await p.flush();
    await p.handleMany(clicks(1, T0 + 2 * HOUR, 'busy'));
    await p.flush();
    expect(p.windowsOf('quiet')!.horizon).toBe(T0 + 2 * HOUR - 10 * MIN);
    expect(
      p
        .windowsOf('quiet')!
        .history('H1')
        .map((s) => s.start),
    ).toEqual([T0]);
  });

  it('raises population drift from the closed hourly rows', async () => {
    const data = createEmbeddedDataSources();
    const edges = Array.from({ length: 11 }, (_, i) => i * 10);
    const p = pipeline(data, {
      driftReference: { orders: { edges, proportions: new Array<number>(10).fill(0.1) } },
      idleGraceMs: 0,
    });
    // 120 KOLs with 0-1 orders in the hour: all in the first bin, far from the uniform reference.
    const events: StreamEvent[] = [];
    for (let k = 0; k < 120; k++) events.push(purchase(T0 + k * 1_000, 10, { kolId: `k${k}` }));
    await p.handleMany(events);
    await p.flush();
    await p.handleMany(clicks(1, T0 + 2 * HOUR, 'clock'));
    const { alerts } = await p.flush();
    const drift = alerts.filter((a) => a.type === 'FEATURE_DRIFT');
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ kolId: '*', severity: 'CRITICAL', window: 'H1' });
  });

  it('keeps changes pending when a write fails and writes them on the next flush', async () => {
    const data = createEmbeddedDataSources();
    let fail = true;
    const write = data.metrics.write.bind(data.metrics);
    data.metrics.write = async (points) => {
      if (fail) throw new Error('metric store down');
      return write(points);
    };
    const p = pipeline(data);
    await p.handleMany(clicks(2, T0));
    await expect(p.flush()).rejects.toThrow('metric store down');
    fail = false;
    expect((await p.flush()).points).toBe(4);
    expect((await h24(data, 'kol-1'))!.clicks).toBe(2);
  });
});

describe('state stores', () => {
  it('FileStateStore saves atomically and loads what was saved', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kol-state-test-'));
    try {
      const data = createEmbeddedDataSources();
      const store = new FileStateStore(dir);
      const p = pipeline(data, { stateStore: store });
      await p.handleMany([...clicks(5, T0, 'a/b c'), snapshot(T0, 10)]);
      await p.flush();
      const [state, missing] = await store.load(['a/b c', 'nobody']);
      expect(missing).toBeNull();
      expect(state!.kolId).toBe('a/b c');
      expect(state!.windows.seen.flatMap(([, ids]) => ids)).toHaveLength(5);
      const again = pipeline(data, { stateStore: store });
      expect(
        (await again.handleMany(clicks(5, T0, 'a/b c'))).every((o) => o.status === 'duplicate'),
      ).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a state that is not a valid stream state', async () => {
    expect(() => decodeState('{"v":1,"kolId":"x"}')).toThrow(/invalid stream state/);
    const dir = await mkdtemp(path.join(tmpdir(), 'kol-state-test-'));
    try {
      const store = new FileStateStore(dir);
      await store.save([]);
      const { createHash } = await import('node:crypto');
      await writeFile(
        path.join(dir, `${createHash('sha1').update('k').digest('hex')}.json`),
        '{"v":2}',
      );
      await expect(store.load(['k'])).rejects.toThrow(/invalid stream state/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
