# correct: sigmoid via the identity sigmoid(z) = (1 + tanh(z / 2)) / 2, forward with a while loop, np.dot in dense
"""forward_pass: my solutions."""

from __future__ import annotations

from typing import Callable

import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def identity(z: np.ndarray) -> np.ndarray:
    return z


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
    return activation(np.dot(x, W) + b)


def forward(network, x):
    n_layers = len(network) // 2
    l = 1
    out = x
    while l <= n_layers:
        z = dense(out, network["W%d" % l], network["b%d" % l], lambda t: t)
        out = z if l == n_layers else sigmoid(z)
        l += 1
    return out
