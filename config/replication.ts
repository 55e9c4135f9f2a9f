import type { CassandraReplication } from './settings';

const DC_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Parses `CASSANDRA_REPLICATION`: `SimpleStrategy:<factor>` (the default, factor 1) or a
 * NetworkTopologyStrategy map `<dc>:<factor>,<dc>:<factor>`.
 */
export function parseReplication(spec: string | undefined): {
  replication: CassandraReplication;
  problems: string[];
} {
  const fallback: CassandraReplication = { strategy: 'SimpleStrategy', factor: 1 };
  if (spec === undefined) return { replication: fallback, problems: [] };
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const separator = entry.lastIndexOf(':');
      return { name: entry.slice(0, separator), factor: Number(entry.slice(separator + 1)) };
    });
  const valid =
    entries.length > 0 &&
    entries.every((e) => DC_NAME.test(e.name) && Number.isInteger(e.factor) && e.factor >= 1);
  if (!valid) {
    return {
      replication: fallback,
      problems: [
        'CASSANDRA_REPLICATION: must be SimpleStrategy:<factor> or <dc>:<factor>,… with whole factors ≥ 1',
      ],
    };
  }
  const [first] = entries;
  if (entries.length === 1 && first?.name === 'SimpleStrategy') {
    return { replication: { strategy: 'SimpleStrategy', factor: first.factor }, problems: [] };
  }
  if (entries.some((e) => e.name === 'SimpleStrategy')) {
    return {
      replication: fallback,
      problems: [
        'CASSANDRA_REPLICATION: SimpleStrategy cannot be combined with data centre factors',
      ],
    };
  }
  return {
    replication: {
      strategy: 'NetworkTopologyStrategy',
      factors: Object.fromEntries(entries.map((e) => [e.name, e.factor])),
    },
    problems: [],
  };
}
