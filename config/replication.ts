import type { CassandraReplication } from './settings';

const DC_NAME = /^[A-Za-z0-9_.-]+$/;
/** Plain decimal digits only: `Number()` would also take `1e1`, `0x3`, `3.0` and `+3`. */
const FACTOR = /^0*[1-9][0-9]*$/;
const SIMPLE = 'SimpleStrategy';
const VARIABLE = 'CASSANDRA_REPLICATION';

interface Entry {
  name: string;
  factor: number;
}

type Parsed = { replication: CassandraReplication; problems: string[] };

const FALLBACK: CassandraReplication = { strategy: 'SimpleStrategy', factor: 1 };

/**
 * Parses `CASSANDRA_REPLICATION`: `SimpleStrategy:<factor>` (the default, factor 1) or a
 * NetworkTopologyStrategy map `<dc>:<factor>,<dc>:<factor>`; every factor a whole number ≥ 1 in
 * decimal digits, every data centre named once.
 */
export function parseReplication(spec: string | undefined): Parsed {
  if (spec === undefined) return { replication: FALLBACK, problems: [] };
  const parts = spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0)
    return refused(`${VARIABLE}: must be SimpleStrategy:<factor> or <dc>:<factor>,…`);
  const problems = parts.flatMap(entryProblems);
  if (problems.length > 0) return { replication: FALLBACK, problems };
  return fromEntries(parts.map(toEntry));
}

function entryProblems(part: string): string[] {
  const { name, digits } = splitEntry(part);
  if (DC_NAME.test(name) && FACTOR.test(digits)) return [];
  return [
    `${VARIABLE}: "${part}" must be SimpleStrategy:<factor> or <dc>:<factor>, ` +
      'the factor a whole number ≥ 1 in decimal digits (e.g. datacenter1:3)',
  ];
}

function splitEntry(part: string): { name: string; digits: string } {
  const separator = part.lastIndexOf(':');
  if (separator < 0) return { name: '', digits: '' };
  return { name: part.slice(0, separator).trim(), digits: part.slice(separator + 1).trim() };
}

function toEntry(part: string): Entry {
  const { name, digits } = splitEntry(part);
  return { name, factor: Number(digits) };
}

function fromEntries(entries: readonly Entry[]): Parsed {
  const [first] = entries;
  if (entries.length === 1 && first?.name === SIMPLE) {
    return { replication: { strategy: 'SimpleStrategy', factor: first.factor }, problems: [] };
  }
  if (entries.some((e) => e.name === SIMPLE)) {
    return refused(`${VARIABLE}: SimpleStrategy cannot be combined with data centre factors`);
  }
  const repeated = [...new Set(entries.map((e) => e.name))].filter(
    (name) => entries.filter((e) => e.name === name).length > 1,
  );
  if (repeated.length > 0) {
    return refused(
      `${VARIABLE}: ${repeated.length > 1 ? 'data centres' : 'data centre'} ${repeated.join(', ')} ` +
        'named more than once (give one factor per data centre)',
    );
  }
  return {
    replication: {
      strategy: 'NetworkTopologyStrategy',
      factors: Object.fromEntries(entries.map((e) => [e.name, e.factor])),
    },
    problems: [],
  };
}

function refused(problem: string): Parsed {
  return { replication: FALLBACK, problems: [problem] };
}

/** A replication in the syntax of `CASSANDRA_REPLICATION` (`SimpleStrategy:1`, `dc1:3,dc2:3`). */
export function formatReplication(replication: CassandraReplication): string {
  if (replication.strategy === 'SimpleStrategy') return `${SIMPLE}:${replication.factor}`;
  return Object.entries(replication.factors)
    .map(([dc, factor]) => `${dc}:${factor}`)
    .join(',');
}

/**
 * The replication of an existing keyspace from its `system_schema.keyspaces.replication` map, or
 * undefined for a strategy the setting cannot express (LocalStrategy, EverywhereStrategy, …).
 */
export function replicationFromSchema(
  map: Readonly<Record<string, string>>,
): CassandraReplication | undefined {
  const strategy = (map.class ?? '').split('.').pop();
  const factors = Object.entries(map).filter(([key]) => key !== 'class');
  // A transient-replication factor ("3/1") is not expressible either.
  if (!factors.every(([, value]) => /^[0-9]+$/.test(value))) return undefined;
  if (strategy === SIMPLE) {
    return map.replication_factor === undefined
      ? undefined
      : { strategy: 'SimpleStrategy', factor: Number(map.replication_factor) };
  }
  if (strategy !== 'NetworkTopologyStrategy') return undefined;
  return {
    strategy: 'NetworkTopologyStrategy',
    factors: Object.fromEntries(factors.map(([dc, value]) => [dc, Number(value)])),
  };
}

export function sameReplication(a: CassandraReplication, b: CassandraReplication): boolean {
  if (a.strategy === 'SimpleStrategy' || b.strategy === 'SimpleStrategy') {
    return formatReplication(a) === formatReplication(b);
  }
  const left = Object.entries(a.factors);
  return (
    left.length === Object.keys(b.factors).length &&
    left.every(([dc, factor]) => b.factors[dc] === factor)
  );
}
