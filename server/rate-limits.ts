import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { GraphQLError } from 'graphql';
import { gatewayError } from '../resolvers/errors';
import type { PolicySettings } from './policy-settings';

const MINUTE_S = 60;
/** How long an address that exhausted its failed-authentication budget is refused. */
const AUTH_BLOCK_S = 300;

/** A refused request: the error to answer with and the Retry-After value in seconds. */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly what: string,
  ) {
    super(`Rate limit reached (${what}); retry in ${retryAfterSeconds} s.`);
  }

  toGraphQLError(): GraphQLError {
    return gatewayError('RATE_LIMITED', this.message, {
      retryAfterSeconds: this.retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(this.retryAfterSeconds)]]) },
    });
  }
}

/**
 * Request, cost and failed-authentication budgets (rate-limiter-flexible). Counters live in Redis
 * when the real backends are configured, so every replica shares them, and in memory otherwise.
 * Request budgets are spent before a document is parsed; cost is spent after validation, when the
 * estimate is known.
 */
export class RateLimits {
  private readonly perKey: RateLimiterAbstract | undefined;
  private readonly perIp: RateLimiterAbstract | undefined;
  private readonly cost: RateLimiterAbstract | undefined;
  private readonly authFailures: RateLimiterAbstract | undefined;
  private readonly redis: Redis | undefined;

  constructor(settings: PolicySettings) {
    if (settings.redisUrl) {
      this.redis = new Redis(settings.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: true,
      });
    }
    const make = (name: string, points: number, blockDuration = 0) => {
      if (points <= 0) return undefined;
      const options = { points, duration: MINUTE_S, blockDuration, keyPrefix: `rl:${name}` };
      if (!this.redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        keyPrefix: `${settings.redisKeyPrefix}rl:${name}`,
        storeClient: this.redis,
        // A Redis outage must not take the API down: count in memory meanwhile.
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    this.perKey = make('key', settings.requestsPerMinute);
    this.perIp = make('ip', settings.rateLimitIpPerMinute);
    this.cost = make('cost', settings.costPerMinute);
    this.authFailures = make('auth', settings.authFailuresPerMinute, AUTH_BLOCK_S);
  }

  /** Whether request budgets are kept (RATE_LIMIT_PER_MINUTE or RATE_LIMIT_IP_PER_MINUTE set). */
  get countsRequests(): boolean {
    return this.perKey !== undefined || this.perIp !== undefined;
  }

  /** Whether failed authentications are counted (and their addresses blocked). */
  get watchesAuthentications(): boolean {
    return this.authFailures !== undefined;
  }

  /** Whether a cost budget per minute is kept. */
  get chargesCost(): boolean {
    return this.cost !== undefined;
  }

  /** Throws RateLimitedError when the address is blocked after too many failed authentications. */
  async assertNotBlocked(ip: string): Promise<void> {
    if (!this.authFailures) return;
    const state = await this.authFailures.get(ip);
    if (state && state.remainingPoints <= 0 && state.msBeforeNext > 0) {
      throw new RateLimitedError(secondsOf(state.msBeforeNext), 'failed authentications');
    }
  }

  async authenticationFailed(ip: string): Promise<void> {
    await this.authFailures?.consume(ip).catch(() => undefined);
  }

  /** One request for this caller and address; throws RateLimitedError over either budget. */
  async request(callerKey: string, ip: string): Promise<void> {
    await spend(this.perIp, ip, 1, 'requests per address');
    await spend(this.perKey, callerKey, 1, 'requests per key');
  }

  /** Spends an operation's estimated cost from the caller's per-minute cost budget. */
  async chargeCost(callerKey: string, cost: number): Promise<void> {
    if (cost <= 0) return;
    await spend(this.cost, callerKey, cost, 'cost per minute');
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
    return Promise.resolve();
  }
}

async function spend(
  limiter: RateLimiterAbstract | undefined,
  key: string,
  points: number,
  what: string,
): Promise<void> {
  if (!limiter) return;
  if (points > limiter.points) throw new RateLimitedError(MINUTE_S, what);
  try {
    await limiter.consume(key, points);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      throw new RateLimitedError(secondsOf(rejection.msBeforeNext), what);
    }
    throw rejection;
  }
}

function secondsOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
