/** `INSERT INTO table (a, b, c) VALUES (?, ?, ?)` for a comma-separated column list. */
export function insertCql(table: string, columns: string, suffix = ''): string {
  const placeholders = columns
    .split(',')
    .map(() => '?')
    .join(', ');
  return `INSERT INTO ${table} (${columns}) VALUES (${placeholders})${suffix ? ` ${suffix}` : ''}`;
}
