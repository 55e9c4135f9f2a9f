/**
 * Forecast parity: every row of the forecast fixture (stored H1 buckets → Python lag window and
 * features → onnxruntime) replays through the TypeScript lag window, features and onnxruntime-node
 * to 1e-5.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../domain/types';
import {
  FORECAST_FEATURES,
  ModelRegistry,
  forecastFeatureVector,
  type HourlyFigures,
} from '../../inference';
import { MODELS_DIR, close, readFixture } from './helpers';

interface ForecastRowInput {
  now: number;
  hourly: {
    bucketStart: number;
    views: number;
    clicks: number;
    orders: number;
    revenue?: number;
  }[];
}

interface ForecastFixture {
  version: string;
  tolerance: number;
  features: string[];
  rows: { input: ForecastRowInput; features: number[]; orders: number; revenue: number }[];
}

let registry: ModelRegistry;
let fixture: ForecastFixture;

beforeAll(async () => {
  registry = await ModelRegistry.load(MODELS_DIR);
  fixture = (await readFixture('forecast-1.0.0.json')) as unknown as ForecastFixture;
});
afterAll(async () => {
  await registry.close();
});

function hourly(input: ForecastRowInput): HourlyFigures[] {
  return input.hourly.map((h): HourlyFigures => ({
    bucketStart: new Date(h.bucketStart),
    views: h.views,
    clicks: h.clicks,
    orders: h.orders,
    ...(h.revenue === undefined ? {} : { revenue: h.revenue }),
  }));
}

function expectClose(actual: number, expected: number, tol: number, what: string): void {
  if (!close(actual, expected, tol))
    throw new Error(`${what}: TypeScript ${actual} vs Python ${expected}`);
}

describe('forecast-1.0.0.json', () => {
  it('has edge rows and held-out rows, with the model features in order', () => {
    expect(fixture.rows.length).toBeGreaterThanOrEqual(30);
    expect(fixture.features).toEqual([...FORECAST_FEATURES]);
    expect(registry.get('forecast', fixture.version)!.card.features).toEqual(fixture.features);
  });

  it('engineers the same features from stored buckets', () => {
    for (const [i, row] of fixture.rows.entries()) {
      const actual = forecastFeatureVector(hourly(row.input), new Date(row.input.now));
      expect(actual.length).toBe(row.features.length);
      row.features.forEach((f, j) =>
        expectClose(actual[j]!, f, fixture.tolerance, `row ${i} ${FORECAST_FEATURES[j]}`),
      );
    }
  });

  it('gives the same orders and revenue through onnxruntime-node in one run', async () => {
    const model = registry.get('forecast', fixture.version)!;
    const matrix = Float32Array.from(fixture.rows.flatMap((r) => r.features));
    const before = model.session.runCount;
    const out = await model.session.run(matrix, fixture.rows.length, ['orders', 'revenue']);
    expect(model.session.runCount - before).toBe(1);
    for (const [i, row] of fixture.rows.entries()) {
      expectClose(out['orders']![i]!, row.orders, fixture.tolerance, `row ${i} orders`);
      expectClose(out['revenue']![i]!, row.revenue, fixture.tolerance, `row ${i} revenue`);
    }
    // The fixture's edge rows include an empty history: it is forecast (near) zero, never negative.
    expect(Math.min(...fixture.rows.map((r) => r.orders))).toBeGreaterThanOrEqual(0);
  });

  it('ignores the open hour and buckets older than 24 hours', () => {
    const now = new Date('2026-12-01T10:25:00Z');
    const at = (iso: string): MetricPoint['bucketStart'] => new Date(iso);
    const point = (start: Date): HourlyFigures => ({
      bucketStart: start,
      views: 100,
      clicks: 5,
      orders: 2,
      revenue: 10,
    });
    const inside = forecastFeatureVector([point(at('2026-12-01T09:00:00Z'))], now);
    const outside = forecastFeatureVector(
      [point(at('2026-12-01T10:00:00Z')), point(at('2026-11-30T09:00:00Z'))],
      now,
    );
    expect(inside[FORECAST_FEATURES.indexOf('orders_1h')]).toBe(2);
    expect(outside.every((v) => v === 0)).toBe(true);
  });
});
