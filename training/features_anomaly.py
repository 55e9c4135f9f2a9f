"""Anomaly feature engineering. Mirrored by inference/features/anomaly.ts.

Input rows are AnomalyInput-shaped (camelCase): followersCount, followingCount, postCount and the
optional accountAgeDays, engagementRate (per-view engagement of recent posts, 0..1, as in the
rolling metrics) and followerDelta24h (followers gained over the last 24 h, may be negative).
Missing optional values are replaced by the typical value of the simulated population, so that
an unknown never looks anomalous by itself.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np

ANOMALY_FEATURES: list[str] = [
    "log_followers",  # ln(1 + followers)
    "log_following_followers_ratio",  # ln(1 + following) - ln(1 + followers)
    "log_posts_per_day",  # ln(1 + posts / max(age_days, 1))
    "engagement_rate",  # per-view engagement, 0..1
    "follower_growth_24h",  # followerDelta24h / max(followers, 1)
]

ANOMALY_INPUT_DEFAULTS: dict[str, Any] = {
    "accountAgeDays": 1095,  # three years
    "engagementRate": 0.05,  # simulator median
    "followerGrowthRate24h": 0.001,  # used when followerDelta24h is missing: +0.1% a day (simulator median)
}


def anomaly_feature_vector(row: Mapping[str, Any]) -> list[float]:
    followers = float(row["followersCount"])
    following = float(row["followingCount"])
    posts = float(row["postCount"])
    age = row.get("accountAgeDays")
    age = float(ANOMALY_INPUT_DEFAULTS["accountAgeDays"] if age is None else age)
    rate = row.get("engagementRate")
    rate = float(ANOMALY_INPUT_DEFAULTS["engagementRate"] if rate is None else rate)
    delta = row.get("followerDelta24h")
    growth = (
        float(ANOMALY_INPUT_DEFAULTS["followerGrowthRate24h"])
        if delta is None
        else float(delta) / max(followers, 1.0)
    )
    return [
        math.log1p(followers),
        math.log1p(following) - math.log1p(followers),
        math.log1p(posts / max(age, 1.0)),
        rate,
        growth,
    ]


def anomaly_feature_matrix(rows: list[Mapping[str, Any]]) -> np.ndarray:
    return np.asarray([anomaly_feature_vector(r) for r in rows], dtype=np.float64).astype(np.float32)
