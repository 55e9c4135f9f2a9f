import { describe, expect, it } from 'vitest';
import type { Alert } from '../../domain/types';
import type { FeatureRow } from '../../contracts/feature-row';
import type { StreamEvent } from '../../contracts/envelope';
import { DEFAULT_RULES_CONFIG } from '../../streaming/rules/config';
import { initialRuleState, RuleEngine, type KolRuleState } from '../../streaming/rules/engine';
import { DriftMonitor } from '../../streaming/rules/feature-drift';
import { evaluateFollowerGrowth } from '../../streaming/rules/follower-growth';
import { evaluateFollowerSpike, initialSpikeState } from '../../streaming/rules/follower-spike';
import { alertId } from '../../streaming/rules/ids';
import { evaluateNegativeSentiment } from '../../streaming/rules/negative-sentiment';
import { binOf, parseReferenceHistograms, psi, type Histogram } from '../../streaming/rules/psi';
import { bucketStart, KolWindows } from '../../streaming/windows/kol-windows';
import { click, comment, HOUR, MIN, purchase, snapshot, T0 } from './events';

const config = DEFAULT_RULES_CONFIG;

/** Applies events and then does what a pipeline flush does: close buckets, run the rules. */
class Kol {
  readonly windows = new KolWindows('kol-1');
  readonly state: KolRuleState = initialRuleState();
  readonly engine = new RuleEngine(config);
  readonly alerts: Alert[] = [];

  feed(events: readonly StreamEvent[]): Alert[] {
    for (const e of events) this.windows.apply(e);
    this.windows.takeDirty();
    this.windows.advance();
    const raised = this.engine.evaluate(this.windows, this.state);
    this.alerts.push(...raised);
    return raised;
  }
}

/** Minute snapshots from `from` (inclusive) for `minutes`, +10 ± 3 per minute. */
function steadyFollowers(
  from: number,
  minutes: number,
  start: number,
): { events: StreamEvent[]; last: number } {
  const events: StreamEvent[] = [];
  let followers = start;
  for (let m = 0; m < minutes; m++) {
    followers += 10 + ((m * 37) % 7) - 3;
    events.push(snapshot(from + m * MIN, followers));
  }
  return { events, last: followers };
}

describe('FOLLOWER_SPIKE', () => {
  const history = steadyFollowers(T0, 70, 50_000);
  const burstAt = T0 + 70 * MIN + 30_000;

  it('fires once when a 5-min increase is > 4σ above the 60-min EWMA baseline', () => {
    const kol = new Kol();
    for (const e of history.events) kol.feed([e]);
    expect(kol.alerts).toEqual([]);
    const [alert] = kol.feed([snapshot(burstAt, history.last + 1_500)]);
    expect(alert).toMatchObject({
      kolId: 'kol-1',
      type: 'FOLLOWER_SPIKE',
      window: 'M5',
      threshold: 4,
      severity: 'CRITICAL',
    });
    expect(alert!.value).toBeGreaterThan(8);
    expect(alert!.message).toMatch(
      /^Followers rose [\d.,]+σ above the 60-min baseline \(\+1,5\d\d in 5 min; typical \+\d+ ± \d+\); giveaways and ads can cause this\.$/,
    );
    expect(alert!.id).toBe(alertId('kol-1', 'FOLLOWER_SPIKE', bucketStart(burstAt, 'M5')));
    expect(alert!.createdAt).toEqual(new Date(burstAt));
    // More snapshots in the same bucket, and the next bucket (cooldown): nothing new.
    const spikes = (alerts: Alert[]) => alerts.filter((a) => a.type === 'FOLLOWER_SPIKE');
    expect(spikes(kol.feed([snapshot(burstAt + 10_000, history.last + 1_900)]))).toEqual([]);
    expect(spikes(kol.feed([snapshot(burstAt + 5 * MIN, history.last + 3_500)]))).toEqual([]);
  });

  it('builds the same id when the same events are processed again elsewhere', () => {
    const a = new Kol();
    const b = new Kol();
    for (const kol of [a, b]) {
      for (const e of history.events) kol.feed([e]);
      kol.feed([snapshot(burstAt, history.last + 1_500)]);
    }
    expect(a.alerts.map((x) => x.id)).toEqual(b.alerts.map((x) => x.id));
    expect(a.alerts[0]).toEqual(b.alerts[0]);
  });

  it('does not fire on steady growth, without enough baseline, or after a silent gap', () => {
    const steady = new Kol();
    for (const e of steadyFollowers(T0, 120, 50_000).events) steady.feed([e]);
    expect(steady.alerts).toEqual([]);

    const young = new Kol();
    const short = steadyFollowers(T0, 20, 50_000);
    for (const e of short.events) young.feed([e]);
    expect(young.feed([snapshot(T0 + 20 * MIN, short.last + 1_500)])).toEqual([]);

    // Two silent hours, then a snapshot with the normal growth for that time: no burst.
    const gap = new Kol();
    for (const e of history.events) gap.feed([e]);
    expect(gap.feed([snapshot(T0 + 190 * MIN, history.last + 1_200)])).toEqual([]);
  });

  it('evaluates only buckets not yet in the baseline', () => {
    const windows = new KolWindows('kol-1');
    for (const e of history.events) windows.apply(e);
    windows.advance();
    const state = initialSpikeState();
    expect(evaluateFollowerSpike(windows, state, config.followerSpike)).toBeNull();
    expect(state.baseline.n).toBeGreaterThanOrEqual(config.followerSpike.minSamples);
    expect(state.baseline.mean).toBeGreaterThan(40);
    expect(state.baseline.mean).toBeLessThan(60);
  });
});

