"""Reference histograms of the training features, stored in card.json for PSI drift detection.

For each feature, up to 10 bins described by their inner cut points:
bin 0 holds x <= cuts[0], bin i holds cuts[i-1] < x <= cuts[i], the last bin holds x > cuts[-1].
Features with at most 10 distinct values get one bin per value (cuts = the distinct values but the
largest); the others get decile cuts (duplicates removed). `proportions` are the training shares.
inference/core/drift.ts reads the same structure.
"""

from __future__ import annotations

import numpy as np


def reference_histogram(values: np.ndarray) -> dict[str, object]:
    x = np.asarray(values, dtype=np.float64)
    distinct = np.unique(x)
    if distinct.size <= 10:
        cuts = distinct[:-1]
    else:
        cuts = np.unique(np.quantile(x, np.linspace(0.1, 0.9, 9)))
        cuts = cuts[cuts < distinct[-1]]
    bins = np.searchsorted(cuts, x, side="left")  # index of the first cut >= x
    counts = np.bincount(bins, minlength=cuts.size + 1)
    return {
        "cuts": [float(c) for c in cuts],
        "proportions": [round(float(c) / x.size, 6) for c in counts],
        "count": int(x.size),
    }


def reference_histograms(matrix: np.ndarray, names: list[str]) -> dict[str, dict[str, object]]:
    return {name: reference_histogram(matrix[:, i]) for i, name in enumerate(names)}
