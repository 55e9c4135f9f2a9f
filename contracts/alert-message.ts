import { z } from 'zod';
import { ALERT_TYPES, SEVERITIES, type Alert } from '../domain/types';

/**
 * The `alerts.stream` message: a JSON object with the Alert fields in camelCase,
 * `createdAt` an ISO-8601 timestamp, keyed by `kolId`. Unknown extra fields are ignored so that
 * producers can add fields without breaking older gateways.
 */
export const alertMessageSchema = z.object({
  id: z.string().min(1).max(256),
  kolId: z.string().min(1).max(256),
  type: z.enum(ALERT_TYPES),
  severity: z.enum(SEVERITIES),
  value: z.number().finite(),
  threshold: z.number().finite(),
  window: z.string().max(64),
  message: z.string().max(4096),
  createdAt: z.string().datetime({ offset: true }),
});

export type AlertMessage = z.infer<typeof alertMessageSchema>;

export type ParsedAlertMessage = { ok: true; alert: Alert } | { ok: false; reason: string };

/** Messages larger than this are rejected before JSON parsing. */
const MAX_MESSAGE_BYTES = 64 * 1024;

export function parseAlertMessage(value: Buffer | string | null | undefined): ParsedAlertMessage {
  if (value === null || value === undefined)
    return { ok: false, reason: 'empty message (tombstone)' };
  if (value.length > MAX_MESSAGE_BYTES) {
    return { ok: false, reason: `message larger than ${MAX_MESSAGE_BYTES} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      reason: `not JSON (${error instanceof Error ? error.message : 'parse error'})`,
    };
  }
  const parsed = alertMessageSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`);
    return { ok: false, reason: problems.join('; ') };
  }
  const m = parsed.data;
  return {
    ok: true,
    alert: {
      id: m.id,
      kolId: m.kolId,
      type: m.type,
      severity: m.severity,
      value: m.value,
      threshold: m.threshold,
      window: m.window,
      message: m.message,
      createdAt: new Date(m.createdAt),
    },
  };
}

export function encodeAlertMessage(alert: Alert): string {
  const message: AlertMessage = {
    id: alert.id,
    kolId: alert.kolId,
    type: alert.type,
    severity: alert.severity,
    value: alert.value,
    threshold: alert.threshold,
    window: alert.window,
    message: alert.message,
    createdAt: alert.createdAt.toISOString(),
  };
  return JSON.stringify(message);
}
