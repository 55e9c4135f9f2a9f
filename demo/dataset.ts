import { WINDOW_MS, type KolProfile, type MetricPoint, type MetricWindow } from '../domain/types';
import { logNormal, pick, seededRandom } from './random';

export const DEMO_CATEGORIES = [
  'beauty',
  'fashion',
  'gaming',
  'food',
  'fitness',
  'tech',
  'travel',
  'parenting',
] as const;
export const DEMO_PLATFORMS = ['tiktok', 'instagram', 'youtube', 'x'] as const;

/**
 * The demo KOLs' markets (country, language), half of them Vietnamese like the demo currency. Picked
 * by position, not from the random sequence, so every other demo value stays what it was.
 */
export const DEMO_MARKETS = [
  ['VN', 'vi'],
  ['VN', 'vi'],
  ['VN', 'vi'],
  ['ID', 'id'],
  ['TH', 'th'],
  ['PH', 'en'],
] as const;

function demoMarket(i: number): (typeof DEMO_MARKETS)[number] {
  // 5 is coprime with 6: consecutive KOLs cycle through every market.
  return DEMO_MARKETS[(i * 5) % DEMO_MARKETS.length]!;
}

const FIRST = [
  'Linh',
  'Minh',
  'Anh',
  'Mai',
  'Tuan',
  'Hoa',
  'Nam',
  'Lan',
  'Alex',
  'Sam',
  'Kai',
  'Mia',
  'Noah',
  'Zoe',
];
const LAST = [
  'Nguyen',
  'Tran',
  'Le',
  'Pham',
  'Hoang',
  'Vu',
  'Smith',
  'Lee',
  'Garcia',
  'Kim',
  'Chen',
  'Silva',
];

/** A demo KOL and the hidden traits the generators use to make its numbers consistent. */
export interface DemoKol {
  profile: KolProfile;
  /** Views per hour at the median of the day. */
  hourlyViews: number;
  engagement: number;
  ctr: number;
  conversion: number;
  positiveShare: number;
  /** Price the KOL charges per campaign post (VND-like units). */
  price: number;
  /** Roughly 1 in 10 demo KOLs has a bought audience: many followers, little engagement. */
  boughtAudience: boolean;
}

/** Currency of the demo prices and purchase amounts. */
export const DEMO_CURRENCY = 'VND';

/** The KolInput row of a demo profile: what a user's file would hold for it. */
export function kolInputOf(profile: KolProfile, pricePerPost: number): Record<string, unknown> {
  return {
    id: profile.id,
    platform: profile.platform,
    handle: profile.handle,
    displayName: profile.displayName,
    category: profile.category,
    followers: profile.followers,
    following: profile.following,
    posts: profile.posts,
    verified: profile.verified,
    favoritesCount: profile.favorites,
    accountCreatedAt: profile.accountCreatedAt.toISOString(),
    hasBio: profile.bioLength > 0,
    bioLength: profile.bioLength,
    hasUrl: profile.hasUrl,
    hasProfileImage: profile.hasProfileImage,
    isPrivate: profile.isPrivate,
    pricePerPost,
    currency: DEMO_CURRENCY,
    ...(profile.country !== undefined && { country: profile.country }),
    ...(profile.language !== undefined && { language: profile.language }),
    updatedAt: profile.updatedAt.toISOString(),
  };
}

/**
 * Average order value of a demo KOL's audience: a fifth of its post price (no random draw, so the
 * data set's other figures stay what they were).
 */
export function demoOrderValue(kol: DemoKol): number {
  return Math.round(kol.price / 5);
}

export function demoKolId(index: number): string {
  return `kol-${String(index + 1).padStart(4, '0')}`;
}

export function generateDemoKols(count: number, now: Date, seed = 20261123): DemoKol[] {
  return Array.from(demoKols(count, now, seed));
}

