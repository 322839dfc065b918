# correct: zeros made as v.copy() * 0 / v.copy() then fill(0), tuple shapes from a generator expression
"""zeros_init: my solutions."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def init_zeros(n_in, n_out):
    shape = tuple(int(s) for s in (n_in, n_out))
    return np.zeros(shape), np.zeros((shape[1],))


def init_logistic_zeros(n_x: int) -> tuple[np.ndarray, float]:
    return np.zeros((n_x, 1)), 0.0


def init_network_zeros(layer_sizes: Sequence[int]) -> dict[str, np.ndarray]:
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"], params[f"b{layer}"] = init_zeros(layer_sizes[layer - 1], layer_sizes[layer])
    return params


def zeros_like_params(params):
    out = {}
    for k, v in params.items():
        g = v.copy()
        g.fill(0)
        out["d" + k] = g
    return out
