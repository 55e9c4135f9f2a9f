/**
 * The "your own KOLs" scenario shared by the embedded and the real end-to-end tests: a user's file
 * of KOLs, the raw events of their activity, and the GraphQL reads that check what came of them.
 * Nothing here touches demo code.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { main as importCli, EXIT } from '../../cli/import';
import type { EventEnvelope } from '../../contracts/envelope';
import { postQuery, type GraphQLResponse } from '../support/gateway';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** One row of the user's file, as written (CSV cells) and as the API should show it. */
export interface OwnKol {
  id: string;
  handle: string;
  displayName: string;
  followers: number;
  following: number;
  posts: number;
  verified: boolean;
  favoritesCount: number;
  pricePerPost: number;
}

/** The user's own labels, written with stray spaces and capitals; the API shows them normalised. */
export const OWN_PLATFORM = { written: ' Mastodon ', stored: 'mastodon' };
export const OWN_CATEGORY = { written: 'Board  Games', stored: 'board games' };

const COLUMNS = [
  'id',
  'platform',
  'handle',
  'displayName',
  'category',
  'followers',
  'following',
  'posts',
  'verified',
  'favoritesCount',
  'accountCreatedAt',
  'hasBio',
  'bioLength',
  'hasUrl',
  'hasProfileImage',
  'isPrivate',
  'pricePerPost',
  'currency',
  'country',
  'language',
  'updatedAt',
] as const;

