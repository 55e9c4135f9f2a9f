"""Forecast feature engineering. Mirrored by inference/features/forecast.ts.

Input: a lag window of the 24 whole hours before the forecast starts, newest hour first, with the
views, clicks, orders and revenue of each hour (an hour without events is 0). Sums are float64,
then the row is cast to float32 as the ONNX input.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

LAG_HOURS = 24

FORECAST_FEATURES: list[str] = [
    "orders_1h",
    "orders_3h",
    "orders_6h",
    "orders_12h",
    "orders_24h",
    "views_1h",
    "views_6h",
    "views_24h",
    "clicks_6h",
    "clicks_24h",
    "revenue_6h",
    "revenue_24h",
    "click_rate_24h",  # clicks_24h / max(views_24h, 1)
    "conversion_24h",  # orders_24h / max(clicks_24h, 1)
    "order_value_24h",  # revenue_24h / max(orders_24h, 1)
    "views_trend_6h",  # 4 * views_6h / max(views_24h, 1)
    "orders_trend_6h",  # 4 * orders_6h / max(orders_24h, 1)
    "active_hours_24h",  # hours with at least one view, click or order
]


def _sum(values: Sequence[float], hours: int) -> float:
    total = 0.0
    for v in values[:hours]:
        total += float(v)
    return total


def forecast_features(window: Mapping[str, Sequence[float]]) -> list[float]:
    views, clicks, orders, revenue = (window[k] for k in ("views", "clicks", "orders", "revenue"))
    for series in (views, clicks, orders, revenue):
        assert len(series) == LAG_HOURS
    o24, v24, c24, r24 = _sum(orders, 24), _sum(views, 24), _sum(clicks, 24), _sum(revenue, 24)
    o6, v6 = _sum(orders, 6), _sum(views, 6)
    active = sum(1 for i in range(LAG_HOURS) if views[i] > 0 or clicks[i] > 0 or orders[i] > 0)
    return [
        _sum(orders, 1),
        _sum(orders, 3),
        o6,
        _sum(orders, 12),
        o24,
        _sum(views, 1),
        v6,
        v24,
        _sum(clicks, 6),
        c24,
        _sum(revenue, 6),
        r24,
        c24 / max(v24, 1.0),
        o24 / max(c24, 1.0),
        r24 / max(o24, 1.0),
        4.0 * v6 / max(v24, 1.0),
        4.0 * o6 / max(o24, 1.0),
        float(active),
    ]


HOUR_MS = 3_600_000


def window_from_hourly(now_ms: int, hourly: Sequence[Mapping[str, float]]) -> dict[str, list[float]]:
    """The lag window of stored H1 buckets (`bucketStart` in epoch ms): the 24 whole hours before the
    hour of `now_ms`, newest first. Buckets of the open hour or older than 24 hours are ignored; an
    hour without a bucket is 0; a missing `revenue` counts as 0."""
    end = (now_ms // HOUR_MS) * HOUR_MS
    window = {k: [0.0] * LAG_HOURS for k in ("views", "clicks", "orders", "revenue")}
    for point in hourly:
        start = int(point["bucketStart"])
        if start % HOUR_MS != 0:
            continue
        i = (end - start) // HOUR_MS - 1
        if 0 <= i < LAG_HOURS:
            for k in window:
                window[k][i] += float(point.get(k) or 0.0)
    return window


def forecast_feature_matrix(windows: Sequence[Mapping[str, Sequence[float]]]) -> np.ndarray:
    return np.array([forecast_features(w) for w in windows], dtype=np.float64).astype(np.float32)
