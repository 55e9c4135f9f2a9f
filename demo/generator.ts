/**
 * Demo event generator: realistic raw events for the demo KOLs so that, in embedded mode, metrics move
 * every few seconds and alerts fire. Everything it emits is an ordinary envelope going through the
 * same validation, windows and rules as Kafka input.
 *
 * What it simulates per KOL (starting from the profile store, so snapshots continue the profile; a
 * KOL is read and calibrated the first time it gets events, so start-up costs nothing per KOL):
 * - profile snapshots with slow organic follower growth (a random walk), new posts now and then;
 * - cumulative post metrics of its recent posts (views, likes, comments, shares keep growing);
 * - comments with sentiment, landing-page views and clicks, add-to-carts and purchases.
 * Scenarios, so that every alert path shows:
 * - a follower burst (a giveaway: +7% within a minute) on the first KOL after a few ticks, then on
 *   another KOL every `burstEveryMs` → FOLLOWER_GROWTH, and FOLLOWER_SPIKE where a 5-min baseline
 *   exists (the first KOL gets 70 minutes of backfilled history for that; others have one when their
 *   stored metric history warm-starts the rule);
 * - a negative-sentiment run on the second KOL: 4 hours of backfilled comments whose negative share
 *   rises every hour → NEGATIVE_SENTIMENT_TREND at start.
 * Backfilled events carry past event times and rewrite those KOLs' buckets for that period.
 */
import { randomUUID } from 'node:crypto';
import type { MetricStore, ProfileStore } from '../datasources/types';
import { WINDOW_MS, type MetricPoint } from '../domain/types';
import type { EventEnvelope } from '../contracts/envelope';
import { describeError } from '../datasources/shared/errors';
import { pick, poisson, seededRandom, standardNormal } from './random';

export interface DemoOptions {
  kolIds: readonly string[];
  /** Time between ticks; each tick emits a burst of events. */
  intervalMs: number;
  /** The first KOLs get events on every tick (default 3). */
  hotKols?: number;
  /** Other KOLs picked at random per tick (default 20). */
  kolsPerTick?: number;
  /** Tick of the first follower burst (default 3, i.e. 1.5 s at 500 ms). */
  firstBurstTick?: number;
  /** Time between later follower bursts, each on another KOL (default 90 s). */
  burstEveryMs?: number;
  /** Backfill history for the scenario KOLs (default true). */
  backfill?: boolean;
  /** Seed of the pseudo-random generator (default 42). */
  seed?: number;
}

export interface DemoGeneratorDeps {
  profiles: ProfileStore;
  /** When given, each KOL's traffic is calibrated to its stored hourly metrics (last 24 h). */
  metrics?: MetricStore;
  /** Where events go (the embedded bus). Awaited, so backfill is applied in order. */
  publish: (event: EventEnvelope) => Promise<unknown>;
  logger?: DemoLogger;
  now?: () => number;
}

/** What the generator logs through (a pino logger satisfies it). */
export interface DemoLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** KOLs whose profile and history are read at a time when they are calibrated. */
const CALIBRATION_CHUNK = 1_000;

const silent: DemoLogger = { info: () => undefined, error: () => undefined };

export interface DemoGenerator {
  /** Resolves when the initial profile read and backfill are done and ticking has started. */
  readonly ready: Promise<void>;
  readonly ticks: number;
  stop(): Promise<void>;
}

interface SimPost {
  id: string;
  views: number;
  likes: number;
  comments: number;
  shares: number;
}

/** Expected counts per hour (and follower drift per 5 min) of one simulated KOL. */
interface Rates {
  views: number;
  likes: number;
  comments: number;
  shares: number;
  /** Classified comment events. */
  classified: number;
  webViews: number;
  clicks: number;
  orders: number;
  followerMean5: number;
  followerSd5: number;
}

interface SimKol {
  id: string;
  followers: number;
  following: number;
  posts: number;
  /** Float follower count behind the emitted integer (organic growth is fractions per snapshot). */
  followersExact: number;
  rates: Rates;
  negativeShare: number;
  positiveShare: number;
  recentPosts: SimPost[];
  postSeq: number;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * Rates from the KOL's stored history when there is some (so live traffic continues it and the
 * rules see no artificial jump), else from its follower count.
 */
