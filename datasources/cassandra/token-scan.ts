import { types } from 'cassandra-driver';
import { mapConcurrent } from '../shared/async';
import type { CassandraSession } from './client';

export interface TokenScanOptions {
  /** Token ranges the ring is cut into (scanned `concurrency` at a time). */
  ranges?: number;
  concurrency?: number;
  /** Rows per round trip. */
  fetchSize?: number;
}

const MIN_TOKEN = -(2n ** 63n);
const MAX_TOKEN = 2n ** 63n - 1n;

/** The Murmur3 ring cut into `n` contiguous (from, to] ranges, as driver Longs. */
export function tokenRanges(n: number): [types.Long, types.Long][] {
  const span = (MAX_TOKEN - MIN_TOKEN) / BigInt(n);
  const out: [types.Long, types.Long][] = [];
  for (let i = 0; i < n; i++) {
    const from = MIN_TOKEN + span * BigInt(i);
    const to = i === n - 1 ? MAX_TOKEN : MIN_TOKEN + span * BigInt(i + 1);
    out.push([types.Long.fromString(from.toString()), types.Long.fromString(to.toString())]);
  }
  return out;
}

/**
 * Reads a whole table by token ranges: `query` ends in `token(<partition key>) > ? AND
 * token(<partition key>) <= ?` (plus any PER PARTITION LIMIT), each range paged, `concurrency`
 * ranges at a time; a page the node is too busy for is asked again. `onRow` sees every row (rows of
 * one partition in clustering order; ranges in no particular order). Returns the round trips made.
 */
export async function scanTokenRanges(
  session: CassandraSession,
  query: string,
  onRow: (row: types.Row) => void | Promise<void>,
  options: TokenScanOptions = {},
): Promise<number> {
  const ranges = tokenRanges(options.ranges ?? 64);
  const fetchSize = options.fetchSize ?? 5_000;
  let statements = 0;
  await mapConcurrent(ranges, options.concurrency ?? 6, async ([from, to]) => {
    for await (const page of session.pages(query, [from, to], fetchSize, true)) {
      statements += 1;
      for (const row of page) {
        const pending = onRow(row);
        if (pending) await pending;
      }
    }
  });
  return statements;
}
