# correct: propagate with np.einsum and np.matmul, predict with np.round (half-to-even gives 0 at exactly 0.5), optimize with copies
"""vectorized_gradients: my solutions."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def propagate(w, b, X, Y):
    n_x, m = X.shape
    Z = np.einsum("ij,ik->jk", w, X) + b
    A = sigmoid(Z)
    losses = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    dw = np.matmul(X, dZ.T) * (1.0 / m)
    db = float(dZ.sum()) / m
    return {"dw": dw, "db": db}, float(losses.sum() / m)


def optimize(w, b, X, Y, num_iterations, learning_rate):
    w = w.copy()
    costs = []
    grads = None
    for _ in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return dict(w=w, b=b), grads, costs


def predict(w, b, X):
    return np.round(sigmoid(w.T @ X + b)).astype(np.float64)
