import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Logger } from 'pino';
import {
  anonymousCaller,
  keyTableOf,
  parseKeyEntries,
  ROLES,
  sha256Hex,
  unknownKey,
  type Caller,
  type Role,
} from './auth';
import type { PolicySettings } from './policy-settings';

/** A compact JWS: three base64url parts, the header starting with `{"` (base64url `eyJ`). */
const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;
/** Longest credential looked at; anything longer is refused without hashing or decoding it. */
const MAX_CREDENTIAL_LENGTH = 8192;
const KEY_FILE_POLL_MS = 1000;

/**
 * Who a credential belongs to: API keys from API_KEYS and API_KEYS_FILE (held as SHA-256 hashes),
 * or JWT bearer tokens verified against JWT_SECRET / JWT_JWKS_URL with the role from a claim. The
 * key file is re-read when it changes and on `reload()` (SIGHUP), so keys rotate without a restart;
 * a file that fails to parse keeps the previous keys and logs why.
 */
export class Identity {
  private staticKeys: Map<string, Caller>;
  private fileKeys = new Map<string, Caller>();
  private readonly jwtKey: Promise<JwtKey> | undefined;
  private readonly onSighup = () => this.reload();

  constructor(
    private readonly settings: PolicySettings,
    private readonly logger: Logger,
  ) {
    this.staticKeys = keyTableOf(settings.apiKeys);
    if (settings.jwtJwksUrl || settings.jwtSecret) {
      this.jwtKey = loadJwtKey(settings);
      // Awaited at the first bearer token; until then a failure must not be an unhandled rejection.
      this.jwtKey.catch(() => undefined);
    }
    if (settings.apiKeysFile) {
      this.fileKeys = this.readKeyFile(settings.apiKeysFile);
      watchFile(settings.apiKeysFile, { interval: KEY_FILE_POLL_MS, persistent: false }, () =>
        this.reload(),
      );
      process.on('SIGHUP', this.onSighup);
    }
  }

  /** Re-reads API_KEYS_FILE; on a parse error the keys in force stay. */
  reload(): void {
    const file = this.settings.apiKeysFile;
    if (!file) return;
    try {
      this.fileKeys = this.readKeyFile(file);
      this.logger.info({ keys: this.fileKeys.size }, 'API keys reloaded');
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'API_KEYS_FILE not reloaded; the previous keys stay in force',
      );
    }
  }

  /**
   * The caller a credential belongs to; throws UNAUTHENTICATED (HTTP 401) for a bad one. API keys
   * and anonymous callers are known at once; only a bearer token's verification is asynchronous
   * (a promise, rejected for a bad token).
   */
  identify(credential: string | undefined): Caller | Promise<Caller> {
    if (credential === undefined || credential === '') {
      return anonymousCaller(this.settings.anonymousRole);
    }
    if (credential.length > MAX_CREDENTIAL_LENGTH) throw unknownKey('Credential too long.');
    if (this.jwtKey && JWT_SHAPE.test(credential)) return this.verifyJwt(credential);
    const hash = sha256Hex(credential);
    const caller = this.fileKeys.get(hash) ?? this.staticKeys.get(hash);
    if (!caller) throw unknownKey();
    return caller;
  }

  close(): void {
    if (this.settings.apiKeysFile) {
      unwatchFile(this.settings.apiKeysFile);
      process.off('SIGHUP', this.onSighup);
    }
  }

  private readKeyFile(file: string): Map<string, Caller> {
    return parseKeyEntries(readFileSync(file, 'utf8'), 'API_KEYS_FILE', 'file-key');
  }

  private async verifyJwt(token: string): Promise<Caller> {
    let payload: Record<string, unknown>;
    try {
      const key = await (this.jwtKey as Promise<JwtKey>);
      payload = await key.verify(token, {
        issuer: this.settings.jwtIssuer,
        audience: this.settings.jwtAudience,
      });
    } catch (error) {
      throw unknownKey(
        `Invalid bearer token (${error instanceof Error ? error.message : 'unverifiable'}).`,
      );
    }
    const role = highestRole(payload[this.settings.jwtRoleClaim]);
    if (!role) {
      throw unknownKey(
        `The bearer token has no known role in claim "${this.settings.jwtRoleClaim}".`,
      );
    }
    const subject = typeof payload.sub === 'string' ? payload.sub.slice(0, 128) : 'unknown';
    return { keyId: `jwt:${subject}`, role };
  }
}

interface JwtKey {
  verify(
    token: string,
    options: { issuer: string | undefined; audience: string | undefined },
  ): Promise<Record<string, unknown>>;
}

/** jose is an ES module: loaded on first use from this CommonJS build. */
async function loadJwtKey(settings: PolicySettings): Promise<JwtKey> {
  const jose = await import('jose');
  const options = (o: { issuer: string | undefined; audience: string | undefined }) => ({
    ...(o.issuer !== undefined && { issuer: o.issuer }),
    ...(o.audience !== undefined && { audience: o.audience }),
  });
  if (settings.jwtJwksUrl) {
    const keySet = jose.createRemoteJWKSet(new URL(settings.jwtJwksUrl));
    return {
      verify: async (token, o) => (await jose.jwtVerify(token, keySet, options(o))).payload,
    };
  }
  const secret = new TextEncoder().encode(settings.jwtSecret ?? '');
  return {
    verify: async (token, o) => (await jose.jwtVerify(token, secret, options(o))).payload,
  };
}

function highestRole(claim: unknown): Role | undefined {
  const values = Array.isArray(claim) ? claim : [claim];
  let best: Role | undefined;
  for (const value of values) {
    if (typeof value !== 'string' || !ROLES.includes(value as Role)) continue;
    if (best === undefined || ROLES.indexOf(value as Role) > ROLES.indexOf(best))
      best = value as Role;
  }
  return best;
}
