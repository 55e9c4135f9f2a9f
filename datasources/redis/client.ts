import Redis from 'ioredis';
import type { Logger } from 'pino';
import { describeError } from '../shared/errors';
import { withTimeout } from '../shared/async';

export interface RedisSettings {
  url: string;
  /** Bound on the initial connection, default 10 s. */
  connectTimeoutMs?: number;
  /** A command that gets no answer fails after this long, default 2 s. */
  commandTimeoutMs?: number;
}

/** `host:port` of a Redis URL, without credentials, for messages. */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the configured address';
  }
}

/**
 * Creates the client with fail-fast settings: no offline queue (while disconnected a command fails at
 * once instead of waiting), one retry per command, a command timeout, and reconnection forever with
 * a capped backoff, so that the cache comes back by itself when Redis does.
 */
export function createRedisClient(settings: RedisSettings, logger?: Logger): Redis {
  const redis = new Redis(settings.url, {
    lazyConnect: true,
    connectTimeout: Math.min(settings.connectTimeoutMs ?? 10_000, 5_000),
    commandTimeout: settings.commandTimeoutMs ?? 2_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableReadyCheck: true,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  });
  let down = false;
  redis.on('error', (error: unknown) => {
    if (!down) logger?.warn({ err: describeError(error) }, 'redis connection error; reconnecting');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger?.info('redis connection restored');
    down = false;
  });
  return redis;
}

/** Connects or throws ONE line naming Redis, its address, the reason and the fix. */
export async function connectRedis(settings: RedisSettings, logger?: Logger): Promise<Redis> {
  const redis = createRedisClient(settings, logger);
  let lastError: unknown;
  const remember = (error: unknown): void => {
    lastError = error;
  };
  redis.on('error', remember);
  const timeoutMs = settings.connectTimeoutMs ?? 10_000;
  try {
    await withTimeout(redis.connect(), timeoutMs, `no answer within ${timeoutMs / 1000} s`);
    await withTimeout(redis.ping(), timeoutMs, `no answer to PING within ${timeoutMs / 1000} s`);
  } catch (error) {
    redis.disconnect();
    const reason = describeError(lastError ?? error).replace(/\s+/g, ' ');
    const where = `Redis at ${redisAddress(settings.url)}`;
    if (/NOAUTH|WRONGPASS|auth/i.test(reason)) {
      throw new Error(
        `${where} rejected the connection (${reason}): fix the credentials in REDIS_URL`,
      );
    }
    throw new Error(
      `${where} is unreachable (${reason}): start it with "npm run services:up" or fix REDIS_URL`,
    );
  } finally {
    redis.off('error', remember);
  }
  return redis;
}
