import { describe, expect, it } from 'vitest';
import { toMetricPoint } from '../../streaming/windows/aggregate';
import { CumulativeSeries } from '../../streaming/windows/cumulative';
import { SeenIds } from '../../streaming/windows/dedupe';
import {
  bucketStart,
  DEFAULT_WINDOWS_CONFIG,
  KolWindows,
} from '../../streaming/windows/kol-windows';
import { click, comment, HOUR, MIN, postMetrics, purchase, snapshot, T0 } from './events';

function bucket(w: KolWindows, window: 'M5' | 'M15' | 'H1' | 'H24', at: number) {
  return w.openBucket(window, bucketStart(at, window));
}

describe('windows: bucketing', () => {
  it('puts an event in the bucket of every window, aligned to the epoch', () => {
    const w = new KolWindows('kol-1');
    const at = T0 + 7 * MIN + 30_000; // 12:07:30
    expect(w.apply(click(at)).outcome).toBe('applied');
    const dirty = w.takeDirty();
    expect(dirty.map((d) => [d.window, new Date(d.start).toISOString()])).toEqual([
      ['M5', '2025-03-10T12:05:00.000Z'],
      ['M15', '2025-03-10T12:00:00.000Z'],
      ['H1', '2025-03-10T12:00:00.000Z'],
      ['H24', '2025-03-10T00:00:00.000Z'],
    ]);
    expect(dirty.every((d) => d.agg.clicks === 1 && d.agg.events === 1)).toBe(true);
    expect(w.takeDirty()).toEqual([]);
  });

  it('aggregates every metric of the MetricPoint', () => {
    const w = new KolWindows('kol-1');
    w.apply(postMetrics(T0 + MIN, 'p1', 1_000, 80, 15, 5));
    w.apply(comment(T0 + MIN, 'positive'));
    w.apply(comment(T0 + MIN, 'positive'));
    w.apply(comment(T0 + MIN, 'negative'));
    w.apply(comment(T0 + MIN, 'neutral'));
    w.apply(click(T0 + MIN));
    w.apply(purchase(T0 + MIN, 25));
    w.apply(purchase(T0 + 2 * MIN, 5));
    w.apply(snapshot(T0, 10_000));
    w.apply(snapshot(T0 + 2 * MIN, 10_250));
    const point = toMetricPoint('kol-1', 'H1', T0, bucket(w, 'H1', T0)!);
    expect(point).toEqual({
      kolId: 'kol-1',
      window: 'H1',
      bucketStart: new Date(T0),
      views: 1_000,
      likes: 80,
      comments: 15,
      shares: 5,
      clicks: 1,
      orders: 2,
      followerDelta: 250,
      engagementRate: 0.1,
      sentimentPositiveRatio: 0.5,
      sentimentNegativeRatio: 0.25,
    });
    expect(bucket(w, 'H1', T0)!.revenue).toEqual({ USD: 30 });
  });
});

describe('windows: idempotence and lateness', () => {
  it('counts an event id once', () => {
    const w = new KolWindows('kol-1');
    expect(w.apply(click(T0, { id: 'same' })).outcome).toBe('applied');
    expect(w.apply(click(T0, { id: 'same' })).outcome).toBe('duplicate');
    expect(w.apply(click(T0 + 1_000, { id: 'same' })).outcome).toBe('duplicate');
    expect(bucket(w, 'M5', T0)!.clicks).toBe(1);
  });

  it('applies a late event within the allowed lateness to its own bucket and marks it dirty', () => {
    const w = new KolWindows('kol-1');
    w.apply(click(T0 + 10 * MIN));
    w.takeDirty();
    const late = w.apply(click(T0 + 6 * MIN)); // 4 min late, allowed 5
    expect(late).toMatchObject({ outcome: 'applied', late: true });
    const dirty = w.takeDirty().find((d) => d.window === 'M5')!;
    expect(new Date(dirty.start).toISOString()).toBe('2025-03-10T12:05:00.000Z');
    expect(dirty.agg.clicks).toBe(1);
  });

  it('drops an event later than the allowed lateness', () => {
    const w = new KolWindows('kol-1');
    w.apply(click(T0 + 10 * MIN));
    expect(w.apply(click(T0 + 4 * MIN)).outcome).toBe('too_old');
    expect(bucket(w, 'M5', T0 + 4 * MIN)).toBeUndefined();
  });

  it('closes buckets once the horizon passes them, and rejects events for them afterwards', () => {
    const w = new KolWindows('kol-1');
    w.apply(click(T0 + MIN));
    w.apply(click(T0 + 11 * MIN));
    w.takeDirty();
    const closed = w.advance();
    // horizon = 12:11 - 5 min = 12:06: the M5 bucket 12:00-12:05 is final.
    expect(closed.map((c) => [c.window, new Date(c.start).toISOString()])).toEqual([
      ['M5', '2025-03-10T12:00:00.000Z'],
    ]);
    expect(w.history('M5').map((s) => s.start)).toEqual([T0]);
    expect(w.apply(click(T0 + 4 * MIN)).outcome).toBe('too_old');
    expect(w.apply(click(T0 + 7 * MIN)).outcome).toBe('applied');
  });

  it('keeps a separate watermark per source, up to the maximum source skew', () => {
    const w = new KolWindows('kol-1');
    w.apply(click(T0));
    w.apply(snapshot(T0 + 30 * MIN, 100)); // the social topic is far ahead
    w.advance();
    expect(w.apply(click(T0 - 2 * MIN))).toMatchObject({ outcome: 'applied', late: true });
    w.apply(snapshot(T0 + 2 * HOUR, 100)); // now web is more than an hour behind: not waited for
    w.advance();
    expect(w.apply(click(T0 + MIN)).outcome).toBe('too_old');
  });

  it('closes an idle KOL when the stream moves on (external horizon)', () => {
    const w = new KolWindows('kol-1');
    w.apply(click(T0));
    expect(w.advance().length).toBe(0);
    const closed = w.advance(T0 + 2 * HOUR);
    expect(closed.map((c) => c.window).sort()).toEqual(['H1', 'M15', 'M5']);
  });

  it('forgets ids behind the horizon and caps the id set by raising the horizon', () => {
    const w = new KolWindows('kol-1', { ...DEFAULT_WINDOWS_CONFIG, maxSeenIds: 20 });
    for (let i = 0; i < 50; i++) w.apply(click(T0 + i * 1_000));
    w.takeDirty();
    w.advance();
    expect(w.seenIds).toBeLessThanOrEqual(20);
    expect(w.horizon).toBeGreaterThan(T0);
    // A replay of an early event is not counted again: it is now too old.
    expect(w.apply(click(T0, { id: 'never-seen' })).outcome).toBe('too_old');
  });

  it('survives a snapshot round trip (state, dedupe and buckets)', () => {
    const w = new KolWindows('kol-1');
    w.apply(click(T0, { id: 'a' }));
    w.apply(postMetrics(T0 + MIN, 'p1', 100));
    w.apply(snapshot(T0 + MIN, 5_000));
    const restored = new KolWindows(
      'kol-1',
      DEFAULT_WINDOWS_CONFIG,
      JSON.parse(JSON.stringify(w.toSnapshot())) as ReturnType<KolWindows['toSnapshot']>,
    );
    expect(restored.apply(click(T0, { id: 'a' })).outcome).toBe('duplicate');
    restored.apply(postMetrics(T0 + 2 * MIN, 'p1', 130));
    restored.apply(snapshot(T0 + 2 * MIN, 5_040));
    const agg = restored.openBucket('H1', T0)!;
    expect([agg.clicks, agg.views, agg.followerDelta]).toEqual([1, 130, 40]);
  });
});

