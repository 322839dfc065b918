# correct: sigmoid filled through boolean masks on an out array, identity returns a copy, dense with np.matmul
"""forward_pass: my solutions."""

from __future__ import annotations

from typing import Callable

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    neg = ~pos
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[neg])
    out[neg] = ez / (1.0 + ez)
    return out


def identity(z):
    return z.copy()


def init_network() -> dict[str, np.ndarray]:
    return {
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
        "b3": np.array([0.1, 0.2]),
    }


def dense(x, W, b, activation):
    return activation(np.matmul(x, W) + b)


def forward(network: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    layers = len(network) // 2
    a = x
    for layer in range(1, layers + 1):
        activation = identity if layer == layers else sigmoid
        a = dense(a, network[f"W{layer}"], network[f"b{layer}"], activation)
    return a