/** The demo KOLs one at a time (the same ones as generateDemoKols), for loading in chunks. */
export function* demoKols(count: number, now: Date, seed = 20261123): Generator<DemoKol> {
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const boughtAudience = random() < 0.1;
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const followers = Math.round(Math.min(2e7, Math.max(800, logNormal(random, 60_000, 1.4))));
    const ageDays = boughtAudience
      ? 20 + Math.floor(random() * 200)
      : 200 + Math.floor(random() * 3000);
    const posts = Math.max(3, Math.round(ageDays * logNormal(random, 0.6, 0.6)));
    const engagement = boughtAudience ? 0.002 + random() * 0.01 : 0.02 + random() * 0.08;
    const hourlyViews = Math.max(20, followers * logNormal(random, 0.01, 0.6));
    const profile: KolProfile = {
      id: demoKolId(i),
      platform: pick(random, DEMO_PLATFORMS),
      handle: `${first}.${last}${boughtAudience ? Math.floor(random() * 9999) : ''}`.toLowerCase(),
      displayName: `${first} ${last}`,
      category: pick(random, DEMO_CATEGORIES),
      followers,
      following: boughtAudience
        ? Math.round(followers * (0.5 + random()))
        : Math.round(Math.min(followers * 0.2, logNormal(random, 400, 1))),
      posts,
      verified: !boughtAudience && followers > 200_000 && random() < 0.6,
      favorites: Math.round(posts * followers * engagement * 0.5),
      bioLength: boughtAudience && random() < 0.6 ? 0 : 20 + Math.floor(random() * 130),
      hasUrl: !boughtAudience && random() < 0.7,
      hasProfileImage: !boughtAudience || random() < 0.5,
      isPrivate: false,
      country: demoMarket(i)[0],
      language: demoMarket(i)[1],
      accountCreatedAt: new Date(now.getTime() - ageDays * WINDOW_MS.H24),
      updatedAt: now,
    };
    yield {
      profile,
      hourlyViews,
      engagement,
      ctr: 0.005 + random() * 0.03,
      conversion: 0.01 + random() * 0.05,
      positiveShare: boughtAudience ? 0.3 + random() * 0.2 : 0.5 + random() * 0.4,
      price: Math.round(logNormal(random, 150_000, 1)),
      boughtAudience,
    };
  }
}

/** Relative traffic by hour of day (UTC), peaking in the evening. */
function diurnal(hour: number): number {
  return 0.55 + 0.45 * Math.sin(((hour - 14) / 24) * 2 * Math.PI + Math.PI / 2);
}
const DIURNAL = Array.from({ length: 24 }, (_, hour) => diurnal(hour));

/** Buckets of history per window: 24 h of M5, M15 and H1, 7 days of H24. */
const HISTORY_SPANS: Record<MetricWindow, number> = { M5: 24 * 12, M15: 24 * 4, H1: 24, H24: 7 };
const HISTORY_WINDOWS = ['M5', 'M15', 'H1', 'H24'] as const;

/** The buckets of a history: window, start and traffic shape of each, oldest first per window. */
interface HistoryBucket {
  window: MetricWindow;
  start: Date;
  /** Hours the bucket spans, and its traffic relative to the median hour of the day. */
  hours: number;
  shape: number;
}

/** The buckets of the last `now` a history was generated for (every KOL shares them). */
let buckets: { now: number; list: readonly HistoryBucket[] } | undefined;

function historyBuckets(now: Date): readonly HistoryBucket[] {
  if (buckets?.now === now.getTime()) return buckets.list;
  const list: HistoryBucket[] = [];
  for (const window of HISTORY_WINDOWS) {
    const width = WINDOW_MS[window];
    const hours = width / WINDOW_MS.H1;
    const currentBucket = Math.floor(now.getTime() / width) * width;
    for (let i = HISTORY_SPANS[window] - 1; i >= 0; i--) {
      const start = currentBucket - i * width;
      const shape = window === 'H24' ? 1 : DIURNAL[utcHour(start)]!;
      list.push({ window, start: new Date(start), hours, shape });
    }
  }
  buckets = { now: now.getTime(), list };
  return list;
}

