"""Correct implementations of cost_function written differently: each must pass."""

import numpy as np

from graders.engine.variants import alternative


@alternative("mse", "np.square and .mean(), returning an np.float64")
def mse_square_mean(y_pred, y):
    return np.square(y - y_pred).mean()


@alternative("mse", "sum divided by size")
def mse_sum_over_size(y_pred, y):
    diff = (y_pred - y).ravel()
    return float(diff @ diff) / diff.size


@alternative("mse", "np.linalg.norm squared")
def mse_norm(y_pred, y):
    return np.linalg.norm(y_pred - y) ** 2 / y.size


@alternative("mse", "np.average of the squares, as a 0-d array")
def mse_zero_d(y_pred, y):
    return np.asarray(np.average((y_pred - y) ** 2))


@alternative("binary_cross_entropy", "Andrew Ng's np.dot form, squeezed to a number")
def bce_dot_squeezed(A, Y):
    m = Y.shape[1]
    cost = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
    return np.squeeze(cost)


@alternative("binary_cross_entropy", "np.mean with log1p(-A)")
def bce_mean_log1p(A, Y):
    return -np.mean(Y * np.log(A) + (1 - Y) * np.log1p(-A))


@alternative("binary_cross_entropy", "np.where picks the log of the right probability")
def bce_where(A, Y):
    return float(np.mean(-np.log(np.where(Y == 1, A, 1 - A))))


@alternative("binary_cross_entropy_with_logits", "np.logaddexp(0, Z) - Y * Z")
def logits_logaddexp(Z, Y):
    return np.mean(np.logaddexp(0, Z) - Y * Z)


@alternative("binary_cross_entropy_with_logits", "per-label softplus with np.logaddexp")
def logits_two_terms(Z, Y):
    m = Z.shape[1]
    return float(np.sum(Y * np.logaddexp(0, -Z) + (1 - Y) * np.logaddexp(0, Z)) / m)


@alternative("binary_cross_entropy_with_logits", "log(1 + exp(-|Z|)) instead of log1p (loses only tiny amounts)")
def logits_log_not_log1p(Z, Y):
    losses = np.maximum(Z, 0) - Z * Y + np.log(1 + np.exp(-np.abs(Z)))
    return float(losses.mean())


@alternative("binary_cross_entropy_with_logits", "np.where on the label with a stable softplus helper")
def logits_where(Z, Y):
    def softplus(t):
        return np.maximum(t, 0) + np.log1p(np.exp(-np.abs(t)))

    return float(np.mean(np.where(Y == 1, softplus(-Z), softplus(Z))))


@alternative("mse", "math.fsum over the squared errors, divided by the size")
def mse_fsum(y_pred, y):
    import math

    return math.fsum(((y_pred - y) ** 2).ravel()) / y.size


@alternative("binary_cross_entropy", "dot products of the flattened rows")
def bce_flat_dot(A, Y):
    a, y = A.ravel(), Y.ravel()
    return float(-(y @ np.log(a) + (1 - y) @ np.log1p(-a)) / y.size)
