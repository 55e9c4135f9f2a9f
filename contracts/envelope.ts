/**
 * The raw event envelope shared by every producer, and its validation.
 *
 * Wire format (JSON, snake_case, one event per Kafka message keyed by `kol_id`):
 *   { event_id, kol_id, campaign_id?, user_id?, event_type, event_time (UTC ISO 8601), payload }
 *
 * Validation never throws: it returns either the parsed event or a reject with a stable reason code,
 * which the transports count per reason and (in Kafka mode) send to the dead-letter topic.
 */
import { z } from 'zod';
import { validateKolInputs } from '../domain/kol-input';
import type { KolProfile } from '../domain/types';

export const EVENT_TYPES = [
  'profile',
  'profile_snapshot',
  'post_metrics',
  'comment',
  'view',
  'click',
  'add_to_cart',
  'purchase',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Which raw stream an event type belongs to; each source is one Kafka topic. */
export const EVENT_SOURCES = ['social', 'web', 'tx'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const SOURCE_OF: Record<EventType, EventSource> = {
  profile: 'social',
  profile_snapshot: 'social',
  post_metrics: 'social',
  comment: 'social',
  view: 'web',
  click: 'web',
  add_to_cart: 'tx',
  purchase: 'tx',
};

export const REJECT_REASONS = [
  /** Not valid UTF-8 JSON. */
  'MALFORMED_JSON',
  /** JSON, but not an envelope object, or event_id / event_time / campaign_id / user_id are invalid. */
  'INVALID_ENVELOPE',
  'UNKNOWN_EVENT_TYPE',
  'MISSING_KOL_ID',
  'INVALID_PAYLOAD',
  /** event_time is later than now plus the clock-skew allowance. */
  'FUTURE_TIMESTAMP',
  /** event_time is before the KOL's lateness horizon (or older than the maximum event age). */
  'TOO_OLD',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const id = z.string().trim().min(1).max(200);

/**
 * Payload schemas. Unknown extra fields are ignored (stripped) so producers can add fields without
 * breaking the worker.
 */
export const PAYLOAD_SCHEMAS = {
  /**
   * A KOL's profile as KolInput fields (domain/kol-input.ts). Only "an object" is checked here;
   * the fields are validated by `validateKolInputs`, the one validation of every profile path.
   */
  profile: z.record(z.string(), z.unknown()),
  profile_snapshot: z.object({ followers: count, following: count, posts: count }),
  /**
   * Cumulative counters of one post as the platform reports them at `event_time`. The windows add the
   * increase since the previous snapshot of the same post (see windows.ts).
   */
  post_metrics: z.object({
    post_id: id,
    views: count,
    likes: count,
    comments: count,
    shares: count,
  }),
  comment: z.object({ post_id: id, sentiment: z.enum(['positive', 'neutral', 'negative']) }),
  view: z.object({ post_id: id.optional(), url: z.string().max(2000).optional() }).default({}),
  click: z.object({ post_id: id.optional(), url: z.string().max(2000).optional() }).default({}),
  add_to_cart: z
    .object({
      sku: z.string().max(200).optional(),
      quantity: z.number().int().positive().max(1_000_000).optional(),
    })
    .default({}),
  purchase: z.object({
    amount: z.number().nonnegative().max(1e12),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. USD'),
    order_id: id.optional(),
  }),
} satisfies Record<EventType, z.ZodTypeAny>;

export type PayloadOf<T extends EventType> = z.infer<(typeof PAYLOAD_SCHEMAS)[T]>;

interface EnvelopeBase {
  event_id: string;
  kol_id: string;
  campaign_id?: string;
  /** Anonymised user id (never a raw platform id). */
  user_id?: string;
  /** UTC ISO 8601 timestamp, e.g. `2025-01-31T12:00:00.000Z`. */
  event_time: string;
}

/** A valid envelope, discriminated on `event_type`. */
export type EventEnvelope = {
  [T in EventType]: EnvelopeBase & { event_type: T; payload: PayloadOf<T> };
}[EventType];

export type EnvelopeOf<T extends EventType> = Extract<EventEnvelope, { event_type: T }>;

/** A validated event as the pipeline consumes it. */
export interface StreamEvent {
  envelope: EventEnvelope;
  /** event_time in epoch milliseconds. */
  timeMs: number;
  source: EventSource;
  /** `profile` events: the validated, normalised profile (its `updatedAt` defaults to event_time). */
  profile?: KolProfile;
}

export interface Reject {
  reason: RejectReason;
  /** Human-readable detail (which field, what was wrong). */
  error: string;
}

export type ParseResult = { ok: true; event: StreamEvent } | ({ ok: false } & Reject);

export interface ValidationOptions {
  /** Wall clock, epoch ms. */
  now: number;
  /** How far in the future event_time may be (producer clock skew). Default 2 minutes. */
  maxClockSkewMs?: number;
  /**
   * Events older than this (wall clock) are rejected as TOO_OLD outright. Default 7 days (Kafka's
   * default retention); lateness relative to the KOL's own stream is checked by the windows.
   */
  maxEventAgeMs?: number;
}

export const DEFAULT_MAX_CLOCK_SKEW_MS = 2 * 60_000;
export const DEFAULT_MAX_EVENT_AGE_MS = 7 * 24 * 60 * 60_000;

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** A real calendar time (Date.parse accepts 2025-02-30 and rolls it over; this does not). */
function isRealTime(text: string): boolean {
  const m = ISO_UTC.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    Number.isFinite(Date.parse(text))
  );
}

/** A trimmed id of 1-200 characters, or undefined when absent; a string message when invalid. */
function idField(
  record: Record<string, unknown>,
  field: string,
  required: boolean,
): string | undefined | Error {
  const value = record[field];
  if (value === undefined || value === null) {
    return required ? new Error(`${field}: required`) : undefined;
  }
  if (typeof value !== 'string') return new Error(`${field}: must be a string`);
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 200) {
    return new Error(`${field}: must have 1 to 200 characters`);
  }
  return trimmed;
}

function reject(reason: RejectReason, error: string): ParseResult {
  return { ok: false, reason, error };
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`)
    .join('; ');
}

function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * Decodes and validates one raw event (a Kafka message value, a JSON string, or an already parsed
 * object from the in-process bus). Checks run in a fixed order so each input gets one reason:
 * JSON → envelope object → event_type → kol_id → envelope fields → payload → timestamps.
 */
export function parseEvent(raw: unknown, options: ValidationOptions): ParseResult {
  let value: unknown = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
    } catch (err) {
      return reject('MALFORMED_JSON', err instanceof Error ? err.message : String(err));
    }
  } else if (raw === null || raw === undefined) {
    return reject('MALFORMED_JSON', 'empty message');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('INVALID_ENVELOPE', 'the event must be a JSON object');
  }
  const record = value as Record<string, unknown>;

  const type = record.event_type;
  if (!isEventType(type)) {
    return reject(
      'UNKNOWN_EVENT_TYPE',
      `event_type ${JSON.stringify(type ?? null)} is not one of ${EVENT_TYPES.join(', ')}`,
    );
  }
  const kolId = record.kol_id;
  if (typeof kolId !== 'string' || kolId.trim().length === 0 || kolId.length > 200) {
    return reject('MISSING_KOL_ID', 'kol_id must be a non-empty string of at most 200 characters');
  }
  // The envelope fields are checked by hand: this runs for every event, and a schema library costs
  // several times the JSON parse here.
  const eventId = idField(record, 'event_id', true);
  const campaignId = idField(record, 'campaign_id', false);
  const userId = idField(record, 'user_id', false);
  for (const field of [eventId, campaignId, userId]) {
    if (field instanceof Error) return reject('INVALID_ENVELOPE', field.message);
  }
  const eventTime = record.event_time;
  if (typeof eventTime !== 'string' || !isRealTime(eventTime)) {
    return reject(
      'INVALID_ENVELOPE',
      'event_time: must be an ISO 8601 date and time with a zone, e.g. 2025-01-31T12:00:00Z',
    );
  }
  const payload = PAYLOAD_SCHEMAS[type].safeParse(record.payload);
  if (!payload.success) return reject('INVALID_PAYLOAD', `${type}: ${describe(payload.error)}`);

  const timeMs = Date.parse(eventTime);
  const skew = options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  if (timeMs > options.now + skew) {
    return reject(
      'FUTURE_TIMESTAMP',
      `event_time ${eventTime} is ${Math.round((timeMs - options.now) / 1000)} s ahead of ` +
        `the clock (allowed ${Math.round(skew / 1000)} s)`,
    );
  }
  const maxAge = options.maxEventAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS;
  if (timeMs < options.now - maxAge) {
    return reject(
      'TOO_OLD',
      `event_time ${eventTime} is older than the maximum event age of ` +
        `${Math.round(maxAge / 3_600_000)} h`,
    );
  }

  let profile: KolProfile | undefined;
  if (type === 'profile') {
    const checked = profileOf(kolId.trim(), payload.data, timeMs, options);
    if (typeof checked === 'string') return reject('INVALID_PAYLOAD', `profile: ${checked}`);
    profile = checked;
  }

  const envelope = {
    event_id: eventId as string,
    kol_id: kolId.trim(),
    ...(typeof campaignId === 'string' ? { campaign_id: campaignId } : {}),
    ...(typeof userId === 'string' ? { user_id: userId } : {}),
    event_type: type,
    event_time: new Date(timeMs).toISOString(),
    payload: payload.data,
  } as EventEnvelope;
  return {
    ok: true,
    event: { envelope, timeMs, source: SOURCE_OF[type], ...(profile ? { profile } : {}) },
  };
}

/**
 * The profile of a `profile` event, or what is wrong with it. `id` defaults to the envelope's
 * `kol_id` (and must equal it), `updatedAt` to `event_time`, so replaying an older event never
 * overwrites a newer stored profile.
 */
function profileOf(
  kolId: string,
  payload: Record<string, unknown>,
  timeMs: number,
  options: ValidationOptions,
): KolProfile | string {
  const id: unknown = payload.id ?? kolId;
  if (typeof id === 'string' && id.trim() !== kolId) return `id "${id}" differs from kol_id`;
  const row = { ...payload, id, updatedAt: payload.updatedAt ?? new Date(timeMs).toISOString() };
  const { valid, errors } = validateKolInputs([row], new Date(options.now));
  const [profile] = valid;
  if (profile) return profile;
  return errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
}
