/**
 * Input validation. Every scorer validates its whole batch before running a model and throws the
 * first problem as an InputValidationError (with the row index when it scored a batch). Callers
 * that want per-row errors (scoreKols) can call the `validate*Input` functions row by row first.
 */
import { InputValidationError } from './errors';
import { TRUST_INPUT_DEFAULTS } from './defaults';
import type { AnomalyInput, SuccessInput, TrustInput } from './types';

type Row = number | undefined;

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return value === null ? 'null' : typeof value;
}

function finite(value: unknown, field: string, row: Row, what: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new InputValidationError(field, `${field} must be ${what}, got ${describe(value)}`, row);
  }
  if (!Number.isFinite(value)) {
    throw new InputValidationError(
      field,
      `${field} must be ${what}, got ${describe(value)}: send a finite number`,
      row,
    );
  }
  return value;
}

/** A count: a finite, non-negative, whole number no larger than Number.MAX_SAFE_INTEGER. */
export function requireCount(value: unknown, field: string, row?: number): number {
  const v = finite(value, field, row, 'a non-negative whole number');
  if (v < 0) {
    throw new InputValidationError(
      field,
      `${field} must not be negative (got ${v}): send 0 or more`,
      row,
    );
  }
  if (!Number.isInteger(v)) {
    throw new InputValidationError(
      field,
      `${field} counts items, so it must be a whole number (got ${v}): round it`,
      row,
    );
  }
  if (v > Number.MAX_SAFE_INTEGER) {
    throw new InputValidationError(field, `${field} is too large (got ${v})`, row);
  }
  return v;
}

/** A finite number >= 0 (fractions allowed), optionally bounded above. */
export function requireNonNegative(
  value: unknown,
  field: string,
  row?: number,
  max?: number,
): number {
  const v = finite(value, field, row, 'a non-negative number');
  if (v < 0) {
    throw new InputValidationError(
      field,
      `${field} must not be negative (got ${v}): send 0 or more`,
      row,
    );
  }
  if (max !== undefined && v > max) {
    throw new InputValidationError(
      field,
      `${field} must be at most ${max} (got ${v})${max === 1 ? ': send a fraction, e.g. 0.02 for 2%' : ''}`,
      row,
    );
  }
  return v;
}

/** A finite whole number, negative allowed (e.g. a follower delta). */
export function requireInteger(value: unknown, field: string, row?: number): number {
  const v = finite(value, field, row, 'a whole number');
  if (!Number.isInteger(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) {
    throw new InputValidationError(
      field,
      `${field} must be a whole number (got ${v}): round it`,
      row,
    );
  }
  return v;
}

function optional<T>(
  value: unknown,
  check: (v: unknown, field: string, row?: number) => T,
  field: string,
  row: Row,
): void {
  if (value !== undefined && value !== null) check(value, field, row);
}

function optionalBoolean(value: unknown, field: string, row: Row): void {
  if (value !== undefined && value !== null && typeof value !== 'boolean') {
    throw new InputValidationError(
      field,
      `${field} must be true or false, got ${describe(value)}`,
      row,
    );
  }
}

function optionalId(value: unknown, row: Row): void {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new InputValidationError('kolId', `kolId must be a string, got ${describe(value)}`, row);
  }
}

function requireObject(value: unknown, row: Row): void {
  if (typeof value !== 'object' || value === null) {
    throw new InputValidationError(
      'input',
      `each input must be an object, got ${describe(value)}`,
      row,
    );
  }
}

export function validateTrustInput(input: TrustInput, row?: number): void {
  requireObject(input, row);
  optionalId(input.kolId, row);
  requireCount(input.followersCount, 'followersCount', row);
  requireCount(input.followingCount, 'followingCount', row);
  requireCount(input.postCount, 'postCount', row);
  optional(input.favoritesCount, requireCount, 'favoritesCount', row);
  optional(input.accountAgeDays, requireNonNegative, 'accountAgeDays', row);
  optional(input.bioLength, requireCount, 'bioLength', row);
  optional(input.usernameLength, requireCount, 'usernameLength', row);
  optional(input.usernameDigitCount, requireCount, 'usernameDigitCount', row);
  optionalBoolean(input.verified, 'verified', row);
  optionalBoolean(input.hasBio, 'hasBio', row);
  optionalBoolean(input.hasUrl, 'hasUrl', row);
  optionalBoolean(input.hasProfileImage, 'hasProfileImage', row);
  optionalBoolean(input.isPrivate, 'isPrivate', row);
  const length = input.usernameLength ?? TRUST_INPUT_DEFAULTS.usernameLength;
  const digits = input.usernameDigitCount ?? TRUST_INPUT_DEFAULTS.usernameDigitCount;
  if (digits > length) {
    throw new InputValidationError(
      'usernameDigitCount',
      `usernameDigitCount (${digits}) cannot exceed usernameLength (${length}` +
        `${input.usernameLength == null ? ', the default' : ''}): send both, with digits <= length`,
      row,
    );
  }
}

export function validateSuccessInput(input: SuccessInput, row?: number): void {
  requireObject(input, row);
  optionalId(input.kolId, row);
  requireCount(input.videoViews, 'videoViews', row);
  requireCount(input.videoLikes, 'videoLikes', row);
  requireCount(input.videoComments, 'videoComments', row);
  requireCount(input.videoShares, 'videoShares', row);
  optional(input.engagementTotal, requireCount, 'engagementTotal', row);
  optional(input.engagementRate, requireNonNegative, 'engagementRate', row);
  optional(input.estClicks, requireNonNegative, 'estClicks', row);
  optional(input.estCtr, (v, f, r) => requireNonNegative(v, f, r, 1), 'estCtr', row);
  requireNonNegative(input.price, 'price', row);
}

export function validateAnomalyInput(input: AnomalyInput, row?: number): void {
  requireObject(input, row);
  optionalId(input.kolId, row);
  requireCount(input.followersCount, 'followersCount', row);
  requireCount(input.followingCount, 'followingCount', row);
  requireCount(input.postCount, 'postCount', row);
  optional(input.accountAgeDays, requireNonNegative, 'accountAgeDays', row);
  optional(input.engagementRate, requireNonNegative, 'engagementRate', row);
  optional(input.followerDelta24h, requireInteger, 'followerDelta24h', row);
}

/** Validates a batch; the error carries the index of the first bad row. */
export function validateBatch<T>(
  inputs: readonly T[],
  validate: (input: T, row?: number) => void,
): void {
  if (!Array.isArray(inputs)) {
    throw new InputValidationError('inputs', 'inputs must be an array of rows');
  }
  for (let i = 0; i < inputs.length; i++) validate(inputs[i] as T, i);
}
