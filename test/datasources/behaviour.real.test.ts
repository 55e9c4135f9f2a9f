/**
 * Behaviour of the real datasources beyond the contract: caching and invalidation, Redis outages
 * (on a private redis-server this test starts and stops), Cassandra lost while running (through a
 * TCP proxy this test controls), startup errors, migrations. The shared servers of
 * scripts/services/up.sh are never stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { register } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRealDataSources as openStores, type RealDataSources } from '../../datasources/real';
import { BackendUnavailableError } from '../../datasources/shared/errors';
import type { ServiceEnv } from '../support/services';
import { point, profile, score } from './fixtures';
import {
  backendConfig,
  dropTestData,
  openRealDataSources,
  realEnv,
  runId,
  storeSettingsOf,
  testLogger,
} from './real-support';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms (last error: ${String(last)})`);
}

async function cacheErrors(): Promise<number> {
  const metric = register.getSingleMetric('kol_cache_errors_total');
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}

/** A redis-server of this test's own, on a free port. */
class PrivateRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.child = child;
    await until(
      `redis-server on ${this.port}`,
      async () => ((await ping(this.port)) ? true : undefined),
      10_000,
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }
}

/** One RESP PING on a fresh socket. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1_000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A TCP proxy in front of Cassandra that the test can cut and restore. */
class CuttableProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

function cassandraTarget(env: ServiceEnv): { host: string; port: number } {
  const [host, port] = env.CASSANDRA_CONTACT_POINTS.split(',')[0]!.split(':');
  return { host: host!, port: Number(port ?? 9042) };
}

