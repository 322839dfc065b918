# mistake: logistic w made a row (1, n_x) because "w.T @ X" was read as w being the row
# function: init_logistic_zeros
"""zeros_init: my solutions."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def init_zeros(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((n_in, n_out)), np.zeros(n_out)


def init_logistic_zeros(n_x: int) -> tuple[np.ndarray, float]:
    return np.zeros((1, n_x)), 0.0


def init_network_zeros(layer_sizes: Sequence[int]) -> dict[str, np.ndarray]:
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"], params[f"b{layer}"] = init_zeros(layer_sizes[layer - 1], layer_sizes[layer])
    return params


def zeros_like_params(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {f"d{key}": np.zeros_like(value) for key, value in params.items()}
