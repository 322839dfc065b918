# mistake: summed the squared errors instead of taking their mean
# function: mse
"""cost_function — how wrong is a prediction? One number for a whole data set.

Lesson: docs/lessons/cost_function.md.  Check your work with `gradwork check cost_function`.
Imports: numpy and the Python standard library only (the grader has no other package).

A cost function turns predictions and targets into a single float: the mean
of one loss per example. Regression uses the mean squared error; logistic
regression uses the binary cross-entropy, in the column convention of the
course (one example per column, so A, Y and Z have shape (1, m)).

Every function here returns a plain number: a Python float or np.float64
(a 0-d array, what np.squeeze leaves, is accepted too), never an array of
shape (1, 1) or (1,). The examples print float(...) rounded, which reads the
same whichever of these you return.
"""

from __future__ import annotations

import numpy as np


def mse(y_pred: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error: the mean of (y_pred - y) ** 2 over all elements.

    y_pred and y have the same shape (1 to 3 dimensions). Returns a float.
    Fitting y = 3x - 2 starts from the prediction 0 everywhere:

    >>> round(float(mse(np.zeros(4), np.array([-2.0, 1.0, 4.0, 7.0]))), 4)
    17.5
    """
    return float(np.sum((y_pred - y) ** 2))


def binary_cross_entropy(A: np.ndarray, Y: np.ndarray) -> float:
    """The cost of logistic regression: -(1/m) * sum(Y log A + (1 - Y) log(1 - A)).

    A has shape (1, m) and holds probabilities 0 < A < 1 (here between 1e-6
    and 1 - 1e-6); Y has shape (1, m) and holds the labels 0.0 and 1.0.
    Returns a float.

    >>> cost = binary_cross_entropy(np.array([[0.9, 0.2, 0.6]]), np.array([[1.0, 0.0, 1.0]]))
    >>> round(float(cost), 4)
    0.2798
    """
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def binary_cross_entropy_with_logits(Z: np.ndarray, Y: np.ndarray) -> float:
    """binary_cross_entropy(sigmoid(Z), Y), computed from the logits Z directly.

    Z has shape (1, m) with values up to 1e4 in size; Y has shape (1, m) and
    holds 0.0 and 1.0. The result must be finite and accurate, and numpy must
    raise no floating-point warning: sigmoid(-1e4) is 0.0 in float64 and
    log(0.0) is -inf, so the cost cannot go through sigmoid and log.
    Returns a float.

    >>> cost = binary_cross_entropy_with_logits(np.array([[2.0, -1.0, 0.0]]), np.array([[1.0, 0.0, 1.0]]))
    >>> round(float(cost), 4)
    0.3778
    >>> cost = binary_cross_entropy_with_logits(np.array([[1e4, -1e4, 0.0]]), np.array([[1.0, 1.0, 0.0]]))
    >>> round(float(cost), 4)
    3333.5644
    """
    # With softplus(z) = log(1 + e^z): -log(sigmoid(z)) = softplus(-z) and
    # -log(1 - sigmoid(z)) = softplus(z), so one example costs softplus(z) - y*z.
    # softplus(z) = max(z, 0) + log1p(e^-|z|) never overflows and keeps tiny
    # losses accurate.
    losses = np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))
    return float(np.mean(losses))
