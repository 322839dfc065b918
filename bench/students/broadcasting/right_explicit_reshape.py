# correct: column sums reshaped to (1, n) by hand, np.subtract/np.divide with explicit rows, np.reshape(v, (v.size, 1))
"""broadcasting: my solutions."""

from __future__ import annotations

import numpy as np


def column_percentages(A):
    totals = A.sum(axis=0).reshape(1, A.shape[1])
    return np.divide(A, totals) * 100.0


def center_columns(X):
    mean_row = np.mean(X, axis=0).reshape(1, -1)
    return np.subtract(X, mean_row)


def standardize(X: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    mean = X.mean(axis=0, keepdims=True)
    std = X.std(axis=0, keepdims=True)  # ddof=0: divide by m, not m - 1
    return (X - mean) / (std + eps)


def to_column(v):
    return np.reshape(v, (v.size, 1))


def pairwise_sq_dists(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    diff = X[:, np.newaxis, :] - Y[np.newaxis, :, :]
    return (diff**2).sum(axis=2)
