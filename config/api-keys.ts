import { API_ROLES, type ApiKeyEntry, type ApiRole } from './settings';

/**
 * Parses `API_KEYS` (comma-separated `key:role`; the key may itself contain `:`, the role follows the
 * last one). Returns the entries and one problem line per bad entry; a problem never repeats the key.
 */
export function parseApiKeyList(spec: string | undefined): {
  entries: ApiKeyEntry[];
  problems: string[];
} {
  const entries: ApiKeyEntry[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const [index, entry] of (spec ?? '').split(',').entries()) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const position = index + 1;
    const separator = trimmed.lastIndexOf(':');
    const key = trimmed.slice(0, separator);
    const role = trimmed.slice(separator + 1);
    if (separator <= 0 || !isRole(role)) {
      problems.push(
        `API_KEYS: entry ${position} must be key:role with role one of ${API_ROLES.join(', ')}`,
      );
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(`API_KEYS: entry ${position} repeats the key of entry ${earlier}`);
      continue;
    }
    seen.set(key, position);
    entries.push({ key, keyId: `key-${position}`, role });
  }
  return { entries, problems };
}

function isRole(value: string): value is ApiRole {
  return (API_ROLES as readonly string[]).includes(value);
}
