# mistake: forgets the leading minus sign, so the cost is negative
# function: binary_cross_entropy
"""cost_function: my solutions."""

from __future__ import annotations

import numpy as np


def mse(y_pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((y_pred - y) ** 2))


def binary_cross_entropy(A, Y):
    return float(np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def binary_cross_entropy_with_logits(Z: np.ndarray, Y: np.ndarray) -> float:
    losses = np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))
    return float(np.mean(losses))
