/**
 * KolInput: the one description of a KOL profile as users send it (GraphQL `upsertKols`, Kafka
 * `profile` events, the import CLI) and the one validation that turns it into a `KolProfile`.
 *
 * Normalisation (documented for users in the schema):
 * - `platform` and `category` are the user's own labels: Unicode NFC, trimmed, runs of whitespace
 *   collapsed to one space, lower-cased. They are stored and matched in that form, so `" Beauty "`
 *   and `"beauty"` are one category; nothing else about the taxonomy is changed.
 * - `id`, `displayName` are trimmed; `handle` is trimmed and loses one leading `@`.
 * - `currency` and `country` are upper-cased, `language` lower-cased.
 * - A missing `updatedAt` means "now"; an optional raw trust field that is missing is recorded in
 *   `KolProfile.unreported` and the profile holds the stand-in of `PROFILE_STAND_INS`.
 *
 * Values are never coerced across types here: a string where a number belongs is an error. Text
 * sources (CSV) convert their cells with `coerceKolInputText` first.
 */
import type { KolProfile, UnreportedProfileField } from './types';

export type KolInputFieldType = 'string' | 'int' | 'number' | 'boolean' | 'datetime';

export interface KolInputFieldSpec {
  readonly name: string;
  /** `int`: a whole number >= 0; `number`: any finite number >= 0; `datetime`: ISO 8601 text. */
  readonly type: KolInputFieldType;
  readonly required: boolean;
  /** One sentence for the schema and the CLI's help. */
  readonly description: string;
}

export const KOL_INPUT_FIELDS = [
  {
    name: 'id',
    type: 'string',
    required: true,
    description: 'Your id of the KOL, unique across platforms (at most 128 characters).',
  },
  {
    name: 'platform',
    type: 'string',
    required: true,
    description:
      'Platform label, your own taxonomy (e.g. tiktok); stored trimmed, spaces collapsed, lower case.',
  },
  {
    name: 'handle',
    type: 'string',
    required: true,
    description: 'Account handle on its platform; a leading @ is dropped.',
  },
  { name: 'displayName', type: 'string', required: true, description: 'Display name.' },
  {
    name: 'category',
    type: 'string',
    required: true,
    description:
      'Content category, your own taxonomy (e.g. beauty); stored trimmed, spaces collapsed, lower case.',
  },
  {
    name: 'followers',
    type: 'int',
    required: true,
    description: 'Followers now (whole number, 0 or more).',
  },
  {
    name: 'following',
    type: 'int',
    required: true,
    description: 'Accounts this KOL follows (whole number, 0 or more).',
  },
  {
    name: 'posts',
    type: 'int',
    required: true,
    description: 'Posts published (whole number, 0 or more).',
  },
  { name: 'verified', type: 'boolean', required: true, description: 'Platform-verified account.' },
  {
    name: 'favoritesCount',
    type: 'int',
    required: false,
    description:
      'Lifetime likes/favourites received; unknown when omitted (the fake-follower rule is then not evaluated).',
  },
  {
    name: 'accountCreatedAt',
    type: 'datetime',
    required: false,
    description:
      'When the account was created: an ISO 8601 date (2020-01-31) or date-time with Z or an offset; unknown when omitted.',
  },
  {
    name: 'hasBio',
    type: 'boolean',
    required: false,
    description: 'Has a biography; read as bioLength > 0 when omitted.',
  },
  {
    name: 'bioLength',
    type: 'int',
    required: false,
    description: 'Characters in the biography; unknown when omitted.',
  },
  {
    name: 'hasUrl',
    type: 'boolean',
    required: false,
    description: 'Has a link in the profile; unknown when omitted (scored as false).',
  },
  {
    name: 'hasProfileImage',
    type: 'boolean',
    required: false,
    description: 'Has a profile picture; unknown when omitted (scored as true).',
  },
  {
    name: 'isPrivate',
    type: 'boolean',
    required: false,
    description: 'Private profile; unknown when omitted (scored as false).',
  },
  {
    name: 'pricePerPost',
    type: 'number',
    required: false,
    description: 'Asking price of one sponsored post, in currency (requires currency).',
  },
  {
    name: 'currency',
    type: 'string',
    required: false,
    description: 'ISO 4217 code of pricePerPost, e.g. USD.',
  },
  {
    name: 'country',
    type: 'string',
    required: false,
    description: 'ISO 3166-1 alpha-2 country code, e.g. US.',
  },
  {
    name: 'language',
    type: 'string',
    required: false,
    description: 'BCP 47 language tag, e.g. en or pt-BR (stored lower case).',
  },
  {
    name: 'updatedAt',
    type: 'datetime',
    required: false,
    description:
      'When this profile was observed: an ISO 8601 date or date-time with Z or an offset (default now). A row older than the stored profile changes nothing.',
  },
] as const satisfies readonly KolInputFieldSpec[];

