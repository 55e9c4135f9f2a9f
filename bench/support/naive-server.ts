/**
 * The NAIVE baseline of the dashboard benchmark: a plain Apollo Server over the same SDL
 * (schema/schema.graphql, built with graphql-js `buildSchema`) whose resolvers call the stores
 * directly, one KOL at a time: no DataLoader, no Redis cache, no precomputed ranking index. It is
 * what a first version of the API typically looks like:
 *   ranking     list the segment's ids, then read each KOL's trust history, success, anomaly and
 *               24 h metric with one store call each (16 KOLs at a time: 64 CQL requests in flight,
 *               the same bound the Cassandra stores use), fuse, sort, page
 *   Kol.*       `profiles.getMany([id])`, `scores.latest(model, [id])`, `metrics.series([key])` per
 *               KOL and field
 * The business rules (fusion, score bands) are the gateway's own (domain/), so both servers return
 * the same data and differ only in how they reach the stores.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSchema } from 'graphql';
import { mapConcurrent } from '../../datasources/shared/async';
import { describeError } from '../../datasources/shared/errors';
import type {
  AlertStore,
  MetricStore,
  ProfileStore,
  ScoreStore,
  SegmentFilter,
} from '../../datasources/types';
import {
  fuse,
  sentimentInput,
  type FusionResult,
  type FusionWeights,
  type TrustGate,
} from '../../domain/fusion';
import {
  confidenceFromScore,
  isHighSuccess,
  isTrustworthy,
  riskLevelFor,
  successTierFor,
} from '../../domain/scores';
import type { KolProfile, MetricWindow, ScoreRecord } from '../../domain/types';
import { resolveTrustGate, resolveWeights } from '../../resolvers/fusion-args';
import type { FusionWeightsInput } from '../../schema/fusion';
import { REPO_ROOT } from './report';

export interface NaiveStores {
  profiles: ProfileStore;
  metrics: MetricStore;
  scores: ScoreStore;
  alerts: AlertStore;
}

interface NaiveContext {
  now: Date;
}

interface Options {
  stores: NaiveStores;
  scoreMaxAgeSeconds: number;
}

/** Omitted weights arrive as null from graphql-js; resolveWeights treats null as omitted. */
type WeightsArg = FusionWeightsInput;

interface RankingArgs {
  input?: {
    category?: string | null;
    platform?: string | null;
    first?: number | null;
    after?: string | null;
    weights?: WeightsArg | null;
    minTrust?: number | null;
    trustGate?: 'EXCLUDE' | 'DOWNWEIGHT' | null;
    gatedSuccessFactor?: number | null;
  } | null;
}

const TRUST_HISTORY = 5;
/** KOLs whose fusion inputs are read at once in the ranking (4 reads each: 64 in flight). */
const RANKING_CONCURRENCY = 16;

function scoreView(record: ScoreRecord, now: Date, maxAgeSeconds: number) {
  return {
    kolId: record.kolId,
    confidence: confidenceFromScore(record.score),
    predictionSource: 'CACHE',
    modelVersion: record.modelVersion,
    scoredAt: record.scoredAt,
    stale: now.getTime() - record.scoredAt.getTime() > maxAgeSeconds * 1000,
    reasons: record.reasons,
  };
}

/** Reads one KOL's fusion inputs with one store call per input. */
async function fusionFor(
  stores: NaiveStores,
  kolId: string,
  weights: FusionWeights,
  options: { now: Date; trustMaxAgeMs: number; gate?: TrustGate },
): Promise<FusionResult> {
  const [[trustHistory], [success], [anomaly], [day]] = await Promise.all([
    stores.scores.history('trust', [kolId], TRUST_HISTORY),
    stores.scores.latest('success', [kolId]),
    stores.scores.latest('anomaly', [kolId]),
    stores.metrics.latest([{ kolId, window: 'H24' }]),
  ]);
  return fuse(
    {
      trustHistory: trustHistory ?? [],
      success: success?.score ?? null,
      revenueForecast: success?.revenueForecast ?? null,
      sentimentPositiveRatio: sentimentInput(day),
      anomaly: anomaly?.score ?? null,
    },
    weights,
    options,
  );
}

/** A KOL whose fields are methods: graphql-js's default resolver calls them with (args, context). */
class NaiveKol {
  readonly id: string;
  readonly platform: string;
  readonly handle: string;
  readonly displayName: string;
  readonly category: string;
  readonly followers: number;
  readonly following: number;
  readonly posts: number;
  readonly verified: boolean;
  readonly accountCreatedAt: Date;
  readonly updatedAt: Date;

  constructor(
    profile: KolProfile,
    private readonly options: Options,
  ) {
    this.id = profile.id;
    this.platform = profile.platform;
    this.handle = profile.handle;
    this.displayName = profile.displayName;
    this.category = profile.category;
    this.followers = profile.followers;
    this.following = profile.following;
    this.posts = profile.posts;
    this.verified = profile.verified;
    this.accountCreatedAt = profile.accountCreatedAt;
    this.updatedAt = profile.updatedAt;
  }

