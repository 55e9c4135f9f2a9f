import { KOL_INPUT_FIELDS, MalformedKolRow } from '../domain/kol-input';
import { badUserInput } from './errors';

const FIELD_NAMES: ReadonlySet<string> = new Set(KOL_INPUT_FIELDS.map((f) => f.name));

/**
 * The rows of a KolRowsInput table as the row objects upsertKols validates (null values left
 * out: not given). A row that is not a list of one value per field becomes a MalformedKolRow, so
 * it is that row's error. Unknown or repeated field names, or `values` not a list, fail the call.
 */
export function kolRowsOfTable(table: { fields: readonly string[]; values: unknown }): unknown[] {
  const seen = new Set<string>();
  for (const name of table.fields) {
    if (!FIELD_NAMES.has(name)) {
      throw badUserInput(
        `rows.fields: "${name}" is not a KolInput field (known: ${[...FIELD_NAMES].join(', ')}).`,
        { argument: 'rows.fields' },
      );
    }
    if (seen.has(name)) {
      throw badUserInput(`rows.fields: "${name}" is given twice.`, { argument: 'rows.fields' });
    }
    seen.add(name);
  }
  if (!Array.isArray(table.values)) {
    throw badUserInput('rows.values must be a JSON array of rows (each a list of values).', {
      argument: 'rows.values',
    });
  }
  const { fields } = table;
  return (table.values as unknown[]).map((values) => {
    if (!Array.isArray(values) || values.length !== fields.length) {
      return new MalformedKolRow(
        `each row of rows.values must be a list of ${fields.length} values (one per field), got ${
          Array.isArray(values) ? `${values.length} values` : typeof values
        }`,
      );
    }
    const row: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const value: unknown = values[i];
      if (value !== null && value !== undefined) row[fields[i]!] = value;
    }
    return row;
  });
}
