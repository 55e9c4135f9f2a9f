import { DEFAULT_FUSION_WEIGHTS, type FusionWeights, type TrustGate } from '../domain/fusion';
import type { FusionWeightsInput } from '../schema/fusion';
import type { RankingInput } from '../schema/ranking';
import { badUserInput } from './errors';

const MAX_WEIGHT = 10;

export function resolveWeights(input: FusionWeightsInput | null | undefined): FusionWeights {
  const weights = { ...DEFAULT_FUSION_WEIGHTS };
  for (const name of ['success', 'trust', 'sentiment', 'anomaly'] as const) {
    const value = input?.[name];
    if (value === undefined || value === null) continue;
    if (!Number.isFinite(value) || value < 0 || value > MAX_WEIGHT) {
      throw badUserInput(
        `\`weights.${name}\` must be a number from 0 to ${MAX_WEIGHT} (got ${value}).`,
        {
          argument: `weights.${name}`,
        },
      );
    }
    weights[name] = value;
  }
  return weights;
}

export function resolveTrustGate(input: RankingInput | null | undefined): TrustGate | undefined {
  if (input?.minTrust === undefined || input.minTrust === null) return undefined;
  const { minTrust } = input;
  if (!Number.isFinite(minTrust) || minTrust < 0 || minTrust > 100) {
    throw badUserInput(`\`minTrust\` must be from 0 to 100 (got ${minTrust}).`, {
      argument: 'minTrust',
    });
  }
  const factor = input.gatedSuccessFactor ?? 0.5;
  if (!Number.isFinite(factor) || factor < 0 || factor > 1) {
    throw badUserInput(`\`gatedSuccessFactor\` must be from 0 to 1 (got ${factor}).`, {
      argument: 'gatedSuccessFactor',
    });
  }
  return { minTrust, mode: input.trustGate ?? 'EXCLUDE', gatedSuccessFactor: factor };
}
