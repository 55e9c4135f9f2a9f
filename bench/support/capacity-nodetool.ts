/**
 * nodetool for the capacity benchmark: flush, compact and per-table statistics of one keyspace on
 * the local Cassandra, over its JMX port. Uses `nodetool` from PATH when there is one; otherwise
 * runs the NodeTool class from the jars scripts/services installed (the local node is started from
 * those jars, with no nodetool script). Either way nothing is installed or downloaded.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** On-disk figures of one table after a flush, as `nodetool tablestats` reports them. */
export interface TableDisk {
  /** Bytes of the live SSTables on disk (data, index, filter, statistics: everything). */
  spaceUsedLive: number;
  /** Compressed / uncompressed size of the SSTables' data (1 = no compression). */
  compressionRatio: number | null;
  sstables: number;
  partitionsEstimate: number;
  maxPartitionBytes: number;
  meanPartitionBytes: number;
}

export interface NodeTool {
  /** How it is run (for the result file). */
  readonly command: string;
  flush(keyspace: string): Promise<void>;
  /** Major compaction: merges rewritten rows, so the bytes are those of the steady state. */
  compact(keyspace: string): Promise<void>;
  tableStats(keyspace: string): Promise<Map<string, TableDisk>>;
  /** Compactions the node has queued or running (`compactionstats`' "pending tasks"). */
  pendingCompactions(): Promise<number>;
}

/** Java 17 module access NodeTool's static initialisers need (as Cassandra's own tool options). */
const JAVA_OPTIONS = [
  '--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED',
  '--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '-Xmx128m',
  '-XX:+UseSerialGC',
];

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The nodetool of the local node, or undefined (with the reason) when neither a `nodetool` on PATH
 * nor the service jars are there.
 */
export function findNodeTool(): NodeTool | { missing: string } {
  const host = process.env.CASSANDRA_JMX_HOST ?? '127.0.0.1';
  const port = process.env.CASSANDRA_JMX_PORT ?? '7199';
  const target = ['-h', host, '-p', port];
  const script = onPath('nodetool');
  if (script) return nodeTool(script, target, script);
  const cacheRoot =
    process.env.KOL_SERVICES_CACHE ?? path.join(os.homedir(), '.cache', 'kol-gateway');
  const lib = path.join(cacheRoot, 'cassandra', 'lib');
  const java = onPath('java');
  if (!java || !existsSync(lib)) {
    return { missing: `no nodetool on PATH and no Cassandra jars in ${lib} (or no java)` };
  }
  // NodeTool writes its history under ~/.cassandra and logs at DEBUG without a logback file.
  const home = path.join(os.tmpdir(), 'kol-capacity-nodetool');
  mkdirSync(home, { recursive: true });
  const logback = path.join(home, 'logback.xml');
  writeFileSync(logback, '<configuration><root level="ERROR"/></configuration>\n');
  const prefix = [
    ...JAVA_OPTIONS,
    `-Duser.home=${home}`,
    `-Dlogback.configurationFile=${logback}`,
    '-cp',
    `${lib}/*`,
    'org.apache.cassandra.tools.NodeTool',
    ...target,
  ];
  return nodeTool(java, prefix, `java … org.apache.cassandra.tools.NodeTool ${target.join(' ')}`);
}

function nodeTool(file: string, prefix: readonly string[], command: string): NodeTool {
  const call = async (...args: string[]): Promise<string> => {
    const { stdout } = await run(file, [...prefix, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 10 * 60_000,
    });
    return stdout;
  };
  return {
    command,
    async flush(keyspace) {
      await call('flush', keyspace);
    },
    async compact(keyspace) {
      await call('compact', keyspace);
    },
    async tableStats(keyspace) {
      const text = await call('tablestats', '-F', 'json', keyspace);
      return parseTableStats(text.slice(text.indexOf('{')), keyspace);
    },
    async pendingCompactions() {
      const text = await call('compactionstats');
      const match = /pending tasks:?\s+(\d+)/i.exec(text);
      if (!match)
        throw new Error(`nodetool compactionstats: no "pending tasks" in ${text.slice(0, 200)}`);
      return Number(match[1]);
    },
  };
}

type Json = Record<string, unknown>;

const number = (value: unknown): number => {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
};

/** The tables of `keyspace` in `nodetool tablestats -F json` output. */
export function parseTableStats(json: string, keyspace: string): Map<string, TableDisk> {
  const root = JSON.parse(json) as Json;
  const tables = ((root[keyspace] as Json | undefined)?.tables ?? {}) as Record<string, Json>;
  const out = new Map<string, TableDisk>();
  for (const [name, t] of Object.entries(tables)) {
    const ratio = number(t.sstable_compression_ratio);
    out.set(name, {
      spaceUsedLive: number(t.space_used_live),
      compressionRatio: ratio > 0 ? ratio : null,
      sstables: number(t.sstable_count),
      partitionsEstimate: number(t.number_of_partitions_estimate),
      maxPartitionBytes: number(t.compacted_partition_maximum_bytes),
      meanPartitionBytes: number(t.compacted_partition_mean_bytes),
    });
  }
  return out;
}
