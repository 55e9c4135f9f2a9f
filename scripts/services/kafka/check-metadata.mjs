// Asks the broker for cluster metadata with kafkajs (the gateway's client).
// Usage: node check-metadata.mjs <host:port> <repo root> [--warm-groups]
// --warm-groups also waits until the group coordinator answers: on a fresh
// broker the first lookup creates __consumer_offsets, and consumers that join
// before it exists see "group coordinator not available" for a moment.
// Exit 0: healthy. Exit 1: not (yet) healthy. Exit 3: kafkajs not installed.
import { createRequire } from 'node:module';
import path from 'node:path';

const [broker, repoRoot, flag] = process.argv.slice(2);

let kafkajs;
try {
  kafkajs = createRequire(path.join(repoRoot, 'package.json'))('kafkajs');
} catch {
  process.exit(3);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function warmGroupCoordinator(admin) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await admin.describeGroups(['kol-services-warmup']);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(200);
    }
  }
}

async function main() {
  const { Kafka, logLevel } = kafkajs;
  const kafka = new Kafka({
    clientId: 'kol-services-check',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0 || cluster.controller == null) {
      throw new Error(`incomplete metadata: ${JSON.stringify(cluster)}`);
    }
    if (flag === '--warm-groups') await warmGroupCoordinator(admin);
  } finally {
    await admin.disconnect();
  }
}

main().catch((err) => {
  console.error(`kafka check failed: ${err.message}`);
  process.exit(1);
});
