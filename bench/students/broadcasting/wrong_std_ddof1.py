# mistake: uses the sample standard deviation, X.std(axis=0, ddof=1), instead of ddof=0
# function: standardize
"""broadcasting: my solutions."""

from __future__ import annotations

import numpy as np


def column_percentages(A: np.ndarray) -> np.ndarray:
    return 100 * A / A.sum(axis=0, keepdims=True)


def center_columns(X: np.ndarray) -> np.ndarray:
    return X - X.mean(axis=0, keepdims=True)


def standardize(X, eps=1e-8):
    mu = X.mean(axis=0)
    sigma = X.std(axis=0, ddof=1)
    return (X - mu) / (sigma + eps)


def to_column(v: np.ndarray) -> np.ndarray:
    return v.reshape(-1, 1)


def pairwise_sq_dists(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    diff = X[:, np.newaxis, :] - Y[np.newaxis, :, :]
    return (diff**2).sum(axis=2)
