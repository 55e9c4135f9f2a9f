"""Success model: StandardScaler + LightGBM binary classifier of P(High) on simulated sales.

High = top 25% of sold_count (see simulator.py). The scaler is part of the ONNX graph (Sub/Div),
so the model's input is the 21 engineered features, unscaled; its means and scales are also in
card.json. The P90/P75 thresholds of is_viral_views / is_high_engagement come from the training
rows only and are stored in the card.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from lightgbm import LGBMClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from . import onnx_run
from .cards import SYNTHETIC_LICENCE, features_list, metrics_table, write_model
from .export import export_lightgbm, scale_like_onnx
from .features_success import (
    DEFAULT_EST_CTR,
    PRICE_TIER_EDGES,
    SUCCESS_FEATURES,
    SUCCESS_INPUT_DEFAULTS,
    success_feature_matrix,
    success_thresholds,
)
from .histograms import reference_histograms
from .metrics import binary_metrics
from .simulator import SIMULATOR_PARAMS, simulate_sales

# The product price a stored KOL without an average order value is scored with (inference/stored/score.ts).
SUCCESS_PRICE_STAND_IN = SIMULATOR_PARAMS["price_median"]

VERSION = "1.0.0"
SIM_ROWS = 20_000
SIM_SEED = 20_251_201
SPLIT_SEED = 2024
MODEL_SEED = 42
HELD_OUT_SHARE = 0.25
CREATED_AT = "2026-11-23T00:00:00Z"
PARAMS: dict[str, Any] = {
    "n_estimators": 150,
    "learning_rate": 0.1,
    "num_leaves": 31,
    "min_child_samples": 40,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.8,
    "reg_lambda": 1.0,
}

FEATURE_NOTES = {
    "engagement_total": "engagementTotal, default likes + comments + shares",
    "engagement_rate": "engagementRate, default engagement_total / max(views, 1)",
    "est_clicks": "estClicks, default views * est_ctr",
    "est_ctr": f"estCtr, default estClicks / max(views, 1), or {DEFAULT_EST_CTR} without estClicks",
    "likes_per_view": "likes / max(views, 1)",
    "comments_per_view": "comments / max(views, 1)",
    "shares_per_view": "shares / max(views, 1)",
    "log_views": "ln(1 + views)",
    "log_engagement": "ln(1 + engagement_total)",
    "log_clicks": "ln(1 + est_clicks)",
    "log_price": "ln(1 + price)",
    "price_tier": "0: < 50K, 1: < 200K, 2: < 500K, 3: < 1M, 4: >= 1M",
    "engagement_x_ctr": "engagement_rate * est_ctr",
    "views_x_ctr": "views * est_ctr",
    "is_viral_views": "1 if views > thresholds.viral_views_p90",
    "is_high_engagement": "1 if engagement_rate > thresholds.high_engagement_rate_p75",
}


def build() -> dict[str, Any]:
    rows, sold, y = simulate_sales(SIM_ROWS, SIM_SEED)
    idx = np.arange(len(rows))
    tr, te = train_test_split(idx, test_size=HELD_OUT_SHARE, stratify=y, random_state=SPLIT_SEED)
    tr, te = np.sort(tr), np.sort(te)
    thresholds = success_thresholds([rows[i] for i in tr])
    x = success_feature_matrix(rows, thresholds)

    scaler = StandardScaler().fit(x[tr].astype(np.float64))
    mean = scaler.mean_.astype(np.float32)
    scale = scaler.scale_.astype(np.float32)
    # The trees are trained on the float32 values the ONNX Sub/Div nodes produce.
    xs = scale_like_onnx(x, mean, scale)
    model = LGBMClassifier(
        **PARAMS,
        objective="binary",
        random_state=MODEL_SEED,
        deterministic=True,
        force_row_wise=True,
        n_jobs=1,
        verbose=-1,
    ).fit(xs[tr].astype(np.float64), y[tr])

    doc = f"success {VERSION}: inputs `features` [N,21] float32 (unscaled, card.json order; the graph scales); " \
        "outputs label, probabilities [N,2] (column 1 = P(High)), contributions [N,21] (log-odds)."
    onx, bias = export_lightgbm(model, SUCCESS_FEATURES, doc, scaler_mean=mean, scaler_scale=scale)
    out = onnx_run.run(onx, x[te])
    p_test = out["probabilities"][:, 1].astype(np.float64)
    native = model.predict_proba(xs[te].astype(np.float64))[:, 1]
    max_diff = float(np.max(np.abs(native - p_test)))
    assert max_diff < 1e-5, f"ONNX differs from LightGBM by {max_diff}"
    # logit of a float32 probability is only precise away from 0 and 1: check the rows in between.
    mid = (p_test > 0.01) & (p_test < 0.99)
    logit = np.log(p_test[mid] / (1 - p_test[mid]))
    attribution_error = float(np.max(np.abs(bias + out["contributions"][mid].sum(axis=1) - logit)))
    assert attribution_error < 1e-3, f"contributions do not add up: {attribution_error}"
    held_out = binary_metrics(y[te], p_test)
    sold_threshold = float(np.quantile(sold, 0.75))

    card = {
        "name": "success",
        "version": VERSION,
        "stage": "Production",
        "description": "Success: P(High) that a KOL's product video lands in the top 25% of units sold; "
        "StandardScaler + LightGBM trained on the documented sales simulator.",
        "model_type": "StandardScaler (in-graph Sub/Div) + LightGBM binary classifier (onnxmltools, zipmap=False)",
        "positive_class": "High (sold_count in the top 25%)",
        "score": "successScore = 100 * P(High); isHigh = successScore >= 50; tier HIGH > 75, MEDIUM 40-75, LOW < 40",
        "features": SUCCESS_FEATURES,
        "feature_definitions": FEATURE_NOTES,
        "input_defaults": {
            **SUCCESS_INPUT_DEFAULTS,
            "default_est_ctr": DEFAULT_EST_CTR,
        },
        "preprocessing": {
            "engineering": "training/features_success.py == inference/features/success.ts (float64 math, then float32)",
            "scaler": {
                "type": "StandardScaler",
                "in_graph": True,
                "mean": [float(v) for v in mean],
                "scale": [float(v) for v in scale],
            },
            "price_tier_edges": PRICE_TIER_EDGES,
        },
        "thresholds": {
            "viral_views_p90": thresholds["viral_views_p90"],
            "high_engagement_rate_p75": thresholds["high_engagement_rate_p75"],
            "classification": 0.5,
            "tiers": {"HIGH": 75, "MEDIUM": 40},
            "sold_count_high_above": sold_threshold,
        },
        "outputs": {
            "label": "int64 [N]: 1 when P(High) >= 0.5",
            "probabilities": "float32 [N,2]: [P(not High), P(High)]",
            "contributions": "float32 [N,F]: path attribution of each feature to logit(P(High))",
        },
        "attribution": {
            "method": "Saabas path attribution on the scaled features; logit(P) = bias + sum(contributions)",
            "bias_logit": round(bias, 6),
        },
        "hyperparameters": {**PARAMS, "seed": MODEL_SEED},
        "simulator": {
            "module": "training/simulator.py",
            "rows": SIM_ROWS,
            "seed": SIM_SEED,
            "params": SIMULATOR_PARAMS,
        },
        "training_data": {
            "source": f"Synthetic: training/simulator.py, {SIM_ROWS} rows, seed {SIM_SEED} (no public sales data exists)",
            "licence": SYNTHETIC_LICENCE,
            "rows": SIM_ROWS,
            "train_rows": int(len(tr)),
            "held_out_rows": int(len(te)),
            "positives": int(y.sum()),
            "split": f"stratified {int((1 - HELD_OUT_SHARE) * 100)}/{int(HELD_OUT_SHARE * 100)}, random_state={SPLIT_SEED}",
        },
        "metrics": {k: v for k, v in held_out.items() if k != "threshold"},
        "evaluation": {
            "held_out": held_out,
            "onnx_vs_lightgbm_max_abs_diff": max_diff,
            "attribution_max_abs_error_logit": round(attribution_error, 8),
            "reference_result": "F1 0.33, ROC-AUC 0.59 (original system on real sales data; not comparable: "
            "these metrics measure how much of the simulator's noise the model can see through)",
        },
        "reference_histograms": reference_histograms(x[tr], SUCCESS_FEATURES),
        "created_at": CREATED_AT,
    }
    digest = write_model(card, onx, _readme(card))
    print(f"success {VERSION}: held-out ROC-AUC {held_out['roc_auc']} F1 {held_out['f1']}")
    return {"card": card, "onnx": onx, "sha256": digest, "thresholds": thresholds, "rows": rows, "test_idx": te}


def _readme(card: dict[str, Any]) -> str:
    t = card["thresholds"]
    return f"""# success {card['version']} ({card['stage']})

