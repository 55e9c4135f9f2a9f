"""Forecast model: orders and revenue of a KOL in the next 24 hours from lag features of its H1 buckets.

One LightGBM regressor of the ratio r = (orders next 24 h + 1) / (orders last 24 h + 1), trained with
an L1 loss weighted by (orders last 24 h + 1), which is the absolute error of the order forecast (so
it minimises the WAPE; a ratio keeps it scale-free). The ONNX graph closes the form:
orders = max((orders_24h + 1) * r - 1, 0) and revenue = orders * order_value_24h (the last day's
average order value), outputs `orders` and `revenue` [N,1] in natural units. The training rows come from the event-stream simulator (event_simulator.py);
the held-out split is by KOL, so no held-out KOL contributed a training row. The baseline the card
compares with is the seasonal-naive forecast the FORECAST_DROP rule used before this model
(the next 24 hours repeat the last 24).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from lightgbm import LGBMRegressor

from . import onnx_run
from .cards import SYNTHETIC_LICENCE, features_list, metrics_table, write_model
from .event_simulator import EVENT_SIMULATOR_PARAMS, simulate_samples
from .export import export_forecast
from .features_forecast import FORECAST_FEATURES, LAG_HOURS, forecast_feature_matrix
from .histograms import reference_histograms

VERSION = "1.0.0"
SIM_KOLS = 2_400
SIM_SEED = 20_261_201
SPLIT_SEED = 2024
MODEL_SEED = 42
HELD_OUT_SHARE = 0.25
CREATED_AT = "2026-12-01T00:00:00Z"
HORIZON_HOURS = 24
TARGETS = ("orders", "revenue")
PARAMS: dict[str, Any] = {
    "n_estimators": 300,
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_child_samples": 40,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.9,
    "reg_lambda": 1.0,
}

FEATURE_NOTES = {
    "orders_1h": "orders in the last whole hour",
    "orders_3h": "orders in the last 3 hours",
    "orders_6h": "orders in the last 6 hours",
    "orders_12h": "orders in the last 12 hours",
    "orders_24h": "orders in the last 24 hours",
    "views_1h": "views in the last hour",
    "views_6h": "views in the last 6 hours",
    "views_24h": "views in the last 24 hours",
    "clicks_6h": "clicks in the last 6 hours",
    "clicks_24h": "clicks in the last 24 hours",
    "revenue_6h": "purchase amounts in the last 6 hours",
    "revenue_24h": "purchase amounts in the last 24 hours",
    "click_rate_24h": "clicks_24h / max(views_24h, 1)",
    "conversion_24h": "orders_24h / max(clicks_24h, 1)",
    "order_value_24h": "revenue_24h / max(orders_24h, 1)",
    "views_trend_6h": "4 * views_6h / max(views_24h, 1) (1 = steady)",
    "orders_trend_6h": "4 * orders_6h / max(orders_24h, 1) (1 = steady)",
    "active_hours_24h": "hours of the last 24 with at least one view, click or order",
}


def _errors(actual: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    return {
        "mae": round(float(np.mean(np.abs(actual - predicted))), 4),
        "wape": round(float(np.sum(np.abs(actual - predicted)) / max(np.sum(actual), 1e-9)), 4),
        "log1p_mae": round(float(np.mean(np.abs(np.log1p(actual) - np.log1p(predicted)))), 4),
    }


def build() -> dict[str, Any]:
    data = simulate_samples(SIM_KOLS, SIM_SEED)
    x = forecast_feature_matrix(data["windows"])
    rng = np.random.default_rng(SPLIT_SEED)
    held_out_kols = set(rng.permutation(SIM_KOLS)[: int(SIM_KOLS * HELD_OUT_SHARE)].tolist())
    is_test = np.array([k in held_out_kols for k in data["kol"]])
    tr, te = np.flatnonzero(~is_test), np.flatnonzero(is_test)
    x64 = x.astype(np.float64)  # the float32 values the ONNX input carries
    base_column = FORECAST_FEATURES.index("orders_24h")
    value_column = FORECAST_FEATURES.index("order_value_24h")
    base = x64[:, base_column] + 1.0
    ratio = (data["orders_next"] + 1.0) / base
    # L1 on the ratio weighted by the base = the absolute error of the orders: the WAPE is minimised.
    model = LGBMRegressor(
        **PARAMS,
        objective="l1",
        random_state=MODEL_SEED,
        deterministic=True,
        force_row_wise=True,
        n_jobs=1,
        verbose=-1,
    ).fit(x64[tr], ratio[tr], sample_weight=base[tr])
    doc = f"forecast {VERSION}: inputs `features` [N,{len(FORECAST_FEATURES)}] float32 (card.json order); " \
        f"outputs orders [N,1] and revenue [N,1]: forecast totals of the next {HORIZON_HOURS} hours; ratio [N,1]."
    onx = export_forecast(model, len(FORECAST_FEATURES), base_column, value_column, doc)
    out = onnx_run.run(onx, x[te])
    native_orders = np.maximum(base[te] * model.predict(x64[te]) - 1.0, 0.0)
    predicted = {
        "orders": out["orders"][:, 0].astype(np.float64),
        "revenue": out["revenue"][:, 0].astype(np.float64),
    }
    rel = float(np.max(np.abs(native_orders - predicted["orders"]) / np.maximum(1.0, native_orders)))
    assert rel < 1e-4, f"ONNX orders differ from LightGBM by {rel} (relative)"
    targets = {"orders": data["orders_next"][te], "revenue": data["revenue_next"][te]}
    # Revenue is forecast only where the last day had orders (its order value is known).
    with_value = x64[te][:, FORECAST_FEATURES.index("orders_24h")] > 0
    metrics: dict[str, float] = {}
    evaluation: dict[str, Any] = {"onnx_vs_lightgbm_max_rel_diff": rel}
    for name in TARGETS:
        rows = with_value if name == "revenue" else np.ones(len(te), dtype=bool)
        actual = targets[name][rows]
        naive = x64[te][rows][:, FORECAST_FEATURES.index(f"{name}_24h")]
        model_err, naive_err = _errors(actual, predicted[name][rows]), _errors(actual, naive)
        for key, value in model_err.items():
            metrics[f"{name}_{key}"] = value
        metrics[f"{name}_wape_seasonal_naive"] = naive_err["wape"]
        steady = data["steady"][te][rows]
        by_regime = {}
        for regime, mask in (("steady", steady), ("shift_or_burst", ~steady)):
            a, f, n = actual[mask], predicted[name][rows][mask], naive[mask]
            by_regime[regime] = {
                "rows": int(mask.sum()),
                "model_wape": _errors(a, f)["wape"],
                "seasonal_naive_wape": _errors(a, n)["wape"],
            }
        evaluation[name] = {
            "rows": int(rows.sum()),
            "model": model_err,
            "seasonal_naive": naive_err,
            "held_out_actual_mean": round(float(np.mean(actual)), 4),
            "by_regime": by_regime,
        }
    metrics["rows"] = int(len(te))
    card = {
        "name": "forecast",
        "version": VERSION,
        "stage": "Production",
        "description": f"Forecast: a KOL's orders and revenue in the next {HORIZON_HOURS} hours from lag features "
        "of its hourly metrics; a LightGBM regressor trained on the documented event-stream simulator.",
        "model_type": "LightGBM regressor of the next/last-day order ratio (L1, onnxmltools) + closed form in the graph",
        "score": f"score = forecast orders in the next {HORIZON_HOURS} h; revenueForecast = forecast revenue "
        "(currency of the KOL's purchases)",
        "horizon_hours": HORIZON_HOURS,
        "lag_hours": LAG_HOURS,
        "features": FORECAST_FEATURES,
        "feature_definitions": FEATURE_NOTES,
        "preprocessing": {
            "engineering": "training/features_forecast.py == inference/features/forecast.ts (float64 sums, then "
            "float32)",
            "scaler": None,
        },
        "outputs": {
            "orders": f"float32 [N,1]: forecast orders in the next {HORIZON_HOURS} hours, >= 0",
            "revenue": f"float32 [N,1]: orders x order_value_24h (0 when the last day had no orders)",
            "ratio": "float32 [N,1]: the trees' (next + 1) / (last + 1) order ratio",
        },
        "hyperparameters": {**PARAMS, "seed": MODEL_SEED, "objective": "l1 on (next + 1) / (last + 1), weight last + 1"},
        "simulator": {
            "module": "training/event_simulator.py",
            "kols": SIM_KOLS,
            "seed": SIM_SEED,
            "params": EVENT_SIMULATOR_PARAMS,
        },
        "training_data": {
            "source": f"Synthetic: training/event_simulator.py, {SIM_KOLS} KOLs x "
            f"{EVENT_SIMULATOR_PARAMS['hours']} hours, seed {SIM_SEED}",
            "licence": SYNTHETIC_LICENCE,
            "rows": int(len(x)),
            "train_rows": int(len(tr)),
            "held_out_rows": int(len(te)),
            "split": f"by KOL: {int(HELD_OUT_SHARE * 100)}% of the simulated KOLs held out (none of their rows "
            f"is trained on), permutation seed {SPLIT_SEED}",
        },
        "metrics": metrics,
        "evaluation": evaluation,
        "reference_histograms": reference_histograms(x[tr], FORECAST_FEATURES),
        "created_at": CREATED_AT,
    }
    digest = write_model(card, onx, _readme(card))
    print(
        f"forecast {VERSION}: held-out WAPE orders {metrics['orders_wape']} "
        f"(seasonal naive {metrics['orders_wape_seasonal_naive']}), revenue {metrics['revenue_wape']} "
        f"(naive {metrics['revenue_wape_seasonal_naive']})"
    )
    return {"card": card, "onnx": onx, "sha256": digest, "windows": data["windows"], "test_idx": te}


def _regimes(by_regime: dict[str, dict[str, float]]) -> str:
    names = {"steady": "steady KOLs", "shift_or_burst": "a level shift or burst within the 48 hours"}
    return "; ".join(
        f"{names[k]} ({v['rows']} rows) {v['model_wape']} vs {v['seasonal_naive_wape']}" for k, v in by_regime.items()
    )


def _readme(card: dict[str, Any]) -> str:
    return f"""# forecast {card['version']} ({card['stage']})