function ratesFor(
  followers: number,
  hourly: readonly MetricPoint[],
  fiveMinute: readonly MetricPoint[],
  random: () => number,
): { rates: Rates; negativeShare: number; positiveShare: number } {
  if (hourly.length > 0) {
    const views = mean(hourly.map((p) => p.views));
    const withComments = hourly.filter(
      (p) => p.sentimentPositiveRatio + p.sentimentNegativeRatio > 0,
    );
    const deltas = fiveMinute.map((p) => p.followerDelta);
    const m = mean(deltas);
    return {
      rates: {
        views,
        likes: mean(hourly.map((p) => p.likes)),
        comments: mean(hourly.map((p) => p.comments)),
        shares: mean(hourly.map((p) => p.shares)),
        classified: mean(hourly.map((p) => p.comments)) * 0.5,
        webViews: mean(hourly.map((p) => p.clicks)) / 0.08,
        clicks: mean(hourly.map((p) => p.clicks)),
        orders: mean(hourly.map((p) => p.orders)),
        followerMean5: m,
        followerSd5: Math.sqrt(mean(deltas.map((d) => (d - m) ** 2))),
      },
      negativeShare: withComments.length
        ? mean(withComments.map((p) => p.sentimentNegativeRatio))
        : 0.1,
      positiveShare: withComments.length
        ? mean(withComments.map((p) => p.sentimentPositiveRatio))
        : 0.6,
    };
  }
  const views = Math.max(50, followers * (0.01 + random() * 0.03));
  const engagement = 0.02 + random() * 0.06;
  const clicks = views * (0.005 + random() * 0.02);
  return {
    rates: {
      views,
      likes: views * engagement * 0.85,
      comments: views * engagement * 0.1,
      shares: views * engagement * 0.05,
      classified: views * engagement * 0.05,
      webViews: clicks / 0.08,
      clicks,
      orders: clicks * (0.01 + random() * 0.04),
      followerMean5: followers * 3e-6,
      followerSd5: followers * 5e-6,
    },
    negativeShare: 0.05 + random() * 0.1,
    positiveShare: 0.45 + random() * 0.3,
  };
}

