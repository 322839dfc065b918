# mistake: while loop that forgets i += 1: never terminates
# function: optimize
"""vectorized_gradients: my solutions."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def propagate(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray) -> tuple[dict, float]:
    m = X.shape[1]  # examples are columns
    A = sigmoid(w.T @ X + b)  # (1, m)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y  # (1, m)
    dw = X @ dZ.T / m  # (n_x, m) @ (m, 1) -> (n_x, 1)
    db = np.sum(dZ) / m
    return {"dw": dw, "db": float(db)}, float(cost)


def optimize(w, b, X, Y, num_iterations, learning_rate):

    costs = []
    i = 0
    while i < num_iterations:
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


def predict(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    A = sigmoid(w.T @ X + b)
    return (A > 0.5).astype(np.float64)
