import { createInferenceService, type InferenceService } from '../../inference/service';

let shared: Promise<InferenceService> | undefined;

/** The committed models, loaded once per bench process. */
export function benchInference(): Promise<InferenceService> {
  shared ??= createInferenceService({ modelsDir: 'models' });
  return shared;
}