  async metrics(args: { window: MetricWindow; last?: number | null }) {
    const [series] = await this.options.stores.metrics.series([
      { kolId: this.id, window: args.window, last: args.last ?? 12 },
    ]);
    return series ?? [];
  }

  async trust(_args: unknown, ctx: NaiveContext) {
    const [record] = await this.options.stores.scores.latest('trust', [this.id]);
    if (!record) return null;
    return {
      ...scoreView(record, ctx.now, this.options.scoreMaxAgeSeconds),
      trustScore: record.score,
      isTrustworthy: isTrustworthy(record.score),
      riskLevel: riskLevelFor(record.score),
    };
  }

  async success(_args: unknown, ctx: NaiveContext) {
    const [record] = await this.options.stores.scores.latest('success', [this.id]);
    if (!record) return null;
    return {
      ...scoreView(record, ctx.now, this.options.scoreMaxAgeSeconds),
      successScore: record.score,
      tier: successTierFor(record.score),
      isHigh: isHighSuccess(record.score),
      revenueForecast: record.revenueForecast ?? null,
    };
  }

  async fusion(args: { weights?: WeightsArg | null }, ctx: NaiveContext) {
    return fusionFor(this.options.stores, this.id, resolveWeights(args.weights), {
      now: ctx.now,
      trustMaxAgeMs: this.options.scoreMaxAgeSeconds * 1000,
    });
  }

  async alerts(args: { first?: number | null }) {
    const [alerts] = await this.options.stores.alerts.recentByKol([this.id], args.first ?? 10);
    return alerts ?? [];
  }
}

function cursorOf(offset: number): string {
  return Buffer.from(JSON.stringify({ k: 'ranking', v: offset }), 'utf8').toString('base64url');
}

function offsetOf(cursor: string): number {
  const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v: number };
  return parsed.v;
}

function rootResolvers(options: Options) {
  const { stores } = options;
  const kolById = async (id: string): Promise<NaiveKol | null> => {
    const [profile] = await stores.profiles.getMany([id]);
    return profile ? new NaiveKol(profile, options) : null;
  };
  return {
    kol: (args: { id: string }) => kolById(args.id),
    kols: (args: { ids: string[] }) => Promise.all(args.ids.map(kolById)),
    async ranking(args: RankingArgs, ctx: NaiveContext) {
      const input = args.input ?? {};
      const first = input.first ?? 20;
      const offset = input.after ? offsetOf(input.after) + 1 : 0;
      const weights = resolveWeights(input.weights);
      const gate = resolveTrustGate({
        minTrust: input.minTrust ?? undefined,
        trustGate: input.trustGate ?? undefined,
        gatedSuccessFactor: input.gatedSuccessFactor ?? undefined,
      });
      const filter: SegmentFilter = {
        category: input.category ?? undefined,
        platform: input.platform ?? undefined,
      };
      const ids = await stores.profiles.listIds(filter);
      const fusionOptions = {
        now: ctx.now,
        trustMaxAgeMs: options.scoreMaxAgeSeconds * 1000,
        gate,
      };
      const fused = await mapConcurrent(ids, RANKING_CONCURRENCY, async (kolId) => ({
        kolId,
        fusion: await fusionFor(stores, kolId, weights, fusionOptions),
      }));
      const ranked = fused
        .filter((r) => !(r.fusion.gated && gate?.mode === 'EXCLUDE'))
        .sort((a, b) => b.fusion.score - a.fusion.score || (a.kolId < b.kolId ? -1 : 1));
      const page = ranked.slice(offset, offset + first);
      const edges = page.map((r, i) => ({
        cursor: cursorOf(offset + i),
        node: {
          rank: offset + i + 1,
          fusion: r.fusion,
          kol: () => kolById(r.kolId),
        },
      }));
      return {
        edges,
        totalCount: ranked.length,
        pageInfo: {
          hasNextPage: offset + first < ranked.length,
          endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null,
        },
      };
    },
    async alerts(args: { filter?: Record<string, unknown> | null; first?: number | null }) {
      const page = await stores.alerts.query(args.filter ?? {}, args.first ?? 20);
      return {
        edges: page.alerts.map((alert) => ({ cursor: alert.id, node: alert })),
        pageInfo: {
          hasNextPage: page.hasNextPage,
          endCursor: page.alerts[page.alerts.length - 1]?.id ?? null,
        },
      };
    },
  };
}

export interface NaiveServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the naive Apollo Server on a free loopback port. */
export async function startNaiveServer(options: Options): Promise<NaiveServer> {
  const sdl = readFileSync(path.join(REPO_ROOT, 'schema/schema.graphql'), 'utf8');
  const schema = buildSchema(sdl);
  const server = new ApolloServer<NaiveContext>({
    schema,
    rootValue: rootResolvers(options),
    introspection: false,
    // The benchmark reports the first failure: say what the driver said, not just "unavailable".
    formatError: (formatted, error) => {
      const cause = (unwrapResolverError(error) as { cause?: unknown } | null)?.cause;
      return cause === undefined
        ? formatted
        : { ...formatted, message: `${formatted.message} (${describeError(cause)})` };
    },
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async () => ({ now: new Date() }),
  });
  return { url, stop: () => server.stop() };
}
