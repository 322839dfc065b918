# correct: pairwise by expanding the square with np.maximum(..., 0), to_column via np.atleast_2d(v.ravel()).T, percentages via broadcast_to
"""broadcasting: my solutions."""

from __future__ import annotations

import numpy as np


def column_percentages(A):
    totals = np.broadcast_to(A.sum(axis=0), A.shape)
    return 100 * (A / totals)


def center_columns(X: np.ndarray) -> np.ndarray:
    return X - X.mean(axis=0, keepdims=True)


def standardize(X: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    mean = X.mean(axis=0, keepdims=True)
    std = X.std(axis=0, keepdims=True)  # ddof=0: divide by m, not m - 1
    return (X - mean) / (std + eps)


def to_column(v):
    return np.atleast_2d(v.ravel()).T


def pairwise_sq_dists(X, Y):
    sq = np.sum(X * X, axis=1, keepdims=True) + np.sum(Y * Y, axis=1) - 2.0 * np.dot(X, Y.T)
    return np.maximum(sq, 0.0)