describe('FOLLOWER_GROWTH', () => {
  function growth(points: [number, number][]): ReturnType<typeof evaluateFollowerGrowth> {
    const w = new KolWindows('kol-1');
    for (const [at, followers] of points) w.apply(snapshot(at, followers));
    return evaluateFollowerGrowth(w, config.followerGrowth);
  }

  it('fires when followers grew more than 5% within 1 h', () => {
    const draft = growth([
      [T0, 100_000],
      [T0 + 20 * MIN, 101_000],
      [T0 + 40 * MIN, 106_200],
    ]);
    expect(draft).toMatchObject({
      type: 'FOLLOWER_GROWTH',
      value: 6.2,
      threshold: 5,
      severity: 'WARNING',
      window: 'H1',
    });
    expect(draft!.message).toBe(
      'Followers grew +6.2% within 1 h (100,000 → 106,200 over 40 min); campaigns, giveaways or a viral post can cause this.',
    );
    expect(
      growth([
        [T0, 100_000],
        [T0 + MIN, 120_000],
      ])!.severity,
    ).toBe('CRITICAL');
  });

  it('measures against the snapshot an hour before, not the start of a longer rise', () => {
    // +5.5% over three hours, under 2% in any hour.
    const slow: [number, number][] = Array.from({ length: 19 }, (_, i) => [
      T0 + i * 10 * MIN,
      100_000 + i * 305,
    ]);
    expect(growth(slow)).toBeNull();
  });

  it('does not fire under 5%, for tiny accounts, or with a single snapshot', () => {
    expect(
      growth([
        [T0, 100_000],
        [T0 + 30 * MIN, 104_900],
      ]),
    ).toBeNull();
    expect(
      growth([
        [T0, 500],
        [T0 + 30 * MIN, 700],
      ]),
    ).toBeNull();
    expect(growth([[T0, 100_000]])).toBeNull();
  });

  it('has one deterministic id per KOL and hour', () => {
    const kol = new Kol();
    kol.feed([snapshot(T0, 100_000)]);
    const [first] = kol.feed([snapshot(T0 + 10 * MIN, 107_000)]);
    expect(first!.id).toBe(alertId('kol-1', 'FOLLOWER_GROWTH', T0));
    expect(kol.feed([snapshot(T0 + 20 * MIN, 109_000)])).toEqual([]);
  });
});

