import type { HttpSettings } from '../config/settings';

/** A port could not be opened; the message names HOST and the port variable and what to do. */
export class ListenError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'ListenError';
  }
}

const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is already in use: stop the process holding it or set another PORT',
  EACCES: 'needs privileges this process does not have: choose a PORT above 1023',
  EADDRNOTAVAIL: 'is not an address of this machine: set HOST to one of its addresses',
  ENOTFOUND: 'does not resolve: set HOST to an address or a resolvable host name',
};

/**
 * A clear `ListenError` for a failed listen on HOST:PORT (or HOST:METRICS_PORT when /metrics has a
 * port of its own and that one failed), or undefined for any other error.
 */
export function listenError(
  error: unknown,
  http: HttpSettings,
  metricsPort?: number,
): ListenError | undefined {
  const failure = error as (NodeJS.ErrnoException & { port?: number }) | undefined;
  const reason = failure?.code === undefined ? undefined : REASONS[failure.code];
  if (reason === undefined) return undefined;
  const metrics =
    metricsPort !== undefined && metricsPort !== http.port && failure?.port === metricsPort;
  const variable = metrics ? 'METRICS_PORT' : 'PORT';
  const port = metrics ? metricsPort : http.port;
  const address = http.host.includes(':') ? `[${http.host}]:${port}` : `${http.host}:${port}`;
  return new ListenError(
    `Cannot listen on HOST=${http.host} ${variable}=${port} (${address}) — it ${reason.replace('PORT', variable)}.`,
    { cause: error },
  );
}
