import { Field, Float, ID, ObjectType } from 'type-graphql';
import { PredictionSource, RiskLevel, SuccessTier } from './enums';
import { Reason } from './reason';
import { DateTimeScalar } from './scalars';

@ObjectType({
  description: 'How trustworthy an account is (organic audience, no bought followers).',
})
export class TrustScore {
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
  reasons!: Reason[];
}

@ObjectType({ description: 'How likely a campaign with this KOL sells well (top 25% of sales).' })
export class SuccessScore {
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
      'Forecast campaign revenue (same currency as the price inputs), when the model gives one.',
  })
  revenueForecast!: number | null;

  @Field(() => [Reason], { description: 'Top factors pushing the score, strongest first.' })
  reasons!: Reason[];
}
