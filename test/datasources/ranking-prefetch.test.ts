/**
 * A ranking page's KOL reads go out in one wave: the latest trust, success and metric loads its
 * selection makes start together with the profile read, not after it. Checked by holding the
 * profile read of the in-memory stores until the other reads were asked for.
 */
import { describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources } from '../../datasources/types';
import { modelDemoScorer } from '../../demo/model-scores';
import { seedDemoData } from '../../demo/seed';
import { postQuery, sharedInference, startTestGateway } from '../support/gateway';

const PAGE = `query Page($first: Int!, $window: MetricWindow!, $last: Int) {
  ranking(input: { first: $first, minTrust: 10 }) {
    edges { node { kol { id metrics(window: $window, last: $last) { views } trust { trustScore } ...S } } }
  }
}
fragment S on Kol { success { successScore } }`;

/** The stores, with each call logged and profile reads held until `release`. */
function heldProfiles(inner: DataSources) {
  const calls: string[] = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const data: DataSources = {
    ...inner,
    profiles: {
      ...inner.profiles,
      getMany: async (ids) => {
        calls.push('profiles.getMany');
        await held;
        return inner.profiles.getMany(ids);
      },
      upsertMany: (...args) => inner.profiles.upsertMany(...args),
      listIds: (filter) => inner.profiles.listIds(filter),
      updatedAt: (ids) => inner.profiles.updatedAt(ids),
    },
    scores: {
      ...inner.scores,
      latest: (model, ids) => {
        calls.push(`scores.latest ${model}`);
        return inner.scores.latest(model, ids);
      },
      history: (...args) => inner.scores.history(...args),
      put: (records) => inner.scores.put(records),
    },
    metrics: {
      ...inner.metrics,
      latest: (keys) => {
        calls.push(`metrics.latest ${keys[0]?.window}`);
        return inner.metrics.latest(keys);
      },
      series: (keys) => {
        calls.push('metrics.series');
        return inner.metrics.series(keys);
      },
      write: (points) => inner.metrics.write(points),
    },
  };
  return { data, calls, release: () => release() };
}

describe('ranking page reads', () => {
  it('start the trust, success and latest-metric reads with the profile read', async () => {
    const inner = createEmbeddedDataSources();
    await seedDemoData(inner, {
      count: 30,
      now: new Date(),
      scorer: modelDemoScorer(await sharedInference()),
    });
    const { data, calls, release } = heldProfiles(inner);
    const gateway = await startTestGateway({ data });
    try {
      const reply = postQuery<{ ranking: { edges: unknown[] } }, Record<string, unknown>>(
        gateway.url,
        PAGE,
        { first: 10, window: 'H1', last: 1 },
      );
      await expect.poll(() => calls.includes('profiles.getMany')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(calls).toEqual(
        expect.arrayContaining([
          'scores.latest trust',
          'scores.latest success',
          'metrics.latest H1',
        ]),
      );
      release();
      const result = await reply;
      expect(result.errors).toBeUndefined();
      expect(result.data?.ranking.edges.length).toBe(10);

      // A series of more than one bucket is not prefetched (its resolver reads it).
      calls.length = 0;
      const series = await postQuery<{ ranking: { edges: unknown[] } }, Record<string, unknown>>(
        gateway.url,
        PAGE,
        { first: 10, window: 'H1', last: 3 },
      );
      expect(series.errors).toBeUndefined();
      expect(calls.filter((c) => c.startsWith('metrics'))).toEqual(['metrics.series']);
    } finally {
      release();
      await gateway.stop();
    }
  });
});