{card['description']}

## What it predicts

Two numbers per KOL: the orders and the revenue (sum of purchase amounts) of the next
{card['horizon_hours']} hours, starting at the hour the forecast is made. The trees predict the ratio
r = (orders next day + 1) / (orders last day + 1) with an absolute-error loss weighted by the last
day's orders + 1 (so a KOL with more orders weighs more, and the loss is the order forecast's
absolute error); the graph turns it into `orders = max((orders_24h + 1) r - 1, 0)` and
`revenue = orders x order_value_24h`. The forecast is a median, not a mean: for a KOL whose orders
come in rare bursts it is on the low side. Revenue is reported only when the last day had orders
(otherwise no order value is known and the gateway lists `orderValue` as missing).

## What it takes from a stored KOL

The KOL's **H1 buckets of the {card['lag_hours']} whole hours before the forecast starts** (the open
hour is not used; an hour without a bucket counts as 0): views, clicks, orders and the bucket's
purchase amounts (`MetricPoint.revenue`). Nothing from the profile. The revenue is in the currency
of the KOL's purchases; the model is scale-free (it forecasts a ratio of orders and multiplies by the
observed order value), so one model serves US dollars and Vietnamese dong alike, but revenues of
different currencies must not be added or compared. When the buckets carry no revenue, the revenue
is not reported (`missing: revenue`) while the order forecast still is.

