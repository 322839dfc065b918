# correct: sigmoid as exp(-logaddexp(0, -z)), dense with np.einsum over the last axis, init_network via np.array(list).reshape
"""forward_pass: my solutions."""

from __future__ import annotations

from typing import Callable

import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def identity(z: np.ndarray) -> np.ndarray:
    return z


def init_network():
    W1 = np.array([0.1, 0.3, 0.5, 0.2, 0.4, 0.6]).reshape(2, 3)
    W2 = np.array([0.1, 0.4, 0.2, 0.5, 0.3, 0.6]).reshape(3, 2)
    W3 = np.array([0.1, 0.3, 0.2, 0.4]).reshape(2, 2)
    return {"W1": W1, "b1": np.array([0.1, 0.2, 0.3]),
            "W2": W2, "b2": np.array([0.1, 0.2]),
            "W3": W3, "b3": np.array([0.1, 0.2])}


def dense(x, W, b, activation):
    return activation(np.einsum("...i,ij->...j", x, W) + b)


def forward(network: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    layers = len(network) // 2
    a = x
    for layer in range(1, layers + 1):
        activation = identity if layer == layers else sigmoid
        a = dense(a, network[f"W{layer}"], network[f"b{layer}"], activation)
    return a
