/**
 * The `metrics.updates` message: the stream worker's current value of one metric bucket, keyed by
 * `kolId`. JSON of a `MetricPoint` in camelCase with `bucketStart` as ISO 8601. A message is the full
 * value (not a delta), so the latest per (kolId, window, bucketStart) wins and duplicates are harmless.
 */
import { z } from 'zod';
import { METRIC_WINDOWS, type MetricPoint } from '../domain/types';

const metricUpdateSchema = z.object({
  kolId: z.string().min(1),
  window: z.enum(METRIC_WINDOWS),
  bucketStart: z
    .string()
    .datetime()
    .transform((s) => new Date(s)),
  views: z.number(),
  likes: z.number(),
  comments: z.number(),
  shares: z.number(),
  clicks: z.number(),
  orders: z.number(),
  followerDelta: z.number(),
  engagementRate: z.number(),
  sentimentPositiveRatio: z.number(),
  sentimentNegativeRatio: z.number(),
});

export function encodeMetricUpdate(point: MetricPoint): string {
  return JSON.stringify({ ...point, bucketStart: point.bucketStart.toISOString() });
}

/** The point of a `metrics.updates` message, or null when it is not one. */
export function parseMetricUpdate(value: Buffer | string | null | undefined): MetricPoint | null {
  if (value === null || value === undefined || value.length === 0) return null;
  try {
    const text = typeof value === 'string' ? value : value.toString('utf8');
    const result = metricUpdateSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
