import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry, histogramBin, matrixColumn, psi, buildTrustMatrix } from '../../inference';
import { MODELS_DIR, readFixture } from './helpers';
import type { TrustInput } from '../../inference';

let registry: ModelRegistry;
beforeAll(async () => {
  registry = await ModelRegistry.load(MODELS_DIR);
});
afterAll(async () => {
  await registry.close();
});

describe('reference histograms and PSI', () => {
  it('bins follow the documented edges', () => {
    expect(histogramBin([1, 2, 3], 0.5)).toBe(0);
    expect(histogramBin([1, 2, 3], 1)).toBe(0);
    expect(histogramBin([1, 2, 3], 1.5)).toBe(1);
    expect(histogramBin([1, 2, 3], 3)).toBe(2);
    expect(histogramBin([1, 2, 3], 3.5)).toBe(3);
  });

  it('every card has one histogram per feature, proportions summing to 1', () => {
    for (const info of registry.list()) {
      const card = registry.get(info.name, info.version)!.card;
      const histograms = card.reference_histograms!;
      expect(Object.keys(histograms)).toEqual(card.features);
      for (const h of Object.values(histograms)) {
        expect(h.proportions.length).toBe(h.cuts.length + 1);
        expect(h.proportions.length).toBeLessThanOrEqual(10);
        expect(h.proportions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      }
    }
  });

  it('is ~0 for the reference distribution itself and large for KOL-sized accounts', async () => {
    const h = registry.production('trust').card.reference_histograms!['log_followers']!;
    const fixture = await readFixture<TrustInput>('trust-1.0.0.json');
    const instafakeLike = fixture.rows.slice(-25).map((r) => r.input);
    const kolSized = instafakeLike.map((r) => ({ ...r, followersCount: r.followersCount * 1000 }));
    const column = (rows: TrustInput[]) => matrixColumn(buildTrustMatrix(rows), 13, 0);
    expect(psi(h, column(kolSized))).toBeGreaterThan(1);
    expect(psi(h, column(instafakeLike))).toBeLessThan(psi(h, column(kolSized)));
    const reference = h.proportions.flatMap((p, i) =>
      new Array<number>(Math.round(p * 1000)).fill(i === 0 ? h.cuts[0]! : h.cuts[i - 1]! + 1e-9),
    );
    expect(psi(h, reference)).toBeLessThan(0.01);
  });
});
