# mistake: adds 1e-8 inside the logs, np.log(A + 1e-8), "for safety", which shifts the cost for small A
# function: binary_cross_entropy
"""cost_function: my solutions."""

from __future__ import annotations

import numpy as np


def mse(y_pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((y_pred - y) ** 2))


def binary_cross_entropy(A, Y):
    m = Y.shape[1]
    eps = 1e-8
    cost = -(1 / m) * np.sum(Y * np.log(A + eps) + (1 - Y) * np.log(1 - A + eps))
    return float(cost)


def binary_cross_entropy_with_logits(Z: np.ndarray, Y: np.ndarray) -> float:
    losses = np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))
    return float(np.mean(losses))
