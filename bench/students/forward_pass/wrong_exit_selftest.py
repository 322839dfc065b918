# mistake: left a self-test at the bottom of the module ending in exit(), so importing the module exits
# function: module
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


def forward(network: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    layers = len(network) // 2
    a = x
    for layer in range(1, layers + 1):
        activation = identity if layer == layers else sigmoid
        a = dense(a, network[f"W{layer}"], network[f"b{layer}"], activation)
    return a


print(forward(init_network(), np.array([1.0, 0.5])))
exit()
