/**
 * Runs the per-KOL rules after a KOL's windows changed and turns their findings into alerts.
 *
 * An alert is emitted once: the engine remembers the ids it has raised per KOL (persisted with the
 * KOL's stream state) and honours each rule's cooldown in event time, so re-running the rules on the
 * same state, or replaying the same events, raises nothing new. Ids are deterministic anyway
 * (ids.ts), so the alert store deduplicates whatever gets past this.
 */
import { WINDOW_MS, type Alert, type AlertType } from '../../domain/types';
import type { KolWindows } from '../windows/kol-windows';
import type { RulesConfig } from './config';
import { evaluateFollowerGrowth } from './follower-growth';
import { evaluateFollowerSpike, initialSpikeState, type SpikeState } from './follower-spike';
import { evaluateForecastDrop, initialForecastState, type ForecastState } from './forecast-drop';
import { alertId } from './ids';
import { evaluateNegativeSentiment } from './negative-sentiment';
import type { AlertDraft } from './types';

export interface KolRuleState {
  spike: SpikeState;
  forecast: ForecastState;
  /** Alert ids raised, with their bucket start (pruned after two days). */
  fired: [string, number][];
  /** Per type: no new alert for a bucket starting before this (event time). */
  cooldownUntil: Partial<Record<AlertType, number>>;
}

export function initialRuleState(): KolRuleState {
  return {
    spike: initialSpikeState(),
    forecast: initialForecastState(),
    fired: [],
    cooldownUntil: {},
  };
}

const FIRED_RETENTION_MS = 2 * WINDOW_MS.H24;

export function draftToAlert(kolId: string, draft: AlertDraft): Alert {
  return {
    id: alertId(kolId, draft.type, draft.bucketStart),
    kolId,
    type: draft.type,
    severity: draft.severity,
    value: draft.value,
    threshold: draft.threshold,
    window: draft.window,
    message: draft.message,
    createdAt: new Date(draft.atMs),
  };
}

export class RuleEngine {
  constructor(readonly config: RulesConfig) {}

  /**
   * Evaluates every per-KOL rule; returns the alerts not raised before. Mutates `state`. With
   * `deferForecast`, FORECAST_DROP is left for `evaluateForecast` (the pipeline runs it once the
   * forecast model has scored the KOL).
   */
  evaluate(
    windows: KolWindows,
    state: KolRuleState,
    options: { deferForecast?: boolean } = {},
  ): Alert[] {
    const drafts = [
      evaluateFollowerSpike(windows, state.spike, this.config.followerSpike),
      evaluateFollowerGrowth(windows, this.config.followerGrowth),
      evaluateNegativeSentiment(windows, this.config.negativeSentiment),
      options.deferForecast
        ? null
        : evaluateForecastDrop(windows, state.forecast, this.config.forecastDrop),
    ];
    return this.admitAll(windows, state, drafts);
  }

  /** FORECAST_DROP alone, with the forecast model's orders of the next 24 h when there is one. */
  evaluateForecast(windows: KolWindows, state: KolRuleState, modelOrders?: number): Alert[] {
    const draft = evaluateForecastDrop(
      windows,
      state.forecast,
      this.config.forecastDrop,
      modelOrders,
    );
    return this.admitAll(windows, state, [draft]);
  }

  private admitAll(
    windows: KolWindows,
    state: KolRuleState,
    drafts: readonly (AlertDraft | null)[],
  ): Alert[] {
    const alerts: Alert[] = [];
    for (const draft of drafts) {
      if (!draft) continue;
      const alert = this.admit(windows.kolId, draft, state);
      if (alert) alerts.push(alert);
    }
    const keepAfter = windows.watermark - FIRED_RETENTION_MS;
    const oldest = state.fired[0];
    if (oldest && oldest[1] < keepAfter) {
      state.fired = state.fired.filter(([, start]) => start >= keepAfter);
    }
    return alerts;
  }

  /** Applies dedupe and cooldown; records the alert as raised. */
  admit(kolId: string, draft: AlertDraft, state: KolRuleState): Alert | null {
    const alert = draftToAlert(kolId, draft);
    if (state.fired.some(([id]) => id === alert.id)) return null;
    const until = state.cooldownUntil[draft.type];
    if (
      until !== undefined &&
      draft.bucketStart < until &&
      draft.bucketStart >= until - this.cooldownMs(draft.type)
    ) {
      return null;
    }
    state.fired.push([alert.id, draft.bucketStart]);
    state.cooldownUntil[draft.type] = Math.max(
      until ?? -Infinity,
      draft.bucketStart + this.cooldownMs(draft.type),
    );
    return alert;
  }

  private cooldownMs(type: AlertType): number {
    const minutes: Record<AlertType, number> = {
      FOLLOWER_SPIKE: this.config.followerSpike.cooldownMinutes,
      FOLLOWER_GROWTH: this.config.followerGrowth.cooldownMinutes,
      NEGATIVE_SENTIMENT_TREND: this.config.negativeSentiment.cooldownMinutes,
      FORECAST_DROP: this.config.forecastDrop.cooldownMinutes,
      FEATURE_DRIFT: 0,
    };
    return minutes[type] * 60_000;
  }
}
