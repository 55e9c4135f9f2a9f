import { Field, Float, ID } from 'type-graphql';
import {
  confidenceFromScore,
  isHighSuccess,
  isTrustworthy,
  riskLevelFor,
  successTierFor,
} from '../domain/scores';
import type { Reason as ReasonRecord } from '../domain/types';
import { PredictionSource, RiskLevel, SuccessTier } from './enums';
import { Reason } from './reason';
import { DateTimeScalar } from './scalars';
import { PlainObjectType } from './object-type';

/**
 * What every served score is projected from, whether a stored record or a model result. `reasons`
 * is read only when a client selects it: model results build their reasons lazily.
 */
export interface ScoreOutput {
  kolId: string | null;
  /** In the model's own unit (trust and success 0-100). */
  score: number;
  modelVersion: string;
  scoredAt: Date;
  explained: { readonly reasons: readonly ReasonRecord[] };
  source: PredictionSource;
  stale: boolean;
}

@PlainObjectType({
  description: 'How trustworthy an account is (organic audience, no bought followers).',
})
export class TrustScore {
  /** The one projection: every band and flag is derived from the score here (domain/scores). */
  constructor(output: ScoreOutput) {
    this.kolId = output.kolId;
    this.trustScore = output.score;
    this.isTrustworthy = isTrustworthy(output.score);
    this.confidence = confidenceFromScore(output.score);
    this.riskLevel = riskLevelFor(output.score);
    this.predictionSource = output.source;
    this.modelVersion = output.modelVersion;
    this.scoredAt = output.scoredAt;
    this.stale = output.stale;
    this.explained = output.explained;
  }

  private readonly explained: ScoreOutput['explained'];

  @Field(() => ID, { nullable: true, description: 'KOL scored, when the input named one.' })
  kolId!: string | null;

  @Field(() => Float, { description: '0-100, = 100 × (1 − P(untrustworthy)). Higher is better.' })
  trustScore!: number;

  @Field(() => Boolean, { description: 'True when trustScore >= 50.' })
  isTrustworthy!: boolean;

  @Field(() => Float, { description: 'Probability of the predicted class (0.5-1).' })
  confidence!: number;

  @Field(() => RiskLevel, { description: 'Risk band derived from trustScore.' })
  riskLevel!: RiskLevel;

  @Field(() => PredictionSource, { description: 'Where this score came from.' })
  predictionSource!: PredictionSource;

  @Field(() => String, { description: 'Version of the trust model that produced the score.' })
  modelVersion!: string;

  @Field(() => DateTimeScalar, { description: 'When the score was computed.' })
  scoredAt!: Date;

  @Field(() => Boolean, {
    description: 'True when the score is older than the refresh interval (SCORE_MAX_AGE_SECONDS).',
  })
  stale!: boolean;

  @Field(() => [Reason], { description: 'Top factors pushing the score, strongest first.' })
  get reasons(): readonly ReasonRecord[] {
    return this.explained.reasons;
  }
}

@PlainObjectType({
  description: 'How likely a campaign with this KOL sells well (top 25% of sales).',
})
export class SuccessScore {
  constructor(output: ScoreOutput & { revenueForecast: number | null; currency: string | null }) {
    this.kolId = output.kolId;
    this.successScore = output.score;
    this.tier = successTierFor(output.score);
    this.isHigh = isHighSuccess(output.score);
    this.confidence = confidenceFromScore(output.score);
    this.predictionSource = output.source;
    this.modelVersion = output.modelVersion;
    this.scoredAt = output.scoredAt;
    this.stale = output.stale;
    this.revenueForecast = output.revenueForecast;
    this.currency = output.currency;
    this.explained = output.explained;
  }

  private readonly explained: ScoreOutput['explained'];

  @Field(() => ID, { nullable: true, description: 'KOL scored, when the input named one.' })
  kolId!: string | null;

  @Field(() => Float, { description: '0-100, = 100 × P(High sales).' })
  successScore!: number;

  @Field(() => SuccessTier, { description: 'Band derived from successScore.' })
  tier!: SuccessTier;

  @Field(() => Boolean, { description: 'True when successScore >= 50.' })
  isHigh!: boolean;

  @Field(() => Float, { description: 'Probability of the predicted class (0.5-1).' })
  confidence!: number;

  @Field(() => PredictionSource, { description: 'Where this score came from.' })
  predictionSource!: PredictionSource;

  @Field(() => String, { description: 'Version of the success model that produced the score.' })
  modelVersion!: string;

  @Field(() => DateTimeScalar, { description: 'When the score was computed.' })
  scoredAt!: Date;

  @Field(() => Boolean, {
    description: 'True when the score is older than the refresh interval (SCORE_MAX_AGE_SECONDS).',
  })
  stale!: boolean;

  @Field(() => Float, {
    nullable: true,
    description:
      'Forecast revenue of the next 24 hours from the forecast model, in `currency`, for a stored KOL with activity history. Always null when scored from raw inputs only (predictSuccess, scoreKols rows): the forecast needs the KOL’s own rolling metrics.',
  })
  revenueForecast!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 4217 currency of `revenueForecast`; null when there is no forecast.',
  })
  currency!: string | null;

  @Field(() => [Reason], { description: 'Top factors pushing the score, strongest first.' })
  get reasons(): readonly ReasonRecord[] {
    return this.explained.reasons;
  }
}
