"""Correct implementations of broadcasting written differently: each must pass."""

import numpy as np

from graders.engine.variants import alternative


@alternative("column_percentages", "np.sum without keepdims, divide first and multiply by 100 last")
def percentages_divide_first(A):
    # A (m, n) / (n,) broadcasts the totals along every row too.
    return A / np.sum(A, axis=0) * 100


@alternative("column_percentages", "column sums by a matrix product, reshape to (1, n) as in the seed")
def percentages_matmul(A):
    cal = np.ones(A.shape[0]) @ A
    return 100 * A / cal.reshape(1, A.shape[1])


@alternative("center_columns", "np.mean without keepdims")
def center_no_keepdims(X):
    return X - np.mean(X, axis=0)


@alternative("center_columns", "einsum for the column sums, divided by m")
def center_einsum(X):
    return X - np.einsum("ij->j", X) / X.shape[0]


@alternative("standardize", "manual population std: sqrt of the mean squared deviation")
def standardize_manual(X, eps=1e-8):
    centred = X - X.mean(axis=0)
    std = np.sqrt((centred**2).mean(axis=0))
    return centred / (std + eps)


@alternative("standardize", "mean by a matrix product, np.var for the spread")
def standardize_matmul_mean(X, eps=1e-8):
    m = X.shape[0]
    mean = np.ones((1, m)) @ X / m
    centred = X - mean
    return centred / (np.sqrt(np.var(X, axis=0, ddof=0)) + eps)


@alternative("standardize", "works on a copy, updating the copy in place")
def standardize_copy(X, eps=1e-8):
    Z = X.copy()
    Z -= Z.mean(axis=0)
    Z /= Z.std(axis=0) + eps
    return Z


@alternative("to_column", "np.reshape with the size spelled out")
def column_reshape_size(v):
    return np.reshape(v, (v.size, 1))


@alternative("to_column", "ravel, then add an axis")
def column_ravel_newaxis(v):
    return np.ravel(v)[:, np.newaxis]


@alternative("to_column", "a copy via np.array(...).reshape")
def column_copy(v):
    return np.array(v, dtype=float).reshape(-1, 1)


@alternative("pairwise_sq_dists", "the |x|^2 - 2 x.y + |y|^2 trick with a matrix product, clipped at 0 by np.clip")
def dists_trick(X, Y):
    xx = (X**2).sum(axis=1)[:, np.newaxis]
    yy = (Y**2).sum(axis=1)[np.newaxis, :]
    # Unclipped, coinciding points can round to -1e-11: see the mistake dists_trick_unclipped.
    return np.clip(xx - 2 * X @ Y.T + yy, 0.0, None)


@alternative("pairwise_sq_dists", "the trick with np.dot and einsum, clipped at 0")
def dists_trick_clipped(X, Y):
    xx = np.einsum("ij,ij->i", X, X).reshape(-1, 1)
    yy = np.einsum("ij,ij->i", Y, Y).reshape(1, -1)
    return np.maximum(xx + yy - 2 * np.dot(X, Y.T), 0.0)


@alternative("pairwise_sq_dists", "einsum over the broadcast differences")
def dists_einsum(X, Y):
    diff = X[:, None] - Y[None]
    return np.einsum("ijk,ijk->ij", diff, diff)


@alternative("column_percentages", "multiplies by the reciprocal of the column sums")
def percentages_reciprocal(A):
    return A * (100 / A.sum(axis=0))


@alternative("to_column", "ravel, then np.atleast_2d and .T")
def column_atleast_2d_ravel(v):
    return np.atleast_2d(v.ravel()).T