/**
 * 24 hours of history ending at `now`, in every window: M5 and M15 buckets for the last 24 h, H1 for
 * the last 24 h and H24 for the last 7 days. Deterministic for a given KOL, seed and `now`. The
 * points of one `now` share their `bucketStart` Dates (one per bucket, not one per KOL and bucket):
 * treat them as read-only.
 *
 * `reuse`: the array of an earlier call (same `now`), written over instead of allocating 415 new
 * points, except the H1 ones, which are always new (a caller may keep those). For a loader that
 * writes a history to a store and is done with it once the write resolved.
 */
export function generateHistory(
  kol: DemoKol,
  now: Date,
  seed: number,
  reuse?: MetricPoint[],
): MetricPoint[] {
  const random = seededRandom(seed);
  const list = historyBuckets(now);
  const points = reuse ?? new Array<MetricPoint>(list.length);
  for (let i = 0; i < list.length; i++) {
    const bucket = list[i]!;
    points[i] = bucketPoint(
      kol,
      bucket.window,
      bucket.start,
      kol.hourlyViews * bucket.hours * bucket.shape,
      random,
      bucket.window === 'H1' ? undefined : points[i],
    );
  }
  return points;
}

/** Hour of day (UTC) of a time in ms. */
function utcHour(ms: number): number {
  return ((Math.floor(ms / WINDOW_MS.H1) % 24) + 24) % 24;
}

/**
 * A ratio rounded to a multiple of 1/65,536: exact in float32, so the embedded store keeps it in 4
 * bytes instead of 8 (half the demo's buckets have sentiment ratios).
 */
function ratioStep(ratio: number): number {
  return Math.round(ratio * 65_536) / 65_536;
}

export function bucketPoint(
  kol: DemoKol,
  window: MetricWindow,
  bucketStart: Date,
  expectedViews: number,
  random: () => number,
  into?: MetricPoint,
): MetricPoint {
  const views = Math.round(expectedViews * (0.7 + 0.6 * random()));
  const engaged = views * kol.engagement;
  const likes = Math.round(engaged * 0.85);
  const comments = Math.round(engaged * 0.1);
  const shares = Math.round(engaged * 0.05);
  const clicks = Math.round(views * kol.ctr);
  const orders = Math.round(clicks * kol.conversion);
  const positive =
    comments === 0
      ? 0
      : ratioStep(Math.min(1, Math.max(0, kol.positiveShare + (random() - 0.5) * 0.1)));
  const negative =
    comments === 0 ? 0 : Math.min(1 - positive, ratioStep((1 - positive) * (0.3 + 0.4 * random())));
  const hours = WINDOW_MS[window] / WINDOW_MS.H1;
  // `|| 0`: no -0, which a store keeps as a signed value (the embedded one then needs a float).
  const followerDelta = Math.round(kol.profile.followers * 0.0002 * hours * (random() - 0.3)) || 0;
  const engagementRate = views === 0 ? 0 : (likes + comments + shares) / views;
  const revenue = orders > 0 ? orders * demoOrderValue(kol) : undefined;
  const currency = orders > 0 ? DEMO_CURRENCY : undefined;
  if (!into) {
    // Revenue and currency in the literal (undefined without orders): one shape for every point.
    return {
      kolId: kol.profile.id,
      window,
      bucketStart,
      views,
      likes,
      comments,
      shares,
      clicks,
      orders,
      followerDelta,
      engagementRate,
      sentimentPositiveRatio: positive,
      sentimentNegativeRatio: negative,
      revenue,
      currency,
    };
  }
  into.kolId = kol.profile.id;
  into.window = window;
  into.bucketStart = bucketStart;
  into.views = views;
  into.likes = likes;
  into.comments = comments;
  into.shares = shares;
  into.clicks = clicks;
  into.orders = orders;
  into.followerDelta = followerDelta;
  into.engagementRate = engagementRate;
  into.sentimentPositiveRatio = positive;
  into.sentimentNegativeRatio = negative;
  into.revenue = revenue;
  into.currency = currency;
  return into;
}
