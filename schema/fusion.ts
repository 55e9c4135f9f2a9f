import { Field, Float, InputType } from 'type-graphql';
import { DEFAULT_FUSION_WEIGHTS } from '../domain/fusion';
import { PlainObjectType } from './object-type';

const d = DEFAULT_FUSION_WEIGHTS;

@InputType({ description: 'Fusion weights; each omitted weight takes its default.' })
export class FusionWeightsInput {
  @Field(() => Float, {
    nullable: true,
    description: `α, weight of success/100 (default ${d.success}).`,
  })
  success?: number;

  @Field(() => Float, {
    nullable: true,
    description: `β, weight of trust/100 (default ${d.trust}).`,
  })
  trust?: number;

  @Field(() => Float, {
    nullable: true,
    description: `γ, weight of the 24 h positive comment ratio (default ${d.sentiment}).`,
  })
  sentiment?: number;

  @Field(() => Float, {
    nullable: true,
    description: `δ, weight of the anomaly penalty (0-1 anomaly score; default ${d.anomaly}).`,
  })
  anomaly?: number;
}

@PlainObjectType({ description: 'Weights actually applied to a fusion score.' })
export class FusionWeights {
  @Field(() => Float, { description: 'α, weight of success (after any trust-gate cut).' })
  success!: number;

  @Field(() => Float, { description: 'β, weight of trust.' })
  trust!: number;

  @Field(() => Float, { description: 'γ, weight of positive sentiment.' })
  sentiment!: number;

  @Field(() => Float, { description: 'δ, weight of the anomaly penalty.' })
  anomaly!: number;
}

@PlainObjectType({
  description:
    'Fusion score: α·success/100 + β·trust/100 + γ·sentimentPositiveRatio − δ·anomaly. Higher ranks first.',
})
export class FusionScore {
  @Field(() => Float, { description: 'Final fusion score.' })
  score!: number;

  @Field(() => Float, { description: 'α·success/100.' })
  successComponent!: number;

  @Field(() => Float, { description: 'β·trust/100 (trust smoothed when stale).' })
  trustComponent!: number;

  @Field(() => Float, {
    description: 'γ·positive comment ratio over 24 h (0.5 is used when there are no comments).',
  })
  sentimentComponent!: number;

  @Field(() => Float, { description: 'δ·anomaly, subtracted from the score.' })
  anomalyPenalty!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Trust value used: the latest trust score, or an EMA of recent ones when stale.',
  })
  trustUsed!: number | null;

  @Field(() => Boolean, {
    description:
      'True when the latest trust score is older than its refresh interval and was smoothed.',
  })
  trustStale!: boolean;

  @Field(() => Boolean, { description: 'True when trust was below the query’s minTrust gate.' })
  gated!: boolean;

  @Field(() => [String], {
    description: 'Inputs with no data yet (counted as 0, sentiment as 0.5).',
  })
  missing!: string[];

  @Field(() => Float, {
    nullable: true,
    description:
      'Forecast revenue of the next 24 hours (the forecast model, from the KOL’s own rolling metrics) × trust/100: forecast revenue discounted by trust, in `currency`. Null until the KOL has a forecast.',
  })
  expectedValue!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 4217 currency of `expectedValue`; null when there is none or it is unknown.',
  })
  currency!: string | null;

  @Field(() => FusionWeights, { description: 'Weights applied.' })
  weights!: FusionWeights;
}
