import { Field, Float, Int, registerEnumType } from 'type-graphql';
import { MODEL_STAGES } from '../inference/core/card';
import { enumFrom } from './enums';
import { DateTimeScalar } from './scalars';
import { PlainObjectType } from './object-type';

export const ModelStage = enumFrom(MODEL_STAGES);
export type ModelStage = (typeof MODEL_STAGES)[number];
registerEnumType(ModelStage, {
  name: 'ModelStage',
  description: 'Lifecycle stage of a model version in the registry.',
  valuesConfig: {
    None: { description: 'Registered, not served.' },
    Staging: { description: 'Served to the canary share of traffic.' },
    Production: { description: 'Served to all other traffic.' },
    Archived: { description: 'Retired; kept for rollback.' },
  },
});

@PlainObjectType({ description: 'A named metric measured on held-out data.' })
export class ModelMetric {
  @Field(() => String, { description: 'Metric name, e.g. roc_auc, f1.' })
  name!: string;

  @Field(() => Float, { description: 'Metric value.' })
  value!: number;
}

@PlainObjectType({ description: 'Data a model was trained on.' })
export class TrainingData {
  @Field(() => String, { description: 'Where the data came from.' })
  source!: string;

  @Field(() => String, { description: 'Licence of the data (and so of the model’s use).' })
  licence!: string;

  @Field(() => Int, { description: 'Rows used (training + held-out).' })
  rows!: number;
}

@PlainObjectType({ description: 'One model version in the registry, from its model card.' })
export class ModelInfo {
  @Field(() => String, { description: 'Model name: trust, success or anomaly.' })
  name!: string;

  @Field(() => String, { description: 'Version, e.g. 1.0.0.' })
  version!: string;

  @Field(() => ModelStage, { description: 'Registry stage.' })
  stage!: ModelStage;

  @Field(() => String, { description: 'What the model predicts.' })
  description!: string;

  @Field(() => [String], { description: 'Input features, in the order the model expects them.' })
  features!: string[];

  @Field(() => [ModelMetric], { description: 'Metrics on the held-out split.' })
  metrics!: ModelMetric[];

  @Field(() => TrainingData, { description: 'Training data and its licence.' })
  trainingData!: TrainingData;

  @Field(() => Float, {
    description: 'Share of scoring traffic this version currently serves (0-1).',
  })
  trafficShare!: number;

  @Field(() => DateTimeScalar, { description: 'When the model was trained.' })
  createdAt!: Date;
}
