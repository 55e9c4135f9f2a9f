"""KOL profile simulator: the training population of the anomaly model.

No public data set has KOL profiles together with engagement and follower growth, so the
IsolationForest learns what "usual" looks like from a simulated population (seeded):

- followers ~ LogNormal(median 30,000, sigma 1.5), clipped to [100, 200M]
- following ~ LogNormal(median 400, sigma 1.0), clipped to [0, 7,500] (platform follow limit)
- account age ~ Uniform(60, 4,000) days; posts = age x LogNormal(median 0.6/day, sigma 0.8)
- per-view engagement rate ~ LogNormal(median 5%, sigma 0.5), clipped to [0.1%, 60%]
- 24 h follower growth ~ Normal(+0.1%, 0.2%) of followers

2% of rows are injected anomalies of four kinds (a quarter each): bought followers (+5% to +50%
in 24 h with engagement cut to a fifth), follow-for-follow (following about equal to followers on
a small account), spam posting (20-200 posts a day) and engagement pods (40-90% engagement).
They stay in the training rows (an unsupervised model sees contaminated data in practice); their
flag is used only to report how well the score separates them on the held-out split.
"""

from __future__ import annotations

from typing import Any

import numpy as np

ANOMALY_SHARE = 0.02


def simulate_profiles(n: int, seed: int) -> tuple[list[dict[str, Any]], np.ndarray]:
    rng = np.random.default_rng(seed)
    followers = np.clip(np.round(rng.lognormal(np.log(30_000), 1.5, n)), 100, 200_000_000)
    following = np.clip(np.round(rng.lognormal(np.log(400), 1.0, n)), 0, 7_500)
    age = np.round(rng.uniform(60, 4_000, n))
    posts_per_day = rng.lognormal(np.log(0.6), 0.8, n)
    engagement = np.clip(rng.lognormal(np.log(0.05), 0.5, n), 0.001, 0.6)
    growth = rng.normal(0.001, 0.002, n)

    anomalous = rng.random(n) < ANOMALY_SHARE
    kind = rng.integers(0, 4, n)
    bought = anomalous & (kind == 0)
    growth[bought] = rng.uniform(0.05, 0.5, bought.sum())
    engagement[bought] = engagement[bought] / 5.0
    f4f = anomalous & (kind == 1)
    followers[f4f] = np.round(rng.uniform(500, 7_000, f4f.sum()))
    following[f4f] = np.round(followers[f4f] * rng.uniform(0.9, 1.1, f4f.sum()))
    spam = anomalous & (kind == 2)
    posts_per_day[spam] = rng.uniform(20, 200, spam.sum())
    pods = anomalous & (kind == 3)
    engagement[pods] = rng.uniform(0.4, 0.9, pods.sum())

    posts = np.round(age * posts_per_day)
    delta = np.round(followers * growth)
    rows = []
    for i in range(n):
        rows.append(
            {
                "followersCount": int(followers[i]),
                "followingCount": int(following[i]),
                "postCount": int(posts[i]),
                "accountAgeDays": int(age[i]),
                "engagementRate": float(engagement[i]),
                "followerDelta24h": int(delta[i]),
            }
        )
    return rows, anomalous.astype(np.int64)
