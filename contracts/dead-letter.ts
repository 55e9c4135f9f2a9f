/** The `events.dlq` message: a rejected raw event with where it came from; keyed as the input was. */
import type { RejectReason } from './envelope';

export interface DeadLetter {
  reason: RejectReason;
  /** Which field, what was wrong. */
  error: string;
  topic: string;
  partition: number;
  offset: string;
  /** The message value as UTF-8 text (null for an empty message). */
  raw: string | null;
}

export function encodeDeadLetter(letter: DeadLetter): string {
  return JSON.stringify(letter);
}
