/** Builders of stream events for unit tests. */
import { randomUUID } from 'node:crypto';
import {
  SOURCE_OF,
  type EventEnvelope,
  type EventType,
  type PayloadOf,
  type StreamEvent,
} from '../../contracts/envelope';

export const T0 = Date.parse('2025-03-10T12:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export function envelope<T extends EventType>(
  type: T,
  at: number,
  payload: PayloadOf<T>,
  options: { kolId?: string; id?: string } = {},
): EventEnvelope {
  return {
    event_id: options.id ?? randomUUID(),
    kol_id: options.kolId ?? 'kol-1',
    event_type: type,
    event_time: new Date(at).toISOString(),
    payload,
  } as EventEnvelope;
}

export function event<T extends EventType>(
  type: T,
  at: number,
  payload: PayloadOf<T>,
  options: { kolId?: string; id?: string } = {},
): StreamEvent {
  return { envelope: envelope(type, at, payload, options), timeMs: at, source: SOURCE_OF[type] };
}

export const click = (at: number, options: { kolId?: string; id?: string } = {}): StreamEvent =>
  event('click', at, {}, options);

export const snapshot = (
  at: number,
  followers: number,
  options: { kolId?: string; id?: string } = {},
): StreamEvent => event('profile_snapshot', at, { followers, following: 10, posts: 5 }, options);

export const comment = (
  at: number,
  sentiment: 'positive' | 'neutral' | 'negative',
  options: { kolId?: string } = {},
): StreamEvent => event('comment', at, { post_id: 'p1', sentiment }, options);

export const postMetrics = (
  at: number,
  postId: string,
  views: number,
  likes = 0,
  comments = 0,
  shares = 0,
  options: { kolId?: string; id?: string } = {},
): StreamEvent =>
  event('post_metrics', at, { post_id: postId, views, likes, comments, shares }, options);

export const purchase = (at: number, amount = 10, options: { kolId?: string } = {}): StreamEvent =>
  event('purchase', at, { amount, currency: 'USD' }, options);
