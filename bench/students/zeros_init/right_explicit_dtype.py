# correct: np.zeros(v.shape, dtype=v.dtype) in a loop, float(0) for b, np.zeros with dtype=np.float64 spelled out
"""zeros_init: my solutions."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def init_zeros(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((n_in, n_out)), np.zeros(n_out)


def init_logistic_zeros(n_x):
    w = np.zeros(shape=(n_x, 1), dtype=np.float64)
    b = float(0)
    return w, b


def init_network_zeros(layer_sizes: Sequence[int]) -> dict[str, np.ndarray]:
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"], params[f"b{layer}"] = init_zeros(layer_sizes[layer - 1], layer_sizes[layer])
    return params


def zeros_like_params(params):
    grads = {}
    for key in params:
        value = params[key]
        grads["d" + key] = np.zeros(value.shape, dtype=value.dtype)
    return grads
