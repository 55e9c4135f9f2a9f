/**
 * Trust reasons: the strongest model factors plus every fired rule, strongest first.
 *
 * Model factors come from the model's `contributions` output (path attribution of the log-odds of
 * P(untrustworthy), see training/export.py), summed per group of related features. A factor's
 * `impact` is in trust points: the final trust score minus the score the profile would get if that
 * factor's contribution were removed (negative = it lowers trust). Groups are ranked by the size
 * of their log-odds contribution; the top 3 above 0.1 are reported. A rule's impact is the change
 * of the trust score when it was applied.
 *
 * Codes: HIGH_FOLLOWING_RATIO, HIGH_FOLLOWER_RATIO, BALANCED_FOLLOW_RATIO, AUDIENCE_SIZE, NO_POSTS,
 * POST_COUNT, NO_PROFILE_IMAGE, HAS_PROFILE_IMAGE, NO_BIO, HAS_BIO, USERNAME_DIGITS,
 * USERNAME_NO_DIGITS, USERNAME_UNKNOWN, PRIVATE_ACCOUNT, PUBLIC_ACCOUNT, and the rule codes
 * RULE_SUSPICIOUS_GROWTH, RULE_FAKE_FOLLOWER_INDICATOR.
 */
import type { Reason } from '../../domain/types';
import { TRUST_FEATURES, type ResolvedTrustInput } from '../features/trust';
import type { AppliedRule } from '../rules/trust';
import { featureGroups, groupSums, strongest } from './groups';
import { formatCount, formatRatio, roundImpact, sigmoid } from './format';

export const MAX_MODEL_REASONS = 3;
export const MIN_REASON_LOGIT = 0.1;

const GROUPS = featureGroups(TRUST_FEATURES, {
  follow: ['log_following', 'followers_following_ratio', 'following_followers_ratio'],
  audience: ['log_followers'],
  posts: ['log_posts', 'posts_per_follower'],
  image: ['has_profile_image'],
  bio: ['bio_length', 'has_bio'],
  username: ['username_length', 'username_digit_count', 'username_digit_ratio'],
  privacy: ['is_private'],
});

type Group = (typeof GROUPS)[number]['key'];

const SUMS = new Float64Array(GROUPS.length);

function describe(group: Group, r: ResolvedTrustInput): { code: string; message: string } {
  switch (group) {
    case 'follow': {
      const followers = r.followersCount;
      const following = r.followingCount;
      if (following >= 1.5 * Math.max(followers, 1)) {
        const ratio = formatRatio(following / Math.max(followers, 1));
        const much = following >= 3 * Math.max(followers, 1) ? 'far more' : 'more';
        return {
          code: 'HIGH_FOLLOWING_RATIO',
          message: `Follows ${much} accounts than follow it (${ratio}x)`,
        };
      }
      if (followers >= 1.5 * Math.max(following, 1)) {
        const ratio = formatRatio(followers / Math.max(following, 1));
        return {
          code: 'HIGH_FOLLOWER_RATIO',
          message: `Has ${ratio}x more followers than accounts it follows`,
        };
      }
      return {
        code: 'BALANCED_FOLLOW_RATIO',
        message: `Follows about as many accounts (${formatCount(following)}) as follow it (${formatCount(followers)})`,
      };
    }
    case 'audience':
      return {
        code: 'AUDIENCE_SIZE',
        message: `Audience of ${formatCount(r.followersCount)} followers`,
      };
    case 'posts':
      return r.postCount === 0
        ? { code: 'NO_POSTS', message: 'Has never posted' }
        : { code: 'POST_COUNT', message: `${formatCount(r.postCount)} posts published` };
    case 'image':
      return r.hasProfileImage
        ? { code: 'HAS_PROFILE_IMAGE', message: 'Has a profile picture' }
        : { code: 'NO_PROFILE_IMAGE', message: 'No profile picture' };
    case 'bio':
      if (!r.hasBio) return { code: 'NO_BIO', message: 'No bio' };
      return {
        code: 'HAS_BIO',
        message: r.bioLength > 0 ? `Has a ${formatCount(r.bioLength)}-character bio` : 'Has a bio',
      };
    case 'username':
      if (r.usernameDefaulted) {
        return {
          code: 'USERNAME_UNKNOWN',
          message: 'Username not provided (a typical one is assumed)',
        };
      }
      return r.usernameDigitCount > 0
        ? {
            code: 'USERNAME_DIGITS',
            message: `Username has ${r.usernameDigitCount} digit${r.usernameDigitCount === 1 ? '' : 's'} in ${r.usernameLength} characters`,
          }
        : { code: 'USERNAME_NO_DIGITS', message: 'Username has no digits' };
    case 'privacy':
      return r.isPrivate
        ? { code: 'PRIVATE_ACCOUNT', message: 'Private account' }
        : { code: 'PUBLIC_ACCOUNT', message: 'Public account' };
  }
}

function ruleReason(applied: AppliedRule, r: ResolvedTrustInput): Reason {
  const impact = roundImpact(applied.after - applied.before);
  switch (applied.rule.code) {
    case 'RULE_SUSPICIOUS_GROWTH': {
      const age = r.accountAgeDays ?? 0;
      const perDay = r.followersCount / Math.max(age, 1);
      return {
        code: applied.rule.code,
        message: `Gained ~${formatCount(perDay)} followers/day on a ${formatCount(age)}-day-old account`,
        impact,
      };
    }
    case 'RULE_FAKE_FOLLOWER_INDICATOR': {
      const likesPerPost = (r.favoritesCount ?? 0) / Math.max(r.postCount, 1);
      return {
        code: applied.rule.code,
        message:
          `${formatCount(r.followersCount)} followers but only ${formatRatio(likesPerPost)} likes per post, ` +
          'a common sign of bought followers',
        impact,
      };
    }
  }
}

/**
 * @param z logit of the model's P(untrustworthy) (before rules)
 * @param ruleFactor product of (1 - weight) over the fired rules: final trust = model trust × this
 */
export function trustReasons(
  r: ResolvedTrustInput,
  contributions: Float32Array,
  offset: number,
  z: number,
  ruleFactor: number,
  applied: readonly AppliedRule[],
): Reason[] {
  // One scratch array: the sums are read only within this call.
  const sums = groupSums(GROUPS, contributions, offset, SUMS);
  const p = sigmoid(z);
  const reasons: Reason[] = [];
  for (const g of strongest(sums, MAX_MODEL_REASONS, MIN_REASON_LOGIT)) {
    const { code, message } = describe(GROUPS[g]!.key, r);
    const impact = roundImpact(100 * ruleFactor * (sigmoid(z - sums[g]!) - p));
    reasons.push({ code, message, impact });
  }
  for (const a of applied) reasons.push(ruleReason(a, r));
  return byImpact(reasons);
}

/**
 * Sorts by |impact|, largest first, keeping the order of equal ones (as a stable sort does), in
 * place: an insertion sort of the few reasons a score has, without the copy Array#sort makes.
 */
function byImpact(reasons: Reason[]): Reason[] {
  for (let i = 1; i < reasons.length; i++) {
    const reason = reasons[i]!;
    const size = Math.abs(reason.impact);
    let at = i;
    while (at > 0 && Math.abs(reasons[at - 1]!.impact) < size) {
      reasons[at] = reasons[at - 1]!;
      at--;
    }
    reasons[at] = reason;
  }
  return reasons;
}
