# mistake: squares the mean error: np.mean(y_pred - y) ** 2 instead of the mean of the squares
# function: mse
"""cost_function: my solutions."""

from __future__ import annotations

import numpy as np


def mse(y_pred, y):
    return float(np.mean(y_pred - y) ** 2)


def binary_cross_entropy(A: np.ndarray, Y: np.ndarray) -> float:
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def binary_cross_entropy_with_logits(Z: np.ndarray, Y: np.ndarray) -> float:
    losses = np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))
    return float(np.mean(losses))
