# correct: init_network_zeros as one dict comprehension over the layers, zeros_like via np.zeros_like(v, subok=False)
"""zeros_init: my solutions."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def init_zeros(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((n_in, n_out)), np.zeros(n_out)


def init_logistic_zeros(n_x: int) -> tuple[np.ndarray, float]:
    return np.zeros((n_x, 1)), 0.0


def init_network_zeros(layer_sizes):
    L = len(layer_sizes) - 1
    return {name: array
            for l in range(1, L + 1)
            for name, array in ((f"W{l}", np.zeros((layer_sizes[l - 1], layer_sizes[l]))),
                                (f"b{l}", np.zeros(layer_sizes[l])))}


def zeros_like_params(params):
    return dict(("d" + k, np.zeros_like(v, subok=False)) for k, v in params.items())