export function startDemoGenerator(options: DemoOptions, deps: DemoGeneratorDeps): DemoGenerator {
  const logger = deps.logger ?? silent;
  const now = deps.now ?? Date.now;
  const random = seededRandom(options.seed ?? 42);
  const hot = options.hotKols ?? 3;
  const perTick = options.kolsPerTick ?? 20;
  const firstBurstTick = options.firstBurstTick ?? 3;
  const burstEveryMs = options.burstEveryMs ?? 90_000;
  const ids = options.kolIds;
  /** The KOLs calibrated so far, by index in `ids` (a KOL is calibrated when it is first picked). */
  const kols = new Map<number, SimKol>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let ticks = 0;
  let running: Promise<void> = Promise.resolve();
  let nextBurstAt = Infinity;
  let burstCursor = 2;

  const gauss = (): number => standardNormal(random);
  const draw = (mean: number): number => poisson(random, mean);
  const choose = <T>(list: readonly T[]): T => pick(random, list);

  const envelope = (
    kol: SimKol,
    at: number,
    body: Pick<EventEnvelope, 'event_type' | 'payload'>,
    extra: { campaign?: boolean; user?: boolean } = {},
  ): EventEnvelope =>
    ({
      event_id: randomUUID(),
      kol_id: kol.id,
      ...(extra.campaign
        ? { campaign_id: `cmp_${kol.id.slice(-4)}_${Math.floor(random() * 3)}` }
        : {}),
      ...(extra.user ? { user_id: `u_${Math.floor(random() * 1e12).toString(36)}` } : {}),
      event_time: new Date(at).toISOString(),
      ...body,
    }) as EventEnvelope;

  const snapshot = (kol: SimKol, at: number): EventEnvelope => {
    kol.followers = Math.max(0, Math.round(kol.followersExact));
    return envelope(kol, at, {
      event_type: 'profile_snapshot',
      payload: { followers: kol.followers, following: kol.following, posts: kol.posts },
    });
  };

  /** Organic follower drift for `elapsedMs`, continuing the KOL's per-5-min follower changes. */
  const drift = (kol: SimKol, elapsedMs: number): void => {
    const fiveMinutes = elapsedMs / WINDOW_MS.M5;
    const step =
      kol.rates.followerMean5 * fiveMinutes +
      kol.rates.followerSd5 * Math.sqrt(fiveMinutes) * gauss();
    kol.followersExact = Math.max(0, kol.followersExact + step);
  };

  const newPost = (kol: SimKol): SimPost => {
    kol.postSeq += 1;
    kol.posts += 1;
    const post: SimPost = {
      id: `${kol.id}-p${kol.postSeq}`,
      views: 0,
      likes: 0,
      comments: 0,
      shares: 0,
    };
    kol.recentPosts.push(post);
    if (kol.recentPosts.length > 4) kol.recentPosts.shift();
    return post;
  };

  /** The ordinary traffic of one KOL for `hours` of its time, all stamped `at`. */
  const traffic = (
    kol: SimKol,
    at: number,
    hours: number,
    withComments = true,
  ): EventEnvelope[] => {
    const events: EventEnvelope[] = [];
    const r = kol.rates;
    // About one new post every 8 hours.
    if (kol.recentPosts.length === 0 || random() < hours / 8) newPost(kol);
    const post = choose(kol.recentPosts);
    const views = draw(r.views * hours);
    const likes = draw(r.likes * hours);
    const comments = draw(r.comments * hours);
    const shares = draw(r.shares * hours);
    if (views + likes + comments + shares > 0) {
      post.views += views;
      post.likes += likes;
      post.comments += comments;
      post.shares += shares;
      events.push(
        envelope(kol, at, {
          event_type: 'post_metrics',
          payload: {
            post_id: post.id,
            views: post.views,
            likes: post.likes,
            comments: post.comments,
            shares: post.shares,
          },
        }),
      );
    }
    const classified = withComments ? draw(r.classified * hours) : 0;
    for (let i = 0; i < classified; i++) {
      const x = random();
      const sentiment =
        x < kol.negativeShare
          ? 'negative'
          : x < kol.negativeShare + kol.positiveShare
            ? 'positive'
            : 'neutral';
      events.push(
        envelope(
          kol,
          at,
          { event_type: 'comment', payload: { post_id: post.id, sentiment } },
          { user: true },
        ),
      );
    }
    const web = { campaign: true, user: true };
    for (let i = draw(r.webViews * hours); i > 0; i--) {
      events.push(envelope(kol, at, { event_type: 'view', payload: { post_id: post.id } }, web));
    }
    for (let i = draw(r.clicks * hours); i > 0; i--) {
      events.push(envelope(kol, at, { event_type: 'click', payload: { post_id: post.id } }, web));
    }
    const orders = draw(r.orders * hours);
    for (let i = draw(r.orders * hours * 1.5); i > 0; i--) {
      events.push(envelope(kol, at, { event_type: 'add_to_cart', payload: { quantity: 1 } }, web));
    }
    for (let i = 0; i < orders; i++) {
      events.push(envelope(kol, at, { event_type: 'add_to_cart', payload: { quantity: 1 } }, web));
      const amount = Math.round((10 + random() * 90) * 100) / 100;
      events.push(
        envelope(kol, at, { event_type: 'purchase', payload: { amount, currency: 'USD' } }, web),
      );
    }
    return events;
  };

  const publishAll = async (events: readonly EventEnvelope[]): Promise<void> => {
    for (const event of events) await deps.publish(event);
  };

  /** 70 minutes of minute-by-minute history, so the 5-min follower baseline exists. */
  const backfillBaseline = (kol: SimKol, until: number): EventEnvelope[] => {
    const step = 60_000;
    const events: EventEnvelope[] = [];
    for (let at = until - 70 * step; at < until; at += step) {
      drift(kol, step);
      events.push(snapshot(kol, at), ...traffic(kol, at, step / WINDOW_MS.H1));
    }
    return events;
  };

  /** Four hours of comments whose negative share rises every hour (the current hour included). */
  const backfillSentimentRun = (kol: SimKol, until: number): EventEnvelope[] => {
    const hourStart = Math.floor(until / WINDOW_MS.H1) * WINDOW_MS.H1;
    const negatives = [1, 3, 5, 7];
    const perHour = 15;
    const all: EventEnvelope[] = [];
    for (let h = 0; h < negatives.length; h++) {
      const start = hourStart - (negatives.length - 1 - h) * WINDOW_MS.H1;
      const end =
        h === negatives.length - 1 ? Math.max(start + 1, until - 1_000) : start + WINDOW_MS.H1;
      const span = end - start;
      const events: EventEnvelope[] = [];
      const sentiments = Array.from({ length: perHour }, (_, i) =>
        i < negatives[h]! ? 'negative' : i % 3 === 0 ? 'neutral' : 'positive',
      );
      sentiments.forEach((sentiment, i) => {
        const at = start + Math.floor(((i + 0.5) / perHour) * span);
        const post = kol.recentPosts[0] ?? newPost(kol);
        events.push(
          envelope(
            kol,
            at,
            { event_type: 'comment', payload: { post_id: post.id, sentiment } },
            { user: true },
          ),
        );
        if (i % 5 === 0) events.push(snapshot(kol, at), ...traffic(kol, at, 1 / 60, false));
      });
      all.push(...events);
    }
    kol.negativeShare = negatives[negatives.length - 1]! / perHour;
    return all;
  };

  const burst = async (kol: SimKol, at: number): Promise<void> => {
    kol.followersExact *= 1.07;
    logger.info(
      { kolId: kol.id, followers: Math.round(kol.followersExact) },
      'demo: follower burst',
    );
    await publishAll([snapshot(kol, at)]);
  };

  /**
   * Rates from the stored profile and hourly history of each KOL (by index in `ids`), read in one
   * batch per store for up to CALIBRATION_CHUNK KOLs (36 points each).
   */
  const calibrate = async (indexes: readonly number[]): Promise<void> => {
    const chunkIds = indexes.map((i) => ids[i]!);
    const profiles = await deps.profiles.getMany(chunkIds);
    const history = deps.metrics
      ? await deps.metrics.series(
          chunkIds.flatMap((kolId) => [
            { kolId, window: 'H1' as const, last: 24 },
            { kolId, window: 'M5' as const, last: 12 },
          ]),
        )
      : [];
    chunkIds.forEach((id, k) => {
      const p = profiles[k];
      const followers = p?.followers ?? 20_000 + Math.floor(random() * 200_000);
      const calibrated = ratesFor(
        followers,
        history[2 * k] ?? [],
        history[2 * k + 1] ?? [],
        random,
      );
      kols.set(indexes[k]!, {
        id,
        followers,
        following: p?.following ?? 300,
        posts: p?.posts ?? 200,
        followersExact: followers,
        ...calibrated,
        recentPosts: [],
        postSeq: 0,
      });
    });
  };

  /** The simulated KOLs at these indexes of `ids`, calibrating those not seen before. */
  const kolsAt = async (indexes: readonly number[]): Promise<SimKol[]> => {
    const fresh = [...new Set(indexes.filter((i) => !kols.has(i)))];
    for (let start = 0; start < fresh.length; start += CALIBRATION_CHUNK) {
      await calibrate(fresh.slice(start, start + CALIBRATION_CHUNK));
    }
    return indexes.map((i) => kols.get(i)!);
  };

  const tick = async (): Promise<void> => {
    ticks += 1;
    const at = now();
    const hotCount = Math.min(hot, ids.length);
    const picks = Array.from({ length: hotCount }, (_, i) => i);
    // The others are ids[hot..]: picked by index (as pick() would), no copy of the list per tick.
    const others = Math.max(0, ids.length - hot);
    for (let i = 0; i < perTick && others > 0; i++) {
      picks.push(hot + Math.floor(random() * others));
    }
    const picked = await kolsAt(picks);
    const hotKols = new Set(picked.slice(0, hotCount));
    const chosen = new Set<SimKol>(picked);
    // Each pick stands for the time since this KOL was last picked (on average), so rates hold.
    const tickHours = options.intervalMs / WINDOW_MS.H1;
    const otherShare = others > 0 ? Math.min(1, perTick / others) : 1;
    const events: EventEnvelope[] = [];
    for (const kol of chosen) {
      const hours = hotKols.has(kol) ? tickHours : tickHours / otherShare;
      drift(kol, hours * WINDOW_MS.H1);
      events.push(snapshot(kol, at), ...traffic(kol, at, hours));
    }
    await publishAll(events);
    if (ticks === firstBurstTick && ids.length > 0) {
      const [first] = await kolsAt([0]);
      await burst(first!, at);
      nextBurstAt = at + burstEveryMs;
    } else if (at >= nextBurstAt && ids.length > 2) {
      const [kol] = await kolsAt([burstCursor % ids.length]);
      burstCursor = burstCursor + 1 >= ids.length ? 2 : burstCursor + 1;
      await burst(kol!, at);
      nextBurstAt = at + burstEveryMs;
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((err: unknown) =>
          logger.error({ err: describeError(err) }, 'demo generator tick failed'),
        )
        .finally(schedule);
    }, options.intervalMs);
    timer.unref?.();
  };

  const ready = (async () => {
    // The hot KOLs and the two scenario KOLs now; every other KOL when it is first picked.
    const first = Array.from({ length: Math.min(Math.max(hot, 2), ids.length) }, (_, i) => i);
    await kolsAt(first);
    if (options.backfill !== false) {
      // Both histories merged in time order: the stream's watermark must only move forward.
      const start = now();
      const history = [
        ...(kols.has(0) ? backfillBaseline(kols.get(0)!, start - 1_000) : []),
        ...(kols.has(1) ? backfillSentimentRun(kols.get(1)!, start) : []),
      ];
      history.sort((a, b) => Date.parse(a.event_time) - Date.parse(b.event_time));
      await publishAll(history);
    }
    logger.info(
      { kols: ids.length, calibrated: kols.size, intervalMs: options.intervalMs },
      'demo event generator started',
    );
    schedule();
  })();
  ready.catch((err: unknown) =>
    logger.error({ err: describeError(err) }, 'demo generator failed to start'),
  );

  return {
    ready,
    get ticks() {
      return ticks;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await ready.catch(() => undefined);
      await running;
    },
  };
}
