import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { API_ROLES, type ApiKeyEntry, type ApiRole } from '../config/settings';
import type { Caller } from '../resolvers/auth';
import { gatewayError } from '../resolvers/errors';

export const ROLES = API_ROLES;
export type Role = ApiRole;
export type { Caller };

const HASHED_ENTRY = /^sha256:([0-9a-f]{64})$/i;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Parses `key:role` entries (comma- or newline-separated) into a table keyed by the SHA-256 of the
 * key, so a plain entry and its `sha256:<hex>:role` form identify the same caller and the process
 * never needs to hold plain keys. `source` names the origin in error messages and key ids.
 */
export function parseKeyEntries(
  spec: string | undefined,
  source = 'API_KEYS',
  idPrefix = 'key',
): Map<string, Caller> {
  const keys = new Map<string, Caller>();
  const entries = (spec ?? '').split(/[,\n]/);
  let position = 0;
  for (const entry of entries) {
    const trimmed = entry.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    position++;
    const separator = trimmed.lastIndexOf(':');
    const key = trimmed.slice(0, separator);
    const role = trimmed.slice(separator + 1) as Role;
    if (separator <= 0 || !ROLES.includes(role)) {
      throw new Error(
        `${source} entry ${position} must be key:role or sha256:<hex>:role with role one of ${ROLES.join(', ')}`,
      );
    }
    const hashed = HASHED_ENTRY.exec(key);
    keys.set(hashed?.[1] ? hashed[1].toLowerCase() : sha256Hex(key), {
      keyId: `${idPrefix}-${position}`,
      role,
    });
  }
  return keys;
}

/** A key table from parsed entries; a `sha256:<hex>` key is taken as the hash it states. */
export function keyTableOf(entries: readonly ApiKeyEntry[]): Map<string, Caller> {
  const keys = new Map<string, Caller>();
  for (const entry of entries) {
    const hashed = HASHED_ENTRY.exec(entry.key);
    keys.set(hashed?.[1] ? hashed[1].toLowerCase() : sha256Hex(entry.key), {
      keyId: entry.keyId,
      role: entry.role,
    });
  }
  return keys;
}

export function anonymousCaller(anonymousRole: Role | 'none'): Caller {
  if (anonymousRole === 'none') {
    throw gatewayError(
      'UNAUTHENTICATED',
      'An API key is required: send it in the x-api-key header.',
      {
        http: { status: 401 },
      },
    );
  }
  return { keyId: 'anonymous', role: anonymousRole };
}

export function unknownKey(message = 'Unknown API key; check the x-api-key header.') {
  return gatewayError('UNAUTHENTICATED', message, { http: { status: 401 } });
}

/** Reads the key from `x-api-key` or `Authorization: Bearer <key>`. */
export function presentedKey(
  headers: IncomingHttpHeaders | Record<string, unknown>,
): string | undefined {
  const direct = headers['x-api-key'];
  if (typeof direct === 'string') return direct;
  const authorization = headers['authorization'] ?? headers['Authorization'];
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
    return authorization.slice('Bearer '.length).trim();
  }
  return undefined;
}
