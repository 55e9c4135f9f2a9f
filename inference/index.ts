/** Public API of the inference library (see README section "Inference" and the report). */
export { createInferenceService, SERVED_MODELS } from './service';
export type { InferenceService, InferenceServiceOptions } from './service';
export { LOCAL_ACTOR, ModelRegistry, canaryBucket, CARD_FILE, MODEL_FILE } from './registry';
export type {
  LoadedModel,
  ModelInfo,
  RegistryAction,
  RegistryEvent,
  RegistryOptions,
  RegistryStateStore,
  ReloadReport,
  SavedModelState,
} from './registry';
export { ModelSession, MODEL_INPUT_NAME } from './core/session';
export type { SessionOptions } from './core/session';
export { MODEL_STAGES, parseModelCard } from './core/card';
export type { FeatureHistogram, ModelCard, ModelStage } from './core/card';
export {
  InputValidationError,
  ModelLoadError,
  ModelNotFoundError,
  ModelUnavailableError,
  RegistryStateError,
} from './core/errors';
export {
  ANOMALY_INPUT_DEFAULTS,
  ANOMALY_INPUT_DEFAULT_DOCS,
  DEFAULT_BIO_LENGTH_WHEN_PRESENT,
  DEFAULT_EST_CTR,
  SUCCESS_INPUT_DEFAULT_DOCS,
  TRUST_INPUT_DEFAULTS,
  TRUST_INPUT_DEFAULT_DOCS,
} from './core/defaults';
export {
  TRUST_FEATURES,
  buildTrustMatrix,
  resolveTrustInput,
  trustFeatureMatrix,
  trustFeatureVector,
} from './features/trust';
export {
  PRICE_TIER_EDGES,
  SUCCESS_FEATURES,
  buildSuccessMatrix,
  priceTier,
  resolveSuccessInput,
  successFeatureMatrix,
  successFeatureVector,
} from './features/success';
export type { SuccessThresholds } from './features/success';
export { ANOMALY_FEATURES, anomalyFeatureMatrix, anomalyFeatureVector } from './features/anomaly';
export {
  FORECAST_FEATURES,
  FORECAST_LAG_HOURS,
  forecastFeatureMatrix,
  forecastFeatureVector,
  lagWindow,
} from './features/forecast';
export type { HourlyFigures, LagWindow } from './features/forecast';
export { scoreForecast } from './scorers/forecast';
export type { ForecastResult } from './scorers/forecast';
export { SUCCESS_PRICE_STAND_IN, scoreStoredKols } from './stored/score';
export type { StoredKol, StoredKolScores, StoredScoreRecord } from './stored/score';
export { lastDay } from './stored/day';
export type { DayFigures, StoredMetricPoint } from './stored/day';
export {
  anomalyInputFromProfile,
  trustInputFromProfile,
  unreportedProfileInputs,
} from './stored/profile-input';
export { successOutcome, trustOutcome } from './core/outcomes';
export { emptyScorerTimings, inputRows } from './core/types';
export type { SuccessOutcome, TrustOutcome } from './core/outcomes';
export { scoreTrust, scoreTrustRows, trustResultOf } from './scorers/trust';
export { scoreSuccess, scoreSuccessRows, successResultOf } from './scorers/success';
export { normaliseDecision, scoreAnomaly } from './scorers/anomaly';
export {
  requireCount,
  requireInteger,
  requireNonNegative,
  validateAnomalyInput,
  validateSuccessInput,
  validateTrustInput,
} from './core/validation';
export { binShares, histogramBin, matrixColumn, psi } from './core/drift';
export type {
  AnomalyInput,
  AnomalyResult,
  BatchOptions,
  InputRows,
  SuccessBatch,
  TrustBatch,
  Reason,
  RiskLevel,
  ScoreOptions,
  ScorerTimings,
  SuccessInput,
  SuccessResult,
  SuccessTier,
  TrustInput,
  TrustResult,
} from './core/types';
