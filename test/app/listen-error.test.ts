import { describe, expect, it } from 'vitest';
import { ListenError, listenError } from '../../app/listen-error';
import { loadSettings } from '../../config';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`listen ${code}`), { code });
}

describe('listenError', () => {
  it('names HOST and PORT and says what to do for each listen failure', () => {
    const http = loadSettings({ HOST: '::1', PORT: '4000' }).http;
    const busy = listenError(errno('EADDRINUSE'), http);
    expect(busy).toBeInstanceOf(ListenError);
    expect(busy?.message).toBe(
      'Cannot listen on HOST=::1 PORT=4000 ([::1]:4000) — it is already in use: stop the process holding it or set another PORT.',
    );
    expect(listenError(errno('EACCES'), http)?.message).toMatch(/choose a PORT above 1023/);
    expect(listenError(errno('EADDRNOTAVAIL'), http)?.message).toMatch(
      /set HOST to one of its addresses/,
    );
  });

  it('names METRICS_PORT when the separate /metrics port is the one that failed', () => {
    const http = loadSettings({ PORT: '4000' }).http;
    const failure = Object.assign(errno('EADDRINUSE'), { port: 9100 });
    expect(listenError(failure, http, 9100)?.message).toBe(
      'Cannot listen on HOST=127.0.0.1 METRICS_PORT=9100 (127.0.0.1:9100) — it is already in use: stop the process holding it or set another METRICS_PORT.',
    );
    expect(
      listenError(Object.assign(errno('EADDRINUSE'), { port: 4000 }), http, 9100)?.message,
    ).toContain('PORT=4000');
  });

  it('leaves every other error alone', () => {
    const http = loadSettings({}).http;
    expect(listenError(new Error('boom'), http)).toBeUndefined();
    expect(listenError(errno('ECONNRESET'), http)).toBeUndefined();
    expect(listenError(undefined, http)).toBeUndefined();
  });
});
