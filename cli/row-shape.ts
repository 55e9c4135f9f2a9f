/**
 * What a row must look like for the GraphQL layer to accept the call at all: only KolInput
 * fields, each a JSON value of its field's GraphQL type (numbers for counts and amounts, booleans,
 * text). The gateway refuses a whole `upsertKols` call when one row breaks this, so such a row is
 * rejected here, before sending; whether the values are acceptable (required fields, ranges,
 * formats) is the gateway's validation alone.
 */
import { KOL_INPUT_FIELDS, type KolInputFieldType } from '../domain/kol-input';

const TYPES: ReadonlyMap<string, KolInputFieldType> = new Map(
  KOL_INPUT_FIELDS.map((f) => [f.name, f.type]),
);

export interface ShapeProblem {
  field: string;
  message: string;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : JSON.stringify(value);
}

function fits(type: KolInputFieldType, field: string, value: unknown): string | null {
  switch (type) {
    case 'int':
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? null
        : `${field} must be a number, got ${shown(value)}`;
    case 'boolean':
      return typeof value === 'boolean'
        ? null
        : `${field} must be true or false (or 1/0, yes/no), got ${shown(value)}`;
    case 'datetime':
      return typeof value === 'string'
        ? null
        : `${field} must be an ISO 8601 date-time string, got ${shown(value)}`;
    case 'string':
      // `id` is a GraphQL ID, which also takes a whole number.
      return typeof value === 'string' || (field === 'id' && Number.isInteger(value))
        ? null
        : `${field} must be text, got ${shown(value)}`;
  }
}

/** The problems of a row that the GraphQL layer could not take (empty: send it). */
export function shapeProblems(row: Readonly<Record<string, unknown>>): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  for (const [field, value] of Object.entries(row)) {
    const type = TYPES.get(field);
    if (type === undefined) {
      problems.push({ field, message: `${field} is not a KolInput field` });
      continue;
    }
    if (value === null || value === undefined) continue;
    const message = fits(type, field, value);
    if (message) problems.push({ field, message });
  }
  return problems;
}
