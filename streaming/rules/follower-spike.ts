/**
 * FOLLOWER_SPIKE: the follower increase of a 5-min bucket is more than `sigma` σ above an EWMA
 * baseline (span 60 min) of this KOL's previous per-5-min increases.
 *
 * The baseline folds in each closed M5 bucket that had profile snapshots, with its increase
 * normalised to a 5-min rate (increase × 5 min / time covered) so that a snapshot after a long gap is
 * not mistaken for a burst. Open buckets are compared against it as they fill, so a burst alerts
 * within one flush rather than when its bucket closes.
 */
import { WINDOW_MS } from '../../domain/types';
import type { BucketSummary } from '../windows/aggregate';
import type { KolWindows } from '../windows/kol-windows';
import { alphaForSpan, type FollowerSpikeConfig } from './config';
import { emptyEwma, updateEwma, type Ewma } from './ewma';
import { fmt1, fmtInt, fmtSignedInt, round } from './format';
import type { AlertDraft } from './types';

export interface SpikeState {
  baseline: Ewma;
  /** Start of the last M5 bucket folded into the baseline. */
  lastFolded: number | null;
}

export function initialSpikeState(): SpikeState {
  return { baseline: emptyEwma(), lastFolded: null };
}

const M5 = WINDOW_MS.M5;

export function fiveMinuteRate(delta: number, spanMs: number): number {
  return (delta * M5) / Math.max(spanMs, M5);
}

/** Folds closed M5 buckets not yet in the baseline. */
export function foldSpikeBaseline(
  state: SpikeState,
  history: readonly BucketSummary[],
  config: FollowerSpikeConfig,
): void {
  const alpha = alphaForSpan(config.baselineMinutes / 5);
  for (const bucket of history) {
    if (state.lastFolded !== null && bucket.start <= state.lastFolded) continue;
    state.lastFolded = bucket.start;
    if (bucket.snapshots === 0) continue;
    updateEwma(state.baseline, fiveMinuteRate(bucket.followerDelta, bucket.followerSpanMs), alpha);
  }
}

export function evaluateFollowerSpike(
  windows: KolWindows,
  state: SpikeState,
  config: FollowerSpikeConfig,
): AlertDraft | null {
  foldSpikeBaseline(state, windows.history('M5'), config);
  const { baseline } = state;
  if (baseline.n < config.minSamples) return null;
  const sigma = Math.max(Math.sqrt(baseline.variance), config.minSigma);
  let best: AlertDraft | null = null;
  for (const { start, agg } of windows.openBuckets('M5')) {
    if (agg.snapshots === 0 || (state.lastFolded !== null && start <= state.lastFolded)) continue;
    const rate = fiveMinuteRate(agg.followerDelta, agg.followerSpanMs);
    const z = (rate - baseline.mean) / sigma;
    if (z <= config.sigma || rate - baseline.mean < config.minIncrease) continue;
    if (best && best.value >= z) continue;
    best = {
      type: 'FOLLOWER_SPIKE',
      severity: z >= config.criticalSigma ? 'CRITICAL' : 'WARNING',
      value: round(z, 2),
      threshold: config.sigma,
      window: 'M5',
      bucketStart: start,
      atMs: Math.max(agg.followersAtMs, start),
      message:
        `Followers rose ${fmt1(z)}σ above the ${fmtInt(config.baselineMinutes)}-min baseline ` +
        `(${fmtSignedInt(agg.followerDelta)} in 5 min; typical ${fmtSignedInt(baseline.mean)} ± ` +
        `${fmtInt(sigma)}); giveaways and ads can cause this.`,
    };
  }
  return best;
}
