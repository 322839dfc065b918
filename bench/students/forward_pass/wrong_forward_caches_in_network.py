# mistake: stores each layer activation in the network dict (network[f"A{l}"] = a) as a cache for backprop, which modifies the caller's network
# function: forward
"""forward_pass: my solutions."""

from __future__ import annotations

from typing import Callable

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


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


def dense(x: np.ndarray, W: np.ndarray, b: np.ndarray,
          activation: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    return activation(x @ W + b)


def forward(network, x):
    L = len(network) // 2
    a = x
    for l in range(1, L + 1):
        activation = identity if l == L else sigmoid
        a = dense(a, network[f"W{l}"], network[f"b{l}"], activation)
        network[f"A{l}"] = a
    return a
