import Redis from 'ioredis';
import { decodeState, encodeState, type KolStateSnapshot, type StreamStateStore } from './types';

export interface RedisStateStoreOptions {
  /** Key prefix; the key of a KOL is `${prefix}${kolId}`. Default `kol:stream:state:`. */
  prefix?: string;
  /** Expiry of a KOL's state after its last save, in seconds. Default 35 days (post retention + margin). */
  ttlSeconds?: number;
}

/**
 * Stream state in Redis: one string key per KOL (JSON), written with SET ... EX in one pipeline per
 * batch. Durability is Redis's: run it with AOF (`appendonly yes`) where a Redis restart must not
 * lose state.
 */
export class RedisStateStore implements StreamStateStore {
  readonly name = 'redis';
  private readonly prefix: string;
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: Redis,
    options: RedisStateStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'kol:stream:state:';
    this.ttlSeconds = options.ttlSeconds ?? 35 * 24 * 3600;
  }

  static connect(url: string, options: RedisStateStoreOptions = {}): RedisStateStore {
    return new RedisStateStore(
      new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false }),
      options,
    );
  }

  async load(kolIds: readonly string[]): Promise<(KolStateSnapshot | null)[]> {
    if (kolIds.length === 0) return [];
    const values = await this.redis.mget(...kolIds.map((id) => this.prefix + id));
    return values.map((text) => (text === null ? null : decodeState(text)));
  }

  async save(states: readonly KolStateSnapshot[]): Promise<void> {
    if (states.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const state of states) {
      pipeline.set(this.prefix + state.kolId, encodeState(state), 'EX', this.ttlSeconds);
    }
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
