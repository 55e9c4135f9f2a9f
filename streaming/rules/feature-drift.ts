/**
 * FEATURE_DRIFT: the distribution of a streamed feature over the KOL population drifted from its
 * reference histogram (PSI > 0.2; 0.1-0.25 moderate → WARNING, > 0.25 severe → CRITICAL).
 *
 * Unit of observation: one H1 feature row (features.stream columns, e.g. `engagement_rate`, `views`,
 * `ctr`, `sentiment_neg_ratio`) per KOL and closed hour. Each hour is evaluated once the stream has
 * moved past it; features without a reference are ignored. The reference must describe the same unit
 * (hourly rows), e.g. histograms computed from a past period of features.stream; a model card's
 * `reference_histograms` are used as given. Drift concerns the population, so the alert's `kolId` is
 * the configured scope (`*` by default) and there is at most one alert per hour, naming the worst
 * feature. With several workers each sees its share of KOLs; they compute the same alert id for the
 * same hour and the alert store keeps the first.
 */
import { WINDOW_MS } from '../../domain/types';
import type { FeatureRow } from '../../contracts/feature-row';
import type { FeatureDriftConfig } from './config';
import { fmt1, fmtInt, round } from './format';
import { psi, type Histogram } from './psi';
import type { AlertDraft } from './types';

export interface FeatureScore {
  feature: string;
  psi: number;
  samples: number;
}

export class DriftMonitor {
  /** hour start → feature → values */
  private readonly hours = new Map<number, Map<string, number[]>>();
  private lastEvaluated = -Infinity;

  constructor(
    private readonly reference: Record<string, Histogram>,
    private readonly config: FeatureDriftConfig,
  ) {}

  get enabled(): boolean {
    return Object.keys(this.reference).length > 0;
  }

  /** Records a closed H1 row. Rows of hours already evaluated are ignored. */
  observe(row: FeatureRow): void {
    if (!this.enabled || row.window !== 'H1') return;
    const hour = Date.parse(row.bucket_start);
    if (hour <= this.lastEvaluated) return;
    let features = this.hours.get(hour);
    if (!features) {
      features = new Map();
      this.hours.set(hour, features);
    }
    for (const feature of Object.keys(this.reference)) {
      const value = (row as unknown as Record<string, unknown>)[feature];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      let list = features.get(feature);
      if (!list) {
        list = [];
        features.set(feature, list);
      }
      list.push(value);
    }
  }

  /** Evaluates every hour that ended at or before `closedBefore`; one draft per drifting hour. */
  evaluate(closedBefore: number): { draft: AlertDraft | null; scores: FeatureScore[] }[] {
    const results: { draft: AlertDraft | null; scores: FeatureScore[] }[] = [];
    const due = [...this.hours.keys()]
      .filter((h) => h + WINDOW_MS.H1 <= closedBefore)
      .sort((a, b) => a - b);
    for (const hour of due) {
      const features = this.hours.get(hour)!;
      this.hours.delete(hour);
      this.lastEvaluated = Math.max(this.lastEvaluated, hour);
      const scores: FeatureScore[] = [];
      for (const [feature, values] of features) {
        if (values.length < this.config.minSamples) continue;
        const reference = this.reference[feature];
        if (!reference) continue;
        scores.push({
          feature,
          psi: psi(reference, values, this.config.epsilon),
          samples: values.length,
        });
      }
      scores.sort((a, b) => b.psi - a.psi);
      results.push({ draft: this.draftFor(hour, scores), scores });
    }
    return results;
  }

  private draftFor(hour: number, scores: FeatureScore[]): AlertDraft | null {
    const worst = scores[0];
    if (!worst || worst.psi <= this.config.threshold) return null;
    const label = (s: number): string =>
      s > this.config.severeThreshold
        ? 'severe'
        : s > this.config.moderateThreshold
          ? 'moderate'
          : 'stable';
    const listed = scores
      .filter((s) => s.psi > this.config.moderateThreshold)
      .slice(0, 5)
      .map((s) => `${s.feature} PSI ${fmt1Psi(s.psi)} (${label(s.psi)})`);
    return {
      type: 'FEATURE_DRIFT',
      severity: worst.psi > this.config.severeThreshold ? 'CRITICAL' : 'WARNING',
      value: round(worst.psi, 4),
      threshold: this.config.threshold,
      window: 'H1',
      bucketStart: hour,
      atMs: hour + WINDOW_MS.H1,
      message:
        `Feature distributions shifted from the reference over ${fmtInt(worst.samples)} KOL-hours ` +
        `(hour from ${new Date(hour).toISOString()}): ${listed.join(', ')}.`,
    };
  }
}

function fmt1Psi(x: number): string {
  return x >= 10 ? fmt1(x) : x.toFixed(2);
}
