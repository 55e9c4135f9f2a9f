import { createHash } from 'node:crypto';
import type { AlertType } from '../../domain/types';

/**
 * Alert id = hash of (kol, type, start of the bucket the measurement belongs to). The same
 * measurement, however often its events are replayed, gives the same id, and the alert store keeps
 * the first one.
 */
export function alertId(kolId: string, type: AlertType, bucketStart: number): string {
  return createHash('sha256')
    .update(`${kolId}\n${type}\n${new Date(bucketStart).toISOString()}`)
    .digest('hex')
    .slice(0, 32);
}
