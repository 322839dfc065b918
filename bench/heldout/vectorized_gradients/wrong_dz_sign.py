# mistake: dZ = Y - A (sign flipped), so dw and db point uphill
# function: propagate
"""vectorized_gradients — logistic regression on all m examples at once.

Lesson: docs/lessons/vectorized_gradients.md.  Check your work with `gradwork check vectorized_gradients`.
Imports: numpy and the Python standard library only (the grader has no other package).

Column convention: one example per column. X has shape (n_x, m), the labels
Y have shape (1, m) and hold 0.0 or 1.0, w is a column (n_x, 1) and b is a
float. Then

    Z = w.T @ X + b          (1, m): b is broadcast to every example
    A = sigmoid(Z)           (1, m): the predicted probabilities
    cost = -(1/m) * sum(Y * log(A) + (1 - Y) * log(1 - A))
    dZ = A - Y               (1, m)
    dw = X @ dZ.T / m        (n_x, 1)
    db = sum(dZ) / m         a float

You need the sigmoid 1 / (1 + exp(-z)), applied elementwise. Write it as a
small helper function at the top of this module (it is not graded on its
own; np.exp works on whole arrays). All inputs keep |w.T @ X + b| <= 20.

propagate and predict are *vectorised*: the grader rejects any Python loop
over the examples (for, while, comprehensions, ...). optimize loops over the
iterations of gradient descent; that loop cannot be avoided, and is fine.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Elementwise 1 / (1 + exp(-z))."""
    # Inputs here satisfy |z| <= 20, far from where exp(-z) could overflow.
    return 1 / (1 + np.exp(-z))


def propagate(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray) -> tuple[dict, float]:
    """One forward and backward pass over all m examples.

    w of shape (n_x, 1), b a float, X of shape (n_x, m), Y of shape (1, m)
    holding 0.0 and 1.0 (n_x 1..8, m 1..32, |w.T @ X + b| <= 20).

    Returns ``(grads, cost)``: grads = {"dw": dw, "db": db} with dw of shape
    (n_x, 1) and db a float, and cost the binary cross-entropy, a float.
    A (1, 1) array is not a float: turn it into one with float(...).

    >>> w, b = np.array([[1.0], [-0.5]]), 0.5
    >>> X = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    >>> Y = np.array([[1.0, 0.0, 1.0]])
    >>> grads, cost = propagate(w, b, X, Y)
    >>> grads["dw"].shape, np.allclose(grads["dw"], [[-0.3187], [-0.4392]], atol=1e-4)
    ((2, 1), True)
    >>> round(float(grads["db"]), 4), round(float(cost), 4)
    (-0.1667, 0.3653)
    """
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = Y - A
    dw = X @ dZ.T / m
    db = np.sum(dZ) / m
    return {"dw": dw, "db": float(db)}, float(cost)


def optimize(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray, num_iterations: int, learning_rate: float) -> tuple[dict, dict, list[float]]:
    """Gradient descent: num_iterations steps of size learning_rate.

    Each iteration calls propagate(w, b, X, Y), appends the cost to a list,
    then steps downhill: w = w - learning_rate * dw, b = b - learning_rate * db.
    The caller's w is not modified. Shapes as in propagate; num_iterations
    1..50, learning_rate in [1e-4, 1].

    Returns ``(params, grads, costs)``: params = {"w": w, "b": b} after the
    last step, grads = the {"dw", "db"} of the last iteration, and costs =
    the list of the num_iterations costs, one per iteration, each a float
    (costs[0] is the cost of the starting point).

    >>> X = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    >>> Y = np.array([[1.0, 0.0, 1.0]])
    >>> params, grads, costs = optimize(np.zeros((2, 1)), 0.0, X, Y, 3, 0.5)
    >>> [round(float(c), 4) for c in costs]
    [0.6931, 0.495, 0.3975]
    >>> params["w"].shape, round(float(params["b"]), 4)
    ((2, 1), 0.2111)
    """
    costs = []
    for _ in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        # w - ... makes a new array; w -= ... would change the caller's w.
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


def predict(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """Predicted labels: 1.0 where sigmoid(w.T @ X + b) > 0.5, else 0.0.

    w of shape (n_x, 1), b a float, X of shape (n_x, m). Returns an array of
    shape (1, m), dtype float64. Exactly at sigmoid(...) == 0.5 (z == 0) the
    prediction is 0.0.

    >>> w, b = np.array([[1.0], [-0.5]]), 0.5
    >>> labels = predict(w, b, np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]]))
    >>> labels.shape, labels.dtype, np.array_equal(labels, [[0.0, 0.0, 1.0]])
    ((1, 3), dtype('float64'), True)
    """
    A = sigmoid(w.T @ X + b)
    # A comparison gives booleans; the labels are the floats 0.0 and 1.0.
    return (A > 0.5).astype(np.float64)