describe('NEGATIVE_SENTIMENT_TREND', () => {
  function hours(negatives: number[], perHour = 20): StreamEvent[] {
    const events: StreamEvent[] = [];
    negatives.forEach((neg, h) => {
      for (let i = 0; i < perHour; i++) {
        const at = T0 + h * HOUR + Math.floor((i / perHour) * HOUR);
        events.push(comment(at, i < neg ? 'negative' : 'positive'));
      }
    });
    return events;
  }

  function evaluate(events: StreamEvent[]) {
    const w = new KolWindows('kol-1');
    for (const e of events) w.apply(e);
    w.advance();
    return evaluateNegativeSentiment(w, config.negativeSentiment);
  }

  it('fires when the negative share rose three hours in a row', () => {
    const draft = evaluate(hours([2, 4, 6, 9]));
    expect(draft).toMatchObject({
      type: 'NEGATIVE_SENTIMENT_TREND',
      value: 3,
      threshold: 3,
      window: '3h',
      severity: 'WARNING',
      bucketStart: T0 + 3 * HOUR,
    });
    expect(draft!.message).toBe(
      'Negative comment share rose 3 hours in a row: 10% → 20% → 30% → 45% (20 classified comments in the latest hour).',
    );
    expect(evaluate(hours([2, 4, 8, 12]))!.severity).toBe('CRITICAL');
  });

  it('does not fire on a dip, on thin hours, or on a rise within noise', () => {
    expect(evaluate(hours([2, 6, 4, 9]))).toBeNull();
    expect(evaluate(hours([1, 2, 3, 4], 5))).toBeNull();
    expect(evaluate(hours([6, 7, 8, 8]))).toBeNull(); // flat last hour
    expect(evaluate(hours([20, 21, 22, 23], 100))).toBeNull(); // +3 points in total: noise
  });
});

describe('FORECAST_DROP', () => {
  /** Orders per hour from `hourly(h)` for `n` hours, clicks every hour keep the stream moving. */
  function run(n: number, hourly: (h: number) => number): Kol {
    const kol = new Kol();
    for (let h = 0; h < n; h++) {
      const events: StreamEvent[] = [click(T0 + h * HOUR + 30 * MIN)];
      const orders = hourly(h);
      for (let i = 0; i < orders; i++)
        events.push(purchase(T0 + h * HOUR + Math.floor((i / orders) * HOUR)));
      events.sort((a, b) => a.timeMs - b.timeMs);
      kol.feed(events);
    }
    return kol;
  }

  it('fires when the daily run rate falls more than 30% below the baseline', () => {
    const kol = run(84, (h) => (h < 72 ? 4 : 0)); // sales stop after three days
    const drops = kol.alerts.filter((a) => a.type === 'FORECAST_DROP');
    expect(drops).toHaveLength(1);
    expect(drops[0]).toMatchObject({ window: 'H24', threshold: 30, severity: 'WARNING' });
    expect(drops[0]!.value).toBeGreaterThan(30);
    expect(drops[0]!.message).toMatch(
      /^Orders over the last 24 h \(\d+\) are [\d.]+% below this KOL's own baseline \(\d+ per 24 h, 7-day EWMA\)/,
    );
  });

  it('ignores the daily cycle and steady sales', () => {
    const diurnal = run(96, (h) => (h % 24 >= 8 && h % 24 < 20 ? 8 : 1));
    expect(diurnal.alerts.filter((a) => a.type === 'FORECAST_DROP')).toEqual([]);
    const steady = run(60, () => 3);
    expect(steady.alerts).toEqual([]);
  });

  it('counts silent hours as zero when the whole stream moves on', () => {
    const kol = run(72, () => 4);
    kol.windows.advance(T0 + 90 * HOUR);
    const raised = kol.engine.evaluate(kol.windows, kol.state);
    expect(raised.map((a) => a.type)).toEqual(['FORECAST_DROP']);
  });
});

describe('FORECAST_DROP with the forecast model', () => {
  function run(n: number, hourly: (h: number) => number, modelOrders: number): Alert[] {
    const windows = new KolWindows('kol-1');
    const state = initialRuleState();
    const engine = new RuleEngine(config);
    const alerts: Alert[] = [];
    for (let h = 0; h < n; h++) {
      const events: StreamEvent[] = [click(T0 + h * HOUR + 30 * MIN)];
      const orders = hourly(h);
      for (let i = 0; i < orders; i++)
        events.push(purchase(T0 + h * HOUR + Math.floor((i / orders) * HOUR)));
      events.sort((a, b) => a.timeMs - b.timeMs);
      for (const e of events) windows.apply(e);
      windows.takeDirty();
      windows.advance();
      alerts.push(...engine.evaluate(windows, state, { deferForecast: true }));
      alerts.push(...engine.evaluateForecast(windows, state, modelOrders));
    }
    return alerts.filter((a) => a.type === 'FORECAST_DROP');
  }

  it('fires on the model forecast although the last day looks normal', () => {
    // 96 orders a day so far; the model expects 40: once warm (30 h), then once per 6-h cooldown.
    const drops = run(42, () => 4, 40);
    expect(drops).toHaveLength(2);
    for (const drop of drops) {
      expect(drop.message).toMatch(
        /^The forecast model expects 40 orders in the next 24 h, [\d.]+% below this KOL's own baseline/,
      );
    }
  });

  it('does not fire when the model expects the usual day', () => {
    expect(run(60, () => 4, 95)).toEqual([]);
  });
});

