/**
 * Deterministic raw scoring rows for the scoring benchmark: a population of ordinary, large and
 * bought-audience profiles with campaign video figures, every value valid for the validators
 * (whole-number counts, rates within 0-1). Same seed, same rows.
 */
import { logNormal, seededRandom } from '../../demo/random';
import type { SuccessInput, TrustInput } from '../../inference/core/types';

export interface ScoreRow {
  kolId: string;
  trust: TrustInput;
  success: SuccessInput;
}

export function scoreRows(count: number, seed = 20261123): ScoreRow[] {
  const random = seededRandom(seed);
  const rows: ScoreRow[] = [];
  for (let i = 0; i < count; i++) {
    const kolId = `kol-bench-${String(i).padStart(5, '0')}`;
    const bought = random() < 0.15;
    const followers = Math.round(Math.min(5e7, Math.max(50, logNormal(random, 40_000, 1.6))));
    const following = bought
      ? Math.round(followers * (0.3 + random()))
      : Math.round(Math.min(followers, logNormal(random, 500, 1)));
    const ageDays = bought ? 10 + Math.floor(random() * 170) : 180 + Math.floor(random() * 4000);
    const posts = Math.max(1, Math.round(ageDays * logNormal(random, 0.5, 0.8)));
    const engagement = bought ? 0.001 + random() * 0.01 : 0.01 + random() * 0.09;
    const hasBio = !bought || random() < 0.4;
    const usernameLength = 5 + Math.floor(random() * 15);
    const trust: TrustInput = {
      kolId,
      followersCount: followers,
      followingCount: following,
      postCount: posts,
      favoritesCount: Math.round(posts * followers * engagement * 0.3),
      accountAgeDays: ageDays,
      verified: !bought && followers > 500_000 && random() < 0.5,
      hasBio,
      hasUrl: !bought && random() < 0.6,
      hasProfileImage: !bought || random() < 0.5,
      bioLength: hasBio ? 10 + Math.floor(random() * 140) : 0,
      isPrivate: random() < 0.05,
      usernameLength,
      usernameDigitCount: bought
        ? Math.floor(random() * Math.min(8, usernameLength))
        : Math.floor(random() * 2),
    };
    const views = Math.max(100, Math.round(followers * logNormal(random, 0.3, 1)));
    const likes = Math.round(views * engagement * (0.7 + random() * 0.3));
    const comments = Math.round(likes * (0.02 + random() * 0.08));
    const shares = Math.round(likes * (0.01 + random() * 0.05));
    const ctr = 0.002 + random() * 0.03;
    const success: SuccessInput = {
      kolId,
      videoViews: views,
      videoLikes: likes,
      videoComments: comments,
      videoShares: shares,
      engagementTotal: likes + comments + shares,
      engagementRate: (likes + comments + shares) / views,
      estClicks: Math.round(views * ctr),
      estCtr: ctr,
      price: Math.round(logNormal(random, 150_000, 1.2)),
    };
    rows.push({ kolId, trust, success });
  }
  return rows;
}
