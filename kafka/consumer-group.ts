/** Consumer-group naming and start positions shared by the gateway's per-replica consumers. */
import { hostname } from 'node:os';
import type { Admin } from 'kafkajs';

export interface ReplicaGroupSettings {
  /** KAFKA_GROUP_PREFIX. */
  groupPrefix: string;
  /** REPLICA_ID; undefined = `<hostname>-<pid>`. */
  replicaId: string | undefined;
}

/**
 * A consumer group of this replica alone (`<prefix>-<purpose>-<replica>`): every replica then reads
 * every message of the topic, which is what fan-out to its own subscribers needs.
 */
export function replicaGroupId(settings: ReplicaGroupSettings, purpose: string): string {
  return `${settings.groupPrefix}-${purpose}-${settings.replicaId ?? `${hostname()}-${process.pid}`}`;
}

/**
 * Where `groupId` starts on the partitions of `topic` it has never committed on: the current end.
 * The consumer seeks there once it runs, so it starts exactly "from now" however long its first join
 * takes; with `fromBeginning: false` alone, "latest" is only resolved at the first fetch and messages
 * produced in between would be skipped. Partitions with a committed offset resume from it.
 */
export async function unstartedPartitionEnds(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<{ partition: number; offset: string }[]> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const resume = new Set(
    (committed?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => p.partition),
  );
  const ends = await admin.fetchTopicOffsets(topic);
  return ends
    .filter((p) => !resume.has(p.partition))
    .map((p) => ({ partition: p.partition, offset: p.high }));
}
