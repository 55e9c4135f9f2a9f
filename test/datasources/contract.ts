/**
 * The datasource contract: every store method of `DataSources`, run against each implementation
 * (embedded.contract.test.ts, real.contract.test.ts). Each group of tests gets its own DataSources
 * from the factory; tests inside a group use unique ids so they never see each other's data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareAlertsNewestFirst,
  type Alert,
  type AlertFilter,
  type AlertType,
  type Severity,
} from '../../domain/types';
import { checkedDataSources } from '../../datasources/shared/checked';
import type {
  AlertCursor,
  DataSources,
  ModelRegistryEvent,
  ModelRegistryState,
  RankingEntry,
} from '../../datasources/types';
import { alert, DAY, HOUR, point, profile, score, uid } from './fixtures';

export { alert, point, profile, score, uid } from './fixtures';

export interface ContractSubject {
  data: DataSources;
  /** Called after the group's tests (e.g. drop the test keyspace). `close()` is called first. */
  cleanup?: () => Promise<void>;
}

export type ContractFactory = () => Promise<ContractSubject>;

function ids(alerts: readonly Alert[]): string[] {
  return alerts.map((a) => a.id);
}

async function collectAll(
  data: DataSources,
  filter: AlertFilter,
  pageSize: number,
): Promise<{ alerts: Alert[]; pages: number }> {
  const out: Alert[] = [];
  let after: AlertCursor | undefined;
  let pages = 0;
  for (;;) {
    const page = await data.alerts.query(filter, pageSize, after);
    pages += 1;
    expect(page.alerts.length).toBeLessThanOrEqual(pageSize);
    out.push(...page.alerts);
    if (!page.hasNextPage) break;
    expect(page.alerts.length).toBe(pageSize);
    const last = page.alerts[page.alerts.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
    if (pages > 10_000) throw new Error('pagination does not terminate');
  }
  return { alerts: out, pages };
}

/**
 * Registers the contract suite. `factory` is called once per group (profiles, metrics, scores,
 * alerts, rankings); its DataSources is closed after the group.
 */
export function describeDataSourceContract(name: string, factory: ContractFactory): void {
  function group(title: string, body: (get: () => DataSources) => void): void {
    describe(title, () => {
      let subject: ContractSubject | undefined;
      beforeAll(async () => {
        const made = await factory();
        // Every batch method is checked for one result per key (a wrong shape fails loudly).
        subject = { ...made, data: checkedDataSources(made.data) };
      });
      afterAll(async () => {
        if (!subject) return;
        await subject.data.close();
        await subject.cleanup?.();
      });
      body(() => {
        if (!subject) throw new Error('factory failed');
        return subject.data;
      });
    });
  }

  describe(`DataSources contract: ${name}`, () => {
    group('ProfileStore', (data) => {
      it('getMany keeps the order of ids, repeats duplicates and returns null for unknown ids', async () => {
        const a = profile(uid('p'));
        const b = profile(uid('p'), { category: 'fitness', platform: 'tiktok', verified: false });
        await data().profiles.upsertMany([a, b]);
        const got = await data().profiles.getMany([b.id, 'unknown-' + uid('x'), a.id, b.id]);
        expect(got).toEqual([b, null, a, b]);
        expect(await data().profiles.getMany([])).toEqual([]);
      });

      it('round-trips every field exactly (large counts, dates to the millisecond)', async () => {
        const p = profile(uid('p'), {
          followers: 2_147_483_648 * 3,
          favorites: 0,
          isPrivate: true,
          hasUrl: false,
          displayName: 'Ngọc Trinh ✨',
          accountCreatedAt: new Date('2009-12-31T23:59:59.999Z'),
        });
        await data().profiles.upsertMany([p]);
        expect(await data().profiles.getMany([p.id])).toEqual([p]);
      });

      it('upsert overwrites, including after the profile was read (no stale cache)', async () => {
        const p = profile(uid('p'), { followers: 1_000 });
        await data().profiles.upsertMany([p]);
        expect((await data().profiles.getMany([p.id]))[0]?.followers).toBe(1_000);
        const updated = { ...p, followers: 2_500, handle: '@renamed', updatedAt: new Date() };
        await data().profiles.upsertMany([updated]);
        expect(await data().profiles.getMany([p.id])).toEqual([updated]);
      });

      it('a read of an unknown id does not hide the profile once it is created', async () => {
        const id = uid('p');
        expect(await data().profiles.getMany([id])).toEqual([null]);
        const p = profile(id);
        await data().profiles.upsertMany([p]);
        expect(await data().profiles.getMany([id])).toEqual([p]);
      });

      it('upsertMany with the same id twice keeps the last one', async () => {
        const id = uid('p');
        await data().profiles.upsertMany([profile(id, { posts: 1 }), profile(id, { posts: 2 })]);
        expect((await data().profiles.getMany([id]))[0]?.posts).toBe(2);
      });

      it('listIds filters by category, platform, both or none, in a stable sorted order', async () => {
        const cat = uid('cat');
        const plat = uid('plat');
        const p1 = profile(uid('p'), { category: cat, platform: plat });
        const p2 = profile(uid('p'), { category: cat, platform: 'youtube' });
        const p3 = profile(uid('p'), { category: 'food', platform: plat });
        await data().profiles.upsertMany([p3, p2, p1]);
        expect(await data().profiles.listIds({ category: cat })).toEqual([p1.id, p2.id]);
        expect(await data().profiles.listIds({ platform: plat })).toEqual([p1.id, p3.id]);
        expect(await data().profiles.listIds({ category: cat, platform: plat })).toEqual([p1.id]);
        expect(await data().profiles.listIds({ category: uid('none') })).toEqual([]);
        const all = await data().profiles.listIds({});
        expect(all).toEqual(expect.arrayContaining([p1.id, p2.id, p3.id]));
        expect(all).toEqual([...all].sort());
        expect(new Set(all).size).toBe(all.length);
      });

      it('upsertMany reports applied and skipped ids; an older updatedAt changes nothing', async () => {
        const id = uid('p');
        const t = Date.UTC(2026, 5, 1);
        const current = profile(id, { followers: 10, updatedAt: new Date(t) });
        expect(await data().profiles.upsertMany([current])).toEqual({
          applied: [id],
          skipped: [],
        });
        const older = profile(id, { followers: 99, category: 'older', updatedAt: new Date(t - 1) });
        const other = profile(uid('p'), { updatedAt: new Date(t - 5_000) });
        expect(await data().profiles.upsertMany([older, other])).toEqual({
          applied: [other.id],
          skipped: [id],
        });
        expect(await data().profiles.getMany([id])).toEqual([current]);
        expect(await data().profiles.listIds({ category: 'older' })).not.toContain(id);
        const same = { ...current, followers: 11 };
        expect(await data().profiles.upsertMany([same])).toEqual({ applied: [id], skipped: [] });
        const newer = { ...current, followers: 12, updatedAt: new Date(t + 1) };
        await data().profiles.upsertMany([newer]);
        expect(await data().profiles.getMany([id])).toEqual([newer]);
        expect(await data().profiles.upsertMany([])).toEqual({ applied: [], skipped: [] });
      });

      it('the same id twice in one call: the last wins and is reported once', async () => {
        const id = uid('p');
        const result = await data().profiles.upsertMany([
          profile(id, { posts: 1 }),
          profile(id, { posts: 2, updatedAt: new Date('2020-01-01T00:00:00.000Z') }),
        ]);
        expect(result).toEqual({ applied: [id], skipped: [] });
        expect((await data().profiles.getMany([id]))[0]?.posts).toBe(2);
      });

      it('round-trips the optional KolInput fields, and their absence', async () => {
        const full = profile(uid('p'), {
          hasBio: false,
          pricePerPost: 1_250.5,
          currency: 'EUR',
          country: 'VN',
          language: 'pt-br',
          unreported: ['favoritesCount', 'isPrivate'],
        });
        const bare = profile(uid('p'));
        await data().profiles.upsertMany([full, bare]);
        const [gotFull, gotBare] = await data().profiles.getMany([full.id, bare.id]);
        expect(gotFull).toEqual(full);
        expect(gotBare).toEqual(bare);
        for (const field of ['hasBio', 'pricePerPost', 'currency', 'country', 'language']) {
          expect(gotBare).not.toHaveProperty(field);
        }
        expect(gotBare).not.toHaveProperty('unreported');
      });

      it('updatedAt gives the stored time per id, null for unknown ids, duplicates repeated', async () => {
        const a = profile(uid('p'), { updatedAt: new Date('2026-03-01T00:00:00.000Z') });
        const b = profile(uid('p'), { updatedAt: new Date('2026-04-01T00:00:00.000Z') });
        await data().profiles.upsertMany([a, b]);
        const missing = uid('missing');
        expect(await data().profiles.updatedAt([b.id, missing, a.id, b.id])).toEqual([
          b.updatedAt,
          null,
          a.updatedAt,
          b.updatedAt,
        ]);
        expect(await data().profiles.updatedAt([])).toEqual([]);
      });

      it('upsertMany compares with the stored times it is given instead of reading them', async () => {
        const id = uid('p');
        const t = Date.UTC(2026, 6, 1);
        const current = profile(id, { followers: 10, updatedAt: new Date(t) });
        await data().profiles.upsertMany([current]);
        const older = { ...current, followers: 20, updatedAt: new Date(t - 1) };
        const fresh = profile(uid('p'));
        const storedUpdatedAt = new Map<string, Date | null>([
          [id, new Date(t)],
          [fresh.id, null],
        ]);
        expect(await data().profiles.upsertMany([older, fresh], { storedUpdatedAt })).toEqual({
          applied: [fresh.id],
          skipped: [id],
        });
        expect(await data().profiles.getMany([id, fresh.id])).toEqual([current, fresh]);
      });

      it('clears optional fields a later profile no longer has (a first write leaves them unset)', async () => {
        const bare = profile(uid('p'), { updatedAt: new Date('2026-05-01T00:00:00.000Z') });
        await data().profiles.upsertMany([bare]);
        const full = {
          ...bare,
          country: 'DE',
          language: 'de',
          currency: 'EUR',
          pricePerPost: 90,
          hasBio: true,
          unreported: ['favoritesCount' as const],
          updatedAt: new Date('2026-05-02T00:00:00.000Z'),
        };
        await data().profiles.upsertMany([full]);
        expect(await data().profiles.getMany([bare.id])).toEqual([full]);
        const cleared = { ...bare, updatedAt: new Date('2026-05-03T00:00:00.000Z') };
        await data().profiles.upsertMany([cleared]);
        const [got] = await data().profiles.getMany([bare.id]);
        expect(got).toEqual(cleared);
        for (const field of ['hasBio', 'pricePerPost', 'currency', 'country', 'language']) {
          expect(got).not.toHaveProperty(field);
        }
        expect(await data().profiles.listIds({ country: 'DE' })).not.toContain(bare.id);
      });

      it('listIds follows a change of category or platform', async () => {
        const from = uid('cat');
        const to = uid('cat');
        const p = profile(uid('p'), { category: from });
        await data().profiles.upsertMany([p]);
        expect(await data().profiles.listIds({ category: from })).toEqual([p.id]);
        await data().profiles.upsertMany([{ ...p, category: to }]);
        expect(await data().profiles.listIds({ category: from })).toEqual([]);
        expect(await data().profiles.listIds({ category: to })).toEqual([p.id]);
        expect((await data().profiles.listIds({})).filter((id) => id === p.id)).toHaveLength(1);
      });
    });

    group('MetricStore', (data) => {
      const t0 = Date.UTC(2026, 0, 1);

      it('series returns the most recent buckets first, at most `last`', async () => {
        const kol = uid('k');
        const points = [0, 3, 1, 4, 2].map((i) =>
          point(kol, 'M5', new Date(t0 + i * 300_000), { views: i }),
        );
        await data().metrics.write(points);
        const [three, all, none] = await data().metrics.series([
          { kolId: kol, window: 'M5', last: 3 },
          { kolId: kol, window: 'M5', last: 100 },
          { kolId: uid('k'), window: 'M5', last: 10 },
        ]);
        expect(three!.map((p) => p.views)).toEqual([4, 3, 2]);
        expect(all!.map((p) => p.views)).toEqual([4, 3, 2, 1, 0]);
        expect(all![0]).toEqual(points[3]);
        expect(none).toEqual([]);
      });

      it('windows are separate series, keys keep their order', async () => {
        const kol = uid('k');
        await data().metrics.write([
          point(kol, 'H1', new Date(t0), { views: 11 }),
          point(kol, 'H24', new Date(t0), { views: 22 }),
        ]);
        const got = await data().metrics.series([
          { kolId: kol, window: 'H24', last: 5 },
          { kolId: kol, window: 'M15', last: 5 },
          { kolId: kol, window: 'H1', last: 5 },
        ]);
        expect(got.map((s) => s.map((p) => p.views))).toEqual([[22], [], [11]]);
      });

      it('a point with the same kol, window and bucket overwrites', async () => {
        const kol = uid('k');
        const at = new Date(t0 + HOUR);
        await data().metrics.write([point(kol, 'H1', at, { views: 1 })]);
        expect((await data().metrics.latest([{ kolId: kol, window: 'H1' }]))[0]?.views).toBe(1);
        await data().metrics.write([point(kol, 'H1', at, { views: 2, engagementRate: 0.5 })]);
        const [series] = await data().metrics.series([{ kolId: kol, window: 'H1', last: 10 }]);
        expect(series).toEqual([point(kol, 'H1', at, { views: 2, engagementRate: 0.5 })]);
        expect((await data().metrics.latest([{ kolId: kol, window: 'H1' }]))[0]?.views).toBe(2);
      });

      it('latest is the newest bucket per key, null when none, and an older write does not replace it', async () => {
        const kol = uid('k');
        const other = uid('k');
        expect(await data().metrics.latest([{ kolId: kol, window: 'M15' }])).toEqual([null]);
        await data().metrics.write([point(kol, 'M15', new Date(t0 + 2 * 900_000), { views: 2 })]);
        await data().metrics.write([point(kol, 'M15', new Date(t0 + 900_000), { views: 1 })]);
        await data().metrics.write([point(other, 'M15', new Date(t0), { views: 9 })]);
        const got = await data().metrics.latest([
          { kolId: kol, window: 'M15' },
          { kolId: uid('k'), window: 'M15' },
          { kolId: other, window: 'M15' },
          { kolId: kol, window: 'M5' },
        ]);
        expect(got.map((p) => p?.views ?? null)).toEqual([2, null, 9, null]);
        await data().metrics.write([point(kol, 'M15', new Date(t0 + 3 * 900_000), { views: 3 })]);
        expect((await data().metrics.latest([{ kolId: kol, window: 'M15' }]))[0]?.views).toBe(3);
      });

      it('long series page through the store (1,200 buckets)', async () => {
        const kol = uid('k');
        const n = 1_200;
        const points = Array.from({ length: n }, (_, i) =>
          point(kol, 'M5', new Date(t0 + i * 300_000), { views: i }),
        );
        await data().metrics.write(points);
        const [series] = await data().metrics.series([{ kolId: kol, window: 'M5', last: 1_100 }]);
        expect(series).toHaveLength(1_100);
        expect(series![0]!.views).toBe(n - 1);
        expect(series![1_099]!.views).toBe(n - 1_100);
        for (let i = 1; i < series!.length; i++) {
          expect(series![i - 1]!.bucketStart.getTime()).toBeGreaterThan(
            series![i]!.bucketStart.getTime(),
          );
        }
      });

      it('series read again after newer writes and overwrites shows them (recent-bucket cache)', async () => {
        const kol = uid('k');
        const at = (i: number): Date => new Date(t0 + i * 900_000);
        await data().metrics.write([0, 1, 2].map((i) => point(kol, 'M15', at(i), { views: i })));
        const key = { kolId: kol, window: 'M15' as const, last: 12 };
        expect((await data().metrics.series([key]))[0]!.map((p) => p.views)).toEqual([2, 1, 0]);
        expect((await data().metrics.series([key]))[0]!.map((p) => p.views)).toEqual([2, 1, 0]);
        await data().metrics.write([
          point(kol, 'M15', at(3), { views: 3 }),
          point(kol, 'M15', at(1), { views: 11 }),
        ]);
        const [again, two, other] = await data().metrics.series([
          key,
          { ...key, last: 2 },
          { kolId: uid('k'), window: 'M15', last: 12 },
        ]);
        expect(again!.map((p) => p.views)).toEqual([3, 2, 11, 0]);
        expect(two!.map((p) => p.views)).toEqual([3, 2]);
        expect(other).toEqual([]);
        // More than the cached depth: still the newest first, from the store.
        await data().metrics.write(
          Array.from({ length: 80 }, (_, i) => point(kol, 'M15', at(10 + i), { views: 10 + i })),
        );
        const [deep] = await data().metrics.series([{ ...key, last: 100 }]);
        expect(deep).toHaveLength(84);
        expect(deep![0]!.views).toBe(89);
        expect(deep!.at(-1)!.views).toBe(0);
        const [recent] = await data().metrics.series([{ ...key, last: 64 }]);
        expect(recent!.map((p) => p.views)).toEqual(deep!.slice(0, 64).map((p) => p.views));
      });

      it('revenue and currency round-trip when present and stay absent otherwise', async () => {
        const kol = uid('k');
        const withRevenue = point(kol, 'H1', new Date(t0 + 5 * HOUR), {
          revenue: 1_234.56,
          currency: 'USD',
        });
        const without = point(kol, 'H1', new Date(t0 + 4 * HOUR));
        await data().metrics.write([withRevenue, without]);
        const [series] = await data().metrics.series([{ kolId: kol, window: 'H1', last: 2 }]);
        expect(series).toEqual([withRevenue, without]);
        expect(series![1]).not.toHaveProperty('revenue');
        expect(series![1]).not.toHaveProperty('currency');
      });

      it('write([]) and series([]) are no-ops', async () => {
        await data().metrics.write([]);
        expect(await data().metrics.series([])).toEqual([]);
        expect(await data().metrics.latest([])).toEqual([]);
      });
    });

    group('ScoreStore', (data) => {
      const t0 = Date.UTC(2026, 1, 1);

      it('latest per model and id in order, null when never scored; models are separate', async () => {
        const a = uid('k');
        const b = uid('k');
        await data().scores.put([
          score(a, 'trust', 81.5, new Date(t0)),
          score(a, 'success', 42, new Date(t0), { revenueForecast: 12_345.5 }),
          score(b, 'trust', 30, new Date(t0)),
        ]);
        const trust = await data().scores.latest('trust', [b, uid('k'), a]);
        expect(trust.map((r) => r?.score ?? null)).toEqual([30, null, 81.5]);
        expect(trust[2]).toEqual(score(a, 'trust', 81.5, new Date(t0)));
        const success = await data().scores.latest('success', [a, b]);
        expect(success[0]).toEqual(
          score(a, 'success', 42, new Date(t0), { revenueForecast: 12_345.5 }),
        );
        expect(success[1]).toBeNull();
        expect(await data().scores.latest('anomaly', [a])).toEqual([null]);
        expect(await data().scores.latest('trust', [])).toEqual([]);
      });

      it('a newer score becomes the latest after the previous one was read', async () => {
        const a = uid('k');
        await data().scores.put([score(a, 'anomaly', 0.2, new Date(t0))]);
        expect((await data().scores.latest('anomaly', [a]))[0]?.score).toBe(0.2);
        await data().scores.put([score(a, 'anomaly', 0.9, new Date(t0 + 1_000))]);
        expect((await data().scores.latest('anomaly', [a]))[0]?.score).toBe(0.9);
      });

      it('an older score does not become the latest', async () => {
        const a = uid('k');
        await data().scores.put([score(a, 'trust', 70, new Date(t0 + 10_000))]);
        await data().scores.put([score(a, 'trust', 10, new Date(t0))]);
        expect((await data().scores.latest('trust', [a]))[0]?.score).toBe(70);
      });

      it('history is newest first, limited per id, in id order', async () => {
        const a = uid('k');
        const b = uid('k');
        await data().scores.put(
          [3, 1, 4, 0, 2].map((i) => score(a, 'trust', 10 * i, new Date(t0 + i * HOUR))),
        );
        await data().scores.put([score(b, 'trust', 55, new Date(t0))]);
        const [ha, none, hb] = await data().scores.history('trust', [a, uid('k'), b], 3);
        expect(ha!.map((r) => r.score)).toEqual([40, 30, 20]);
        expect(none).toEqual([]);
        expect(hb!.map((r) => r.score)).toEqual([55]);
        const [full] = await data().scores.history('trust', [a], 50);
        expect(full!.map((r) => r.score)).toEqual([40, 30, 20, 10, 0]);
        expect((await data().scores.history('success', [a], 5))[0]).toEqual([]);
      });

      it('forecast scores with a currency round-trip', async () => {
        const a = uid('k');
        const record = score(a, 'forecast', 17, new Date(t0), {
          revenueForecast: 980.25,
          currency: 'VND',
        });
        await data().scores.put([record]);
        expect(await data().scores.latest('forecast', [a])).toEqual([record]);
        expect((await data().scores.history('forecast', [a], 3))[0]).toEqual([record]);
      });

      it('reasons round-trip in order; a record without reasons or forecast stays that way', async () => {
        const a = uid('k');
        const bare = score(a, 'success', 66, new Date(t0), { reasons: [] });
        await data().scores.put([bare]);
        const [got] = await data().scores.latest('success', [a]);
        expect(got).toEqual(bare);
        expect(got).not.toHaveProperty('revenueForecast');
      });
    });

    group('AlertStore', (data) => {
      /** Every alert stored in this group, for the whole-store pagination test. */
      const stored: Alert[] = [];
      let epochs = 0;
      /** A time range no other test of this group uses, later than all previous ones. */
      const epoch = (): number => Date.UTC(2040, 0, 1) + (epochs++ * 40 + 5) * DAY;

      async function put(...alerts: Alert[]): Promise<boolean[]> {
        const results: boolean[] = [];
        for (const a of alerts) {
          const isNew = await data().alerts.put(a);
          results.push(isNew);
          if (isNew) stored.push(a);
        }
        return results;
      }

      it('put stores an alert once: the same id again returns false and changes nothing', async () => {
        const kol = uid('k');
        const at = new Date(epoch());
        const first = alert(kol, at);
        expect(await put(first)).toEqual([true]);
        const again = { ...first, message: 'changed', severity: 'CRITICAL' as const };
        expect(await put(again, first)).toEqual([false, false]);
        const [recent] = await data().alerts.recentByKol([kol], 10);
        expect(recent).toEqual([first]);
        const page = await data().alerts.query({ kolIds: [kol] }, 10);
        expect(page).toEqual({ alerts: [first], hasNextPage: false });
      });

      it('putMany stores a batch once and returns the ids that were new, in input order', async () => {
        const kol = uid('k');
        const base = epoch();
        const earlier = alert(kol, new Date(base));
        expect(await put(earlier)).toEqual([true]);
        const batch = [0, 1, 2].map((i) => alert(kol, new Date(base + (i + 1) * HOUR)));
        const fresh = await data().alerts.putMany([
          batch[1]!,
          earlier,
          batch[0]!,
          batch[1]!,
          batch[2]!,
        ]);
        expect(fresh).toEqual([batch[1]!.id, batch[0]!.id, batch[2]!.id]);
        stored.push(...batch);
        expect(await data().alerts.putMany([...batch, earlier])).toEqual([]);
        expect(await data().alerts.put({ ...batch[0]!, message: 'changed' })).toBe(false);
        const [recent] = await data().alerts.recentByKol([kol], 10);
        expect(recent).toEqual([batch[2], batch[1], batch[0], earlier]);
        const page = await data().alerts.query({ kolIds: [kol] }, 10);
        expect(ids(page.alerts)).toEqual(ids([batch[2]!, batch[1]!, batch[0]!, earlier]));
        const byDay = await data().alerts.query({ since: new Date(base + HOUR) }, 10);
        expect(ids(byDay.alerts)).toEqual(ids([batch[2]!, batch[1]!, batch[0]!]));
        expect(await data().alerts.putMany([])).toEqual([]);
      });

      it('storeMany stores every alert of a batch for each read, again changing nothing', async () => {
        const store = data().alerts;
        expect(typeof store.storeMany).toBe('function');
        const kol = uid('k');
        const base = epoch();
        const batch = [0, 1, 2].map((i) => alert(kol, new Date(base + i * HOUR)));
        await store.storeMany!(batch);
        await store.storeMany!([batch[1]!, batch[1]!]);
        stored.push(...batch);
        const newestFirst = [batch[2], batch[1], batch[0]];
        expect((await store.recentByKol([kol], 10))[0]).toEqual(newestFirst);
        expect(await store.query({ kolIds: [kol] }, 10)).toEqual({
          alerts: newestFirst,
          hasNextPage: false,
        });
        const byDay = await store.query({ since: new Date(base) }, 10);
        expect(ids(byDay.alerts)).toEqual(ids(newestFirst as Alert[]));
        expect(await store.putMany(batch)).toEqual([]);
        expect(await store.put(batch[0]!)).toBe(false);
      });

      it('concurrent puts of the same id: exactly one is new', async () => {
        const a = alert(uid('k'), new Date(epoch()));
        const results = await Promise.all([1, 2, 3, 4].map(() => data().alerts.put({ ...a })));
        expect(results.filter(Boolean)).toHaveLength(1);
        stored.push(a);
        expect((await data().alerts.recentByKol([a.kolId], 10))[0]).toEqual([a]);
      });

      it('recentByKol: newest first, `first` per KOL, in the order of ids, [] for unknown', async () => {
        const k1 = uid('k');
        const k2 = uid('k');
        const base = epoch();
        const a = [0, 1, 2, 3].map((i) => alert(k1, new Date(base + i * HOUR)));
        const b = alert(k2, new Date(base));
        await put(...a, b);
        const got = await data().alerts.recentByKol([k2, uid('k'), k1], 3);
        expect(got).toEqual([[b], [], [a[3], a[2], a[1]]]);
        expect(await data().alerts.recentByKol([k1], 0)).toEqual([[]]);
      });

      it('query filters by kolIds, types, minSeverity and since (all combined)', async () => {
        const k1 = uid('k');
        const k2 = uid('k');
        const k3 = uid('k');
        const base = epoch();
        const make = (kol: string, h: number, type: AlertType, severity: Severity): Alert =>
          alert(kol, new Date(base + h * HOUR), { type, severity });
        const all = [
          make(k1, 0, 'FOLLOWER_SPIKE', 'INFO'),
          make(k1, 1, 'FOLLOWER_GROWTH', 'WARNING'),
          make(k2, 2, 'FOLLOWER_SPIKE', 'CRITICAL'),
          make(k3, 3, 'FEATURE_DRIFT', 'WARNING'),
          make(k2, 4, 'NEGATIVE_SENTIMENT_TREND', 'INFO'),
          make(k1, 30, 'FORECAST_DROP', 'CRITICAL'),
        ];
        await put(...all);
        const expectIds = async (filter: AlertFilter, expected: Alert[]): Promise<void> => {
          const page = await data().alerts.query(filter, 100);
          expect(ids(page.alerts)).toEqual(ids([...expected].sort(compareAlertsNewestFirst)));
          expect(page.hasNextPage).toBe(false);
        };
        const since = new Date(base);
        const [a0, a1, a2, a3, a4, a5] = all as [Alert, Alert, Alert, Alert, Alert, Alert];
        await expectIds({ kolIds: [k1] }, [a0, a1, a5]);
        await expectIds({ kolIds: [k1, k2] }, [a0, a1, a2, a4, a5]);
        await expectIds({ kolIds: [k2, k2] }, [a2, a4]);
        await expectIds({ since, types: ['FOLLOWER_SPIKE'] }, [a0, a2]);
        await expectIds({ since, types: ['FOLLOWER_SPIKE', 'FEATURE_DRIFT'] }, [a0, a2, a3]);
        await expectIds({ since, minSeverity: 'WARNING' }, [a1, a2, a3, a5]);
        await expectIds({ since, minSeverity: 'CRITICAL' }, [a2, a5]);
        await expectIds({ since, minSeverity: 'INFO' }, all);
        await expectIds({ since: new Date(base + 2 * HOUR) }, [a2, a3, a4, a5]);
        await expectIds({ since: new Date(base + 2 * HOUR + 1) }, [a3, a4, a5]);
        await expectIds({ kolIds: [k1], since: new Date(base + HOUR) }, [a1, a5]);
        await expectIds(
          {
            kolIds: [k1, k2, k3],
            types: ['FOLLOWER_SPIKE', 'FORECAST_DROP'],
            minSeverity: 'WARNING',
          },
          [a2, a5],
        );
        await expectIds({ kolIds: [uid('k')] }, []);
        await expectIds({ since: new Date(base + 1000 * DAY) }, []);
        await expectIds({ kolIds: [], types: [], since }, all);
      });

      it('query pages with a cursor: no duplicates, no gaps, ties on createdAt broken by id', async () => {
        const kols = [uid('k'), uid('k'), uid('k')];
        const base = epoch();
        const alerts: Alert[] = [];
        for (let i = 0; i < 23; i++) {
          // Several alerts share a timestamp; some days apart (different day partitions).
          const at = base + Math.floor(i / 3) * 7 * HOUR;
          alerts.push(
            alert(kols[i % 3]!, new Date(at), {
              id: `tie-${base}-${String(22 - i).padStart(2, '0')}`,
            }),
          );
        }
        await put(...[...alerts].reverse());
        const expected = ids([...alerts].sort(compareAlertsNewestFirst));
        for (const size of [1, 3, 5, 23, 50]) {
          const bySince = await collectAll(data(), { since: new Date(base) }, size);
          expect(ids(bySince.alerts)).toEqual(expected);
          const byKol = await collectAll(data(), { kolIds: kols }, size);
          expect(ids(byKol.alerts)).toEqual(expected);
        }
        const page = await data().alerts.query({ kolIds: kols }, 5);
        expect(page.hasNextPage).toBe(true);
        const exact = await data().alerts.query({ since: new Date(base) }, 23);
        expect(exact.hasNextPage).toBe(false);
        expect(exact.alerts).toHaveLength(23);
      });

      it('a cursor resumes strictly after the given (createdAt, id), with filters applied', async () => {
        const kol = uid('k');
        const base = epoch();
        const list = [0, 1, 2, 3, 4, 5].map((i) =>
          alert(kol, new Date(base + (i % 2 === 0 ? 0 : HOUR)), {
            id: `cur-${base}-${i}`,
            severity: i < 3 ? 'INFO' : 'CRITICAL',
          }),
        );
        await put(...list);
        const order = [...list].sort(compareAlertsNewestFirst);
        const cursorAt = order[2]!;
        const rest = await data().alerts.query({ kolIds: [kol] }, 10, {
          createdAt: cursorAt.createdAt,
          id: cursorAt.id,
        });
        expect(ids(rest.alerts)).toEqual(ids(order.slice(3)));
        const critical = await data().alerts.query(
          { since: new Date(base), minSeverity: 'CRITICAL' },
          10,
          {
            createdAt: cursorAt.createdAt,
            id: cursorAt.id,
          },
        );
        expect(ids(critical.alerts)).toEqual(
          ids(order.slice(3).filter((a) => a.severity === 'CRITICAL')),
        );
      });

      it('first = 0 returns no alerts and tells whether any match', async () => {
        const kol = uid('k');
        await put(alert(kol, new Date(epoch())));
        expect(await data().alerts.query({ kolIds: [kol] }, 0)).toEqual({
          alerts: [],
          hasNextPage: true,
        });
        expect(await data().alerts.query({ kolIds: [uid('k')] }, 0)).toEqual({
          alerts: [],
          hasNextPage: false,
        });
      });

      it('paging through the whole store (no filter) returns every stored alert exactly once', async () => {
        const recent = [0, 1, 2].map((i) => alert(uid('k'), new Date(Date.now() - i * DAY)));
        await put(...recent);
        const expected = ids([...stored].sort(compareAlertsNewestFirst));
        const { alerts } = await collectAll(data(), {}, 7);
        expect(ids(alerts)).toEqual(expected);
        expect(alerts.find((a) => a.id === recent[0]!.id)).toEqual(recent[0]);
      });
    });

    group('RankingStore', (data) => {
      const t0 = Date.UTC(2026, 2, 1);

      function entryOf(entries: RankingEntry[], kolId: string): RankingEntry | undefined {
        return entries.find((e) => e.kolId === kolId);
      }

      it('an entry appears with its profile, with empty inputs until scores and metrics arrive', async () => {
        const cat = uid('cat');
        const p = profile(uid('p'), { category: cat, platform: 'tiktok' });
        await data().profiles.upsertMany([p]);
        expect(await data().rankings.entries({ category: cat })).toEqual([
          {
            kolId: p.id,
            category: cat,
            platform: 'tiktok',
            trustHistory: [],
            success: null,
            revenueForecast: null,
            sentimentPositiveRatio: null,
            anomaly: null,
          },
        ]);
      });

      it('entries reflect score and 24 h metric writes', async () => {
        const cat = uid('cat');
        const p = profile(uid('p'), { category: cat });
        await data().profiles.upsertMany([p]);
        await data().rankings.entries({ category: cat });
        await data().scores.put([
          score(p.id, 'trust', 61, new Date(t0)),
          score(p.id, 'success', 77, new Date(t0), { revenueForecast: 5_000 }),
          score(p.id, 'anomaly', 0.12, new Date(t0)),
        ]);
        await data().metrics.write([
          point(p.id, 'H24', new Date(t0), {
            sentimentPositiveRatio: 0.7,
            sentimentNegativeRatio: 0.2,
          }),
        ]);
        let entry = entryOf(await data().rankings.entries({ category: cat }), p.id);
        expect(entry).toEqual({
          kolId: p.id,
          category: cat,
          platform: p.platform,
          trustHistory: [{ score: 61, scoredAt: new Date(t0) }],
          success: 77,
          revenueForecast: 5_000,
          sentimentPositiveRatio: 0.7,
          anomaly: 0.12,
        });
        // More trust scores: newest first, at most 5; a newer 24 h bucket without comments.
        await data().scores.put(
          [1, 2, 3, 4, 5, 6].map((i) => score(p.id, 'trust', 61 + i, new Date(t0 + i * HOUR))),
        );
        await data().metrics.write([
          point(p.id, 'H24', new Date(t0 + DAY), {
            sentimentPositiveRatio: 0,
            sentimentNegativeRatio: 0,
          }),
        ]);
        entry = entryOf(await data().rankings.entries({}), p.id);
        expect(entry?.trustHistory.map((t) => t.score)).toEqual([67, 66, 65, 64, 63]);
        expect(entry?.trustHistory[0]?.scoredAt).toEqual(new Date(t0 + 6 * HOUR));
        expect(entry?.sentimentPositiveRatio).toBeNull();
      });

      it('entries filter by segment and follow profile changes', async () => {
        const cat = uid('cat');
        const other = uid('cat');
        const plat = uid('plat');
        const a = profile(uid('p'), { category: cat, platform: plat });
        const b = profile(uid('p'), { category: cat, platform: 'youtube' });
        const c = profile(uid('p'), { category: other, platform: plat });
        await data().profiles.upsertMany([c, b, a]);
        const kolIds = (entries: RankingEntry[]): string[] => entries.map((e) => e.kolId);
        expect(kolIds(await data().rankings.entries({ category: cat }))).toEqual([a.id, b.id]);
        expect(kolIds(await data().rankings.entries({ platform: plat }))).toEqual([a.id, c.id]);
        expect(kolIds(await data().rankings.entries({ category: cat, platform: plat }))).toEqual([
          a.id,
        ]);
        expect(await data().rankings.entries({ category: uid('none') })).toEqual([]);
        const all = kolIds(await data().rankings.entries({}));
        expect(all).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
        expect(all).toEqual([...all].sort());

        await data().profiles.upsertMany([{ ...a, category: other }]);
        expect(kolIds(await data().rankings.entries({ category: cat }))).toEqual([b.id]);
        expect(kolIds(await data().rankings.entries({ category: other }))).toEqual([a.id, c.id]);
        expect(entryOf(await data().rankings.entries({ platform: plat }), a.id)?.category).toBe(
          other,
        );
      });

      it('refresh re-derives just the given KOLs and leaves the segment as it was', async () => {
        const cat = uid('cat');
        const a = profile(uid('p'), { category: cat });
        const b = profile(uid('p'), { category: cat });
        await data().profiles.upsertMany([a, b]);
        await data().scores.put([score(a.id, 'trust', 50, new Date(t0))]);
        const before = await data().rankings.entries({ category: cat });
        await data().rankings.refresh([a.id, uid('p')]);
        await data().rankings.refresh([]);
        expect(await data().rankings.entries({ category: cat })).toEqual(before);
        expect(entryOf(before, a.id)?.trustHistory).toEqual([
          { score: 50, scoredAt: new Date(t0) },
        ]);
      });

      /** KOLs of a fresh category with trust scores `trusts` (fresh, so the order is by trust). */
      async function rankedCategory(
        trusts: readonly number[],
      ): Promise<{ cat: string; ids: string[] }> {
        const cat = uid('cat');
        const ids = trusts.map(() => uid('p'));
        await data().profiles.upsertMany(ids.map((id) => profile(id, { category: cat })));
        const now = new Date();
        await data().scores.put(ids.map((id, i) => score(id, 'trust', trusts[i]!, now)));
        return { cat, ids };
      }

      const pageIds = (page: { entries: { entry: RankingEntry }[] }): string[] =>
        page.entries.map((e) => e.entry.kolId);

      it('page: best first by default fusion score, ties by id, keyset forwards and backwards', async () => {
        const { cat, ids } = await rankedCategory([10, 90, 50, 50, 70, 30, 80]);
        // Expected order: 90, 80, 70, 50 (lower id first), 50, 30, 10.
        const order = [ids[1]!, ids[6]!, ids[4]!, ids[2]!, ids[3]!, ids[5]!, ids[0]!];
        const filter = { category: cat };
        const p1 = await data().rankings.page({ filter, first: 3 });
        expect(pageIds(p1)).toEqual(order.slice(0, 3));
        expect(p1).toMatchObject({ totalCount: 7, hasNextPage: true, hasPreviousPage: false });
        expect(p1.entries[0]!.score).toBeCloseTo(0.35 * 0.9 + 0.2 * 0.5, 10);
        expect(p1.entries[0]!.entry.trustHistory[0]?.score).toBe(90);
        const last = p1.entries.at(-1)!;
        const p2 = await data().rankings.page({
          filter,
          first: 3,
          after: { score: last.score, kolId: last.entry.kolId },
        });
        expect(pageIds(p2)).toEqual(order.slice(3, 6));
        expect(p2).toMatchObject({ totalCount: 7, hasNextPage: true, hasPreviousPage: true });
        const tail = p2.entries.at(-1)!;
        const p3 = await data().rankings.page({
          filter,
          first: 3,
          after: { score: tail.score, kolId: tail.entry.kolId },
        });
        expect(pageIds(p3)).toEqual(order.slice(6));
        expect(p3).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
        const first = p2.entries[0]!;
        const back = await data().rankings.page({
          filter,
          last: 2,
          before: { score: first.score, kolId: first.entry.kolId },
        });
        expect(pageIds(back)).toEqual(order.slice(1, 3));
        expect(back).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
        const bottom = await data().rankings.page({ filter, last: 2 });
        expect(pageIds(bottom)).toEqual(order.slice(5));
        expect(bottom).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
        const all = await data().rankings.page({ filter, first: 100 });
        expect(pageIds(all)).toEqual(order);
        expect(all).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      });

      it('page: a cursor stays valid while scores move and for a KOL that left the segment', async () => {
        const { cat, ids } = await rankedCategory([90, 80, 70, 60, 50]);
        const filter = { category: cat };
        const p1 = await data().rankings.page({ filter, first: 2 });
        expect(pageIds(p1)).toEqual([ids[0], ids[1]]);
        const cursor = { score: p1.entries[1]!.score, kolId: ids[1]! };
        // The cursor's own KOL drops to the bottom, another one jumps to the top.
        await data().scores.put([
          score(ids[1]!, 'trust', 5, new Date(Date.now() + 1_000)),
          score(ids[4]!, 'trust', 99, new Date(Date.now() + 1_000)),
        ]);
        const p2 = await data().rankings.page({ filter, first: 10, after: cursor });
        expect(pageIds(p2)).toEqual([ids[2], ids[3], ids[1]]);
        const foreign = await data().rankings.page({
          filter,
          first: 10,
          after: { score: 0.35 * 0.75 + 0.1, kolId: uid('elsewhere') },
        });
        expect(pageIds(foreign)).toEqual([ids[2], ids[3], ids[1]]);
        const none = await data().rankings.page({ filter: { category: uid('none') }, first: 10 });
        expect(none).toEqual({
          entries: [],
          totalCount: 0,
          hasNextPage: false,
          hasPreviousPage: false,
        });
      });

      it('segments by country, language and follower band, alone or combined with a category', async () => {
        const cat = uid('cat');
        const country = uid('C').toUpperCase();
        const language = uid('l');
        const a = profile(uid('p'), { category: cat, country, language, followers: 5_000 });
        const b = profile(uid('p'), { category: cat, country, followers: 2_000_000 });
        const c = profile(uid('p'), { category: uid('cat'), country, language, followers: 50_000 });
        await data().profiles.upsertMany([a, b, c]);
        const kolIds = (entries: RankingEntry[]): string[] => entries.map((e) => e.kolId);
        expect(kolIds(await data().rankings.entries({ country }))).toEqual([a.id, b.id, c.id]);
        expect(kolIds(await data().rankings.entries({ language }))).toEqual([a.id, c.id]);
        expect(kolIds(await data().rankings.entries({ category: cat, country }))).toEqual([
          a.id,
          b.id,
        ]);
        expect(kolIds(await data().rankings.entries({ category: cat, language }))).toEqual([a.id]);
        expect(await data().profiles.listIds({ country })).toEqual([a.id, b.id, c.id]);
        expect(await data().profiles.listIds({ category: cat, language })).toEqual([a.id]);
        const mega = await data().rankings.page({
          filter: { followerBand: 'MEGA', country },
          first: 10,
        });
        expect(pageIds(mega)).toEqual([b.id]);
        expect(mega.totalCount).toBe(1);
        const byCountry = await data().rankings.page({ filter: { country }, first: 2 });
        expect(byCountry.totalCount).toBe(3);
        expect(byCountry.hasNextPage).toBe(true);
        // Moving to another country moves the KOL out of the segment.
        await data().profiles.upsertMany([{ ...b, country: uid('C'), updatedAt: new Date() }]);
        expect(kolIds(await data().rankings.entries({ country }))).toEqual([a.id, c.id]);
        expect(await data().profiles.listIds({ country })).toEqual([a.id, c.id]);
      });

      it('segments() lists every known value with exact counts', async () => {
        const cat = uid('cat');
        const country = uid('C');
        await data().profiles.upsertMany([
          profile(uid('p'), { category: cat, country, language: 'vi', followers: 15_000 }),
          profile(uid('p'), { category: cat, country, followers: 15_000 }),
          profile(uid('p'), { category: cat, followers: 600_000 }),
        ]);
        const values = await data().rankings.segments();
        const count = (
          list: { value: string; count: number }[],
          value: string,
        ): number | undefined => list.find((v) => v.value === value)?.count;
        expect(count(values.categories, cat)).toBe(3);
        expect(count(values.countries, country)).toBe(2);
        expect(count(values.languages, 'vi')).toBeGreaterThanOrEqual(1);
        expect(count(values.followerBands, 'MICRO')).toBeGreaterThanOrEqual(2);
        expect(count(values.categories, uid('none'))).toBeUndefined();
        const lists = [
          values.categories,
          values.platforms,
          values.countries,
          values.languages,
          values.followerBands,
        ];
        for (const list of lists) {
          for (let i = 1; i < list.length; i++) {
            expect(list[i - 1]!.count).toBeGreaterThanOrEqual(list[i]!.count);
          }
        }
      });

      it('a KOL with scores but no profile is not ranked', async () => {
        const id = uid('p');
        await data().scores.put([score(id, 'trust', 90, new Date(t0))]);
        expect(entryOf(await data().rankings.entries({}), id)).toBeUndefined();
      });
    });

    group('RegistryStore', (data) => {
      const t0 = Date.UTC(2026, 3, 1);
      const state = (
        model: string,
        revision: number,
        overrides: Partial<ModelRegistryState> = {},
      ) => ({
        model,
        stages: { '1.0.0': 'Production' as const, '1.1.0': 'Staging' as const },
        canaryShare: 0.1,
        revision,
        updatedAt: new Date(t0 + revision * 1_000),
        ...overrides,
      });
      const event = (
        model: string,
        at: number,
        overrides: Partial<ModelRegistryEvent> = {},
      ): ModelRegistryEvent => ({
        id: uid('evt'),
        model,
        action: 'PROMOTE',
        version: '1.1.0',
        fromVersion: '1.0.0',
        toVersion: '1.1.0',
        canaryShare: null,
        actor: 'admin-key-1',
        at: new Date(at),
        ...overrides,
      });

      it('starts empty, then save replaces the state of a model and keeps the others', async () => {
        expect(await data().registry.states()).toEqual([]);
        expect(await data().registry.events({ limit: 10 })).toEqual([]);
        const trust1 = state('trust', 1);
        await data().registry.save(trust1, event('trust', t0));
        const success1 = state('success', 1, { stages: {}, canaryShare: 0 });
        await data().registry.save(success1, event('success', t0 + 1));
        const trust2 = state('trust', 2, {
          stages: { '1.0.0': 'Archived', '1.1.0': 'Production' },
          canaryShare: 0,
        });
        await data().registry.save(trust2, event('trust', t0 + 2));
        const states = await data().registry.states();
        const byModel = new Map(states.map((s) => [s.model, s]));
        expect(states).toHaveLength(2);
        expect(byModel.get('trust')).toEqual(trust2);
        expect(byModel.get('success')).toEqual(success1);
      });

      it('events: newest first, per model or all, limited; saving the same event twice keeps one', async () => {
        const model = uid('model');
        const other = uid('model');
        const e1 = event(model, t0 + 10_000, {
          action: 'SET_CANARY_SHARE',
          version: null,
          fromVersion: null,
          toVersion: null,
          canaryShare: 0.25,
        });
        const e2 = event(model, t0 + 20_000, {
          action: 'ROLLBACK',
          version: null,
          fromVersion: '1.1.0',
          toVersion: '1.0.0',
        });
        const e3 = event(other, t0 + 15_000);
        await data().registry.save(state(model, 1), e1);
        await data().registry.save(state(other, 1), e3);
        await data().registry.save(state(model, 2), e2);
        await data().registry.save(state(model, 2), e2);
        expect(await data().registry.events({ model, limit: 10 })).toEqual([e2, e1]);
        expect(await data().registry.events({ model, limit: 1 })).toEqual([e2]);
        expect(await data().registry.events({ model: uid('none'), limit: 10 })).toEqual([]);
        const all = await data().registry.events({ limit: 100 });
        expect(all.filter((e) => e.model === model || e.model === other)).toEqual([e2, e3, e1]);
        expect(await data().registry.events({ limit: 0 })).toEqual([]);
      });
    });

    group('lifecycle', (data) => {
      it('ping resolves while every backend answers', async () => {
        await expect(data().ping()).resolves.toBeUndefined();
      });
    });
  });
}
