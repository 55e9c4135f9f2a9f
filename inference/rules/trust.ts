/**
 * Documented rules applied after the trust model (same as training/trust_rules.py). Each rule's
 * parameters and weight come from the model card; a fired rule with weight w moves
 * P(untrustworthy) to 1 - (1 - P)(1 - w), i.e. keeps the share (1 - w) of the trust score.
 *
 * - RULE_SUSPICIOUS_GROWTH: followers / max(accountAgeDays, 1) > max_followers_per_day and
 *   accountAgeDays < young_account_days (needs accountAgeDays).
 * - RULE_FAKE_FOLLOWER_INDICATOR: followers > min_followers and
 *   favoritesCount / max(postCount, 1) < max_likes_per_post (needs favoritesCount).
 */
import type { TrustRuleCard } from '../core/card';
import type { ResolvedTrustInput } from '../features/trust';

export const TRUST_RULE_CODES = ['RULE_SUSPICIOUS_GROWTH', 'RULE_FAKE_FOLLOWER_INDICATOR'] as const;
export type TrustRuleCode = (typeof TRUST_RULE_CODES)[number];

const REQUIRED_PARAMS: Record<TrustRuleCode, readonly string[]> = {
  RULE_SUSPICIOUS_GROWTH: ['max_followers_per_day', 'young_account_days'],
  RULE_FAKE_FOLLOWER_INDICATOR: ['min_followers', 'max_likes_per_post'],
};

export interface TrustRule {
  code: TrustRuleCode;
  weight: number;
  params: Readonly<Record<string, number>>;
}

/** Checks the card's rules are ones this code implements, with their parameters. */
export function parseTrustRules(cards: readonly TrustRuleCard[]): TrustRule[] {
  return cards.map((card) => {
    if (!(TRUST_RULE_CODES as readonly string[]).includes(card.code)) {
      throw new Error(`unknown trust rule ${card.code} (known: ${TRUST_RULE_CODES.join(', ')})`);
    }
    const code = card.code as TrustRuleCode;
    for (const key of REQUIRED_PARAMS[code]) {
      if (typeof card.params[key] !== 'number') throw new Error(`rule ${code} needs params.${key}`);
    }
    return { code, weight: card.weight, params: card.params };
  });
}

/** Whether `rule` fires for the input (false when the field it needs is unknown). */
export function ruleFires(rule: TrustRule, r: ResolvedTrustInput): boolean {
  const p = rule.params;
  switch (rule.code) {
    case 'RULE_SUSPICIOUS_GROWTH': {
      if (r.accountAgeDays === null) return false;
      const perDay = r.followersCount / Math.max(r.accountAgeDays, 1);
      return perDay > p['max_followers_per_day']! && r.accountAgeDays < p['young_account_days']!;
    }
    case 'RULE_FAKE_FOLLOWER_INDICATOR': {
      if (r.favoritesCount === null) return false;
      const likesPerPost = r.favoritesCount / Math.max(r.postCount, 1);
      return r.followersCount > p['min_followers']! && likesPerPost < p['max_likes_per_post']!;
    }
  }
}

export interface AppliedRule {
  rule: TrustRule;
  /** Trust score (0-100) before and after this rule. */
  before: number;
  after: number;
}

/** Applies the fired rules in card order. Returns the final P(untrustworthy) and each step. */
export function applyTrustRules(
  pModel: number,
  r: ResolvedTrustInput,
  rules: readonly TrustRule[],
): { p: number; applied: readonly AppliedRule[] } {
  let p = pModel;
  let applied: AppliedRule[] | undefined;
  for (const rule of rules) {
    if (!ruleFires(rule, r)) continue;
    const before = 100 * (1 - p);
    p = 1 - (1 - p) * (1 - rule.weight);
    (applied ??= []).push({ rule, before, after: 100 * (1 - p) });
  }
  return { p, applied: applied ?? NONE };
}

const NONE: readonly AppliedRule[] = Object.freeze([]);
