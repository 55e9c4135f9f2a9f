/**
 * Driver-level round-trip counters. The store-level counter (test/support/counting.ts) counts calls
 * of store methods; one such call can be many CQL requests (the Cassandra stores read one partition
 * per id, concurrently) or one Redis pipeline. These count what goes over the wire.
 */
import type { Client } from 'cassandra-driver';
import type Redis from 'ioredis';

export interface WireCounts {
  /** CQL requests (`execute`, each `batch` counts one). */
  cql: number;
  /** Redis round trips: a standalone command or one pipeline/transaction flush. */
  redisRoundTrips: number;
  /** Redis commands, pipelined or not (a Lua script call counts one). */
  redisCommands: number;
}

export interface WireCounter {
  readonly counts: WireCounts;
  reset(): void;
  snapshot(): WireCounts;
  /** Puts the original driver methods back. */
  restore(): void;
}

type AnyMethod = (...args: unknown[]) => unknown;

/** Wraps `client.execute`/`client.batch` and `redis.sendCommand` of these instances. */
export function countWire(parts: { cassandra?: Client; redis?: Redis }): WireCounter {
  const counts: WireCounts = { cql: 0, redisRoundTrips: 0, redisCommands: 0 };
  const restores: (() => void)[] = [];

  const patch = (target: object, name: string, before: (args: unknown[]) => void): void => {
    const holder = target as Record<string, unknown>;
    const original = holder[name];
    if (typeof original !== 'function') throw new Error(`cannot count: no method ${name}`);
    const fn = original as AnyMethod;
    const hadOwn = Object.prototype.hasOwnProperty.call(holder, name);
    holder[name] = function counted(this: unknown, ...args: unknown[]): unknown {
      before(args);
      return fn.apply(this, args);
    };
    restores.push(() => {
      if (hadOwn) holder[name] = original;
      else delete holder[name];
    });
  };

  if (parts.cassandra) {
    patch(parts.cassandra, 'execute', () => {
      counts.cql++;
    });
    patch(parts.cassandra, 'batch', () => {
      counts.cql++;
    });
  }
  if (parts.redis) {
    // A pipeline flush calls sendCommand once per queued command with the pipeline's own writable
    // as the second argument: the first command seen with a given writable starts a round trip.
    const flushes = new WeakSet<object>();
    patch(parts.redis, 'sendCommand', (args) => {
      counts.redisCommands++;
      const stream = args[1];
      if (typeof stream === 'object' && stream !== null) {
        if (!flushes.has(stream)) {
          flushes.add(stream);
          counts.redisRoundTrips++;
        }
      } else {
        counts.redisRoundTrips++;
      }
    });
  }

  return {
    counts,
    reset() {
      counts.cql = 0;
      counts.redisRoundTrips = 0;
      counts.redisCommands = 0;
    },
    snapshot: () => ({ ...counts }),
    restore() {
      for (const undo of restores.splice(0).reverse()) undo();
    },
  };
}
