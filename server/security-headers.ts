import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/** Header name and value pairs, flat (`[name, value, name, value, …]`) as `writeHead` takes them. */
export type FlatHeaders = string[];

/**
 * The headers helmet sets, computed once: with the options used here helmet writes the same
 * constant headers on every response, so the GraphQL route sends this list instead of running
 * helmet's eleven middlewares per request. The express routes run helmet itself with the same
 * options, so both agree by construction.
 */
export function securityHeaders(options: { contentSecurityPolicy: boolean }): FlatHeaders {
  const headers: FlatHeaders = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push(name, Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader() {
      // helmet removes X-Powered-By, which the GraphQL route never sets.
    },
  };
  let finished = false;
  helmetMiddleware(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error instanceof Error ? error : new Error('helmet failed');
      finished = true;
    },
  );
  if (!finished) throw new Error('helmet did not finish synchronously');
  return headers;
}

export function helmetMiddleware(options: { contentSecurityPolicy: boolean }) {
  return helmet({ contentSecurityPolicy: options.contentSecurityPolicy ? undefined : false });
}