{card['description']}

## What it predicts

P(High): the probability that a product video sells in the top 25% of units (sold_count above
{t['sold_count_high_above']:g} in the simulated population). The gateway reports
`successScore = 100 * P(High)`, `isHigh = successScore >= 50`, tier HIGH above 75, MEDIUM 40-75,
LOW below 40, and confidence = the larger class probability.

## What it takes from a stored KOL

The model was trained on one product video at a time. A stored KOL has no such video: the stream
pipeline and `scoreKols` by id read **the KOL's last day as one video** — the sum of its H1
buckets over the 24 whole hours before the scoring hour (the open hour is not counted; the latest
H24 bucket when there are no H1 buckets, `missing: hourlyMetrics`):

- `videoViews`, `videoLikes`, `videoComments`, `videoShares` = that day's views, likes, comments and
  shares over all its posts;
- `estClicks` = that day's **web clicks** (what actually happened stands in for the brand's
  pre-campaign estimate, which the model learned to trust only so far);
- `price` = the day's **average order value** (purchase amounts / orders) stands in for the product
  price; when the day had no orders or the buckets carry no amounts, the simulator's median product
  price {SUCCESS_PRICE_STAND_IN:,} is used (`missing: orderValue` or `revenue`).

How to read the score: "had the last day been one campaign video, how likely is it that it sold in
the top 25%". It rises with a busy day and falls on a quiet one, so it follows the KOL's recent
activity rather than rating a planned campaign. Prices are read as numbers in the simulator's
(VND-like) scale: an order value in US dollars or euros looks like a very cheap product, which the
model reads as converting better, so compare stored-KOL success scores within one currency only. A
KOL with no metrics in the last day gets no success score (`missing: metrics`). The
`revenueForecast` on a stored KOL's success score comes from the forecast model, not from this one.

