/**
 * FOLLOWER_GROWTH: followers grew by more than 5% within 1 h. The reference is the latest profile
 * snapshot at least an hour before the newest one, or, without one, the oldest snapshot within the
 * hour; so a burst within minutes counts as soon as it is seen.
 */
import { WINDOW_MS } from '../../domain/types';
import type { Snapshot } from '../windows/cumulative';
import type { KolWindows } from '../windows/kol-windows';
import { bucketStart } from '../windows/kol-windows';
import type { FollowerGrowthConfig } from './config';
import { fmtInt, fmtPercent, round } from './format';
import type { AlertDraft } from './types';

export function evaluateFollowerGrowth(
  windows: KolWindows,
  config: FollowerGrowthConfig,
): AlertDraft | null {
  const snapshots = windows.followerSnapshots();
  const latest = snapshots[snapshots.length - 1];
  if (!latest || snapshots.length < 2) return null;
  const windowMs = config.windowMinutes * 60_000;
  const from = latest.t - windowMs;
  // The newest snapshot at or before the window start (if not much older), else the first inside it.
  let atOrBefore: Snapshot | undefined;
  let firstInside: Snapshot | undefined;
  for (const snapshot of snapshots) {
    if (snapshot.t <= from) atOrBefore = snapshot;
    else {
      firstInside = snapshot;
      break;
    }
  }
  const reference = atOrBefore && atOrBefore.t >= from - WINDOW_MS.M5 ? atOrBefore : firstInside;
  if (!reference) return null;
  if (reference === latest) return null;
  const before = reference.v[0] ?? 0;
  const after = latest.v[0] ?? 0;
  if (before < config.minFollowers) return null;
  const growth = (after - before) / before;
  if (growth <= config.threshold || after - before < config.minIncrease) return null;
  const minutes = Math.max(1, Math.round((latest.t - reference.t) / 60_000));
  return {
    type: 'FOLLOWER_GROWTH',
    severity: growth >= config.criticalThreshold ? 'CRITICAL' : 'WARNING',
    value: round(growth * 100, 2),
    threshold: round(config.threshold * 100, 2),
    window: 'H1',
    bucketStart: bucketStart(latest.t, 'H1'),
    atMs: latest.t,
    message:
      `Followers grew +${fmtPercent(growth)} within 1 h (${fmtInt(before)} → ${fmtInt(after)} ` +
      `over ${minutes} min); campaigns, giveaways or a viral post can cause this.`,
  };
}
