# mistake: sign slip: (X + Y) ** 2 instead of (X - Y) ** 2 inside the broadcast
# function: pairwise_sq_dists
"""broadcasting: my solutions."""

from __future__ import annotations

import numpy as np


def column_percentages(A: np.ndarray) -> np.ndarray:
    return 100 * A / A.sum(axis=0, keepdims=True)


def center_columns(X: np.ndarray) -> np.ndarray:
    return X - X.mean(axis=0, keepdims=True)


def standardize(X: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    mean = X.mean(axis=0, keepdims=True)
    std = X.std(axis=0, keepdims=True)  # ddof=0: divide by m, not m - 1
    return (X - mean) / (std + eps)


def to_column(v: np.ndarray) -> np.ndarray:
    return v.reshape(-1, 1)


def pairwise_sq_dists(X, Y):
    return ((X[:, np.newaxis, :] + Y[np.newaxis, :, :]) ** 2).sum(axis=-1)
