import type { ModelStage } from '../core/card';
import type { LoadedModel } from './loading';

/** What the GraphQL `models` query shows (schema/model-info.ts). */
export interface ModelInfo {
  name: string;
  version: string;
  stage: ModelStage;
  description: string;
  features: string[];
  /** Metrics on the held-out split. */
  metrics: { name: string; value: number }[];
  trainingData: { source: string; licence: string; rows: number };
  /** Share of scoring traffic this version serves now (0-1). */
  trafficShare: number;
  createdAt: Date;
  modelSha256: string;
}

export function modelInfo(model: LoadedModel, stage: ModelStage, trafficShare: number): ModelInfo {
  const card = model.card;
  return {
    name: model.name,
    version: model.version,
    stage,
    description: card.description,
    features: [...card.features],
    metrics: Object.entries(card.metrics).map(([name, value]) => ({ name, value })),
    trainingData: {
      source: card.training_data.source,
      licence: card.training_data.licence,
      rows: card.training_data.rows,
    },
    trafficShare,
    createdAt: new Date(card.created_at),
    modelSha256: model.sha256,
  };
}