describe('cumulative post metrics', () => {
  it('adds the increase since the previous snapshot of the same post; a new post counts in full', () => {
    const w = new KolWindows('kol-1');
    w.apply(postMetrics(T0 + 4 * MIN, 'p1', 100, 10));
    w.apply(postMetrics(T0 + 6 * MIN, 'p1', 150, 12));
    w.apply(postMetrics(T0 + 6 * MIN, 'p2', 40, 1));
    expect(bucket(w, 'M5', T0)!.views).toBe(100);
    expect(bucket(w, 'M5', T0 + 5 * MIN)!.views).toBe(90);
    expect(bucket(w, 'H1', T0)!.likes).toBe(13);
  });

  it('splits the increase correctly when a snapshot arrives out of order', () => {
    const w = new KolWindows('kol-1');
    w.apply(postMetrics(T0 + 4 * MIN, 'p1', 100));
    w.apply(postMetrics(T0 + 6 * MIN, 'p1', 150));
    w.takeDirty();
    w.apply(postMetrics(T0 + 4 * MIN + 30_000, 'p1', 130)); // late, between the two
    expect(bucket(w, 'M5', T0)!.views).toBe(130);
    expect(bucket(w, 'M5', T0 + 5 * MIN)!.views).toBe(20);
    expect(bucket(w, 'H1', T0)!.views).toBe(150);
    expect(
      w
        .takeDirty()
        .map((d) => d.window)
        .sort(),
    ).toEqual(['H1', 'H24', 'M15', 'M5', 'M5']);
  });

  it('uses the first follower snapshot as the baseline, also when an earlier one arrives late', () => {
    const series = new CumulativeSeries('self');
    expect(series.insert(100, [1_000])).toEqual([{ t: 100, delta: [0] }]);
    expect(series.insert(200, [1_030])).toEqual([{ t: 200, delta: [30] }]);
    // An earlier snapshot: it becomes the baseline, the old first one now counts its increase.
    expect(series.insert(50, [990])).toEqual([
      { t: 50, delta: [0] },
      { t: 100, delta: [10] },
    ]);
  });
});

describe('dedupe set', () => {
  it('forgets whole minutes once the horizon has passed them', () => {
    const ids = new SeenIds();
    ids.add('a', T0 + 10_000);
    ids.add('b', T0 + MIN + 30_000);
    ids.add('c', T0 + 5_000); // out of order, same minute as a
    ids.add('d', T0 + 2 * MIN);
    ids.prune(T0 + 30_000); // the first minute is not over yet
    expect(ids.size).toBe(4);
    ids.prune(T0 + MIN);
    expect([ids.has('a'), ids.has('b'), ids.has('c'), ids.has('d')]).toEqual([
      false,
      true,
      false,
      true,
    ]);
    const restored = new SeenIds(
      JSON.parse(JSON.stringify(ids.toSnapshot())) as ReturnType<SeenIds['toSnapshot']>,
    );
    expect(restored.has('b') && restored.has('d') && restored.size === 2).toBe(true);
    expect(ids.overflowCutoff(10)).toBeUndefined();
    expect(ids.overflowCutoff(1)).toBe(T0 + 2 * MIN);
  });
});
