import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadSettings } from '../../config';

const REAL = {
  CASSANDRA_CONTACT_POINTS: '127.0.0.1:9042',
  REDIS_URL: 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSettings', () => {
  it('gives both processes the same topic names, key prefix and stores from one set of variables', () => {
    const env = {
      ...REAL,
      KAFKA_METRICS_TOPIC: 'metrics.custom',
      KAFKA_SOCIAL_TOPIC: 'social.custom',
      REDIS_KEY_PREFIX: 'tenant-a:',
      CASSANDRA_KEYSPACE: 'tenant_a',
    };
    const gateway = loadSettings(env, 'gateway');
    const worker = loadSettings(env, 'worker');
    expect(gateway.topics).toEqual(worker.topics);
    expect(gateway.topics.metrics).toBe('metrics.custom');
    expect(worker.topics.raw.social).toBe('social.custom');
    expect(worker.redis).toEqual(gateway.redis);
    expect(worker.redis.keyPrefix).toBe('tenant-a:');
    expect(worker.cassandra.keyspace).toBe('tenant_a');
    expect(gateway.mode).toBe('real');
    expect(worker.mode).toBe('real');
    expect(gateway.kafka.clientId).toBe('kol-gateway');
    expect(worker.kafka.clientId).toBe('kol-stream-worker');
    expect(worker.stream.groupId).toBe('kol-gateway-stream-worker');
    expect(worker.stream.state).toBe('redis');
  });

  it('defaults to the embedded mode with demo data and the registry file under .data/', () => {
    const settings = loadSettings({});
    expect(settings.mode).toBe('embedded');
    expect(settings.demo.enabled).toBe(true);
    expect(settings.models.registryFile).toBe('.data/model-registry.json');
    expect(settings.scoring.maxAgeSeconds).toBe(86_400);
    expect(settings.http).toMatchObject({ host: '127.0.0.1', port: 4000 });
    expect(settings.cassandra.contactPoints).toEqual([]);
    expect(settings.kafka.brokers).toEqual([]);
    expect(loadSettings(REAL).demo.enabled).toBe(false);
  });

  it('parses API_KEYS into entries whose ids never contain the key', () => {
    const settings = loadSettings({
      API_KEYS: 'sec:ret:admin, other:viewer',
      ANONYMOUS_ROLE: 'none',
    });
    expect(settings.auth).toEqual({
      anonymousRole: 'none',
      apiKeys: [
        { key: 'sec:ret', keyId: 'key-1', role: 'admin' },
        { key: 'other', keyId: 'key-2', role: 'viewer' },
      ],
    });
  });

  it('names every invalid variable in one error, API_KEYS and HOST included, without echoing a key', () => {
    const problems = problemsOf(() =>
      loadSettings({
        HOST: 'not a host!',
        PORT: '70000',
        API_KEYS: 'secret-one:root,secret-two',
        CANARY_SHARE: 'abc',
        REDIS_URL: 'redis://127.0.0.1:6379',
      }),
    );
    const text = problems.join('\n');
    for (const name of ['HOST', 'PORT', 'CANARY_SHARE', 'API_KEYS: entry 1', 'API_KEYS: entry 2']) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/real mode needs all of/);
    expect(text).not.toContain('secret');
  });

  it('accepts IPv4, IPv6 and host names as HOST', () => {
    for (const host of ['0.0.0.0', '127.0.0.1', '::', '::1', 'localhost', 'gateway-1.internal']) {
      expect(loadSettings({ HOST: host }).http.host).toBe(host);
    }
    for (const host of ['bad host', 'http://x', '-leading.dash', 'a..b']) {
      expect(problemsOf(() => loadSettings({ HOST: host }))[0]).toMatch(/^HOST: /);
    }
  });

  it('rejects an old variable name with the name that replaces it', () => {
    const problems = problemsOf(() => loadSettings({ STREAM_METRICS_TOPIC: 'x' }, 'worker'));
    expect(problems).toContain('STREAM_METRICS_TOPIC: renamed, set KAFKA_METRICS_TOPIC instead');
    expect(problems).toContain('KAFKA_BROKERS: the stream worker needs at least one broker');
  });

  it('checks the worker stores and state store together', () => {
    const problems = problemsOf(() =>
      loadSettings(
        { KAFKA_BROKERS: 'b:9092', REDIS_URL: 'redis://h:6379', STREAM_STATE: 'file' },
        'worker',
      ),
    );
    expect(problems).toEqual([
      'the real stores need both CASSANDRA_CONTACT_POINTS and REDIS_URL (set neither to keep metrics and alerts in the worker process)',
      'STREAM_STATE=file needs STREAM_STATE_DIR',
    ]);
    const embedded = loadSettings(
      { KAFKA_BROKERS: 'b:9092', STREAM_STATE_DIR: '/tmp/s' },
      'worker',
    );
    expect(embedded.mode).toBe('embedded');
    expect(embedded.stream.state).toBe('file');
  });

  it('reports a malformed REDIS_URL as that alone, not also as a missing real-mode backend', () => {
    const env = { ...REAL, REDIS_URL: 'notaurl' };
    const expected = ['REDIS_URL: must be a URL such as redis://127.0.0.1:6379'];
    expect(problemsOf(() => loadSettings(env, 'gateway'))).toEqual(expected);
    expect(problemsOf(() => loadSettings(env, 'worker'))).toEqual(expected);
  });

  it('keeps the flat gateway configuration in step with the settings', () => {
    const config = loadConfig({ ...REAL, KAFKA_METRICS_TOPIC: 'm.t', REDIS_KEY_PREFIX: 'p:' });
    expect(config.KAFKA_METRICS_TOPIC).toBe(config.settings.topics.metrics);
    expect(config.REDIS_KEY_PREFIX).toBe(config.settings.redis.keyPrefix);
    expect(config.KAFKA_CLIENT_ID).toBe('kol-gateway');
    expect(config.realBackends).toBe(true);
    expect(config.demoData).toBe(false);
  });
});