How to read it: a forecast, from the last day only, of what the next day brings if nothing
changes. A KOL that was silent in the last 24 hours is forecast near 0, whatever it did before; a
KOL seen for only a few hours is read as having had silent hours before.

## Used by

`SuccessScore.revenueForecast` and `FusionScore.expectedValue` (= revenue forecast x trust / 100,
in the revenue's currency), and the FORECAST_DROP alert rule (forecast orders vs the KOL's baseline).

## Features ({len(card['features'])}, in model order)

{features_list(card['features'], card['feature_definitions'])}

## Training data: a simulator of event streams

`training/event_simulator.py` ({card['simulator']['kols']} KOLs, {card['simulator']['params']['hours']}
hours each, seed {card['simulator']['seed']}): lognormal hourly reach with a daily cycle in each
KOL's own time zone and a slow drift, one-off level shifts (35% of KOLs) and sponsored-post bursts
(30%), lognormal click-through and conversion rates, Poisson orders, log-uniform order values, and
40% of KOLs starting part-way (short histories). A sample is cut every
{card['simulator']['params']['cut_every_hours']} hours: 24 lag hours in, the next 24 hours' totals out.

## Metrics (held-out KOLs: {card['training_data']['held_out_rows']} windows of KOLs never trained on; revenue on the {card['evaluation']['revenue']['rows']} of them whose last day had orders)

{metrics_table(card['metrics'])}

`*_wape_seasonal_naive` is the error of "the next 24 h repeat the last 24 h" (what FORECAST_DROP
used before) on the same rows.

By regime (orders WAPE, model vs seasonal naive): {_regimes(card['evaluation']['orders']['by_regime'])}.
The model gains a similar share in both; a shift or burst within the 48 hours roughly doubles the
error of either, since neither can see it coming. The order counts' Poisson noise bounds what any
forecast from one day can do.

WAPE = sum |error| / sum actual; log1p_mae = mean |ln(1+actual) -
ln(1+forecast)|. These numbers describe the simulator; retrain on real event streams before
relying on the forecast's size.

## Licence

{card['training_data']['licence']}
"""


def main() -> dict[str, Any]:
    return build()


if __name__ == "__main__":
    main()
