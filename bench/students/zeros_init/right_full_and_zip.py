# correct: np.full with 0.0, and layers built with zip over consecutive sizes plus enumerate
"""zeros_init: my solutions."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def init_zeros(n_in, n_out):
    W = np.full((n_in, n_out), 0.0)
    b = np.full((n_out,), 0.0)
    return W, b


def init_logistic_zeros(n_x: int) -> tuple[np.ndarray, float]:
    return np.zeros((n_x, 1)), 0.0


def init_network_zeros(layer_sizes):
    params = {}
    for l, (a, c) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{l}"] = np.zeros((a, c))
        params[f"b{l}"] = np.zeros(c)
    return params


def zeros_like_params(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {f"d{key}": np.zeros_like(value) for key, value in params.items()}
