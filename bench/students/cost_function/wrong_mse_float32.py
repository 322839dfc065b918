# mistake: converts the inputs to float32 "to save memory", so the result is a rounded np.float32
# function: mse
"""cost_function: my solutions."""

from __future__ import annotations

import numpy as np


def mse(y_pred, y):
    d = np.asarray(y_pred, dtype=np.float32) - np.asarray(y, dtype=np.float32)
    return np.mean(d * d)


def binary_cross_entropy(A: np.ndarray, Y: np.ndarray) -> float:
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def binary_cross_entropy_with_logits(Z: np.ndarray, Y: np.ndarray) -> float:
    losses = np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))
    return float(np.mean(losses))
