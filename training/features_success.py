"""Success feature engineering: the SPEC's 21 features. Mirrored by inference/features/success.ts.

Conventions (identical in TypeScript):
- every ratio divides by max(denominator, 1), so a row with zero views is defined;
- optional inputs: engagementTotal = likes + comments + shares; engagementRate =
  engagementTotal / max(views, 1); estCtr = estClicks / max(views, 1) when estClicks is given,
  else DEFAULT_EST_CTR; estClicks = views * estCtr;
- price_tier: 0 below 50,000; 1 below 200,000; 2 below 500,000; 3 below 1,000,000; else 4
  (bins 0/50K/200K/500K/1M/inf, lower edge inclusive);
- is_viral_views = views > P90 of the training rows' views, is_high_engagement = engagement_rate >
  P75 of the training rows' engagement rate; both thresholds are stored in card.json.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np

SUCCESS_FEATURES: list[str] = [
    "video_views",
    "video_likes",
    "video_comments",
    "video_shares",
    "engagement_total",
    "engagement_rate",
    "est_clicks",
    "est_ctr",
    "likes_per_view",
    "comments_per_view",
    "shares_per_view",
    "log_views",
    "log_engagement",
    "log_clicks",
    "log_price",
    "price",
    "price_tier",
    "engagement_x_ctr",
    "views_x_ctr",
    "is_viral_views",
    "is_high_engagement",
]

# A typical click-through rate of a product link under a short video (1%); also the simulator's base.
DEFAULT_EST_CTR = 0.01
SUCCESS_INPUT_DEFAULTS: dict[str, Any] = {
    "engagementTotal": None,  # derived: likes + comments + shares
    "engagementRate": None,  # derived: engagementTotal / max(views, 1)
    "estClicks": None,  # derived: views * estCtr
    "estCtr": None,  # derived: estClicks / max(views, 1) when estClicks is given, else 0.01
}
PRICE_TIER_EDGES = [50_000.0, 200_000.0, 500_000.0, 1_000_000.0]


def price_tier(price: float) -> int:
    tier = 0
    for edge in PRICE_TIER_EDGES:
        if price >= edge:
            tier += 1
    return tier


def resolve_success_input(row: Mapping[str, Any]) -> dict[str, float]:
    views = float(row["videoViews"])
    likes = float(row["videoLikes"])
    comments = float(row["videoComments"])
    shares = float(row["videoShares"])
    engagement_total = row.get("engagementTotal")
    engagement_total = likes + comments + shares if engagement_total is None else float(engagement_total)
    engagement_rate = row.get("engagementRate")
    if engagement_rate is None:
        engagement_rate = engagement_total / max(views, 1.0)
    est_clicks = row.get("estClicks")
    est_ctr = row.get("estCtr")
    if est_ctr is None:
        est_ctr = DEFAULT_EST_CTR if est_clicks is None else float(est_clicks) / max(views, 1.0)
    if est_clicks is None:
        est_clicks = views * float(est_ctr)
    return {
        "videoViews": views,
        "videoLikes": likes,
        "videoComments": comments,
        "videoShares": shares,
        "engagementTotal": engagement_total,
        "engagementRate": float(engagement_rate),
        "estClicks": float(est_clicks),
        "estCtr": float(est_ctr),
        "price": float(row["price"]),
    }


def success_feature_vector(row: Mapping[str, Any], thresholds: Mapping[str, float]) -> list[float]:
    r = resolve_success_input(row)
    views = r["videoViews"]
    per_view = max(views, 1.0)
    engagement_total = r["engagementTotal"]
    engagement_rate = r["engagementRate"]
    est_clicks = r["estClicks"]
    est_ctr = r["estCtr"]
    price = r["price"]
    return [
        views,
        r["videoLikes"],
        r["videoComments"],
        r["videoShares"],
        engagement_total,
        engagement_rate,
        est_clicks,
        est_ctr,
        r["videoLikes"] / per_view,
        r["videoComments"] / per_view,
        r["videoShares"] / per_view,
        math.log1p(views),
        math.log1p(engagement_total),
        math.log1p(est_clicks),
        math.log1p(price),
        price,
        float(price_tier(price)),
        engagement_rate * est_ctr,
        views * est_ctr,
        1.0 if views > thresholds["viral_views_p90"] else 0.0,
        1.0 if engagement_rate > thresholds["high_engagement_rate_p75"] else 0.0,
    ]


def success_feature_matrix(rows: list[Mapping[str, Any]], thresholds: Mapping[str, float]) -> np.ndarray:
    return np.asarray(
        [success_feature_vector(r, thresholds) for r in rows], dtype=np.float64
    ).astype(np.float32)


def success_thresholds(rows: list[Mapping[str, Any]]) -> dict[str, float]:
    """P90 of views and P75 of engagement rate over the given (training) rows."""
    resolved = [resolve_success_input(r) for r in rows]
    views = np.asarray([r["videoViews"] for r in resolved], dtype=np.float64)
    rates = np.asarray([r["engagementRate"] for r in resolved], dtype=np.float64)
    return {
        "viral_views_p90": float(np.quantile(views, 0.90)),
        "high_engagement_rate_p75": float(np.quantile(rates, 0.75)),
    }