describe('security settings', () => {
  it('derives the IP and cost limits from the caller limit and the budgets', () => {
    const security = loadSettings({
      RATE_LIMIT_PER_MINUTE: '100',
      COST_BUDGETS: 'admin:1000',
    }).security;
    expect(security.rateLimitIpPerMinute).toBe(500);
    expect(security.costBudgets).toEqual({ viewer: 20_000, analyst: 500_000, admin: 1000 });
    expect(security.costPerMinute).toBe(4000);
    expect(security.apq).toBe(true);
    expect(loadSettings({ NODE_ENV: 'production' }).security.apq).toBe(false);
  });

  it('accepts sha256 API key entries and rejects a bad budget with the other problems', () => {
    const hash = 'a'.repeat(64);
    expect(loadSettings({ API_KEYS: `sha256:${hash}:analyst` }).auth.apiKeys).toEqual([
      { key: `sha256:${hash}`, keyId: 'key-1', role: 'analyst' },
    ]);
    const problems = problemsOf(() =>
      loadSettings({ COST_BUDGETS: 'root:5', JWT_JWKS_URL: 'not a url' }),
    );
    expect(problems.some((p) => p.startsWith('COST_BUDGETS: entry 1'))).toBe(true);
    expect(problems.some((p) => p.startsWith('JWT_JWKS_URL'))).toBe(true);
  });
});

describe('cassandra settings', () => {
  it('reads the replication strategy and the row lifetimes', () => {
    const simple = loadSettings({}).cassandra;
    expect(simple.replication).toEqual({ strategy: 'SimpleStrategy', factor: 1 });
    expect(simple.retention).toEqual({
      metricsSeconds: 35 * 86_400,
      scoresSeconds: 180 * 86_400,
      alertsSeconds: 180 * 86_400,
    });
    const nts = loadSettings({
      CASSANDRA_REPLICATION: 'dc1:3, dc2:2',
      METRICS_TTL_DAYS: '0',
    }).cassandra;
    expect(nts.replication).toEqual({
      strategy: 'NetworkTopologyStrategy',
      factors: { dc1: 3, dc2: 2 },
    });
    expect(nts.retention.metricsSeconds).toBe(0);
    expect(
      loadSettings({ CASSANDRA_REPLICATION: 'SimpleStrategy:3' }).cassandra.replication,
    ).toEqual({
      strategy: 'SimpleStrategy',
      factor: 3,
    });
    expect(problemsOf(() => loadSettings({ CASSANDRA_REPLICATION: 'dc1:0' }))).toEqual([
      'CASSANDRA_REPLICATION: "dc1:0" must be SimpleStrategy:<factor> or <dc>:<factor>, ' +
        'the factor a whole number ≥ 1 in decimal digits (e.g. datacenter1:3)',
    ]);
  });

  it("accepts row lifetimes of 0 (forever) or 1 second to 7300 days, Cassandra's maximum TTL", () => {
    const max = loadSettings({
      METRICS_TTL_DAYS: '7300',
      SCORES_TTL_DAYS: '0.5',
      ALERTS_TTL_DAYS: '0.0000116',
    }).cassandra.retention;
    expect(max).toEqual({ metricsSeconds: 630_720_000, scoresSeconds: 43_200, alertsSeconds: 1 });
    expect(loadSettings({ SCORES_TTL_DAYS: '0' }).cassandra.retention.scoresSeconds).toBe(0);
    const tooLong = problemsOf(() =>
      loadSettings({ METRICS_TTL_DAYS: '10000', SCORES_TTL_DAYS: '8000', ALERTS_TTL_DAYS: '7301' }),
    );
    expect(tooLong).toEqual(
      ['METRICS_TTL_DAYS', 'SCORES_TTL_DAYS', 'ALERTS_TTL_DAYS'].map(
        (name) =>
          `${name}: must be at most 7300 days (630,720,000 s, Cassandra's maximum TTL); 0 = keep forever`,
      ),
    );
  });

  it('refuses a positive row lifetime that rounds to 0 seconds (0 would keep rows forever)', () => {
    expect(problemsOf(() => loadSettings({ METRICS_TTL_DAYS: '0.000001' }))).toEqual([
      expect.stringMatching(
        /^METRICS_TTL_DAYS: rounds to 0 seconds, which would mean keep forever/,
      ),
    ]);
    expect(problemsOf(() => loadSettings({ ALERTS_TTL_DAYS: '-1' }))).toEqual([
      'ALERTS_TTL_DAYS: must not be negative (0 = keep forever)',
    ]);
  });

  it('reads the rows per write batch, 1 to 1000', () => {
    expect(loadSettings({}).cassandra.writeBatchRows).toBe(100);
    expect(loadSettings({ CASSANDRA_WRITE_BATCH_ROWS: '1' }).cassandra.writeBatchRows).toBe(1);
    for (const bad of ['0', '1001', 'many']) {
      expect(problemsOf(() => loadSettings({ CASSANDRA_WRITE_BATCH_ROWS: bad }))).toEqual([
        expect.stringMatching(/^CASSANDRA_WRITE_BATCH_ROWS: /),
      ]);
    }
  });
});
