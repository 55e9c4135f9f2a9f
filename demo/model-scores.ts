import type { InferenceService } from '../inference/service';

/**
 * How the demo seed scores its KOLs: with the served models, through the same import path as users'
 * KOLs (see seed.ts).
 */
export interface DemoScorer {
  readonly inference: InferenceService;
}

export function modelDemoScorer(inference: InferenceService): DemoScorer {
  return { inference };
}
