"""Documented rules applied after the trust model. Mirrored by inference/rules/trust.ts.

InstaFake has no account age, favourites (likes received), verified badge or URL, so the model
cannot learn from them. The SPEC's two flags use them and act here, after the model, each one
visible as a reason:

- suspicious_growth: followers / max(age_days, 1) > 100 and age_days < 180
  (needs accountAgeDays; skipped when it is unknown)
- fake_follower_indicator: followers > 10,000 and favorites / max(posts, 1) < 0.1
  (needs favoritesCount; skipped when it is unknown)

A fired rule with weight w moves P(untrustworthy) to 1 - (1 - P) * (1 - w): it removes the share w
of the remaining trust (w = 0.5: a fired rule halves the trust score; both fired quarter it).
Rules are applied in the order listed. The verified badge and the URL have no effect: the
acceptance examples hold without them, so no rule was added for them.
"""

from __future__ import annotations

from typing import Any, Mapping

# Written into card.json; the TS side reads the weights from the card.
TRUST_RULES: list[dict[str, Any]] = [
    {
        "code": "RULE_SUSPICIOUS_GROWTH",
        "feature": "suspicious_growth",
        "condition": "followers / max(accountAgeDays, 1) > 100 and accountAgeDays < 180",
        "requires": ["accountAgeDays"],
        "effect": "raise_risk",
        "formula": "P' = 1 - (1 - P) * (1 - weight)",
        "params": {"max_followers_per_day": 100, "young_account_days": 180},
        "weight": 0.5,
        "rationale": "Young accounts rarely gain more than 100 followers a day without bought followers or a viral event.",
    },
    {
        "code": "RULE_FAKE_FOLLOWER_INDICATOR",
        "feature": "fake_follower_indicator",
        "condition": "followers > 10000 and favoritesCount / max(postCount, 1) < 0.1",
        "requires": ["favoritesCount"],
        "effect": "raise_risk",
        "formula": "P' = 1 - (1 - P) * (1 - weight)",
        "params": {"min_followers": 10000, "max_likes_per_post": 0.1},
        "weight": 0.5,
        "rationale": "A large audience that leaves almost no likes is the classic signature of bought followers.",
    },
]


def _params(rules: list[dict[str, Any]], code: str) -> dict[str, float] | None:
    for rule in rules:
        if rule["code"] == code:
            return rule["params"]
    return None


def fired_rules(resolved: Mapping[str, Any], rules: list[dict[str, Any]]) -> list[str]:
    """Codes of the rules that fire for a resolved input (see features_trust.resolve_trust_input)."""
    codes = []
    followers = float(resolved["followersCount"])
    growth = _params(rules, "RULE_SUSPICIOUS_GROWTH")
    age = resolved["accountAgeDays"]
    if growth is not None and age is not None:
        age = float(age)
        if (
            followers / max(age, 1.0) > growth["max_followers_per_day"]
            and age < growth["young_account_days"]
        ):
            codes.append("RULE_SUSPICIOUS_GROWTH")
    fake = _params(rules, "RULE_FAKE_FOLLOWER_INDICATOR")
    favorites = resolved["favoritesCount"]
    if fake is not None and favorites is not None:
        likes_per_post = float(favorites) / max(float(resolved["postCount"]), 1.0)
        if followers > fake["min_followers"] and likes_per_post < fake["max_likes_per_post"]:
            codes.append("RULE_FAKE_FOLLOWER_INDICATOR")
    return codes


def apply_rules(p_untrustworthy: float, codes: list[str], rules: list[dict[str, Any]]) -> float:
    p = float(p_untrustworthy)
    for rule in rules:
        if rule["code"] not in codes:
            continue
        p = 1.0 - (1.0 - p) * (1.0 - float(rule["weight"]))
    return p
