/**
 * `npm run send-events -- FILE [--shift-to-now]`: publishes raw events (NDJSON, one envelope per line;
 * `-` reads standard input) to the raw topics the stream worker reads, keyed by `kol_id`, with the
 * same validation the worker applies. For trying a deployment with your own KOLs and for replaying
 * a captured stream; production events come from your own collectors.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Message, TopicMessages } from 'kafkajs';
import { ConfigError, loadSettings, type Environment } from '../config';
import { parseEvent } from '../contracts/envelope';
import { topicForEventType, type StreamTopics } from '../contracts/topics';
import { createKafka } from '../kafka/client';
import { byTopic, sendInChunks } from '../kafka/produce';

export const SEND_EVENTS_USAGE = `Usage: npm run send-events -- FILE [--shift-to-now] [--pace-ms N]

Publishes raw events from FILE (NDJSON: one event envelope per line, as in streaming/README.md; - for
standard input) to the raw topics (KAFKA_SOCIAL_TOPIC, KAFKA_WEB_TOPIC, KAFKA_TX_TOPIC) of the brokers in
KAFKA_BROKERS, keyed by kol_id. Lines the stream worker would reject are reported and not sent.

Options:
  --shift-to-now   move every event_time by the same amount so that the newest event is now
                   (a recorded sample then reads as live activity)
  --pace-ms N      send the events in event-time order, one minute of event time per request, N ms
                   apart (default 0: all at once). The worker drops events more than its allowed
                   lateness behind a KOL's newest event, and the three raw topics are consumed
                   independently, so a backfill of hours across topics needs pacing (e.g. 100)
  -h, --help       this text

Exit code: 0 when events were sent, 1 when none could be, 2 for a usage or configuration error.`;

export interface SendEventsSummary {
  sent: number;
  rejected: { line: number; reason: string; message: string }[];
}

interface ParsedLine {
  line: number;
  value: Record<string, unknown>;
}

/** Reads the file's non-blank lines as JSON objects; a line that is not one is a rejected line. */
async function readLines(
  file: string,
  rejected: SendEventsSummary['rejected'],
): Promise<ParsedLine[]> {
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const parsed: ParsedLine[] = [];
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        rejected.push({ line, reason: 'INVALID_ENVELOPE', message: 'not a JSON object' });
      } else {
        parsed.push({ line, value: value as Record<string, unknown> });
      }
    } catch (error) {
      rejected.push({
        line,
        reason: 'MALFORMED_JSON',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return parsed;
}

/** Moves every parseable event_time by one offset so that the newest one is `now`. */
export function shiftToNow(events: readonly Record<string, unknown>[], now: number): void {
  const times = events
    .map((event) => (typeof event.event_time === 'string' ? Date.parse(event.event_time) : NaN))
    .filter((time) => Number.isFinite(time));
  if (times.length === 0) return;
  const offset = now - Math.max(...times);
  for (const event of events) {
    if (typeof event.event_time !== 'string') continue;
    const time = Date.parse(event.event_time);
    if (Number.isFinite(time)) event.event_time = new Date(time + offset).toISOString();
  }
}

interface OutgoingEvent {
  topic: string;
  timeMs: number;
  message: Message;
}

/** Validates the lines as the worker does; the valid ones in event-time order, with their topic. */
export function toOutgoingEvents(
  lines: readonly ParsedLine[],
  topics: StreamTopics,
  now: number,
  rejected: SendEventsSummary['rejected'],
): OutgoingEvent[] {
  const outgoing: OutgoingEvent[] = [];
  for (const { line, value } of lines) {
    const result = parseEvent(value, { now });
    if (!result.ok) {
      rejected.push({ line, reason: result.reason, message: result.error });
      continue;
    }
    outgoing.push({
      topic: topicForEventType(result.event.envelope.event_type, topics),
      timeMs: result.event.timeMs,
      message: { key: result.event.envelope.kol_id, value: JSON.stringify(value) },
    });
  }
  return outgoing.sort((a, b) => a.timeMs - b.timeMs);
}

/** Events grouped into requests: all in one, or one minute of event time each when paced. */
export function toRequests(events: readonly OutgoingEvent[], paced: boolean): TopicMessages[][] {
  const slices = new Map<number, OutgoingEvent[]>();
  for (const event of events) {
    const slice = paced ? Math.floor(event.timeMs / 60_000) : 0;
    const list = slices.get(slice) ?? [];
    list.push(event);
    slices.set(slice, list);
  }
  return [...slices.values()].map((slice) => byTopic(slice));
}

export async function sendEvents(
  file: string,
  options: { shiftToNow: boolean; paceMs?: number; env: Environment; now?: () => number },
): Promise<SendEventsSummary> {
  const settings = loadSettings(options.env, 'worker');
  const clock = options.now ?? Date.now;
  const rejected: SendEventsSummary['rejected'] = [];
  const lines = await readLines(file, rejected);
  if (options.shiftToNow)
    shiftToNow(
      lines.map((l) => l.value),
      clock(),
    );
  const events = toOutgoingEvents(lines, settings.topics, clock(), rejected);
  const paceMs = options.paceMs ?? 0;
  if (events.length > 0) {
    const producer = createKafka(settings.kafka, { purpose: 'send-events' }).producer();
    await producer.connect();
    try {
      for (const request of toRequests(events, paceMs > 0)) {
        await sendInChunks(producer, request);
        if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
      }
    } finally {
      await producer.disconnect();
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  return { sent: events.length, rejected };
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'shift-to-now': { type: 'boolean' },
        'pace-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\n\n${SEND_EVENTS_USAGE}`,
    );
    return 2;
  }
  const file = parsed.positionals[0];
  if (parsed.values.help || file === undefined || parsed.positionals.length > 1) {
    console.error(SEND_EVENTS_USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const paceMs = Number(parsed.values['pace-ms'] ?? '0');
  if (!Number.isInteger(paceMs) || paceMs < 0 || paceMs > 60_000) {
    console.error(
      `--pace-ms must be a whole number of milliseconds, 0-60000\n\n${SEND_EVENTS_USAGE}`,
    );
    return 2;
  }
  try {
    const summary = await sendEvents(file, {
      shiftToNow: parsed.values['shift-to-now'] === true,
      paceMs,
      env: process.env,
    });
    for (const r of summary.rejected) console.error(`line ${r.line}: ${r.reason}: ${r.message}`);
    console.log(`sent ${summary.sent} events, rejected ${summary.rejected.length}`);
    return summary.sent > 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    console.error(`send-events failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
