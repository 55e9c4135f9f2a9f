import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { Settings } from '../config/settings';
import { connectRedis } from '../datasources/redis/client';
import { CursorKey } from '../resolvers/cursor-key';

/** Redis key (under REDIS_KEY_PREFIX) of the cursor secret shared by a deployment's replicas. */
export const CURSOR_SECRET_KEY = 'cursor-secret';

/**
 * The key of the cursors this gateway signs: CURSOR_SECRET when set; otherwise, in the real mode, one
 * random secret kept in Redis under the deployment's key prefix, so that every replica and every
 * restart accepts the others' cursors; in the embedded mode, a key of this process only.
 */
export async function cursorKeyFor(settings: Settings): Promise<CursorKey> {
  const configured = settings.security.cursorSecret;
  if (configured !== undefined) return new CursorKey(configured);
  const url = settings.redis.url;
  if (settings.mode !== 'real' || url === undefined) return CursorKey.random();
  const redis = await connectRedis({ url });
  try {
    return new CursorKey(await sharedCursorSecret(redis, settings.redis.keyPrefix));
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** Reads the deployment's secret, creating it first if no replica has yet (SET NX: the first wins). */
export async function sharedCursorSecret(redis: Redis, keyPrefix: string): Promise<string> {
  const key = keyPrefix + CURSOR_SECRET_KEY;
  await redis.set(key, randomBytes(32).toString('base64url'), 'NX');
  const secret = await redis.get(key);
  if (secret === null) throw new Error(`Redis lost ${key} right after it was set; start again`);
  return secret;
}
