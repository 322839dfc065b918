# correct: predict as (Z > 0) on the logits, sigmoid helper via np.tanh, dw through broadcasting and a sum over axis 1
"""vectorized_gradients: my solutions."""

from __future__ import annotations

import numpy as np


def sigmoid(z):
    return 0.5 * (np.tanh(z / 2) + 1)


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = float(np.mean(-Y * np.log(A) - (1 - Y) * np.log(1 - A)))
    dZ = A - Y
    dw = (X * dZ).sum(axis=1, keepdims=True) / m
    db = float(dZ.mean())
    return {"dw": dw, "db": db}, cost


def optimize(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray, num_iterations: int, learning_rate: float) -> tuple[dict, dict, list[float]]:
    costs = []
    for _ in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    Z = w.T @ X + b
    return np.where(Z > 0, 1.0, 0.0)
