# correct: np.sum without keepdims, explicit population std from the mean of squares, einsum for distances, reshape with v.size
"""broadcasting — let numpy stretch the smaller array instead of writing a loop.

Lesson: docs/lessons/broadcasting.md.  Check your work with `gradwork check broadcasting`.
Imports: numpy and the Python standard library only (the grader has no other package).

When two arrays of different shapes meet in +, -, * or /, numpy lines their
shapes up from the right and stretches every side of length 1 to match the
other array: an (m, n) matrix divided by a (1, n) row divides every row by
that row; an (m, n) matrix minus an (m, 1) column subtracts from every column.

Every function in this exercise is *vectorised*: the grader rejects any Python
loop over the data (for, while, comprehensions, map, np.vectorize, ...).
Each one is one or two lines of whole-array numpy.

All inputs are float64 arrays with sides 1..16 and values in [-100, 100].
"""

from __future__ import annotations

import numpy as np


def column_percentages(A: np.ndarray) -> np.ndarray:
    """Each entry as a percentage of its column's total: 100 * A / column sums.

    A has shape (m, n), is non-negative, and every column sum is > 0. The
    result has shape (m, n) and every column of it sums to 100.

    The calorie table (rows: carbohydrate, protein, fat; columns: apples,
    beef, eggs, potatoes; calories per 100 g):

    >>> A = np.array([[56.0, 0.0, 4.4, 68.0],
    ...               [1.2, 104.0, 52.0, 8.0],
    ...               [1.8, 135.0, 99.0, 0.9]])
    >>> A.sum(axis=0)
    array([ 59. , 239. , 155.4,  76.9])
    >>> P = column_percentages(A)
    >>> np.allclose(P.sum(axis=0), 100.0)
    True
    >>> round(float(P[0, 0]), 1)   # apples: 94.9 % of their calories are carbohydrate
    94.9
    >>> np.allclose(P, [[94.9, 0.0, 2.8, 88.4],
    ...                 [2.0, 43.5, 33.5, 10.4],
    ...                 [3.1, 56.5, 63.7, 1.2]], atol=0.05)
    True
    """
    return A * (100.0 / np.sum(A, axis=0))


def center_columns(X: np.ndarray) -> np.ndarray:
    """X minus the mean of each column, so that every column has mean 0.

    X has shape (m, n); the result has the same shape. X is not modified.

    >>> C = center_columns(np.array([[1.0, 10.0], [2.0, 20.0], [6.0, 30.0]]))
    >>> np.allclose(C, [[-2.0, -10.0],
    ...                 [-1.0, 0.0],
    ...                 [3.0, 10.0]])
    True
    """
    return np.subtract(X, np.mean(X, axis=0))


def standardize(X: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    """Rescale each column to mean 0 and standard deviation (about) 1.

    Returns (X - mean) / (std + eps), where mean and std are taken over each
    column (axis 0) and std is the population standard deviation (ddof=0,
    numpy's default). eps (> 0) keeps a constant column from dividing by
    zero. X has shape (m, n); the result has the same shape. X is not
    modified.

    >>> Z = standardize(np.array([[1.0, 10.0], [2.0, 20.0], [6.0, 30.0]]))
    >>> np.allclose(Z, [[-0.9258, -1.2247],
    ...                 [-0.4629, 0.0],
    ...                 [1.3887, 1.2247]], atol=1e-4)
    True
    >>> np.allclose(Z.mean(axis=0), 0.0), np.allclose(Z.std(axis=0), 1.0)
    (True, True)
    """
    centred = X - np.mean(X, axis=0)
    std = np.sqrt(np.mean(centred ** 2, axis=0))
    return centred / (std + eps)


def to_column(v: np.ndarray) -> np.ndarray:
    """The n values of v as a column vector of shape (n, 1).

    v has shape (n,) (a "rank-1 array", neither a row nor a column), (1, n)
    (a row) or (n, 1) (already a column).

    >>> to_column(np.array([1.0, 2.0, 3.0]))
    array([[1.],
           [2.],
           [3.]])
    >>> to_column(np.array([[1.0, 2.0, 3.0]])).shape
    (3, 1)
    """
    return np.reshape(v, (v.size, 1))


def pairwise_sq_dists(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """All squared Euclidean distances between the rows of X and the rows of Y.

    X has shape (m, d) and Y has shape (n, d). Returns D of shape (m, n) with
    D[i, j] = sum over k of (X[i, k] - Y[j, k]) ** 2, so no entry is ever
    negative, not even by rounding.

    >>> X = np.array([[0.0, 0.0], [3.0, 4.0]])
    >>> Y = np.array([[0.0, 0.0], [1.0, 1.0], [3.0, 0.0]])
    >>> D = pairwise_sq_dists(X, Y)
    >>> D.shape
    (2, 3)
    >>> np.allclose(D, [[0.0, 2.0, 9.0],
    ...                 [25.0, 13.0, 16.0]])
    True
    """
    d = X[:, np.newaxis, :] - Y[np.newaxis, :, :]
    return np.einsum('ijk,ijk->ij', d, d)
