"""Parity fixtures: test/fixtures/parity/<name>-<version>.json.

Each row holds a raw GraphQL-shaped input (camelCase), the engineered float32 feature vector, the
model output computed here with onnxruntime on the exported model, and the final score after
the rules/normalisation. test/inference/parity.test.ts replays every row through the TypeScript
feature engineering and onnxruntime-node and requires agreement to 1e-5.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from . import acceptance, onnx_run
from .features_anomaly import anomaly_feature_matrix
from .features_forecast import HOUR_MS, LAG_HOURS, forecast_feature_matrix, window_from_hourly
from .features_success import success_feature_matrix
from .features_trust import trust_feature_matrix
from .paths import PARITY_DIR
from .train_anomaly import normalise
from .train_trust import final_trust

TOLERANCE = 1e-5


def _floats(values: np.ndarray) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=np.float32)]


def _write(name: str, version: str, features: list[str], rows: list[dict[str, Any]], notes: str) -> None:
    PARITY_DIR.mkdir(parents=True, exist_ok=True)
    doc = {
        "model": name,
        "version": version,
        "tolerance": TOLERANCE,
        "features": features,
        "notes": notes,
        "rows": rows,
    }
    path = PARITY_DIR / f"{name}-{version}.json"
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


def trust_edge_rows() -> list[dict[str, Any]]:
    base = {"followersCount": 5000, "followingCount": 300, "postCount": 120}
    return [
        {"followersCount": 0, "followingCount": 0, "postCount": 0},
        {"followersCount": 0, "followingCount": 0, "postCount": 0, "favoritesCount": 0, "accountAgeDays": 0,
         "verified": False, "hasBio": False, "hasUrl": False, "hasProfileImage": False, "bioLength": 0,
         "isPrivate": False, "usernameLength": 0, "usernameDigitCount": 0},
        {"followersCount": 1_000_000_000, "followingCount": 0, "postCount": 10_000_000, "favoritesCount": 10**12,
         "accountAgeDays": 5000},
        {"followersCount": 0, "followingCount": 7500, "postCount": 0, "hasProfileImage": False},
        {"followersCount": 250_000_000, "followingCount": 250_000_000, "postCount": 1, "accountAgeDays": 1},
        # accountAgeDays 0 is floored to 1 day in the growth rule.
        {**base, "accountAgeDays": 0},
        # Boundaries of the growth rule: exactly 100/day does not fire, nor does age exactly 180.
        {"followersCount": 10000, "followingCount": 100, "postCount": 50, "accountAgeDays": 100},
        {"followersCount": 10001, "followingCount": 100, "postCount": 50, "accountAgeDays": 100},
        {"followersCount": 90000, "followingCount": 100, "postCount": 50, "accountAgeDays": 180},
        {"followersCount": 90000, "followingCount": 100, "postCount": 50, "accountAgeDays": 179},
        # Boundaries of the fake-follower rule: 10,000 followers exactly, 0.1 likes per post exactly.
        {"followersCount": 10000, "followingCount": 100, "postCount": 100, "favoritesCount": 0},
        {"followersCount": 10001, "followingCount": 100, "postCount": 100, "favoritesCount": 10},
        {"followersCount": 10001, "followingCount": 100, "postCount": 100, "favoritesCount": 9},
        {"followersCount": 20000, "followingCount": 100, "postCount": 0, "favoritesCount": 0},
        # Optional fields: explicit nulls, hasBio without bioLength and the other way round.
        {**base, "favoritesCount": None, "accountAgeDays": None, "verified": None, "hasBio": None,
         "hasUrl": None, "hasProfileImage": None, "bioLength": None, "isPrivate": None,
         "usernameLength": None, "usernameDigitCount": None},
        {**base, "hasBio": True},
        {**base, "bioLength": 80},
        {**base, "hasBio": False, "bioLength": 20},
        {**base, "hasBio": True, "bioLength": 0},
        {**base, "isPrivate": True, "usernameLength": 30, "usernameDigitCount": 30},
        {**base, "usernameLength": 8, "usernameDigitCount": 4, "hasProfileImage": False},
        {**base, "verified": True, "hasUrl": True},
        {"followersCount": 33, "followingCount": 1694, "postCount": 0, "bioLength": 0, "hasProfileImage": False,
         "usernameLength": 12, "usernameDigitCount": 3},
    ]


def write_trust(results: list[dict[str, Any]], data: dict[str, Any]) -> None:
    test_rows = [data["rows"][i] for i in data["test_idx"]]
    y = data["y"][data["test_idx"]]
    fakes = [r for r, label in zip(test_rows, y) if label == 1][:8]
    reals = [r for r, label in zip(test_rows, y) if label == 0][:17]
    rows = [acceptance.LEGIT, acceptance.SUSPICIOUS] + trust_edge_rows() + fakes + reals
    for result in results:
        card, onx = result["card"], result["onnx"]
        x = trust_feature_matrix(rows)
        out = onnx_run.run(onx, x)
        fixture_rows = []
        for i, row in enumerate(rows):
            p = float(out["probabilities"][i, 1])
            score, codes = final_trust(p, row)
            fixture_rows.append(
                {
                    "input": row,
                    "features": _floats(x[i]),
                    "probability": p,
                    "contributions": _floats(out["contributions"][i]),
                    "rulesFired": codes,
                    "trustScore": score,
                }
            )
        _write("trust", card["version"], card["features"], fixture_rows,
               "probability = P(untrustworthy) before rules; trustScore = 100 * (1 - P after rules).")


def success_edge_rows(thresholds: dict[str, float]) -> list[dict[str, Any]]:
    p90 = thresholds["viral_views_p90"]
    base = {"videoViews": 20000, "videoLikes": 900, "videoComments": 40, "videoShares": 60, "price": 150000}
    return [
        {"videoViews": 0, "videoLikes": 0, "videoComments": 0, "videoShares": 0, "price": 0},
        {"videoViews": 0, "videoLikes": 0, "videoComments": 0, "videoShares": 0, "engagementTotal": 0,
         "engagementRate": 0, "estClicks": 0, "estCtr": 0, "price": 0},
        {"videoViews": 1_000_000_000, "videoLikes": 90_000_000, "videoComments": 5_000_000,
         "videoShares": 7_000_000, "price": 1_000_000_000},
        {"videoViews": 5, "videoLikes": 50, "videoComments": 10, "videoShares": 10, "price": 99},
        base,
        {**base, "engagementTotal": None, "engagementRate": None, "estClicks": None, "estCtr": None},
        {**base, "estClicks": 450},
        {**base, "estCtr": 0.03},
        {**base, "estClicks": 450, "estCtr": 0.05},
        {**base, "engagementTotal": 5000},
        {**base, "engagementRate": 0.2},
        {**base, "price": 49_999},
        {**base, "price": 50_000},
        {**base, "price": 199_999.5},
        {**base, "price": 200_000},
        {**base, "price": 500_000},
        {**base, "price": 999_999},
        {**base, "price": 1_000_000},
        {**base, "videoViews": int(np.floor(p90))},
        {**base, "videoViews": int(np.floor(p90)) + 1},
        {**base, "engagementRate": thresholds["high_engagement_rate_p75"]},
        {**base, "engagementRate": float(np.nextafter(thresholds["high_engagement_rate_p75"], 1.0))},
    ]


def write_success(result: dict[str, Any]) -> None:
    card, onx, thresholds = result["card"], result["onnx"], result["thresholds"]
    held_out = [result["rows"][i] for i in result["test_idx"][:28]]
    rows = success_edge_rows(thresholds) + held_out
    x = success_feature_matrix(rows, thresholds)
    out = onnx_run.run(onx, x)
    fixture_rows = []
    for i, row in enumerate(rows):
        p = float(out["probabilities"][i, 1])
        fixture_rows.append(
            {
                "input": row,
                "features": _floats(x[i]),
                "probability": p,
                "contributions": _floats(out["contributions"][i]),
                "successScore": 100.0 * p,
            }
        )
    _write("success", card["version"], card["features"], fixture_rows,
           "probability = P(High); successScore = 100 * P(High). Features are unscaled (the graph scales).")


def anomaly_edge_rows() -> list[dict[str, Any]]:
    return [
        {"followersCount": 0, "followingCount": 0, "postCount": 0},
        {"followersCount": 0, "followingCount": 0, "postCount": 0, "accountAgeDays": 0, "engagementRate": 0,
         "followerDelta24h": 0},
        {"followersCount": 200_000_000, "followingCount": 7500, "postCount": 50_000, "accountAgeDays": 4000,
         "engagementRate": 1.0, "followerDelta24h": 50_000_000},
        {"followersCount": 30000, "followingCount": 400, "postCount": 600},
        {"followersCount": 30000, "followingCount": 400, "postCount": 600, "accountAgeDays": None,
         "engagementRate": None, "followerDelta24h": None},
        {"followersCount": 30000, "followingCount": 400, "postCount": 600, "accountAgeDays": 1000,
         "engagementRate": 0.05, "followerDelta24h": -3000},
        {"followersCount": 30000, "followingCount": 400, "postCount": 600, "accountAgeDays": 1000,
         "engagementRate": 0.01, "followerDelta24h": 9000},
        {"followersCount": 3000, "followingCount": 3100, "postCount": 200, "accountAgeDays": 400,
         "engagementRate": 0.05, "followerDelta24h": 3},
        {"followersCount": 50000, "followingCount": 300, "postCount": 40000, "accountAgeDays": 300,
         "engagementRate": 0.05, "followerDelta24h": 50},
        {"followersCount": 50000, "followingCount": 300, "postCount": 400, "accountAgeDays": 700,
         "engagementRate": 0.7, "followerDelta24h": 50},
    ]


def write_anomaly(result: dict[str, Any]) -> None:
    card, onx = result["card"], result["onnx"]
    held_out = [result["rows"][i] for i in result["test_idx"][:40]]
    rows = anomaly_edge_rows() + held_out
    x = anomaly_feature_matrix(rows)
    d = onnx_run.run(onx, x)["scores"][:, 0].astype(np.float64)
    norm = card["normalisation"]
    a = normalise(d, norm["d_p50"], norm["d_p01"])
    fixture_rows = [
        {"input": row, "features": _floats(x[i]), "decisionScore": float(d[i]), "anomalyScore": float(a[i])}
        for i, row in enumerate(rows)
    ]
    _write("anomaly", card["version"], card["features"], fixture_rows,
           "decisionScore = ONNX `scores` (higher = more normal); anomalyScore = normalised, high = anomalous.")


# A fixed hour for the forecast rows: the lag window is the 24 hours before 2026-12-01T10:00Z.
FORECAST_NOW_MS = 1_796_119_200_000 + 25 * 60_000


def _hourly_input(window: dict[str, list[float]], end_ms: int) -> list[dict[str, Any]]:
    """Stored-bucket form of a lag window: one H1 point per hour with any activity (silent hours absent)."""
    points = []
    for i in range(LAG_HOURS):
        values = {k: window[k][i] for k in ("views", "clicks", "orders", "revenue")}
        if any(v != 0 for v in values.values()):
            points.append({"bucketStart": end_ms - (i + 1) * HOUR_MS, **values})
    return points


def forecast_edge_rows(end_ms: int) -> list[list[dict[str, Any]]]:
    h = HOUR_MS
    steady = [{"bucketStart": end_ms - (i + 1) * h, "views": 500, "clicks": 8, "orders": 1, "revenue": 25.5}
              for i in range(LAG_HOURS)]
    return [
        [],
        # Only the open hour and hours older than the window: all ignored.
        [{"bucketStart": end_ms, "views": 900, "clicks": 9, "orders": 3, "revenue": 30},
         {"bucketStart": end_ms - 25 * h, "views": 900, "clicks": 9, "orders": 3, "revenue": 30}],
        [{"bucketStart": end_ms - h, "views": 1, "clicks": 0, "orders": 0, "revenue": 0}],
        [{"bucketStart": end_ms - 24 * h, "views": 40_000, "clicks": 700, "orders": 40, "revenue": 8_000_000}],
        steady,
        # Revenue without orders (refunds or a missing order count) and orders without clicks.
        [{"bucketStart": end_ms - 3 * h, "views": 100, "clicks": 0, "orders": 0, "revenue": 99.0},
         {"bucketStart": end_ms - 5 * h, "views": 0, "clicks": 0, "orders": 4, "revenue": 0}],
        # No revenue field at all.
        [{"bucketStart": end_ms - (i + 1) * h, "views": 2000, "clicks": 30, "orders": 2} for i in range(6)],
        [{"bucketStart": end_ms - (i + 1) * h, "views": 50_000_000, "clicks": 900_000, "orders": 30_000,
          "revenue": 9.5e11} for i in range(LAG_HOURS)],
    ]


def write_forecast(result: dict[str, Any]) -> None:
    card, onx = result["card"], result["onnx"]
    end_ms = (FORECAST_NOW_MS // HOUR_MS) * HOUR_MS
    held_out = [result["windows"][i] for i in result["test_idx"][::700][:30]]
    inputs = forecast_edge_rows(end_ms) + [_hourly_input(w, end_ms) for w in held_out]
    windows = [window_from_hourly(FORECAST_NOW_MS, hourly) for hourly in inputs]
    x = forecast_feature_matrix(windows)
    out = onnx_run.run(onx, x)
    fixture_rows = [
        {
            "input": {"now": FORECAST_NOW_MS, "hourly": hourly},
            "features": _floats(x[i]),
            "orders": float(out["orders"][i, 0]),
            "revenue": float(out["revenue"][i, 0]),
        }
        for i, hourly in enumerate(inputs)
    ]
    _write("forecast", card["version"], card["features"], fixture_rows,
           "input.now and hourly[].bucketStart in epoch ms; orders and revenue = ONNX outputs (next 24 h).")
