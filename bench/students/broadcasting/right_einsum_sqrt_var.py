# correct: pairwise via np.einsum on the broadcast difference, standardize with a hand-written population std
"""broadcasting: my solutions."""

from __future__ import annotations

import numpy as np


def column_percentages(A: np.ndarray) -> np.ndarray:
    return 100 * A / A.sum(axis=0, keepdims=True)


def center_columns(X: np.ndarray) -> np.ndarray:
    return X - X.mean(axis=0, keepdims=True)


def standardize(X, eps=1e-8):
    m = X.shape[0]
    centred = X - X.sum(axis=0) / m
    std = np.sqrt((centred ** 2).sum(axis=0) / m)
    return centred / (std + eps)


def to_column(v: np.ndarray) -> np.ndarray:
    return v.reshape(-1, 1)


def pairwise_sq_dists(X, Y):
    d = X[:, None, :] - Y[None, :, :]
    return np.einsum("ijk,ijk->ij", d, d)
