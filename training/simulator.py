"""Sales simulator: the training data of the success model (no public sales data exists).

One row is one product video of a KOL. The chain, all draws from one seeded numpy Generator:

1. reach        views ~ LogNormal(median 20,000, sigma 1.4), clipped to [100, 50M].
2. engagement   per-view like rate ~ LogNormal(median 4%, sigma 0.6) clipped to [0.1%, 50%];
                comments = likes x LogNormal(median 4%, 0.5), shares = likes x LogNormal(median 6%, 0.6);
                counts are binomial draws, so small videos are noisy.
3. clicks       true CTR = 1% x sqrt(engagement_rate / 4.5%) x LogNormal(0, 0.5), clipped to
                [0.05%, 15%] (an engaged audience clicks more); clicks ~ Binomial(views, true CTR).
                The brand only knows an estimate made before the campaign:
                est_ctr = true CTR x LogNormal(0, 0.35), est_clicks = round(views x est_ctr).
4. price        ~ LogNormal(median 180,000, sigma 0.9) clipped to [10,000, 5,000,000], rounded to
                1,000 (a VND-like currency: the SPEC's price tiers are 50K/200K/500K/1M).
5. orders       conversion = 4% x (price / 180,000)^-0.7 x LogNormal(0, 0.5), clipped to [0, 60%]:
                price elasticity -0.7, dearer products convert less.
                sold_count ~ Poisson(clicks x conversion x LogNormal(0, 0.3)) (lognormal demand noise).

Label: High = sold_count above the 75th percentile of all simulated rows ("top 25%").
What the model can learn is bounded by the noise above; its metrics describe the simulator, not
real campaigns. Replace this module's output with real sales rows to train a real model.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SIMULATOR_PARAMS: dict[str, Any] = {
    "views_median": 20_000,
    "views_sigma": 1.4,
    "like_rate_median": 0.04,
    "like_rate_sigma": 0.6,
    "comment_per_like_median": 0.04,
    "comment_per_like_sigma": 0.5,
    "share_per_like_median": 0.06,
    "share_per_like_sigma": 0.6,
    "base_ctr": 0.01,
    "ctr_engagement_reference": 0.045,
    "ctr_sigma": 0.5,
    "est_ctr_noise_sigma": 0.35,
    "price_median": 180_000,
    "price_sigma": 0.9,
    "base_conversion": 0.04,
    "price_elasticity": -0.7,
    "conversion_sigma": 0.5,
    "demand_noise_sigma": 0.3,
    "label": "High = sold_count > P75(sold_count)",
}


def _lognormal(rng: np.random.Generator, median: float, sigma: float, size: int) -> np.ndarray:
    return rng.lognormal(mean=np.log(median), sigma=sigma, size=size)


def simulate_sales(n: int, seed: int) -> tuple[list[dict[str, Any]], np.ndarray, np.ndarray]:
    """Returns (SuccessInput-shaped rows, sold_count, label High 0/1)."""
    p = SIMULATOR_PARAMS
    rng = np.random.default_rng(seed)
    views = np.clip(np.round(_lognormal(rng, p["views_median"], p["views_sigma"], n)), 100, 50_000_000)
    views = views.astype(np.int64)

    like_rate = np.clip(_lognormal(rng, p["like_rate_median"], p["like_rate_sigma"], n), 0.001, 0.5)
    comment_rate = like_rate * _lognormal(rng, p["comment_per_like_median"], p["comment_per_like_sigma"], n)
    share_rate = like_rate * _lognormal(rng, p["share_per_like_median"], p["share_per_like_sigma"], n)
    likes = rng.binomial(views, like_rate)
    comments = rng.binomial(views, np.clip(comment_rate, 0, 1))
    shares = rng.binomial(views, np.clip(share_rate, 0, 1))
    engagement_total = likes + comments + shares
    engagement_rate = engagement_total / views

    true_ctr = (
        p["base_ctr"]
        * np.sqrt(engagement_rate / p["ctr_engagement_reference"])
        * _lognormal(rng, 1.0, p["ctr_sigma"], n)
    )
    true_ctr = np.clip(true_ctr, 0.0005, 0.15)
    clicks = rng.binomial(views, true_ctr)
    est_ctr = np.clip(true_ctr * _lognormal(rng, 1.0, p["est_ctr_noise_sigma"], n), 0.0001, 0.5)
    est_clicks = np.round(views * est_ctr)

    price = np.clip(_lognormal(rng, p["price_median"], p["price_sigma"], n), 10_000, 5_000_000)
    price = np.round(price / 1000.0) * 1000.0
    conversion = (
        p["base_conversion"]
        * (price / p["price_median"]) ** p["price_elasticity"]
        * _lognormal(rng, 1.0, p["conversion_sigma"], n)
    )
    conversion = np.clip(conversion, 0.0, 0.6)
    demand = clicks * conversion * _lognormal(rng, 1.0, p["demand_noise_sigma"], n)
    sold = rng.poisson(demand)

    threshold = float(np.quantile(sold, 0.75))
    label = (sold > threshold).astype(np.int64)

    rows = []
    for i in range(n):
        rows.append(
            {
                "videoViews": int(views[i]),
                "videoLikes": int(likes[i]),
                "videoComments": int(comments[i]),
                "videoShares": int(shares[i]),
                "engagementTotal": int(engagement_total[i]),
                "engagementRate": float(engagement_rate[i]),
                "estClicks": float(est_clicks[i]),
                "estCtr": float(est_ctr[i]),
                "price": float(price[i]),
            }
        )
    return rows, sold, label
