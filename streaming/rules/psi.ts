/**
 * Population stability index (PSI) of a sample against a reference histogram.
 *
 *   PSI = Σ_i (a_i − e_i) · ln(a_i / e_i)
 *
 * over the reference's bins, with e_i the reference proportion and a_i the sample's proportion in bin
 * i (both floored at `epsilon` so empty bins stay finite). Values below the first edge fall in the
 * first bin, values above the last edge in the last bin. Rule of thumb: < 0.1 stable, 0.1-0.25
 * moderate shift, > 0.25 severe.
 */
import { z } from 'zod';

export interface Histogram {
  /** Bin edges, ascending; `edges.length = proportions.length + 1` (10 bins → 11 edges). */
  edges: number[];
  /** Share of the reference population in each bin; sums to 1. */
  proportions: number[];
}

const histogramInput = z
  .object({
    edges: z.array(z.number().finite()).min(2),
    proportions: z.array(z.number().nonnegative()).optional(),
    counts: z.array(z.number().nonnegative()).optional(),
  })
  .superRefine((h, ctx) => {
    const weights = h.proportions ?? h.counts;
    if (!weights) {
      ctx.addIssue({ code: 'custom', message: 'needs proportions or counts' });
      return;
    }
    if (weights.length !== h.edges.length - 1) {
      ctx.addIssue({ code: 'custom', message: 'needs one proportion per bin (edges − 1)' });
    }
    if (!(weights.reduce((s, w) => s + w, 0) > 0)) {
      ctx.addIssue({ code: 'custom', message: 'proportions sum to 0' });
    }
    for (let i = 1; i < h.edges.length; i++) {
      if (h.edges[i]! < h.edges[i - 1]!) {
        ctx.addIssue({ code: 'custom', message: 'edges must be ascending' });
        break;
      }
    }
  });

/**
 * Reads reference histograms from a plain object `{ feature: { edges, proportions | counts } }` or from
 * a model card carrying them under `reference_histograms`. Throws naming the feature that is invalid.
 */
export function parseReferenceHistograms(input: unknown): Record<string, Histogram> {
  const source =
    typeof input === 'object' && input !== null && 'reference_histograms' in input
      ? input.reference_histograms
      : input;
  const parsed = z.record(z.string(), z.unknown()).safeParse(source);
  if (!parsed.success) throw new Error('reference histograms must be an object keyed by feature');
  const result: Record<string, Histogram> = {};
  for (const [feature, value] of Object.entries(parsed.data)) {
    const h = histogramInput.safeParse(value);
    if (!h.success) {
      throw new Error(
        `reference histogram ${feature}: ${h.error.issues.map((i) => i.message).join('; ')}`,
      );
    }
    const weights = h.data.proportions ?? h.data.counts ?? [];
    const total = weights.reduce((s, w) => s + w, 0);
    result[feature] = { edges: h.data.edges, proportions: weights.map((w) => w / total) };
  }
  return result;
}

/** Index of the bin holding `x` (clamped to the first and last bin). */
export function binOf(x: number, edges: readonly number[]): number {
  const bins = edges.length - 1;
  if (x < edges[1]!) return 0;
  if (x >= edges[bins - 1]!) return bins - 1;
  let lo = 1;
  let hi = bins - 1; // edges[lo] <= x < edges[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x >= edges[mid]!) lo = mid;
    else hi = mid;
  }
  return lo;
}

export function sampleProportions(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const x of values) {
    if (Number.isFinite(x)) counts[binOf(x, edges)]! += 1;
  }
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

export function psi(reference: Histogram, values: readonly number[], epsilon = 1e-4): number {
  const actual = sampleProportions(values, reference.edges);
  let sum = 0;
  reference.proportions.forEach((p, i) => {
    const e = Math.max(p, epsilon);
    const a = Math.max(actual[i] ?? 0, epsilon);
    sum += (a - e) * Math.log(a / e);
  });
  return sum;
}
