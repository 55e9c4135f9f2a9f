/**
 * The engine benchmark's peer: the gateway's own executable schema, resolvers, DataLoaders and
 * stores served by Fastify + Mercurius with graphql-jit (a bench-only dev dependency), without the
 * gateway's transport, plugins or operation policy. What is left between the two is the server
 * and the executor.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import mercurius from 'mercurius';
import type { GraphQLSchema } from 'graphql';
import { createContext, type ResolverServices } from '../../resolvers/context';

export interface PeerServer {
  url: string;
  stop(): Promise<void>;
}

export async function startPeerServer(
  schema: GraphQLSchema,
  services: ResolverServices,
): Promise<PeerServer> {
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  await app.register(mercurius, {
    schema,
    // Compile a document on its first use, like a cache of compiled queries would.
    jit: 1,
    graphiql: false,
    context: () => createContext(services, { keyId: 'bench', role: 'admin' }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, stop: () => app.close() };
}
