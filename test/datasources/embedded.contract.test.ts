import { describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { EmbeddedScoreStore } from '../../datasources/embedded/scores';
import { describeDataSourceContract } from './contract';
import { score } from './fixtures';

describeDataSourceContract('embedded', async () => ({ data: createEmbeddedDataSources() }));

describe('embedded score store (records kept in compact form)', () => {
  const t0 = Date.UTC(2026, 1, 1);
  const at = (h: number): Date => new Date(t0 + h * 3_600_000);

  it('reasons round-trip exactly: separators in texts, -0, fractional and huge impacts, none', async () => {
    const store = new EmbeddedScoreStore();
    const odd = score('k', 'trust', 50, at(0), {
      reasons: [{ code: 'A\u001fB', message: 'x\u001ey', impact: 1 }],
    });
    const signed = score('k', 'success', 40, at(0), {
      reasons: [
        { code: 'Z', message: '', impact: -0 },
        { code: 'Y', message: 'Big', impact: 1e21 },
        { code: 'X', message: 'Tiny', impact: -1.0344202518463135e-7 },
      ],
      revenueForecast: 12.5,
      currency: 'VND',
    });
    const empty = score('k', 'anomaly', 0.1, at(0), { reasons: [] });
    await store.put([odd, signed, empty]);
    expect(await store.latest('trust', ['k'])).toEqual([odd]);
    const [success] = await store.latest('success', ['k']);
    expect(success).toEqual(signed);
    expect(Object.is(success!.reasons[0]!.impact, -0)).toBe(true);
    expect(await store.latest('anomaly', ['k'])).toEqual([empty]);
    expect(await store.latest('forecast', ['k'])).toEqual([null]);
  });

  it('a read gives copies: changing one does not change the store', async () => {
    const store = new EmbeddedScoreStore();
    await store.put([score('k', 'trust', 50, at(0))]);
    const [first] = await store.latest('trust', ['k']);
    first!.reasons[0]!.message = 'changed';
    first!.reasons.push({ code: 'NEW', message: 'new', impact: 1 });
    const [again] = await store.latest('trust', ['k']);
    expect(again).toEqual(score('k', 'trust', 50, at(0)));
  });

  it('history keeps the newest `maxHistory`, newest first; an older record beyond it is dropped', async () => {
    const store = new EmbeddedScoreStore(3);
    for (const h of [5, 1, 4, 2, 3]) await store.put([score('k', 'trust', h, at(h))]);
    await store.put([score('k', 'trust', 0, at(0))]);
    const [history] = await store.history('trust', ['k'], 10);
    expect(history!.map((r) => r.score)).toEqual([5, 4, 3]);
    // Same time as a kept record: after it, as a stable sort would put it.
    await store.put([score('k', 'trust', 44, at(4))]);
    expect((await store.history('trust', ['k'], 10))[0]!.map((r) => r.score)).toEqual([5, 4, 44]);
  });
});
