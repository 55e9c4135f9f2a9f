import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '../../config';
import {
  formatReplication,
  parseReplication,
  replicationFromSchema,
  sameReplication,
} from '../../config/replication';

function replicationProblems(spec: string): readonly string[] {
  try {
    loadSettings({ CASSANDRA_REPLICATION: spec });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`expected CASSANDRA_REPLICATION=${spec} to be refused`);
}

describe('CASSANDRA_REPLICATION', () => {
  it('takes factors written as plain decimal digits only', () => {
    for (const spec of [
      'dc1:1e1',
      'dc1:0x3',
      'dc1:3.0',
      'dc1:+3',
      'dc1: 3e0',
      'SimpleStrategy:0b1',
    ]) {
      expect(replicationProblems(spec)).toEqual([
        `CASSANDRA_REPLICATION: "${spec}" must be SimpleStrategy:<factor> or <dc>:<factor>, ` +
          'the factor a whole number ≥ 1 in decimal digits (e.g. datacenter1:3)',
      ]);
    }
    expect(parseReplication('dc1:3, dc2:12').replication).toEqual({
      strategy: 'NetworkTopologyStrategy',
      factors: { dc1: 3, dc2: 12 },
    });
  });

  it('refuses a data centre named twice instead of keeping the last factor', () => {
    expect(replicationProblems('dc1:3,dc1:2')).toEqual([
      'CASSANDRA_REPLICATION: data centre dc1 named more than once (give one factor per data centre)',
    ]);
    expect(replicationProblems('dc1:3,dc2:1,dc2:1')).toEqual([
      'CASSANDRA_REPLICATION: data centre dc2 named more than once (give one factor per data centre)',
    ]);
  });

  it('reads an existing keyspace replication from system_schema and compares it', () => {
    const nts = replicationFromSchema({
      class: 'org.apache.cassandra.locator.NetworkTopologyStrategy',
      datacenter1: '3',
    });
    expect(nts).toEqual({ strategy: 'NetworkTopologyStrategy', factors: { datacenter1: 3 } });
    const simple = replicationFromSchema({
      class: 'org.apache.cassandra.locator.SimpleStrategy',
      replication_factor: '1',
    });
    expect(simple).toEqual({ strategy: 'SimpleStrategy', factor: 1 });
    expect(replicationFromSchema({ class: 'org.apache.cassandra.locator.LocalStrategy' })).toBe(
      undefined,
    );
    expect(formatReplication(nts!)).toBe('datacenter1:3');
    expect(sameReplication(nts!, parseReplication('datacenter1:3').replication)).toBe(true);
    expect(sameReplication(nts!, parseReplication('datacenter1:1').replication)).toBe(false);
    expect(sameReplication(simple!, parseReplication(undefined).replication)).toBe(true);
    expect(sameReplication(simple!, nts!)).toBe(false);
    expect(
      sameReplication(
        parseReplication('a:1,b:2').replication,
        parseReplication('b:2,a:1').replication,
      ),
    ).toBe(true);
  });
});
