/**
 * The scoring benchmark's in-process breakdown of one `scoreKols` call: the gateway's own schema,
 * resolvers and compiled executor on the request body, without HTTP or the operation policy.
 * parse = JSON.parse of the body + the document; coerce = the executor's start to the resolver
 * (variable coercion and argument conversion, reported by the mutation as `coerceMs`); the
 * mutation's `timings` split the scoring service (features, ORT, the rest); execute = the rest of
 * the execution (the resolver's projection and the response tree); serialise = JSON.stringify.
 */
import { parse } from 'graphql';
import { performance } from 'node:perf_hooks';
import { buildGatewaySchema } from '../../resolvers/build-schema';
import { createContext, type ResolverServices } from '../../resolvers/context';
import { CompiledExecutor } from '../../server/execution';

export interface PhaseSample {
  parseMs: number;
  coerceMs: number;
  featuresMs: number;
  ortMs: number;
  /** The scoring service beyond features and ORT: reading ids, row checks, result objects. */
  scoringOtherMs: number;
  executeMs: number;
  serialiseMs: number;
  totalMs: number;
}

interface Timings {
  coerceMs: number;
  featuresMs: number;
  ortMs: number;
}

interface Reply {
  data?: { scoreKols?: { tookMs: number; timings: Timings } } | null;
  errors?: readonly unknown[];
}

export async function phaseRunner(
  services: ResolverServices,
): Promise<(body: string) => Promise<PhaseSample>> {
  const schema = await buildGatewaySchema();
  const executor = new CompiledExecutor(schema, 60_000);
  return async (body) => {
    const started = performance.now();
    const request = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
    const document = parse(request.query);
    const parsed = performance.now();
    const contextValue = createContext(services, { keyId: 'bench', role: 'admin' });
    const result = (await executor.execute({
      document,
      operationName: undefined,
      variables: request.variables,
      contextValue,
      cacheKey: request.query,
    })) as Reply;
    const executed = performance.now();
    const text = JSON.stringify(result);
    const serialised = performance.now();
    const scored = result.data?.scoreKols;
    if (!scored || result.errors?.length) {
      throw new Error(`scoreKols failed in process: ${text.slice(0, 500)}`);
    }
    const { coerceMs, featuresMs, ortMs } = scored.timings;
    return {
      parseMs: parsed - started,
      coerceMs,
      featuresMs,
      ortMs,
      scoringOtherMs: scored.tookMs - featuresMs - ortMs,
      executeMs: executed - parsed - coerceMs - scored.tookMs,
      serialiseMs: serialised - executed,
      totalMs: serialised - started,
    };
  };
}

/** The median of each phase over the samples. */
export function medianPhases(samples: readonly PhaseSample[]): PhaseSample {
  const keys = Object.keys(samples[0] ?? {}) as (keyof PhaseSample)[];
  const out = {} as PhaseSample;
  for (const key of keys) {
    const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
    out[key] = Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 100) / 100;
  }
  return out;
}
