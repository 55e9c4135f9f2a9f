import { describe, expect, it } from 'vitest';
import { shiftToNow, toOutgoingEvents, toRequests } from '../../cli/send-events';
import { DEFAULT_TOPICS } from '../../contracts/topics';

const NOW = Date.parse('2026-12-01T12:00:00Z');

function event(id: string, time: string, type: string, payload: object): Record<string, unknown> {
  return { event_id: id, kol_id: 'kol-1', event_type: type, event_time: time, payload };
}

describe('send-events', () => {
  it('shifts every event time by one offset so that the newest is now', () => {
    const events = [
      event('a', '2026-01-01T10:00:00Z', 'view', {}),
      event('b', '2026-01-01T11:30:00Z', 'view', {}),
    ];
    shiftToNow(events, NOW);
    expect(events.map((e) => e.event_time)).toEqual([
      '2026-12-01T10:30:00.000Z',
      '2026-12-01T12:00:00.000Z',
    ]);
  });

  it('routes valid events to their raw topic in time order and reports the invalid lines', () => {
    const rejected: { line: number; reason: string; message: string }[] = [];
    const events = toOutgoingEvents(
      [
        { line: 1, value: event('a', '2026-12-01T11:59:00Z', 'click', {}) },
        {
          line: 2,
          value: event('b', '2026-12-01T11:58:00Z', 'profile_snapshot', { followers: -1 }),
        },
        {
          line: 3,
          value: event('c', '2026-12-01T11:50:00Z', 'purchase', { amount: 5, currency: 'USD' }),
        },
      ],
      DEFAULT_TOPICS,
      NOW,
      rejected,
    );
    expect(events.map((e) => e.topic)).toEqual([DEFAULT_TOPICS.raw.tx, DEFAULT_TOPICS.raw.web]);
    expect(events.map((e) => e.message.key)).toEqual(['kol-1', 'kol-1']);
    expect(rejected).toEqual([expect.objectContaining({ line: 2, reason: 'INVALID_PAYLOAD' })]);
  });

  it('sends one request per minute of event time when paced, one request otherwise', () => {
    const events = toOutgoingEvents(
      ['11:50:10', '11:50:40', '11:52:00'].map((t, i) => ({
        line: i + 1,
        value: event(`e${i}`, `2026-12-01T${t}Z`, 'view', {}),
      })),
      DEFAULT_TOPICS,
      NOW,
      [],
    );
    expect(toRequests(events, true).map((r) => r[0]?.messages.length)).toEqual([2, 1]);
    expect(toRequests(events, false).map((r) => r[0]?.messages.length)).toEqual([3]);
  });
});
