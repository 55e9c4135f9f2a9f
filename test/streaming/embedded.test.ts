import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources } from '../../datasources/types';
import type { Alert, KolProfile, MetricPoint } from '../../domain/types';
import { startEmbeddedPipeline, type EmbeddedPipeline } from '../../streaming/embedded';
import { LiveFeed } from '../../subscriptions/live-feed';

function profile(id: string, followers: number): KolProfile {
  const now = new Date(Date.now() - 60_000);
  return {
    id,
    platform: 'tiktok',
    handle: id,
    displayName: id,
    category: 'beauty',
    followers,
    following: 300,
    posts: 120,
    verified: false,
    favorites: 0,
    bioLength: 40,
    hasUrl: true,
    hasProfileImage: true,
    isPrivate: false,
    accountCreatedAt: new Date('2020-01-01T00:00:00Z'),
    updatedAt: now,
  };
}

async function seed(data: DataSources, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `kol-${i}`);
  await data.profiles.upsertMany(ids.map((id, i) => profile(id, 50_000 + i * 1_000)));
  return ids;
}

function waitFor<T>(check: () => T | undefined, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const value = check();
      if (value !== undefined) {
        clearInterval(poll);
        resolve(value);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`condition not met within ${timeoutMs} ms`));
      }
    }, 50);
  });
}

describe('embedded pipeline with the demo generator', () => {
  let running: EmbeddedPipeline | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('raises an alert within 10 s, moves metrics and profiles', async () => {
    const data = createEmbeddedDataSources();
    const feed = new LiveFeed();
    const kolIds = await seed(data, 30);
    const alerts: Alert[] = [];
    const metrics: MetricPoint[] = [];
    feed.onAlert((a) => alerts.push(a));
    feed.onMetric((m) => metrics.push(m));
    const started = Date.now();
    running = startEmbeddedPipeline({ dataSources: data, feed, demo: { kolIds, intervalMs: 500 } });

    const first = await waitFor(() => alerts[0], 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(first.message.length).toBeGreaterThan(20);

    // Metrics move: several updates for the hot KOLs, and they are in the store.
    await waitFor(
      () => (metrics.filter((m) => m.kolId === kolIds[0]).length >= 8 ? true : undefined),
      5_000,
    );
    const [latest] = await data.metrics.latest([{ kolId: kolIds[0]!, window: 'M5' }]);
    expect(latest).not.toBeNull();

    // The burst KOL's profile followed its snapshots.
    await waitFor(() => alerts.find((a) => a.type === 'FOLLOWER_GROWTH'), 8_000);
    const [moved] = await data.profiles.getMany([kolIds[0]!]);
    expect(moved!.followers).toBeGreaterThan(50_000 * 1.05);

    const stored = await data.alerts.query({}, 100);
    expect(stored.alerts.length).toBe(alerts.length);
    const types = new Set(alerts.map((a) => a.type));
    expect(types.has('FOLLOWER_SPIKE')).toBe(true);
    expect(types.has('NEGATIVE_SENTIMENT_TREND')).toBe(true);
    expect(running.rejected).toEqual([]);
  }, 20_000);

  it('publish() validates like the Kafka worker and counts rejects', async () => {
    const data = createEmbeddedDataSources();
    running = startEmbeddedPipeline({ dataSources: data, feed: new LiveFeed(), demo: undefined });
    const bad = await running.publish('{not json');
    expect(bad).toMatchObject({ status: 'rejected', reason: 'MALFORMED_JSON' });
    const ok = await running.publish({
      event_id: 'e1',
      kol_id: 'k1',
      event_type: 'click',
      event_time: new Date().toISOString(),
      payload: {},
    });
    expect(ok).toEqual({ status: 'applied', late: false });
    expect(
      await running.publish(
        JSON.stringify({
          event_id: 'e1',
          kol_id: 'k1',
          event_type: 'click',
          event_time: new Date().toISOString(),
        }),
      ),
    ).toEqual({ status: 'duplicate' });
    const result = await running.flush();
    expect(result.points).toBe(4);
    const [point] = await data.metrics.latest([{ kolId: 'k1', window: 'H1' }]);
    expect(point?.clicks).toBe(1);
    expect(running.rejected.map((r) => r.reason)).toEqual(['MALFORMED_JSON']);
  });
});
