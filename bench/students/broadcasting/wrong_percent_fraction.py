# mistake: forgets the factor 100, returning fractions that sum to 1
# function: column_percentages
"""broadcasting: my solutions."""

from __future__ import annotations

import numpy as np


def column_percentages(A):
    totals = A.sum(axis=0, keepdims=True)
    return A / totals


def center_columns(X: np.ndarray) -> np.ndarray:
    return X - X.mean(axis=0, keepdims=True)


def standardize(X: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    mean = X.mean(axis=0, keepdims=True)
    std = X.std(axis=0, keepdims=True)  # ddof=0: divide by m, not m - 1
    return (X - mean) / (std + eps)


def to_column(v: np.ndarray) -> np.ndarray:
    return v.reshape(-1, 1)


def pairwise_sq_dists(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    diff = X[:, np.newaxis, :] - Y[np.newaxis, :, :]
    return (diff**2).sum(axis=2)
