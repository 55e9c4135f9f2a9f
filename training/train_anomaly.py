"""Anomaly model: sklearn IsolationForest over profile/metric features, exported with skl2onnx.

The ONNX `scores` output is sklearn's decision_function d (higher = more normal). The gateway
normalises it to [0, 1], high = anomalous:

    anomalyScore = clip((d_p50 - d) / (d_p50 - d_p01), 0, 1)

with d_p50 and d_p01 the median and 1st percentile of d over the training rows (stored in
card.json). A profile at least as ordinary as the median scores 0; the 1% most unusual training
profiles score 1. The held-out split (with injected anomalies, see profile_simulator.py) measures
how well the score separates them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.model_selection import train_test_split

from . import onnx_run
from .cards import SYNTHETIC_LICENCE, features_list, metrics_table, write_model
from .export import export_isolation_forest, export_isolation_forest_skl2onnx
from .features_anomaly import ANOMALY_FEATURES, ANOMALY_INPUT_DEFAULTS, anomaly_feature_matrix
from .histograms import reference_histograms
from .metrics import binary_metrics
from .profile_simulator import ANOMALY_SHARE, simulate_profiles

VERSION = "1.0.0"
SIM_ROWS = 12_000
SIM_SEED = 20_251_202
SPLIT_SEED = 2024
MODEL_SEED = 42
HELD_OUT_SHARE = 0.25
CREATED_AT = "2026-11-23T00:00:00Z"
PARAMS: dict[str, Any] = {"n_estimators": 100, "max_samples": 256, "contamination": "auto"}

FEATURE_NOTES = {
    "log_followers": "ln(1 + followersCount)",
    "log_following_followers_ratio": "ln(1 + followingCount) - ln(1 + followersCount)",
    "log_posts_per_day": "ln(1 + postCount / max(accountAgeDays, 1))",
    "engagement_rate": "engagementRate (per-view engagement, 0..1)",
    "follower_growth_24h": "followerDelta24h / max(followersCount, 1)",
}


def normalise(d: np.ndarray, p50: float, p01: float) -> np.ndarray:
    return np.clip((p50 - d) / (p50 - p01), 0.0, 1.0)


def build() -> dict[str, Any]:
    rows, injected = simulate_profiles(SIM_ROWS, SIM_SEED)
    idx = np.arange(len(rows))
    tr, te = train_test_split(idx, test_size=HELD_OUT_SHARE, stratify=injected, random_state=SPLIT_SEED)
    tr, te = np.sort(tr), np.sort(te)
    x = anomaly_feature_matrix(rows)
    model = IsolationForest(**PARAMS, random_state=MODEL_SEED).fit(x[tr])

    doc = f"anomaly {VERSION}: inputs `features` [N,{len(ANOMALY_FEATURES)}] float32; outputs label [N,1] " \
        "(-1 anomalous, 1 normal), scores [N,1] = decision_function (higher = more normal)."
    onx = export_isolation_forest(model, len(ANOMALY_FEATURES), doc)
    d_train = onnx_run.run(onx, x[tr])["scores"][:, 0].astype(np.float64)
    d_test = onnx_run.run(onx, x[te])["scores"][:, 0].astype(np.float64)
    native = model.decision_function(x[te])
    max_diff = float(np.max(np.abs(native - d_test)))
    assert max_diff < 1e-5, f"ONNX differs from sklearn by {max_diff}"
    reference = export_isolation_forest_skl2onnx(model, len(ANOMALY_FEATURES))
    d_reference = onnx_run.run(reference, x[te])["scores"][:, 0].astype(np.float64)
    skl2onnx_diff = float(np.max(np.abs(d_reference - d_test)))
    assert skl2onnx_diff < 1e-5, f"compact graph differs from skl2onnx by {skl2onnx_diff}"
    labels = onnx_run.run(onx, x[te])["label"][:, 0]
    assert np.array_equal(labels, model.predict(x[te])), "labels differ from sklearn"

    p50 = float(np.quantile(d_train, 0.50))
    p01 = float(np.quantile(d_train, 0.01))
    a_test = normalise(d_test, p50, p01)
    separation = binary_metrics(injected[te], a_test, threshold=0.5)
    normal = a_test[injected[te] == 0]
    metrics = {
        "injected_anomaly_roc_auc": separation["roc_auc"],
        "injected_anomaly_recall_at_0_5": separation["recall"],
        "injected_anomaly_precision_at_0_5": separation["precision"],
        "normal_share_above_0_5": round(float(np.mean(normal > 0.5)), 4),
        "normal_median_score": round(float(np.median(normal)), 4),
        "rows": int(len(te)),
        "injected_anomalies": int(injected[te].sum()),
    }
    card = {
        "name": "anomaly",
        "version": VERSION,
        "stage": "Production",
        "description": "Anomaly: how unusual a KOL's profile and recent metrics are (0 ordinary, 1 among the 1% "
        "most unusual); IsolationForest on a simulated KOL population. Used as the fusion penalty.",
        "model_type": "sklearn IsolationForest (compact ONNX export, verified against skl2onnx)",
        "score": "anomalyScore = clip((d_p50 - d) / (d_p50 - d_p01), 0, 1), d = ONNX `scores` (decision_function)",
        "features": ANOMALY_FEATURES,
        "feature_definitions": FEATURE_NOTES,
        "input_defaults": ANOMALY_INPUT_DEFAULTS,
        "preprocessing": {
            "engineering": "training/features_anomaly.py == inference/features/anomaly.ts (float64 math, then float32)",
            "scaler": None,
        },
        "outputs": {
            "label": "int64 [N,1]: -1 anomalous, 1 normal (sklearn's contamination='auto' cut)",
            "scores": "float32 [N,1]: decision_function, higher = more normal",
        },
        "normalisation": {
            "formula": "clip((d_p50 - d) / (d_p50 - d_p01), 0, 1)",
            "d_p50": p50,
            "d_p01": p01,
            "source": "decision scores of the training rows",
        },
        "thresholds": {"d_p50": p50, "d_p01": p01},
        "hyperparameters": {**PARAMS, "seed": MODEL_SEED},
        "simulator": {"module": "training/profile_simulator.py", "rows": SIM_ROWS, "seed": SIM_SEED,
                      "injected_anomaly_share": ANOMALY_SHARE},
        "training_data": {
            "source": f"Synthetic: training/profile_simulator.py, {SIM_ROWS} profiles, seed {SIM_SEED}, "
            f"{int(ANOMALY_SHARE * 100)}% injected anomalies",
            "licence": SYNTHETIC_LICENCE,
            "rows": SIM_ROWS,
            "train_rows": int(len(tr)),
            "held_out_rows": int(len(te)),
            "split": f"stratified on the injected flag {int((1 - HELD_OUT_SHARE) * 100)}/{int(HELD_OUT_SHARE * 100)}, "
            f"random_state={SPLIT_SEED}",
        },
        "metrics": metrics,
        "evaluation": {
            "onnx_vs_sklearn_max_abs_diff": max_diff,
            "onnx_vs_skl2onnx_max_abs_diff": skl2onnx_diff,
            "held_out_at_0_5": separation,
        },
        "export": "Compact ONNX graph: one TreeEnsembleRegressor holding each leaf's path-length term, then "
        "decision = -(2 ** (-sum / (n_trees * c(max_samples)))) - offset. Checked against sklearn and against "
        "the skl2onnx export (same function, 27 nodes per tree, much slower to load and run).",
        "reference_histograms": reference_histograms(x[tr], ANOMALY_FEATURES),
        "created_at": CREATED_AT,
    }
    digest = write_model(card, onx, _readme(card))
    print(f"anomaly {VERSION}: injected-anomaly ROC-AUC {metrics['injected_anomaly_roc_auc']}")
    return {"card": card, "onnx": onx, "sha256": digest, "rows": rows, "test_idx": te}


def _readme(card: dict[str, Any]) -> str:
    n = card["normalisation"]
    return f"""# anomaly {card['version']} ({card['stage']})

