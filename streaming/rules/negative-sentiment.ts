/**
 * NEGATIVE_SENTIMENT_TREND: the negative share of classified comments rose `risingHours` hours in a
 * row (so `risingHours + 1` consecutive hourly values, each above the one before by `minStep`, and by
 * `minTotalRise` over the run), each hour with enough comments, ending at the latest hour that has
 * enough (the current hour counts once it has `minCommentsPerHour`). The share is of the classified
 * `comment` events, not of post_metrics comment counts.
 */
import { WINDOW_MS } from '../../domain/types';
import { classifiedComments } from '../windows/aggregate';
import type { KolWindows } from '../windows/kol-windows';
import type { NegativeSentimentConfig } from './config';
import { fmtInt, fmtPercent } from './format';
import type { AlertDraft } from './types';

interface Hour {
  start: number;
  comments: number;
  ratio: number;
  atMs: number;
}

function hourlySeries(windows: KolWindows): Hour[] {
  const hours: Hour[] = windows.history('H1').map((s) => ({
    start: s.start,
    comments: s.commentsClassified,
    ratio: s.negativeRatio,
    atMs: s.start + WINDOW_MS.H1 - 1,
  }));
  for (const { start, agg } of windows.openBuckets('H1')) {
    const comments = classifiedComments(agg);
    hours.push({
      start,
      comments,
      ratio: comments > 0 ? agg.negative / comments : 0,
      atMs: Math.min(windows.watermark, start + WINDOW_MS.H1 - 1),
    });
  }
  return hours.sort((a, b) => a.start - b.start);
}

export function evaluateNegativeSentiment(
  windows: KolWindows,
  config: NegativeSentimentConfig,
): AlertDraft | null {
  const hours = hourlySeries(windows).filter((h) => h.comments >= config.minCommentsPerHour);
  const last = hours[hours.length - 1];
  if (!last || last.ratio < config.minRatio) return null;
  // Walk back while hours are consecutive and each is above the one before it.
  let run = 0;
  for (let i = hours.length - 1; i > 0; i--) {
    const cur = hours[i]!;
    const prev = hours[i - 1]!;
    if (cur.start - prev.start !== WINDOW_MS.H1 || cur.ratio - prev.ratio < config.minStep) break;
    run++;
  }
  if (run < config.risingHours) return null;
  const shown = hours.slice(hours.length - 1 - run);
  if (last.ratio - shown[0]!.ratio < config.minTotalRise) return null;
  return {
    type: 'NEGATIVE_SENTIMENT_TREND',
    severity: last.ratio >= config.criticalRatio ? 'CRITICAL' : 'WARNING',
    value: run,
    threshold: config.risingHours,
    window: `${run}h`,
    bucketStart: last.start,
    atMs: last.atMs,
    message:
      `Negative comment share rose ${run} hours in a row: ` +
      `${shown.map((h) => fmtPercent(h.ratio)).join(' → ')} ` +
      `(${fmtInt(last.comments)} classified comments in the latest hour).`,
  };
}
