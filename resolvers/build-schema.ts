import 'reflect-metadata';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DateTimeScalar } from '../schema/scalars';
import { AlertResolver } from './alert.resolver';
import { authChecker } from './auth';
import { InferenceResolver } from './inference.resolver';
import { KolImportResolver } from './kol-import.resolver';
import { KolResolver } from './kol.resolver';
import { RankingResolver } from './ranking.resolver';

/**
 * Every subscription here supplies its own `subscribe` (backed by the LiveFeed), so type-graphql's
 * topic-based PubSub is never used; type-graphql still requires one when subscriptions exist.
 */
const topicPubSubUnused = {
  publish(): void {
    throw new Error('Topic PubSub is not used: publish to the LiveFeed instead.');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('Topic PubSub is not used: subscriptions subscribe to the LiveFeed.');
  },
};

const ROOT_DESCRIPTIONS = {
  Query:
    'Read KOL profiles, rolling metrics, scores, fusion rankings, alerts and the model registry.',
  Mutation:
    'Create or update KOL profiles (up to 10,000 per call), score KOLs on demand (one, or up to 10,000 per call) and manage model versions.',
  Subscription: 'Live data over graphql-ws on the same /graphql endpoint.',
};

let cached: Promise<GraphQLSchema> | undefined;

/** Builds the executable schema once per process (type-graphql metadata is global anyway). */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  cached ??= build();
  return cached;
}

async function build(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [KolResolver, KolImportResolver, RankingResolver, AlertResolver, InferenceResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    pubSub: topicPubSubUnused,
    authChecker,
    authMode: 'error',
  });
  // type-graphql has no option for root type descriptions; they are plain properties of graphql-js types.
  for (const root of [
    schema.getQueryType(),
    schema.getMutationType(),
    schema.getSubscriptionType(),
  ]) {
    if (root) root.description = ROOT_DESCRIPTIONS[root.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
}

export async function printGatewaySchema(): Promise<string> {
  return `${printSchema(await buildGatewaySchema())}\n`;
}
