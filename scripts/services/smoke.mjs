// End-to-end check of the local servers with the gateway's own clients:
// Redis (ioredis): SET/GET; Kafka (kafkajs): create a topic, produce and
// consume one message; Cassandra (cassandra-driver): read the release version.
// Usage: node scripts/services/smoke.mjs [redis] [kafka] [cassandra]
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../package.json', import.meta.url));

// kafkajs' notice about its v2 default partitioner is noise here.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

const redisPort = process.env.REDIS_PORT || '6379';
const kafkaPort = process.env.KAFKA_PORT || '9092';
const cassandraPort = process.env.CASSANDRA_PORT || '9042';

async function timed(name, fn) {
  const t0 = process.hrtime.bigint();
  const detail = await fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${name}: ok in ${ms.toFixed(0)} ms (${detail})`);
}

async function redis() {
  const Redis = require('ioredis');
  const client = new Redis({ host: '127.0.0.1', port: Number(redisPort), lazyConnect: true });
  try {
    await client.connect();
    const key = `kol:smoke:${randomUUID()}`;
    await client.set(key, 'ok', 'EX', 10);
    const value = await client.get(key);
    if (value !== 'ok') throw new Error(`GET returned ${value}`);
    return `SET/GET ${key}`;
  } finally {
    client.disconnect();
  }
}

async function kafka() {
  const { Kafka, logLevel } = require('kafkajs');
  const client = new Kafka({
    clientId: 'kol-services-smoke',
    brokers: [`127.0.0.1:${kafkaPort}`],
    logLevel: logLevel.WARN,
  });
  const topic = `kol-smoke-${randomUUID()}`;
  const admin = client.admin();
  await admin.connect();
  const producer = client.producer();
  const consumer = client.consumer({ groupId: `${topic}-group` });
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const value = `hello ${Date.now()}`;
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'kol-1', value }] });

    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within 30 s')), 30_000);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve(message.value.toString());
          },
        })
        .catch(reject);
    });
    if (received !== value) throw new Error(`consumed "${received}", expected "${value}"`);
    return `topic ${topic}, produced and consumed 1 message`;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  }
}

async function cassandra() {
  const cassandraDriver = require('cassandra-driver');
  const client = new cassandraDriver.Client({
    contactPoints: [`127.0.0.1:${cassandraPort}`],
    localDataCenter: 'datacenter1',
  });
  try {
    await client.connect();
    const rs = await client.execute('SELECT release_version FROM system.local');
    return `release_version ${rs.first().release_version}`;
  } finally {
    await client.shutdown();
  }
}

async function main() {
  const checks = { redis, kafka, cassandra };
  const wanted = process.argv.slice(2);
  let failed = 0;
  for (const [name, fn] of Object.entries(checks)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    try {
      await timed(name, fn);
    } catch (err) {
      failed += 1;
      console.error(`${name}: FAILED: ${err.message}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