{card['description']}

## Inputs and features

`AnomalyInput`: followersCount, followingCount, postCount, and the optional accountAgeDays,
engagementRate (per-view engagement of recent posts, 0..1) and followerDelta24h. Missing optional
values take the population's typical value (`input_defaults` in card.json, `ANOMALY_INPUT_DEFAULTS`
in `inference/core/defaults.ts`), so an unknown value never looks unusual by itself.

{features_list(card['features'], card['feature_definitions'])}

## What it takes from a stored KOL

Followers, following and posts from the profile, the account age from `accountCreatedAt` (the
default when unreported), and from the rolling metrics the **last day**: the 24 whole hours before
the scoring hour summed over the H1 buckets (the latest H24 bucket when there are none):
`engagementRate` = (likes + comments + shares) / views of that day, `followerDelta24h` = the sum of
the buckets' follower deltas. A KOL without metrics is scored on the population defaults
(`missing: metrics`), so its score comes from the profile ratios alone and is usually low: read a
low anomaly score of a new KOL as "nothing unusual known yet", not as "checked and ordinary".

## Score

The ONNX model returns sklearn's decision function `d` (higher = more normal). The gateway maps it
to `anomalyScore = clip((d_p50 - d) / (d_p50 - d_p01), 0, 1)` with d_p50 = {n['d_p50']:.6f} (median)
and d_p01 = {n['d_p01']:.6f} (1st percentile) of the training rows: ordinary profiles score 0, the 1%
most unusual score 1, in between is linear.

## Training data: simulated KOL population

`training/profile_simulator.py` ({card['simulator']['rows']} profiles, seed {card['simulator']['seed']}):
lognormal followers (median 30,000) and following (median 400), account age 60-4,000 days,
lognormal posts per day (median 0.6) and engagement rate (median 5%), daily follower growth
Normal(+0.1%, 0.2%). 2% are injected anomalies: bought followers (+5% to +50% in 24 h with
collapsed engagement), follow-for-follow, spam posting and engagement pods. The model is
unsupervised; the injected flag is used only for the held-out numbers below.

## Metrics (held-out {card['training_data']['held_out_rows']} profiles)

{metrics_table(card['metrics'])}

These describe the simulator. Retrain on real profiles (and review real anomalies) before relying
on the score for anything but a ranking penalty. A high score says "unusual", not "fraud": a
giveaway or an ad campaign is unusual too.

## Export

The shipped ONNX graph is one TreeEnsembleRegressor (each leaf holds sklearn's path-length term
for that leaf) followed by the closed-form score: `d = -(2 ** (-sum / (n_trees * c(max_samples)))) - offset`.
skl2onnx's converter expresses the same function with a subgraph per tree (about 27 nodes each),
which takes over a second to load and runs several times slower; training builds it anyway and
checks the two agree (max difference {card['evaluation']['onnx_vs_skl2onnx_max_abs_diff']:.2g}) and
that both match sklearn's decision_function.

## Licence

{card['training_data']['licence']}
"""


def main() -> dict[str, Any]:
    return build()


if __name__ == "__main__":
    main()