export type KolInputFieldName = (typeof KOL_INPUT_FIELDS)[number]['name'];

/** Stand-in values a profile holds for unreported optional fields (read them as unknown). */
export const PROFILE_STAND_INS = {
  favoritesCount: 0,
  /** The profile's own `updatedAt`. */
  accountCreatedAt: 'updatedAt',
  bioLength: 0,
  hasUrl: false,
  hasProfileImage: true,
  isPrivate: false,
} as const satisfies Record<UnreportedProfileField, unknown>;

export interface KolInputError {
  /** Position of the row in the batch, from 0. */
  index: number;
  /** The KolInput field at fault, or null when the row as a whole is (e.g. not an object). */
  field: string | null;
  message: string;
}

export interface KolInputValidation {
  /** The rows without errors, normalised, in input order. */
  valid: KolProfile[];
  /** `validIndexes[i]` is the batch position of `valid[i]`. */
  validIndexes: number[];
  /** Every problem of every rejected row (a row can have several). */
  errors: KolInputError[];
}

/** Clock skew tolerated for timestamps "from the future". */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const MAX_LENGTH: Partial<Record<KolInputFieldName, number>> = {
  id: 128,
  platform: 64,
  category: 64,
  handle: 100,
  displayName: 200,
};
const KNOWN_FIELDS: ReadonlySet<string> = new Set(KOL_INPUT_FIELDS.map((f) => f.name));
const ISO_DATETIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;
const ISO_DATE_NO_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

const ASCII = /^[ -~\t\n\r]*$/;

/** The matching form of a free-text label (platform, category): see the module comment. */
export function normaliseLabel(text: string): string {
  // NFC is a no-op on printable ASCII, the common case; skipping it halves the cost on large imports.
  const composed = ASCII.test(text) ? text : text.normalize('NFC');
  return composed.trim().replace(/\s+/g, ' ').toLowerCase();
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : typeof value;
}

class RowChecker {
  readonly errors: KolInputError[] = [];

  constructor(
    private readonly row: Record<string, unknown>,
    private readonly index: number,
  ) {}

  fail(field: string | null, message: string): undefined {
    this.errors.push({ index: this.index, field, message });
    return undefined;
  }

  private present(field: KolInputFieldName, required: boolean): unknown {
    const value = this.row[field];
    if (value === undefined || value === null) {
      if (required) this.fail(field, `${field} is required`);
      return undefined;
    }
    return value;
  }

