import 'reflect-metadata';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AlertResolver } from '../resolvers/alert.resolver';
import { KolResolver } from '../resolvers/kol.resolver';
import { RankingResolver } from '../resolvers/ranking.resolver';
import { DateTimeScalar } from '../schema/scalars';

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

let cached: Promise<GraphQLSchema> | undefined;

/** Builds the executable schema once per process (type-graphql metadata is global anyway). */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [KolResolver, RankingResolver, AlertResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    pubSub: topicPubSubUnused,
  });
  return cached;
}

export async function printGatewaySchema(): Promise<string> {
  return `${printSchema(await buildGatewaySchema())}\n`;
}