export function ownKols(run: string, count: number): OwnKol[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${run}-kol-${String(i).padStart(3, '0')}`,
    handle: `${run}_h${i}`,
    displayName: `Own KOL ${i} of ${run}`,
    followers: 4_000 + i * 1_317,
    following: 120 + i * 7,
    posts: 60 + i * 3,
    verified: i % 3 === 0,
    favoritesCount: 900 + i * 41,
    pricePerPost: 150 + i * 10,
  }));
}

/** Writes the KOLs as a CSV file with a header of KolInput field names; returns its path. */
export function writeKolCsv(dir: string, kols: readonly OwnKol[], updatedAt: Date): string {
  const lines = [COLUMNS.join(',')];
  for (const kol of kols) {
    const cells: Record<(typeof COLUMNS)[number], string> = {
      id: kol.id,
      platform: OWN_PLATFORM.written,
      handle: `@${kol.handle}`,
      displayName: kol.displayName,
      category: OWN_CATEGORY.written,
      followers: String(kol.followers),
      following: String(kol.following),
      posts: String(kol.posts),
      verified: String(kol.verified),
      favoritesCount: String(kol.favoritesCount),
      accountCreatedAt: '2021-05-01T00:00:00.000Z',
      hasBio: 'true',
      bioLength: '96',
      hasUrl: 'true',
      hasProfileImage: 'true',
      isPrivate: 'false',
      pricePerPost: String(kol.pricePerPost),
      currency: 'EUR',
      country: 'DE',
      language: 'de',
      updatedAt: updatedAt.toISOString(),
    };
    lines.push(COLUMNS.map((column) => cells[column]).join(','));
  }
  const file = path.join(dir, 'own-kols.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Runs the import CLI (`npm run import -- FILE --url URL --api-key KEY`) in process. */
export async function importWithCli(file: string, url: string, apiKey: string): Promise<void> {
  const code = await importCli([file, '--url', url, '--api-key', apiKey, '--batch', '7'], {});
  if (code !== EXIT.imported) throw new Error(`import CLI exited with ${code}`);
}

export interface KolView {
  id: string;
  platform: string;
  handle: string;
  displayName: string;
  category: string;
  followers: number;
  following: number;
  posts: number;
  verified: boolean;
  favoritesCount: number | null;
  pricePerPost: number | null;
  currency: string | null;
  country: string | null;
  language: string | null;
  trust: { trustScore: number; modelVersion: string; scoredAt: string };
  success: {
    successScore: number;
    scoredAt: string;
    revenueForecast: number | null;
    currency: string | null;
  } | null;
  fusion: { anomalyPenalty: number; expectedValue: number | null; currency: string | null };
  metrics: { views: number; clicks: number; orders: number; bucketStart: string }[];
}

const KOLS_QUERY = `query OwnKols($ids: [ID!]!) {
  kols(ids: $ids) {
    id platform handle displayName category followers following posts verified
    favoritesCount pricePerPost currency country language
    trust { trustScore modelVersion scoredAt }
    success { successScore scoredAt revenueForecast currency }
    fusion { anomalyPenalty expectedValue currency }
    metrics(window: H1, last: 24) { views clicks orders bucketStart }
  }
}`;

export async function readKols(url: string, ids: readonly string[]): Promise<(KolView | null)[]> {
  const res: GraphQLResponse<{ kols: (KolView | null)[] }> = await postQuery(url, KOLS_QUERY, {
    ids,
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  if (!res.data) throw new Error('no data');
  return res.data.kols;
}

/** `ranking.totalCount`: how many KOLs the ranking index holds. */
export async function readRankingTotal(url: string): Promise<number> {
  const res: GraphQLResponse<{ ranking: { totalCount: number } }> = await postQuery(
    url,
    '{ ranking(input: { first: 1 }) { totalCount } }',
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  if (!res.data) throw new Error('no data');
  return res.data.ranking.totalCount;
}

export interface ModelView {
  name: string;
  version: string;
  stage: string;
}

export async function readModels(url: string): Promise<ModelView[]> {
  const res: GraphQLResponse<{ models: ModelView[] }> = await postQuery(
    url,
    '{ models { name version stage } }',
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data?.models ?? [];
}

export async function promote(url: string, apiKey: string, name: string, version: string) {
  return postQuery(
    url,
    'mutation ($name: String!, $version: String!) { promoteModel(name: $name, version: $version) { name version stage } }',
    { name, version },
    { 'x-api-key': apiKey },
  );
}

export async function modelEvents(
  url: string,
  apiKey: string,
  model: string,
): Promise<{ action: string; version: string | null; actor: string }[]> {
  const res: GraphQLResponse<{
    modelEvents: { action: string; version: string | null; actor: string }[];
  }> = await postQuery(
    url,
    'query ($model: String) { modelEvents(model: $model, first: 10) { action version actor } }',
    { model },
    { 'x-api-key': apiKey },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data?.modelEvents ?? [];
}

export function productionVersion(models: readonly ModelView[], name: string): string | undefined {
  return models.find((m) => m.name === name && m.stage === 'Production')?.version;
}

/** Waits until the gateway at `url` lists `version` of model `name` as Production. */
export async function untilProduction(
  url: string,
  name: string,
  version: string,
  timeoutMs: number,
): Promise<void> {
  await eventually(
    () => readModels(url),
    (models) => productionVersion(models, name) === version,
    timeoutMs,
    `${url} serving ${name} ${version}`,
  );
}

function envelope(
  kolId: string,
  at: number,
  event: Pick<EventEnvelope, 'event_type' | 'payload'>,
): EventEnvelope {
  return {
    event_id: randomUUID(),
    kol_id: kolId,
    event_time: new Date(at).toISOString(),
    ...event,
  } as EventEnvelope;
}

/**
 * Three hours of one KOL's activity up to `now` in ten-minute steps, oldest first: post counters,
 * comments, views, clicks, carts and purchases in EUR. Closes the H1 buckets of the first hours.
 * A live producer sends the steps one after the other (the three sources stay close in time).
 */
export function activitySteps(kolId: string, now: number): EventEnvelope[][] {
  const steps: EventEnvelope[][] = [];
  const start = now - 3 * HOUR;
  for (let step = 0, at = start; at <= now - MINUTE; step++, at += 10 * MINUTE) {
    const views = 400 * (step + 1);
    const events: EventEnvelope[] = [
      envelope(kolId, at, {
        event_type: 'post_metrics',
        payload: { post_id: 'p1', views, likes: views / 10, comments: step * 3, shares: step },
      }),
      envelope(kolId, at + 1_000, {
        event_type: 'comment',
        payload: { post_id: 'p1', sentiment: step % 4 === 0 ? 'negative' : 'positive' },
      }),
    ];
    for (let c = 0; c < 6; c++) {
      events.push(envelope(kolId, at + 2_000 + c, { event_type: 'view', payload: {} }));
      events.push(envelope(kolId, at + 3_000 + c, { event_type: 'click', payload: {} }));
    }
    events.push(
      envelope(kolId, at + 4_000, { event_type: 'add_to_cart', payload: { quantity: 1 } }),
      envelope(kolId, at + 5_000, {
        event_type: 'purchase',
        payload: { amount: 39.5 + step, currency: 'EUR', order_id: `${kolId}-o${step}` },
      }),
    );
    steps.push(events);
  }
  return steps;
}

/** All of `activitySteps` as one list, oldest first. */
export function activityEvents(kolId: string, now: number): EventEnvelope[] {
  return activitySteps(kolId, now).flat();
}

/** Seventy minutes of steady follower counts, then a burst of 2,000 in the last minute. */
export function spikeEvents(kolId: string, now: number, followers: number): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  let count = followers;
  for (let m = 70; m >= 2; m--) {
    count += 12 + ((m * 31) % 5) - 2;
    events.push(
      envelope(kolId, now - m * MINUTE, {
        event_type: 'profile_snapshot',
        payload: { followers: count, following: 150, posts: 80 },
      }),
    );
  }
  events.push(
    envelope(kolId, now - MINUTE, {
      event_type: 'profile_snapshot',
      payload: { followers: count + 2_000, following: 150, posts: 80 },
    }),
  );
  return events;
}

/** A `profile` event creating a KOL from KolInput fields. */
export function profileEvent(kol: OwnKol, at: number): EventEnvelope {
  return envelope(kol.id, at, {
    event_type: 'profile',
    payload: {
      id: kol.id,
      platform: OWN_PLATFORM.written,
      handle: kol.handle,
      displayName: kol.displayName,
      category: OWN_CATEGORY.written,
      followers: kol.followers,
      following: kol.following,
      posts: kol.posts,
      verified: kol.verified,
      favoritesCount: kol.favoritesCount,
      pricePerPost: kol.pricePerPost,
      currency: 'EUR',
      updatedAt: new Date(at).toISOString(),
    },
  });
}

/** Polls `read` until `done` accepts its value; throws with the last value after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  // At least one read, however short the time left.
  do {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  } while (Date.now() < deadline);
  throw new Error(
    `${what}: not reached in ${timeoutMs} ms; last value ${JSON.stringify(last)}` +
      (lastError instanceof Error ? `; last error ${lastError.message}` : ''),
  );
}
