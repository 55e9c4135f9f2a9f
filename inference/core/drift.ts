/**
 * Population Stability Index of live feature values against a card's reference histogram
 * (card.reference_histograms, written by training/histograms.py). Bin i of a histogram with
 * inner cuts c holds x <= c[0] (i = 0), c[i-1] < x <= c[i], or x > c[last] (last bin).
 * PSI = sum over bins of (live - ref) * ln(live / ref), shares floored at 1e-4 so empty bins stay
 * finite. Conventional reading: < 0.1 stable, 0.1-0.25 moderate shift, > 0.25 severe.
 */
import type { FeatureHistogram } from './card';

const FLOOR = 1e-4;

export function histogramBin(cuts: readonly number[], x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Shares of `values` in the reference histogram's bins. */
export function binShares(reference: FeatureHistogram, values: ArrayLike<number>): number[] {
  const counts = new Array<number>(reference.cuts.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[histogramBin(reference.cuts, values[i]!)]! += 1;
  return counts.map((c) => (values.length === 0 ? 0 : c / values.length));
}

export function psi(reference: FeatureHistogram, values: ArrayLike<number>): number {
  const live = binShares(reference, values);
  let total = 0;
  for (let i = 0; i < live.length; i++) {
    const a = Math.max(live[i]!, FLOOR);
    const e = Math.max(reference.proportions[i] ?? 0, FLOOR);
    total += (a - e) * Math.log(a / e);
  }
  return total;
}

/** Column `index` of a row-major [rows, width] matrix (e.g. a feature matrix) as numbers. */
export function matrixColumn(matrix: Float32Array, width: number, index: number): Float64Array {
  const rows = Math.floor(matrix.length / width);
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = matrix[r * width + index]!;
  return out;
}
