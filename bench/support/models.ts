import type { DataSources } from '../../datasources/types';
import { modelDemoScorer } from '../../demo/model-scores';
import { seedDemoData, type DemoSeedResult } from '../../demo/seed';
import { createInferenceService, type InferenceService } from '../../inference/service';

let shared: Promise<InferenceService> | undefined;

/** The committed models, loaded once per bench process. */
export function benchInference(): Promise<InferenceService> {
  shared ??= createInferenceService({ modelsDir: 'models' });
  return shared;
}

/** Seeds `count` demo KOLs into `data` as of now, scored with the committed models. */
export async function seedBenchKols(data: DataSources, count: number): Promise<DemoSeedResult> {
  return seedDemoData(data, {
    count,
    now: new Date(),
    scorer: modelDemoScorer(await benchInference()),
  });
}