describe('real datasources: behaviour', () => {
  let env: ServiceEnv;

  beforeAll(async () => {
    env = await realEnv(['redis', 'cassandra']);
  });

  describe('with the shared servers', () => {
    let data: RealDataSources;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const opened = await openRealDataSources(env);
      data = opened.data;
      cleanup = opened.cleanup;
      console.info(
        `[measure] migrations on a fresh keyspace: ${data.migrations.tookMs} ms ` +
          `(applied ${data.migrations.applied.join(',')})`,
      );
    });

    afterAll(async () => {
      await data?.close();
      await cleanup?.();
    });

    it('caches profiles and latest scores in Redis and invalidates them on write', async () => {
      const p = profile(`cache-${runId()}`, { followers: 10 });
      await data.profiles.upsertMany([p]);
      await data.profiles.getMany([p.id]);
      const key = data.cache.key('profile', p.id);
      expect(JSON.parse((await data.redis.get(key)) ?? 'null')).toMatchObject({ followers: 10 });

      await data.profiles.upsertMany([{ ...p, followers: 11 }]);
      expect(await data.redis.get(key)).toBeNull();
      expect((await data.profiles.getMany([p.id]))[0]?.followers).toBe(11);

      const t = new Date('2026-05-01T00:00:00Z');
      await data.scores.put([score(p.id, 'trust', 50, t)]);
      expect((await data.scores.latest('trust', [p.id]))[0]?.score).toBe(50);
      expect(await data.redis.get(data.cache.key('score', 'trust', p.id))).not.toBeNull();
      await data.scores.put([score(p.id, 'trust', 75, new Date(t.getTime() + 1))]);
      expect((await data.scores.latest('trust', [p.id]))[0]?.score).toBe(75);
    });

    it('serves a cached profile from Redis without asking Cassandra', async () => {
      const p = profile(`cache-${runId()}`);
      await data.profiles.upsertMany([p]);
      await data.profiles.getMany([p.id]);
      // Change the row behind the cache's back: the next read must still be the cached one.
      await data.cassandra.write(
        `UPDATE ${data.cassandra.table('profiles')} SET followers = ? WHERE id = ?`,
        [1, p.id],
      );
      expect((await data.profiles.getMany([p.id]))[0]?.followers).toBe(p.followers);
    });

    it('serves recent metric series of a page of KOLs from Redis once read (no read per KOL)', async () => {
      const ids = [0, 1, 2].map((i) => `series-${runId()}-${i}`);
      const t = Date.UTC(2026, 4, 1);
      await data.metrics.write(
        ids.flatMap((id) =>
          [0, 1, 2].map((h) => point(id, 'H1', new Date(t + h * 3_600_000), { views: h })),
        ),
      );
      const keys = ids.map((kolId) => ({ kolId, window: 'H1' as const, last: 12 }));
      const first = await data.metrics.series(keys);
      // Change a row behind the cache's back: the next read must be the cached one.
      await data.cassandra.write(
        `UPDATE ${data.cassandra.table('metrics')} SET views = ? WHERE kol_id = ? AND window = ? AND bucket_start = ?`,
        [999, ids[0], 'H1', new Date(t + 2 * 3_600_000)],
      );
      expect(await data.metrics.series(keys)).toEqual(first);
      expect(first.map((s) => s.map((p) => p.views))).toEqual([
        [2, 1, 0],
        [2, 1, 0],
        [2, 1, 0],
      ]);
      expect(
        await data.redis.hexists(data.cache.key('metrics', 'recent', ids[0]!, 'H1'), '_'),
      ).toBe(1);
    });

    it('rebuilds the ranking index from Cassandra when Redis lost it', async () => {
      const cat = `rebuild-${runId()}`;
      const ids = [0, 1, 2].map((i) => `${cat}-${i}`);
      await data.profiles.upsertMany(ids.map((id) => profile(id, { category: cat })));
      expect((await data.rankings.entries({ category: cat })).map((e) => e.kolId)).toEqual(ids);
      const keys = await data.redis.keys(`${data.cache.prefix}rank:*`);
      await data.redis.del(...keys);
      expect((await data.rankings.entries({ category: cat })).map((e) => e.kolId)).toEqual(ids);
      expect(await data.redis.exists(data.cache.key('rank', 'built'))).toBe(1);
    });

    it('a rebuild from Cassandra gives the entries the writes kept: every part, H24 sentiment only', async () => {
      const cat = `parts-${runId()}`;
      const [a, b] = [`${cat}-a`, `${cat}-b`];
      const now = Date.now();
      const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000);
      await data.profiles.upsertMany([
        profile(a, { category: cat }),
        profile(b, { category: cat }),
      ]);
      await data.scores.put([
        score(a, 'trust', 80, at(2)),
        score(a, 'trust', 60, at(1)),
        score(a, 'success', 70, at(1), { revenueForecast: 1_234 }),
        score(a, 'anomaly', 0.2, at(1)),
        score(b, 'trust', 40, at(1)),
      ]);
      await data.metrics.write([
        point(a, 'H24', at(48), { sentimentPositiveRatio: 0.9, sentimentNegativeRatio: 0.05 }),
        point(a, 'H24', at(24), { sentimentPositiveRatio: 0.3, sentimentNegativeRatio: 0.4 }),
        // Newer, but another window: it must not become the ranking's sentiment.
        point(a, 'H1', at(1), { sentimentPositiveRatio: 1, sentimentNegativeRatio: 0 }),
        point(b, 'H1', at(1), { sentimentPositiveRatio: 1, sentimentNegativeRatio: 0 }),
      ]);
      const kept = await data.rankings.entries({ category: cat });
      expect(kept.map((e) => e.kolId)).toEqual([a, b]);
      const [entryA, entryB] = kept;
      expect(entryA?.trustHistory.map((t) => t.score)).toEqual([60, 80]);
      expect(entryA?.success).toBe(70);
      expect(entryA?.revenueForecast).toBe(1_234);
      expect(entryA?.anomaly).toBe(0.2);
      expect(entryA?.sentimentPositiveRatio).not.toBeNull();
      expect(entryB?.sentimentPositiveRatio ?? null).toBeNull();

      await data.redis.del(...(await data.redis.keys(`${data.cache.prefix}rank:*`)));
      expect(await data.rankings.entries({ category: cat })).toEqual(kept);
    });

    it('measures: ranking read of 1,000 entries (one Redis round trip)', async () => {
      const cat = `bench-${runId()}`;
      const profiles = Array.from({ length: 1_000 }, (_, i) =>
        profile(`${cat}-${String(i).padStart(4, '0')}`, { category: cat }),
      );
      const t0 = Date.now();
      await data.profiles.upsertMany(profiles);
      await data.scores.put(profiles.map((p) => score(p.id, 'trust', 70, new Date())));
      const writeMs = Date.now() - t0;
      const samples: number[] = [];
      for (let i = 0; i < 30; i++) {
        const s = process.hrtime.bigint();
        const entries = await data.rankings.entries({ category: cat });
        samples.push(Number(process.hrtime.bigint() - s) / 1e6);
        expect(entries).toHaveLength(1_000);
      }
      samples.sort((a, b) => a - b);
      const latest = process.hrtime.bigint();
      await data.profiles.getMany(profiles.slice(0, 50).map((p) => p.id));
      const cachedBatchMs = Number(process.hrtime.bigint() - latest) / 1e6;
      console.info(
        `[measure] 1,000 profiles + 1,000 trust scores written (with ranking refresh) in ${writeMs} ms; ` +
          `ranking entries(1,000) p50 ${samples[15]!.toFixed(1)} ms, max ${samples[29]!.toFixed(1)} ms; ` +
          `getMany(50) cached ${cachedBatchMs.toFixed(1)} ms`,
      );
    }, 120_000);

    it('applies migrations once: a second start on the same keyspace applies nothing', async () => {
      const again = await openStores(
        storeSettingsOf(
          backendConfig(env, { CASSANDRA_KEYSPACE: data.cassandra.keyspace }),
          data.cache.prefix,
        ),
        testLogger(),
      );
      try {
        expect(again.migrations.applied).toEqual([]);
        expect(again.migrations.alreadyApplied).toEqual(data.migrations.applied);
        console.info(
          `[measure] start on an up-to-date keyspace: ${again.migrations.tookMs} ms of migration checks`,
        );
      } finally {
        await again.close();
      }
    });

    it('ping resolves', async () => {
      await expect(data.ping()).resolves.toBeUndefined();
    });
  });

  describe('Redis outage (private redis-server)', () => {
    let redis: PrivateRedis;
    let data: RealDataSources;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      redis = new PrivateRedis(await freePort());
      await redis.start();
      const opened = await openRealDataSources({ ...env, REDIS_URL: redis.url });
      data = opened.data;
      cleanup = opened.cleanup;
    });

    afterAll(async () => {
      await data?.close();
      await cleanup?.();
      await redis?.stop();
    });

    it('keeps serving from Cassandra while Redis is down, counts it, and uses Redis again after', async () => {
      const cat = `outage-${runId()}`;
      const p = profile(`${cat}-a`, { category: cat });
      await data.profiles.upsertMany([p]);
      await data.scores.put([score(p.id, 'trust', 80, new Date('2026-04-01T00:00:00Z'))]);
      await data.metrics.write([point(p.id, 'H24', new Date('2026-04-01T00:00:00Z'))]);
      expect(await data.profiles.getMany([p.id])).toEqual([p]);
      expect((await data.rankings.entries({ category: cat })).map((e) => e.kolId)).toEqual([p.id]);

      await redis.stop();
      const before = await cacheErrors();
      const t0 = Date.now();
      expect(await data.profiles.getMany([p.id])).toEqual([p]);
      expect((await data.scores.latest('trust', [p.id]))[0]?.score).toBe(80);
      expect((await data.metrics.latest([{ kolId: p.id, window: 'H24' }]))[0]?.views).toBe(1_000);
      const ranked = await data.rankings.entries({ category: cat });
      expect(ranked.map((e) => e.trustHistory[0]?.score)).toEqual([80]);
      // Writes still succeed; their cache invalidations are kept for when Redis is back.
      await data.profiles.upsertMany([{ ...p, followers: 5 }]);
      expect((await data.profiles.getMany([p.id]))[0]?.followers).toBe(5);
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(await cacheErrors()).toBeGreaterThan(before);
      await expect(data.ping()).rejects.toThrow(/Redis/);

      await redis.start();
      await until(
        'the cache to reconnect',
        async () => (data.cache.ready ? true : undefined),
        10_000,
      );
      expect((await data.profiles.getMany([p.id]))[0]?.followers).toBe(5);
      // Redis restarted empty: the ranking index is rebuilt, the profile is cached again.
      expect((await data.rankings.entries({ category: cat })).map((e) => e.kolId)).toEqual([p.id]);
      expect(await data.redis.exists(data.cache.key('profile', p.id))).toBe(1);
      await expect(data.ping()).resolves.toBeUndefined();
    }, 60_000);
  });

  describe('Cassandra lost while running (TCP proxy)', () => {
    let proxy: CuttableProxy;
    let data: RealDataSources;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      proxy = new CuttableProxy(await freePort(), cassandraTarget(env));
      await proxy.open();
      const opened = await openRealDataSources({
        ...env,
        CASSANDRA_CONTACT_POINTS: `127.0.0.1:${proxy.port}`,
      });
      data = opened.data;
      cleanup = async () => {
        await proxy.open().catch(() => undefined);
        await opened.cleanup();
      };
    });

    afterAll(async () => {
      await data?.close();
      await proxy?.cut();
      await cleanup?.();
    });

    it('rejects fast with BackendUnavailableError (no driver details) and recovers by itself', async () => {
      const p = profile(`lost-${runId()}`);
      await data.profiles.upsertMany([p]);
      await data.profiles.getMany([p.id]);

      await proxy.cut();
      const t0 = Date.now();
      const error = await data.metrics.series([{ kolId: p.id, window: 'H1', last: 5 }]).then(
        () => undefined,
        (e: unknown) => e,
      );
      const tookMs = Date.now() - t0;
      expect(error).toBeInstanceOf(BackendUnavailableError);
      const unavailable = error as BackendUnavailableError;
      expect(unavailable.backend).toBe('cassandra');
      expect(unavailable.message).toBe(
        'The Cassandra backend is temporarily unavailable; retry shortly.',
      );
      expect(unavailable.message).not.toMatch(/127\.0\.0\.1|SELECT|metrics/);
      expect(tookMs).toBeLessThan(8_000);
      await expect(data.ping()).rejects.toThrow(/Cassandra/);
      await expect(data.alerts.recentByKol([p.id], 1)).rejects.toBeInstanceOf(
        BackendUnavailableError,
      );
      // What Redis has cached is still served.
      expect(await data.profiles.getMany([p.id])).toEqual([p]);

      await proxy.open();
      const recoveredIn = Date.now();
      await until(
        'Cassandra reads to work again',
        async () =>
          (await data.metrics.series([{ kolId: p.id, window: 'H1', last: 5 }])) ?? undefined,
        30_000,
      );
      console.info(
        `[measure] Cassandra cut: first failure after ${tookMs} ms; ` +
          `recovered ${Date.now() - recoveredIn} ms after it came back`,
      );
      expect(await data.profiles.getMany([p.id])).toEqual([p]);
    }, 60_000);
  });

  describe('startup errors', () => {
    it('names Cassandra, its address and the fix when it is unreachable', async () => {
      const port = await freePort();
      const t0 = Date.now();
      const error = await openStores(
        storeSettingsOf(
          backendConfig(env, { CASSANDRA_CONTACT_POINTS: [`127.0.0.1:${port}`] }),
          'kol:',
        ),
        testLogger(),
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toMatch(
        new RegExp(`^Cassandra at 127\\.0\\.0\\.1:${port} is unreachable \\(.*ECONNREFUSED.*\\)`),
      );
      expect(message).toContain('npm run services:up');
      expect(message).toContain('CASSANDRA_CONTACT_POINTS');
      expect(message.split('\n')).toHaveLength(1);
      expect(Date.now() - t0).toBeLessThan(10_500);
    });

    it('names Redis, its address and the fix when it is unreachable', async () => {
      const port = await freePort();
      const config = backendConfig(env, { REDIS_URL: `redis://127.0.0.1:${port}` });
      const error = await openStores(storeSettingsOf(config, 'kol:'), testLogger()).then(
        () => undefined,
        (e: unknown) => e,
      );
      // Cassandra was reachable and got its keyspace before Redis failed.
      await dropTestData(env, config.CASSANDRA_KEYSPACE, env.REDIS_URL, `unused-${runId()}:`);
      const message = (error as Error).message;
      expect(message).toMatch(
        new RegExp(`^Redis at 127\\.0\\.0\\.1:${port} is unreachable \\(.*ECONNREFUSED.*\\)`),
      );
      expect(message).toContain('REDIS_URL');
      expect(message.split('\n')).toHaveLength(1);
    });

    it('names the local data center when it is wrong', async () => {
      const error = await openStores(
        storeSettingsOf(backendConfig(env, { CASSANDRA_LOCAL_DC: 'nowhere' }), 'kol:'),
        testLogger(),
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as Error).message).toMatch(/CASSANDRA_LOCAL_DC/);
      expect((error as Error).message.split('\n')).toHaveLength(1);
    });
  });
});
