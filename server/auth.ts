import type { IncomingHttpHeaders } from 'node:http';
import { gatewayError } from './errors';

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the API key's id (never the key itself) and its role. */
export interface Caller {
  keyId: string;
  role: Role;
}

export interface ApiKeyTable {
  /** Resolves a presented key; undefined when no key was presented. Throws UNAUTHENTICATED for an unknown key. */
  identify(presented: string | undefined): Caller;
}

/**
 * `API_KEYS` is a comma-separated list of `key:role`. Callers without a key get `anonymousRole` (or are refused with `none`); a
 * key that is presented but unknown is rejected rather than treated as anonymous, so a typo is loud.
 */
export function parseApiKeys(spec: string | undefined, anonymousRole: Role | 'none'): ApiKeyTable {
  const keys = new Map<string, Caller>();
  for (const [index, entry] of (spec ?? '').split(',').entries()) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const separator = trimmed.lastIndexOf(':');
    const key = trimmed.slice(0, separator);
    const role = trimmed.slice(separator + 1) as Role;
    if (separator <= 0 || !ROLES.includes(role)) {
      throw new Error(
        `API_KEYS entry ${index + 1} must be key:role with role one of ${ROLES.join(', ')}`,
      );
    }
    keys.set(key, { keyId: `key-${index + 1}`, role });
  }
  return {
    identify(presented) {
      if (presented === undefined || presented === '') {
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
      const caller = keys.get(presented);
      if (!caller) {
        throw gatewayError('UNAUTHENTICATED', 'Unknown API key; check the x-api-key header.', {
          http: { status: 401 },
        });
      }
      return caller;
    },
  };
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

export function requireRole(caller: Caller, needed: Role): void {
  if (ROLES.indexOf(caller.role) < ROLES.indexOf(needed)) {
    throw gatewayError(
      'FORBIDDEN',
      `This operation needs the ${needed} role; your key has ${caller.role}.`,
      {
        neededRole: needed,
      },
    );
  }
}
