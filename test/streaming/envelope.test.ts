import { describe, expect, it } from 'vitest';
import { parseEvent, type RejectReason } from '../../contracts/envelope';

const NOW = Date.parse('2025-03-10T12:00:00.000Z');

function base(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: 'e-1',
    kol_id: 'kol-1',
    event_type: 'purchase',
    event_time: '2025-03-10T11:59:00Z',
    payload: { amount: 19.99, currency: 'USD' },
    ...over,
  };
}

function reason(raw: unknown): RejectReason | 'ok' {
  const result = parseEvent(raw, { now: NOW });
  return result.ok ? 'ok' : result.reason;
}

describe('envelope validation', () => {
  it('accepts a valid event from text, bytes or an object and normalises the time to UTC', () => {
    for (const raw of [JSON.stringify(base()), Buffer.from(JSON.stringify(base())), base()]) {
      const result = parseEvent(raw, { now: NOW });
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.event.timeMs).toBe(Date.parse('2025-03-10T11:59:00Z'));
      expect(result.event.source).toBe('tx');
      expect(result.event.envelope.event_time).toBe('2025-03-10T11:59:00.000Z');
    }
    const offset = parseEvent(base({ event_time: '2025-03-10T13:59:00+02:00' }), { now: NOW });
    expect(offset.ok && offset.event.envelope.event_time).toBe('2025-03-10T11:59:00.000Z');
  });

  it('keeps optional campaign and user ids and strips unknown payload fields', () => {
    const result = parseEvent(
      base({
        campaign_id: 'c-9',
        user_id: 'u-anon',
        payload: { amount: 1, currency: 'EUR', x: 1 },
      }),
      { now: NOW },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event.envelope).toMatchObject({ campaign_id: 'c-9', user_id: 'u-anon' });
    expect(result.event.envelope.payload).toEqual({ amount: 1, currency: 'EUR' });
  });

  it('accepts every event type with its payload; web payloads are optional', () => {
    const ok: Record<string, unknown>[] = [
      base({ event_type: 'profile_snapshot', payload: { followers: 10, following: 2, posts: 3 } }),
      base({
        event_type: 'post_metrics',
        payload: { post_id: 'p', views: 1, likes: 0, comments: 0, shares: 0 },
      }),
      base({ event_type: 'comment', payload: { post_id: 'p', sentiment: 'negative' } }),
      base({ event_type: 'view', payload: undefined }),
      base({ event_type: 'click', payload: { url: 'https://x.example/a' } }),
      base({ event_type: 'add_to_cart', payload: {} }),
    ];
    for (const raw of ok) expect(reason(raw)).toBe('ok');
  });

  it.each<[RejectReason, unknown]>([
    ['MALFORMED_JSON', '{"event_id": "e-1",'],
    ['MALFORMED_JSON', Buffer.from([0x7b, 0xff, 0xfe])],
    ['MALFORMED_JSON', null],
    ['INVALID_ENVELOPE', '[1, 2, 3]'],
    ['INVALID_ENVELOPE', '"just a string"'],
    ['UNKNOWN_EVENT_TYPE', base({ event_type: 'like' })],
    ['UNKNOWN_EVENT_TYPE', base({ event_type: undefined })],
    ['MISSING_KOL_ID', base({ kol_id: undefined })],
    ['MISSING_KOL_ID', base({ kol_id: '   ' })],
    ['MISSING_KOL_ID', base({ kol_id: 42 })],
    ['INVALID_ENVELOPE', base({ event_id: '' })],
    ['INVALID_ENVELOPE', base({ event_time: '2025-03-10 11:59' })],
    ['INVALID_ENVELOPE', base({ event_time: '2025-02-30T10:00:00Z' })],
    ['INVALID_ENVELOPE', base({ user_id: 7 })],
    ['INVALID_PAYLOAD', base({ payload: { amount: -1, currency: 'USD' } })],
    ['INVALID_PAYLOAD', base({ payload: { amount: 5, currency: 'usd' } })],
    ['INVALID_PAYLOAD', base({ payload: undefined })],
    [
      'INVALID_PAYLOAD',
      base({ event_type: 'profile_snapshot', payload: { followers: 1.5, following: 0, posts: 0 } }),
    ],
    [
      'INVALID_PAYLOAD',
      base({ event_type: 'comment', payload: { post_id: 'p', sentiment: 'angry' } }),
    ],
    [
      'INVALID_PAYLOAD',
      base({ event_type: 'post_metrics', payload: { post_id: 'p', views: '10' } }),
    ],
    ['FUTURE_TIMESTAMP', base({ event_time: '2025-03-10T12:05:00Z' })],
    ['TOO_OLD', base({ event_time: '2025-03-01T12:00:00Z' })],
  ])('rejects with %s', (expected, raw) => {
    const result = parseEvent(raw, { now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(expected);
    expect(result.error.length).toBeGreaterThan(0);
  });

  it('allows the configured clock skew and maximum age', () => {
    expect(reason(base({ event_time: '2025-03-10T12:01:30Z' }))).toBe('ok'); // within 2 min
    expect(
      parseEvent(base({ event_time: '2025-03-10T12:01:30Z' }), { now: NOW, maxClockSkewMs: 60_000 })
        .ok,
    ).toBe(false);
    const oneDayOld = base({ event_time: '2025-03-09T11:00:00Z' });
    expect(reason(oneDayOld)).toBe('ok');
    const strict = parseEvent(oneDayOld, { now: NOW, maxEventAgeMs: 3_600_000 });
    expect(!strict.ok && strict.reason).toBe('TOO_OLD');
  });
});
