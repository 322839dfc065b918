# mistake: sigmoid then clips A to [1e-15, 1 - 1e-15] before the log: finite but wrong for large |Z|
# function: binary_cross_entropy_with_logits
"""cost_function: my solutions."""

from __future__ import annotations

import numpy as np


def mse(y_pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((y_pred - y) ** 2))


def binary_cross_entropy(A: np.ndarray, Y: np.ndarray) -> float:
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def binary_cross_entropy_with_logits(Z, Y):
    e = np.exp(-np.abs(Z))
    A = np.where(Z >= 0, 1 / (1 + e), e / (1 + e))
    A = np.clip(A, 1e-15, 1 - 1e-15)
    return binary_cross_entropy(A, Y)
