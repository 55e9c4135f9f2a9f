"""Event-stream simulator: the training data of the forecast model (no public KOL sales streams exist).

It simulates what the stream worker's H1 buckets hold for one KOL, hour by hour, from the events a
real deployment receives (web `view` and `click`, tx `purchase {amount}`), with one seeded numpy
Generator. Per KOL:

1. audience     views per hour ~ LogNormal(median 600, sigma 1.3), times a daily cycle
                1 + a * sin(2 pi (hour - phase) / 24) with a ~ U(0.2, 0.8), phase ~ U(0, 24) (audiences
                live in different time zones), times a slow drift of LogNormal(0, 0.05) per day.
2. level shifts with probability 0.35 the KOL's reach changes once at a random hour by a factor
                LogNormal(-0.2, 0.6) (a campaign ends, a post goes viral, an account is throttled);
                with probability 0.3 a burst of 2-8 hours multiplies views by U(2, 8) (a sponsored post).
3. clicks       CTR ~ LogNormal(median 1.5%, sigma 0.5) clipped to [0.1%, 20%];
                clicks ~ Binomial(views, CTR).
4. orders       conversion per click ~ LogNormal(median 4%, sigma 0.6) clipped to [0.2%, 50%];
                orders ~ Poisson(clicks x conversion).
5. revenue      average order value ~ LogUniform(1, 2,000,000) (prices in any currency, from cents-level
                US dollar goods to Vietnamese dong), each hour's revenue = orders x value x
                LogNormal(0, 0.35 / sqrt(orders)) (a basket mix that averages out over many orders).
6. start        40% of the KOLs start within the simulated period (history before the start is
                silent), so short and empty histories are in the data.

Hours with no events are zero, as the stream's silent hours are. Samples: at cut points every 7
hours from the 24th hour on, the lag window is the 24 hours before the cut and the targets are the
orders and revenue of the 24 hours after it. Metrics describe the simulator, not real KOLs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

EVENT_SIMULATOR_PARAMS: dict[str, Any] = {
    "hours": 24 * 12,
    "views_median": 600,
    "views_sigma": 1.3,
    "cycle_amplitude": [0.2, 0.8],
    "daily_drift_sigma": 0.05,
    "shift_probability": 0.35,
    "shift_log_mean": -0.2,
    "shift_log_sigma": 0.6,
    "burst_probability": 0.3,
    "burst_hours": [2, 8],
    "burst_factor": [2, 8],
    "ctr_median": 0.015,
    "ctr_sigma": 0.5,
    "conversion_median": 0.04,
    "conversion_sigma": 0.6,
    "order_value_log_uniform": [1, 2_000_000],
    "basket_sigma": 0.35,
    "late_start_share": 0.4,
    "cut_every_hours": 7,
    "lag_hours": 24,
    "horizon_hours": 24,
}


def simulate_kol(rng: np.random.Generator, hours: int) -> dict[str, np.ndarray]:
    """One KOL's hourly views, clicks, orders and revenue (index 0 = the first hour)."""
    p = EVENT_SIMULATOR_PARAMS
    t = np.arange(hours)
    base = rng.lognormal(np.log(p["views_median"]), p["views_sigma"])
    amplitude = rng.uniform(*p["cycle_amplitude"])
    phase = rng.uniform(0, 24)
    cycle = 1 + amplitude * np.sin(2 * np.pi * (t - phase) / 24)
    drift = np.exp(np.cumsum(rng.normal(0, p["daily_drift_sigma"], hours // 24 + 1)))[t // 24]
    level = np.ones(hours)
    changed = np.zeros(hours, dtype=bool)  # hours where a shift starts or a burst runs
    if rng.random() < p["shift_probability"]:
        at = int(rng.integers(0, hours))
        level[at:] = rng.lognormal(p["shift_log_mean"], p["shift_log_sigma"])
        changed[at] = True
    if rng.random() < p["burst_probability"]:
        length = int(rng.integers(p["burst_hours"][0], p["burst_hours"][1] + 1))
        at = int(rng.integers(0, hours))
        level[at : at + length] *= rng.uniform(*p["burst_factor"])
        changed[at : at + length] = True
    rate = base * cycle * drift * level
    views = rng.poisson(rate)
    ctr = float(np.clip(rng.lognormal(np.log(p["ctr_median"]), p["ctr_sigma"]), 0.001, 0.2))
    clicks = rng.binomial(views, ctr)
    conversion = float(np.clip(rng.lognormal(np.log(p["conversion_median"]), p["conversion_sigma"]), 0.002, 0.5))
    orders = rng.poisson(clicks * conversion)
    low, high = p["order_value_log_uniform"]
    order_value = float(np.exp(rng.uniform(np.log(low), np.log(high))))
    basket = rng.lognormal(0, p["basket_sigma"] / np.sqrt(np.maximum(orders, 1)))
    revenue = np.round(orders * order_value * basket, 2)
    if rng.random() < p["late_start_share"]:
        start = int(rng.integers(0, hours - 24))
        for series in (views, clicks, orders):
            series[:start] = 0
        revenue[:start] = 0.0
    return {
        "views": views.astype(np.float64),
        "clicks": clicks.astype(np.float64),
        "orders": orders.astype(np.float64),
        "revenue": revenue.astype(np.float64),
        "changed": changed,
    }


def simulate_samples(kols: int, seed: int) -> dict[str, Any]:
    """Lag windows (newest hour first), next-24-hour targets, the KOL index of each sample, and whether
    its 48 hours were free of level shifts and bursts."""
    p = EVENT_SIMULATOR_PARAMS
    rng = np.random.default_rng(seed)
    lag, horizon, hours = p["lag_hours"], p["horizon_hours"], p["hours"]
    windows: list[dict[str, list[float]]] = []
    orders_next: list[float] = []
    revenue_next: list[float] = []
    kol_of: list[int] = []
    steady: list[bool] = []
    series = ("views", "clicks", "orders", "revenue")
    for k in range(kols):
        s = simulate_kol(rng, hours)
        for cut in range(lag, hours - horizon + 1, p["cut_every_hours"]):
            windows.append({name: s[name][cut - lag : cut][::-1].tolist() for name in series})
            steady.append(not bool(s["changed"][cut - lag : cut + horizon].any()))
            orders_next.append(float(s["orders"][cut : cut + horizon].sum()))
            revenue_next.append(float(s["revenue"][cut : cut + horizon].sum()))
            kol_of.append(k)
    return {
        "windows": windows,
        "orders_next": np.array(orders_next),
        "revenue_next": np.array(revenue_next),
        "kol": np.array(kol_of),
        # No level shift or burst in the lag window or the horizon (for the card's breakdown only).
        "steady": np.array(steady),
    }
