"""Correct implementations of indexing_reshape written differently: each must pass."""

import numpy as np

from graders.engine.variants import alternative


@alternative("row_segment", "two steps, d[i] then [start:stop], returned as a copy")
def row_segment_two_steps(d, i, start, stop):
    row = d[i]  # (n,): the integer has already removed the row axis
    return row[start:stop].copy()


@alternative("block", "rows first, then columns of the result: d[r0:r1][:, c0:c1]")
def block_rows_then_columns(d, r0, r1, c0, c1):
    return d[r0:r1][:, c0:c1]


@alternative("block", "np.ix_ with two np.arange index vectors (a fresh array)")
def block_ix(d, r0, r1, c0, c1):
    return d[np.ix_(np.arange(r0, r1), np.arange(c0, c1))]



@alternative("channel", "np.moveaxis: channels to the front, then the first index")
def channel_moveaxis(images, k):
    return np.moveaxis(images, -1, 0)[k]



@alternative("arange_grid", "an outer sum of the row starts and the column offsets (broadcasting)")
def arange_grid_outer(n_rows, n_cols):
    rows = np.arange(n_rows, dtype=float).reshape(-1, 1) * n_cols  # (n_rows, 1)
    cols = np.arange(n_cols, dtype=float)  # (n_cols,)
    return rows + cols


@alternative("image_to_vector", "ravel, then a new axis with [:, np.newaxis]")
def image_to_vector_newaxis(image):
    return image.ravel()[:, np.newaxis]



@alternative("normalize_rows", "np.linalg.norm with axis=1 and keepdims")
def normalize_rows_linalg(X):
    return X / np.linalg.norm(X, axis=1, keepdims=True)


@alternative("normalize_rows", "einsum for the squared lengths, a new axis instead of keepdims, multiply by the reciprocal")
def normalize_rows_einsum(X):
    lengths = np.sqrt(np.einsum("ij,ij->i", X, X))  # (m,)
    return X * (1.0 / lengths)[:, None]


@alternative("softmax", "exp(Z - logsumexp(Z)), with the log-sum-exp computed stably")
def softmax_logsumexp(Z):
    top = np.max(Z, axis=-1, keepdims=True)
    lse = top + np.log(np.sum(np.exp(Z - top), axis=-1, keepdims=True))
    return np.exp(Z - lse)


@alternative("softmax", "a matrix always: np.atleast_2d, softmax of the rows, then back to Z's shape")
def softmax_atleast_2d(Z):
    rows = np.atleast_2d(Z)
    e = np.exp(rows - rows.max(axis=1)[:, None])
    return (e / e.sum(axis=1)[:, None]).reshape(Z.shape)