## Training data: a simulator, not real sales

No public sales data set exists, so the rows come from `training/simulator.py`
({card['simulator']['rows']} rows, seed {card['simulator']['seed']}). The chain it simulates:

1. **views** ~ lognormal (median 20,000, sigma 1.4).
2. **engagement**: per-view like rate ~ lognormal (median 4%); comments and shares as lognormal
   shares of likes; counts drawn binomially.
3. **clicks**: true CTR = 1% x sqrt(engagement rate / 4.5%) x lognormal noise (an engaged audience
   clicks more); clicks ~ Binomial(views, CTR). The brand sees only a noisy pre-campaign estimate
   `est_ctr` (x lognormal(0, 0.35)) and `est_clicks = views x est_ctr`.
4. **price** ~ lognormal (median 180,000, sigma 0.9; a VND-like currency matching the SPEC tiers).
5. **orders**: conversion = 4% x (price / 180,000)^-0.7 x lognormal(0, 0.5) (price elasticity
   -0.7); sold_count ~ Poisson(clicks x conversion x lognormal(0, 0.3)).

Label: High = sold_count > P75. All parameters are in card.json (`simulator.params`). The metrics
below say how much of the simulator's noise the model sees through; they say nothing about real
campaigns. Retrain on real (views, engagement, clicks, price, units sold) rows before trusting it.

## Features (21, the SPEC's list, in model order)

{features_list(card['features'], card['feature_definitions'])}

Thresholds from the training rows: `is_viral_views` = views > {t['viral_views_p90']:g} (P90);
`is_high_engagement` = engagement rate > {t['high_engagement_rate_p75']:.6g} (P75).
A StandardScaler (means and scales in card.json) is part of the ONNX graph (Sub, Div), so the
gateway feeds unscaled features and scaling is identical in Python and TypeScript.

## Metrics (held-out {card['training_data']['held_out_rows']} simulated rows)

{metrics_table(card['metrics'])}

Original system (real data): F1 0.33, ROC-AUC 0.59. Not comparable.

## Explanations

Second ONNX output `contributions`: per-feature path attribution (Saabas) of logit(P(High)),
bias {card['attribution']['bias_logit']}. The gateway groups the 21 features into reach, engagement,
clicks and price reasons.

## Licence

{card['training_data']['licence']}
"""


def main() -> dict[str, Any]:
    return build()


if __name__ == "__main__":
    main()
