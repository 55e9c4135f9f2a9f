import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { FlatHeaders } from './security-headers';

const ALLOW_HEADERS = 'content-type, x-api-key, authorization, apollo-require-preflight';

/**
 * CORS for the configured origins only (CORS_ORIGINS; `*` = any). With none configured no CORS
 * header is ever sent, so browsers on other origins cannot read responses.
 */
export class CorsPolicy {
  private readonly any: boolean;
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.any = origins.includes('*');
    this.allowed = new Set(origins);
  }

  /** The CORS headers for this request's origin; empty when the origin is not allowed. */
  headersFor(req: IncomingMessage): FlatHeaders {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !(this.any || this.allowed.has(origin))) return [];
    return [
      'Access-Control-Allow-Origin',
      this.any ? '*' : origin,
      'Vary',
      'Origin',
      'Access-Control-Allow-Headers',
      ALLOW_HEADERS,
      'Access-Control-Allow-Methods',
      'GET, POST, OPTIONS',
      'Access-Control-Max-Age',
      '600',
    ];
  }
}

export function corsPolicy(origins: readonly string[]): CorsPolicy | undefined {
  return origins.length === 0 ? undefined : new CorsPolicy(origins);
}

/** The policy as express middleware: headers for allowed origins, and their preflights answered (204). */
export function corsMiddleware(cors: CorsPolicy): RequestHandler {
  return (req, res, next) => {
    const headers = cors.headersFor(req);
    for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i]!, headers[i + 1]!);
    if (headers.length > 0 && req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}