describe('FEATURE_DRIFT and PSI', () => {
  const edges = [0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1];
  const uniform: Histogram = { edges, proportions: new Array<number>(10).fill(0.1) };

  function sample(n: number, f: (u: number) => number): number[] {
    return Array.from({ length: n }, (_, i) => f((i + 0.5) / n));
  }

  it('computes PSI: ~0 for the same distribution, large for a shifted one', () => {
    expect(
      psi(
        uniform,
        sample(1_000, (u) => u * 0.1),
      ),
    ).toBeLessThan(0.001);
    expect(
      psi(
        uniform,
        sample(1_000, (u) => 0.05 + u * 0.05),
      ),
    ).toBeGreaterThan(0.25);
    // Out-of-range values land in the outer bins.
    expect(binOf(-5, edges)).toBe(0);
    expect(binOf(5, edges)).toBe(9);
    expect(binOf(0.035, edges)).toBe(3);
    expect(binOf(0.01, edges)).toBe(1);
  });

  it('reads reference histograms from a plain object or a model card, with counts or proportions', () => {
    const fromCard = parseReferenceHistograms({
      name: 'success',
      reference_histograms: { engagement_rate: { edges, counts: new Array(10).fill(7) } },
    });
    expect(fromCard.engagement_rate!.proportions.every((p) => Math.abs(p - 0.1) < 1e-12)).toBe(
      true,
    );
    const plain = parseReferenceHistograms({ views: uniform }).views!;
    expect(plain.edges).toEqual(edges);
    plain.proportions.forEach((p) => expect(p).toBeCloseTo(0.1, 12));
    expect(() =>
      parseReferenceHistograms({ views: { edges: [0, 1], proportions: [0.5, 0.5] } }),
    ).toThrow(/views/);
    expect(() => parseReferenceHistograms([1, 2])).toThrow();
  });

  function rows(hour: number, values: number[]): FeatureRow[] {
    return values.map((v, i) => ({
      kol_id: `k${i}`,
      window: 'H1',
      bucket_start: new Date(hour).toISOString(),
      views: 100,
      likes: 0,
      comments: 0,
      shares: 0,
      engagement_total: 0,
      engagement_rate: v,
      web_views: 0,
      clicks: 0,
      ctr: 0,
      add_to_carts: 0,
      orders: 0,
      conversion_rate: 0,
      revenue: {},
      follower_delta: 0,
      followers: null,
      comments_classified: 0,
      sentiment_pos_ratio: 0,
      sentiment_neg_ratio: 0,
      events: 1,
    }));
  }

  function drift(values: number[]) {
    const monitor = new DriftMonitor({ engagement_rate: uniform }, config.featureDrift);
    for (const row of rows(T0, values)) monitor.observe(row);
    return monitor.evaluate(T0 + HOUR)[0]!.draft;
  }

  it('raises CRITICAL above 0.25, WARNING between 0.2 and 0.25, nothing below', () => {
    const severe = drift(sample(500, (u) => 0.05 + u * 0.05));
    expect(severe).toMatchObject({
      type: 'FEATURE_DRIFT',
      severity: 'CRITICAL',
      threshold: 0.2,
      window: 'H1',
    });
    expect(severe!.message).toMatch(/engagement_rate PSI [\d.]+ \(severe\)/);
    expect(alertId('*', 'FEATURE_DRIFT', T0)).toBe(
      alertId('*', 'FEATURE_DRIFT', severe!.bucketStart),
    );

    // A fifth of the population moved into the top bin: PSI ≈ 0.23.
    const moderate = drift(sample(500, (u) => (u < 0.8 ? (u / 0.8) * 0.1 : 0.095)));
    expect(moderate!.value).toBeGreaterThan(0.2);
    expect(moderate!.value).toBeLessThanOrEqual(0.25);
    expect(moderate!.severity).toBe('WARNING');

    expect(drift(sample(500, (u) => u * 0.1))).toBeNull();
    expect(drift(sample(50, (u) => 0.05 + u * 0.05))).toBeNull(); // too few KOL-hours
  });
});
