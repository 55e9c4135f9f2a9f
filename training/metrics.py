"""Held-out metrics, rounded for the cards."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score


def binary_metrics(y_true: np.ndarray, p_positive: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    y_pred = (p_positive >= threshold).astype(int)
    return {
        "roc_auc": round(float(roc_auc_score(y_true, p_positive)), 4),
        "f1": round(float(f1_score(y_true, y_pred, zero_division=0)), 4),
        "precision": round(float(precision_score(y_true, y_pred, zero_division=0)), 4),
        "recall": round(float(recall_score(y_true, y_pred, zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "threshold": threshold,
        "rows": int(len(y_true)),
        "positives": int(np.sum(y_true)),
    }
