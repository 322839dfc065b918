# mistake: logistic bias returned as a (1, 1) zero array instead of the float 0.0
# function: init_logistic_zeros
"""zeros_init: my solutions."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def init_zeros(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((n_in, n_out)), np.zeros(n_out)


def init_logistic_zeros(n_x: int) -> tuple[np.ndarray, float]:
    w = np.zeros((n_x, 1))
    b = np.zeros((1, 1))
    return w, b


def init_network_zeros(layer_sizes: Sequence[int]) -> dict[str, np.ndarray]:
    params = {}
    for layer in range(1, len(layer_sizes)):
        params[f"W{layer}"], params[f"b{layer}"] = init_zeros(layer_sizes[layer - 1], layer_sizes[layer])
    return params


def zeros_like_params(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {f"d{key}": np.zeros_like(value) for key, value in params.items()}
