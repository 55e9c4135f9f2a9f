/**
 * card.json: the model card the training pipeline writes next to each model.onnx
 * (training/cards.py). Only the fields the gateway uses are validated; the rest is kept as is.
 */
import { z } from 'zod';

import { MODEL_STAGES, type ModelStageName } from '../../domain/model-registry';

export { MODEL_STAGES };
export type ModelStage = ModelStageName;

const histogramSchema = z.object({
  cuts: z.array(z.number()),
  proportions: z.array(z.number()),
  count: z.number().int().nonnegative(),
});

const ruleSchema = z.object({
  code: z.string().min(1),
  feature: z.string(),
  condition: z.string(),
  effect: z.literal('raise_risk'),
  weight: z.number().min(0).max(1),
  params: z.record(z.number()),
  rationale: z.string().optional(),
});

export const modelCardSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version must look like 1.2.3'),
    stage: z.enum(MODEL_STAGES),
    description: z.string(),
    features: z.array(z.string().min(1)).min(1),
    metrics: z.record(z.number()),
    training_data: z
      .object({ source: z.string(), licence: z.string(), rows: z.number().int().nonnegative() })
      .passthrough(),
    created_at: z.string().datetime({ offset: true }),
    thresholds: z.record(z.unknown()).optional(),
    rules: z.array(ruleSchema).optional(),
    normalisation: z.object({ d_p50: z.number(), d_p01: z.number() }).passthrough().optional(),
    attribution: z.object({ bias_logit: z.number() }).passthrough().optional(),
    reference_histograms: z.record(histogramSchema).optional(),
    model_sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .passthrough();

export type ModelCard = z.infer<typeof modelCardSchema>;
export type TrustRuleCard = z.infer<typeof ruleSchema>;
export type FeatureHistogram = z.infer<typeof histogramSchema>;

/** Parses card.json text; throws an Error listing every problem (the caller adds the file name). */
export function parseModelCard(text: string): ModelCard {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  const parsed = modelCardSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(card)'}: ${i.message}`,
    );
    throw new Error(`invalid model card: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Reads a required number from card.thresholds (throws naming the key). */
export function cardThreshold(card: ModelCard, key: string): number {
  const value = card.thresholds?.[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`card.thresholds.${key} must be a number`);
  }
  return value;
}
