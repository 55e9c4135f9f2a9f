import type { HttpSettings } from '../config/settings';

/** The HTTP port could not be opened; the message names HOST and PORT and what to do. */
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

/** A clear `ListenError` for a failed listen on HOST:PORT, or undefined for any other error. */
export function listenError(error: unknown, http: HttpSettings): ListenError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === undefined ? undefined : REASONS[code];
  if (reason === undefined) return undefined;
  const address = http.host.includes(':')
    ? `[${http.host}]:${http.port}`
    : `${http.host}:${http.port}`;
  return new ListenError(
    `Cannot listen on HOST=${http.host} PORT=${http.port} (${address}) — it ${reason}.`,
    {
      cause: error,
    },
  );
}
