# mistake: loop range(1, len(layer_sizes) - 1) stops one layer early, so the last W and b are missing
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
    for l in range(1, len(layer_sizes) - 1):
        params["W" + str(l)] = np.zeros((layer_sizes[l - 1], layer_sizes[l]))
        params["b" + str(l)] = np.zeros(layer_sizes[l])
    return params


def zeros_like_params(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {f"d{key}": np.zeros_like(value) for key, value in params.items()}
