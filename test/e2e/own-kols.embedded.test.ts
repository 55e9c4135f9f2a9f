/**
 * A user's own KOLs in the embedded mode, end to end, with DEMO_DATA=false: two gateway replicas
 * built by the composition root share one registry file; the KOLs come from a CSV file through the
 * import CLI, their activity through the in-process stream pipeline of each replica.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../app/gateway';
import { loadConfig } from '../../config';
import type { EventEnvelope } from '../../contracts/envelope';
import { LiveAlertsDocument } from '../generated/graphql';
import { collect, nth, wsClient } from '../support/gateway';
import {
  activityEvents,
  eventually,
  importWithCli,
  modelEvents,
  OWN_CATEGORY,
  OWN_PLATFORM,
  ownKols,
  productionVersion,
  profileEvent,
  promote,
  readKols,
  readModels,
  readRankingTotal,
  spikeEvents,
  untilProduction,
  writeKolCsv,
} from './own-kols';

const ADMIN_KEY = 'own-kols-embedded-admin';
const run = `emb${randomUUID().slice(0, 6)}`;
const kols = ownKols(run, 30);
const ids = kols.map((k) => k.id);

describe('your own KOLs, embedded mode (DEMO_DATA=false)', () => {
  let dir: string;
  let replicaA: Gateway;
  let replicaB: Gateway;
  let importedAt: Date;

  const start = (replicaId: string) =>
    createGateway(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DEMO_DATA: 'false',
        API_KEYS: `${ADMIN_KEY}:admin`,
        RATE_LIMIT_PER_MINUTE: '0',
        REPLICA_ID: replicaId,
        MODEL_REGISTRY_FILE: path.join(dir, 'registry', 'model-registry.json'),
        MODEL_REGISTRY_POLL_MS: '500',
      }),
      { logger: pino({ level: 'silent' }) },
    );

  async function publish(gateway: Gateway, events: readonly EventEnvelope[]): Promise<void> {
    if (!gateway.pipeline) throw new Error('an embedded gateway runs a stream pipeline');
    for (const event of events) await gateway.pipeline.publish(event);
    await gateway.pipeline.flush();
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), `${run}-`));
    [replicaA, replicaB] = await Promise.all([start('a'), start('b')]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([replicaA?.stop(), replicaB?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a CSV of KOLs with the CLI: every KOL queryable with its own fields, trust and anomaly scored, no demo KOLs', async () => {
    importedAt = new Date();
    await importWithCli(
      writeKolCsv(dir, kols, new Date(importedAt.getTime() - 60_000)),
      replicaA.url,
      ADMIN_KEY,
    );

    const views = await readKols(replicaA.url, ids);
    expect(views).toHaveLength(kols.length);
    views.forEach((view, i) => {
      const kol = nth(kols, i);
      expect(view).toMatchObject({
        id: kol.id,
        platform: OWN_PLATFORM.stored,
        category: OWN_CATEGORY.stored,
        handle: kol.handle,
        displayName: kol.displayName,
        followers: kol.followers,
        following: kol.following,
        posts: kol.posts,
        verified: kol.verified,
        favoritesCount: kol.favoritesCount,
        pricePerPost: kol.pricePerPost,
        currency: 'EUR',
        country: 'DE',
        language: 'de',
      });
      expect(view?.trust.trustScore).toBeGreaterThanOrEqual(0);
      expect(view?.trust.trustScore).toBeLessThanOrEqual(100);
    });
    const anomaly = await replicaA.services.data.scores.latest('anomaly', ids);
    expect(anomaly.every((record) => record !== null)).toBe(true);
    expect(await readRankingTotal(replicaA.url)).toBe(kols.length);
  }, 60_000);

  it('turns raw events into moving metrics, refreshed trust and success scores and a forecast', async () => {
    const target = nth(kols);
    await publish(replicaA, activityEvents(target.id, Date.now()));
    const view = await eventually(
      async () => nth(await readKols(replicaA.url, [target.id])),
      (v) =>
        v !== null &&
        v.metrics.some((m) => m.views > 0 && m.clicks > 0 && m.orders > 0) &&
        v.success !== null &&
        v.fusion.expectedValue !== null,
      15_000,
      'metrics, success and forecast of the active KOL',
    );
    expect(Date.parse(view?.success?.scoredAt ?? '')).toBeGreaterThanOrEqual(importedAt.getTime());
    expect(view?.fusion.currency).toBe('EUR');
    const [forecast] = await replicaA.services.data.scores.latest('forecast', [target.id]);
    expect(forecast?.revenueForecast).toBeGreaterThan(0);
    const [trust] = await replicaA.services.data.scores.latest('trust', [target.id]);
    expect(trust?.scoredAt.getTime()).toBeGreaterThanOrEqual(importedAt.getTime());
  }, 60_000);

  it('raises FOLLOWER_SPIKE for a follower burst, delivered over graphql-ws', async () => {
    const target = nth(kols, 1);
    const client = wsClient(replicaA.wsUrl);
    const alerts = collect(
      client,
      LiveAlertsDocument,
      { filter: { kolIds: [target.id] } },
      1,
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await publish(replicaA, spikeEvents(target.id, Date.now(), target.followers));
    const [first] = await alerts;
    expect(first?.alerts.type).toBe('FOLLOWER_SPIKE');
    expect(first?.alerts.kolId).toBe(target.id);
    await client.dispose();
  }, 60_000);

  it('serves a promotion made on one replica on the other within 5 s, and in its stream pipeline', async () => {
    expect(productionVersion(await readModels(replicaB.url), 'trust')).toBe('1.0.0');
    const promoted = await promote(replicaA.url, ADMIN_KEY, 'trust', '1.1.0');
    expect(promoted.errors).toBeUndefined();
    const started = Date.now();
    await untilProduction(replicaB.url, 'trust', '1.1.0', 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);

    const newcomer = { ...nth(ownKols(`${run}new`, 1)) };
    await publish(replicaB, [profileEvent(newcomer, Date.now() - 1_000)]);
    const created = await eventually(
      async () => nth(await readKols(replicaB.url, [newcomer.id])),
      (view) => view !== null,
      10_000,
      'a KOL created by a profile event',
    );
    expect(created).toMatchObject({ handle: newcomer.handle, platform: OWN_PLATFORM.stored });
    const trust = await eventually(
      async () => nth(await replicaB.services.data.scores.latest('trust', [newcomer.id])),
      (record) => record !== null,
      10_000,
      'trust score of a KOL created by a profile event',
    );
    expect(trust?.modelVersion).toBe('1.1.0');
  }, 60_000);

  it('keeps the stage and the promotion history across a restart', async () => {
    await replicaA.stop();
    replicaA = await start('a');
    expect(productionVersion(await readModels(replicaA.url), 'trust')).toBe('1.1.0');
    const [latest] = await modelEvents(replicaA.url, ADMIN_KEY, 'trust');
    expect(latest).toMatchObject({ action: 'PROMOTE', version: '1.1.0' });
  }, 60_000);
});
