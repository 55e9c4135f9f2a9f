import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogCreator } from '../../kafka/log-bridge';

function capture() {
  const lines: [string, string | undefined][] = [];
  const sink = {
    debug: (_: object, m?: string) => lines.push(['debug', m]),
    warn: (_: object, m?: string) => lines.push(['warn', m]),
    error: (_: object, m?: string) => lines.push(['error', m]),
  };
  const log = kafkaLogCreator(sink)(logLevel.INFO);
  const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}) =>
    log({ namespace: 'Connection', level, label: '', log: { timestamp: '', message, ...extra } });
  return { lines, entry };
}

describe('kafkajs log bridge', () => {
  it('keeps errors and warnings, sends the chatter to debug', () => {
    const { lines, entry } = capture();
    entry(logLevel.ERROR, 'Connection error', { error: 'ECONNREFUSED' });
    entry(logLevel.WARN, 'slow');
    entry(logLevel.INFO, 'joined');
    expect(lines).toEqual([
      ['error', 'kafka: Connection error'],
      ['warn', 'kafka: slow'],
      ['debug', 'kafka: joined'],
    ]);
  });

  it('logs a broker answer kafkajs retries by itself (leader moving) as a warning', () => {
    const { lines, entry } = capture();
    entry(logLevel.ERROR, 'Response Metadata(key: 3, version: 6)', {
      error: 'This server is not the leader for that topic-partition',
    });
    expect(lines).toEqual([['warn', 'kafka: Response Metadata(key: 3, version: 6)']]);
  });
});
