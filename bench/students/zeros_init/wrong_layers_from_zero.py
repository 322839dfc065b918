# mistake: numbers the layers from 0 (keys W0, b0, ...) instead of from 1
# function: init_network_zeros
"""zeros_init: my solutions."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def init_zeros(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((n_in, n_out)), np.zeros(n_out)


def init_logistic_zeros(n_x: int) -> tuple[np.ndarray, float]:
    return np.zeros((n_x, 1)), 0.0


def init_network_zeros(layer_sizes):
    params = {}
    for l in range(len(layer_sizes) - 1):
        params[f"W{l}"] = np.zeros((layer_sizes[l], layer_sizes[l + 1]))
        params[f"b{l}"] = np.zeros(layer_sizes[l + 1])
    return params


def zeros_like_params(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {f"d{key}": np.zeros_like(value) for key, value in params.items()}
