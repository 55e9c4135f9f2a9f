/** Opens the stream state store the settings name (STREAM_STATE). */
import type { RedisSettings, StreamSettings } from '../../config/settings';
import { FileStateStore } from './file';
import { MemoryStateStore } from './memory';
import { RedisStateStore } from './redis';
import type { StreamStateStore } from './types';

export function openStateStore(
  stream: Pick<StreamSettings, 'state' | 'stateDir'>,
  redis: Pick<RedisSettings, 'url' | 'keyPrefix'>,
  logger: { warn(obj: object, msg?: string): void },
): StreamStateStore {
  switch (stream.state) {
    case 'redis':
      if (!redis.url) throw new Error('STREAM_STATE=redis needs REDIS_URL');
      // Under the same REDIS_KEY_PREFIX as every other key of the deployment.
      return RedisStateStore.connect(redis.url, { prefix: `${redis.keyPrefix}stream:state:` });
    case 'file':
      if (!stream.stateDir) throw new Error('STREAM_STATE=file needs STREAM_STATE_DIR');
      return new FileStateStore(stream.stateDir);
    case 'memory':
      logger.warn(
        {},
        'stream state is kept in memory: a restarted worker loses open buckets and may count ' +
          're-delivered events twice (set REDIS_URL or STREAM_STATE_DIR)',
      );
      return new MemoryStateStore();
  }
}
