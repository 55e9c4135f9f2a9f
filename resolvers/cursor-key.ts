import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Longest cursor read at all, checked before any decoding: an issued cursor with the longest id
 * (MAX_CURSOR_ID_LENGTH characters of 3 UTF-8 bytes) stays under it.
 */
export const MAX_CURSOR_LENGTH = 2048;

/** 128 bits of HMAC-SHA256. */
const TAG_BYTES = 16;

/**
 * The deployment's key for the cursors it issues: each cursor carries an HMAC of its content, so a
 * client can hand back a position it was given but cannot make up one, and a cursor of another
 * deployment (another key) is refused like an edited one.
 */
export class CursorKey {
  readonly #secret: Buffer;

  constructor(secret: string | Buffer) {
    this.#secret = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  }

  /** A key of this process only: its cursors mean nothing to another process. */
  static random(): CursorKey {
    return new CursorKey(randomBytes(32));
  }

  tag(text: string): string {
    return this.#digest(text).toString('base64url');
  }

  verifies(text: string, tag: unknown): boolean {
    if (typeof tag !== 'string') return false;
    const expected = Buffer.from(this.tag(text), 'utf8');
    const given = Buffer.from(tag, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #digest(text: string): Buffer {
    return createHmac('sha256', this.#secret).update(text, 'utf8').digest().subarray(0, TAG_BYTES);
  }
}
