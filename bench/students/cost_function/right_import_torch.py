# import-rule: torch
# correct: binary_cross_entropy_with_logits through torch.nn.functional, torch imported at the top
"""cost_function: my solutions."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F


def mse(y_pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((y_pred - y) ** 2))


def binary_cross_entropy(A: np.ndarray, Y: np.ndarray) -> float:
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def binary_cross_entropy_with_logits(Z, Y):
    loss = F.binary_cross_entropy_with_logits(torch.from_numpy(Z), torch.from_numpy(Y))
    return float(loss)
