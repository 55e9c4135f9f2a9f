import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context';
import { gatewayError } from '../resolvers/errors';

/** Per-caller request budget (RATE_LIMIT_PER_MINUTE); over it, RATE_LIMITED with HTTP 429. */
export function rateLimitPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation() {
          const wait = contextValue.services.rateLimiter.take(contextValue.caller.keyId);
          if (wait > 0) {
            throw gatewayError('RATE_LIMITED', `Rate limit reached; retry in ${wait} s.`, {
              retryAfterSeconds: wait,
              http: { status: 429 },
            });
          }
        },
      };
    },
  };
}