  text(field: KolInputFieldName, required: boolean): string | undefined {
    const value = this.present(field, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string')
      return this.fail(field, `${field} must be text, got ${describe(value)}`);
    const trimmed = value.trim();
    if (trimmed === '') return this.fail(field, `${field} must not be empty`);
    const max = MAX_LENGTH[field];
    if (max !== undefined && trimmed.length > max) {
      return this.fail(field, `${field} must be at most ${max} characters (got ${trimmed.length})`);
    }
    return trimmed;
  }

  label(field: 'platform' | 'category'): string | undefined {
    const value = this.text(field, true);
    return value === undefined ? undefined : normaliseLabel(value);
  }

  code(
    field: 'currency' | 'country' | 'language',
    pattern: RegExp,
    example: string,
  ): string | undefined {
    const value = this.text(field, false);
    if (value === undefined) return undefined;
    if (!pattern.test(value))
      return this.fail(field, `${field} must look like ${example}, got ${describe(value)}`);
    return field === 'language' ? value.toLowerCase() : value.toUpperCase();
  }

  count(field: KolInputFieldName, required: boolean): number | undefined {
    const value = this.present(field, required);
    if (value === undefined) return undefined;
    const n = this.finiteNonNegative(field, value, 'a whole number of 0 or more');
    if (n === undefined) return undefined;
    if (!Number.isInteger(n))
      return this.fail(field, `${field} counts items, so it must be a whole number (got ${n})`);
    if (n > Number.MAX_SAFE_INTEGER) return this.fail(field, `${field} is too large (got ${n})`);
    return n;
  }

  amount(field: KolInputFieldName): number | undefined {
    const value = this.present(field, false);
    if (value === undefined) return undefined;
    return this.finiteNonNegative(field, value, 'a number of 0 or more');
  }

  private finiteNonNegative(field: string, value: unknown, what: string): number | undefined {
    if (typeof value !== 'number')
      return this.fail(field, `${field} must be ${what}, got ${describe(value)}`);
    if (!Number.isFinite(value)) return this.fail(field, `${field} must be ${what}, got ${value}`);
    if (value < 0) return this.fail(field, `${field} must not be negative (got ${value})`);
    return value;
  }

  flag(field: KolInputFieldName, required: boolean): boolean | undefined {
    const value = this.present(field, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean')
      return this.fail(field, `${field} must be true or false, got ${describe(value)}`);
    return value;
  }

  time(field: KolInputFieldName, now: Date): Date | undefined {
    const value = this.present(field, false);
    if (value === undefined) return undefined;
    let date: Date;
    if (value instanceof Date) {
      date = value;
    } else if (typeof value === 'string') {
      const text = value.trim();
      if (!ISO_DATETIME.test(text)) {
        const hint = ISO_DATE_NO_OFFSET.test(text) ? ': add Z or an offset such as +02:00' : '';
        return this.fail(
          field,
          `${field} must be an ISO 8601 date-time, got ${describe(value)}${hint}`,
        );
      }
      date = new Date(text.replace(' ', 'T'));
    } else {
      return this.fail(
        field,
        `${field} must be an ISO 8601 date-time string, got ${describe(value)}`,
      );
    }
    if (Number.isNaN(date.getTime()))
      return this.fail(field, `${field} is not a valid date-time (${describe(value)})`);
    if (date.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      return this.fail(field, `${field} is in the future (${date.toISOString()})`);
    }
    return date;
  }
}

/**
 * A row of a table-shaped batch (field names once, one list of values per row) that is not such a
 * list: validateKolInputs reports `reason` as the row's error, with no field.
 */
export class MalformedKolRow {
  constructor(readonly reason: string) {}
}

function validateRow(
  raw: unknown,
  index: number,
  now: Date,
): { profile?: KolProfile; errors: KolInputError[] } {
  if (raw instanceof MalformedKolRow)
    return { errors: [{ index, field: null, message: raw.reason }] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Date) {
    return {
      errors: [
        {
          index,
          field: null,
          message: `each row must be an object with the KolInput fields, got ${describe(raw)}`,
        },
      ],
    };
  }
  const row = raw as Record<string, unknown>;
  const c = new RowChecker(row, index);
  for (const key of Object.keys(row)) {
    if (!KNOWN_FIELDS.has(key)) c.fail(key, `${key} is not a KolInput field`);
  }
  const id = c.text('id', true);
  const platform = c.label('platform');
  const handleText = c.text('handle', true);
  const handle = handleText?.startsWith('@') ? handleText.slice(1) : handleText;
  if (handleText !== undefined && handle === '') c.fail('handle', 'handle must not be empty');
  const displayName = c.text('displayName', true);
  const category = c.label('category');
  const followers = c.count('followers', true);
  const following = c.count('following', true);
  const posts = c.count('posts', true);
  const verified = c.flag('verified', true);
  const favorites = c.count('favoritesCount', false);
  const accountCreatedAt = c.time('accountCreatedAt', now);
  const hasBio = c.flag('hasBio', false);
  const bioLength = c.count('bioLength', false);
  const hasUrl = c.flag('hasUrl', false);
  const hasProfileImage = c.flag('hasProfileImage', false);
  const isPrivate = c.flag('isPrivate', false);
  const pricePerPost = c.amount('pricePerPost');
  const currency = c.code('currency', /^[A-Za-z]{3}$/, 'USD (ISO 4217)');
  const country = c.code('country', /^[A-Za-z]{2}$/, 'US (ISO 3166-1 alpha-2)');
  const language = c.code(
    'language',
    /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/,
    'en or pt-BR (BCP 47)',
  );
  const updatedAt = c.time('updatedAt', now) ?? now;

  if (hasBio === true && bioLength === 0) c.fail('bioLength', 'bioLength is 0 but hasBio is true');
  if (hasBio === false && bioLength !== undefined && bioLength > 0) {
    c.fail('bioLength', `bioLength is ${bioLength} but hasBio is false`);
  }
  if (pricePerPost !== undefined && row.currency == null) {
    c.fail('currency', 'currency is required when pricePerPost is given');
  }
  if (c.errors.length > 0) return { errors: c.errors };

  const unreported: UnreportedProfileField[] = [];
  const reported = <T>(field: UnreportedProfileField, value: T | undefined, standIn: T): T => {
    if (value !== undefined) return value;
    unreported.push(field);
    return standIn;
  };
  const profile: KolProfile = {
    // Every required field passed its check when no error was recorded.
    id: id!,
    platform: platform!,
    handle: handle!,
    displayName: displayName!,
    category: category!,
    followers: followers!,
    following: following!,
    posts: posts!,
    verified: verified!,
    favorites: reported('favoritesCount', favorites, PROFILE_STAND_INS.favoritesCount),
    accountCreatedAt: reported('accountCreatedAt', accountCreatedAt, updatedAt),
    bioLength: reported('bioLength', bioLength, PROFILE_STAND_INS.bioLength),
    hasUrl: reported('hasUrl', hasUrl, PROFILE_STAND_INS.hasUrl),
    hasProfileImage: reported(
      'hasProfileImage',
      hasProfileImage,
      PROFILE_STAND_INS.hasProfileImage,
    ),
    isPrivate: reported('isPrivate', isPrivate, PROFILE_STAND_INS.isPrivate),
    updatedAt,
  };
  if (hasBio !== undefined) profile.hasBio = hasBio;
  if (pricePerPost !== undefined) profile.pricePerPost = pricePerPost;
  if (currency !== undefined) profile.currency = currency;
  if (country !== undefined) profile.country = country;
  if (language !== undefined) profile.language = language;
  if (unreported.length > 0) profile.unreported = unreported;
  return { profile, errors: [] };
}

/**
 * Validates and normalises a batch of KolInput rows. Each row is judged on its own: the good rows
 * are returned even when others fail. Duplicate ids are not resolved here (callers decide; the
 * upsert service keeps the last). `now` is the default `updatedAt` and the "future" bound.
 */
export function validateKolInputs(rows: readonly unknown[], now: Date): KolInputValidation {
  const result: KolInputValidation = { valid: [], validIndexes: [], errors: [] };
  rows.forEach((raw, index) => {
    const { profile, errors } = validateRow(raw, index, now);
    if (profile) {
      result.valid.push(profile);
      result.validIndexes.push(index);
    } else {
      result.errors.push(...errors);
    }
  });
  return result;
}

const TRUE_TEXT = new Set(['true', '1', 'yes']);
const FALSE_TEXT = new Set(['false', '0', 'no']);
const FIELD_TYPES: ReadonlyMap<string, KolInputFieldType> = new Map(
  KOL_INPUT_FIELDS.map((f) => [f.name, f.type]),
);

/**
 * Converts a text record (a CSV row keyed by the header) to KolInput values by each field's type:
 * an empty cell is omitted; numbers and booleans (true/false, 1/0, yes/no) are parsed when they
 * parse cleanly and otherwise passed on as text, so `validateKolInputs` reports them with the
 * field's name. Unknown columns are passed on (and reported) unchanged.
 */
export function coerceKolInputText(
  record: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, cell] of Object.entries(record)) {
    const text = cell.trim();
    if (text === '') continue;
    const type = FIELD_TYPES.get(key);
    if (type === 'int' || type === 'number') {
      const n = Number(text);
      out[key] =
        /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) && Number.isFinite(n) ? n : cell;
    } else if (type === 'boolean') {
      const lower = text.toLowerCase();
      out[key] = TRUE_TEXT.has(lower) ? true : FALSE_TEXT.has(lower) ? false : cell;
    } else {
      out[key] = cell;
    }
  }
  return out;
}
