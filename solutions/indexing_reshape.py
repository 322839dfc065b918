"""indexing_reshape — take arrays apart and put them back in the shape you need.

Lesson: docs/lessons/indexing_reshape.md.  Check your work with `gradwork check indexing_reshape`.
Imports: numpy and the Python standard library only (the grader has no other package).

Conventions shared by every function here:

* Indices count from 0, and a slice ``start:stop`` stops *before* stop: it
  holds the stop - start positions start, start + 1, ..., stop - 1.
* An integer index removes its axis; a slice keeps it. ``d[1, 1:3]`` has
  shape (2,), ``d[1:2, 1:3]`` has shape (1, 2).
* A matrix holds one example per row: shape (m, n). A colour image is
  (height, width, channels) and a batch of images (n, height, width,
  channels): the channel is always the last axis.
* Every array given and returned is float64. No input is modified; a result
  may be a view of an input (plain slicing gives one), or a copy.

Every function is *vectorised*: the grader rejects any Python loop over the
data (for, while, comprehensions, map, np.vectorize, ...). Indexing, reshape
and whole-array numpy do all the work, one or two lines each.
"""

from __future__ import annotations

import numpy as np


def row_segment(d: np.ndarray, i: int, start: int, stop: int) -> np.ndarray:
    """Row i of d, from column start up to but not including column stop, as a rank-1 array.

    d has shape (m, n) with m, n in 1..8; 0 <= i < m and
    0 <= start < stop <= n. Returns a rank-1 array of shape (stop - start,):
    the integer i removes the row axis.

    >>> d = np.array([[1.0, 2.0, 3.0, 4.0],
    ...               [5.0, 6.0, 7.0, 8.0],
    ...               [9.0, 10.0, 11.0, 12.0]])
    >>> seg = row_segment(d, 1, 1, 3)   # second row, second and third columns
    >>> seg.shape
    (2,)
    >>> print(seg)
    [6. 7.]
    """
    # BEGIN SOLUTION
    # One integer and one slice: the integer picks a row and drops that axis.
    return d[i, start:stop]
    # END SOLUTION


def block(d: np.ndarray, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
    """Rows r0 .. r1 - 1 and columns c0 .. c1 - 1 of d, as a matrix (always 2-d).

    d has shape (m, n) with m, n in 1..8; 0 <= r0 < r1 <= m and
    0 <= c0 < c1 <= n. Returns shape (r1 - r0, c1 - c0), always 2-d: a block
    of one row is (1, c1 - c0), a block of one column (r1 - r0, 1).

    >>> d = np.array([[1.0, 2.0, 3.0, 4.0],
    ...               [5.0, 6.0, 7.0, 8.0],
    ...               [9.0, 10.0, 11.0, 12.0]])
    >>> b = block(d, 1, 2, 1, 3)        # row 1 kept as a (1, 2) matrix
    >>> b.shape
    (1, 2)
    >>> print(b)
    [[6. 7.]]
    >>> block(d, 0, 3, 2, 4).shape      # the last two columns
    (3, 2)
    """
    # BEGIN SOLUTION
    # Both ranges inside ONE pair of brackets: d[r0:r1][c0:c1] would slice
    # the rows twice.
    return d[r0:r1, c0:c1]
    # END SOLUTION


def channel(images: np.ndarray, k: int) -> np.ndarray:
    """Channel k of one image (h, w, c) or of a batch of images (n, h, w, c).

    images is float64 with 3 or 4 axes, each side 1..6, values in [0, 1];
    0 <= k < c, where c = images.shape[-1] is the number of channels (3 for
    red, green, blue). Returns shape (h, w) for one image and (n, h, w) for a
    batch: the channel axis, always the last one, is removed.

    >>> image = np.array([[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]],
    ...                   [[0.7, 0.8, 0.9], [1.0, 0.9, 0.8]]])   # (2, 2, 3)
    >>> print(channel(image, 0))        # the red values of the 2 x 2 pixels
    [[0.1 0.4]
     [0.7 1. ]]
    >>> batch = np.stack([image, 1.0 - image])                 # (2, 2, 2, 3)
    >>> channel(batch, 2).shape
    (2, 2, 2)
    """
    # BEGIN SOLUTION
    # `...` stands for "every axis before": the same code serves 3 and 4 axes.
    return images[..., k]
    # END SOLUTION


def arange_grid(n_rows: int, n_cols: int) -> np.ndarray:
    """The numbers 0, 1, ..., n_rows * n_cols - 1 as an (n_rows, n_cols) float64 matrix, filled row by row.

    n_rows and n_cols in 1..16. Entry [r, c] is r * n_cols + c.

    >>> g = arange_grid(2, 3)
    >>> g.shape, g.dtype
    ((2, 3), dtype('float64'))
    >>> np.array_equal(g, [[0, 1, 2], [3, 4, 5]])
    True
    >>> float(arange_grid(4, 6)[2, 5])   # row 2, column 5: 2 * 6 + 5
    17.0
    """
    # BEGIN SOLUTION
    # np.arange counts in int64 unless told otherwise; reshape fills the
    # rows one after the other (C order), which is what [r, c] = r * n_cols + c says.
    return np.arange(n_rows * n_cols, dtype=np.float64).reshape(n_rows, n_cols)
    # END SOLUTION


def image_to_vector(image: np.ndarray) -> np.ndarray:
    """One image (h, w, c) as a column vector of shape (h * w * c, 1).

    image is float64, each side 1..8, values in [0, 1]. The order is
    numpy's own (C order): all c channels of pixel (0, 0), then those of
    pixel (0, 1), and so on along the first row, then the next row. So
    entry [(r * w + col) * c + ch, 0] is image[r, col, ch], and reshaping the
    column back to (h, w, c) gives the image again.

    >>> image = np.array([[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]],
    ...                   [[0.7, 0.8, 0.9], [1.0, 0.9, 0.8]]])   # (2, 2, 3)
    >>> v = image_to_vector(image)
    >>> v.shape
    (12, 1)
    >>> print(v[:4, 0])                 # pixel (0, 0): red, green, blue; then pixel (0, 1)
    [0.1 0.2 0.3 0.4]
    >>> np.allclose(v.reshape(2, 2, 3), image)
    True
    """
    # BEGIN SOLUTION
    # -1 asks numpy to work out h * w * c; the 1 makes it a column, not a
    # rank-1 array of shape (h * w * c,).
    return image.reshape(-1, 1)
    # END SOLUTION


def normalize_rows(X: np.ndarray) -> np.ndarray:
    """Each row of X divided by its Euclidean (L2) length, so every row has length 1.

    X has shape (m, n) with m, n in 1..8, values in [-100, 100], and every
    row has an entry with |x| >= 0.001 (no row is all zeros). Returns shape
    (m, n): row i is X[i] / sqrt(sum_j X[i, j] ** 2), pointing the same way
    as X[i]. X is not modified.

    >>> U = normalize_rows(np.array([[3.0, 4.0, 0.0], [1.0, 2.0, 2.0]]))
    >>> np.allclose(U, [[0.6, 0.8, 0.0], [1 / 3, 2 / 3, 2 / 3]])
    True
    >>> np.allclose((U ** 2).sum(axis=1), 1.0)
    True
    """
    # BEGIN SOLUTION
    # One length per row; keepdims leaves them as an (m, 1) column, which
    # broadcasts across the n columns. (np.linalg.norm(X, axis=1,
    # keepdims=True) computes the same thing.)
    lengths = np.sqrt((X**2).sum(axis=1, keepdims=True))
    # A new array: X /= lengths would change the caller's X.
    return X / lengths
    # END SOLUTION


def softmax(Z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis: exp(Z) / (sum of exp(Z) along the last axis), computed stably.

    Z is a vector of scores (n,) or a matrix (m, n) with one example per
    row; sides 1..8, values in [-1e4, 1e4]. Returns Z's shape: for a matrix,
    each row is the softmax of that row. Every entry is in [0, 1], each row
    (or the vector) sums to 1, and the result stays finite and raises no
    overflow or invalid-value warning for any Z in the domain (where
    exp(1e4) alone would overflow).

    >>> p = softmax(np.array([1.0, 2.0, 3.0]))
    >>> np.allclose(p, [0.09003057, 0.24472847, 0.66524096])
    True
    >>> P = softmax(np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 990.0]]))
    >>> P.shape, np.allclose(P.sum(axis=1), 1.0)
    ((2, 3), True)
    >>> np.allclose(P[1], [0.49998865, 0.49998865, 0.0000227])
    True
    """
    # BEGIN SOLUTION
    # Subtracting a row's max changes nothing (the factor e^-max cancels
    # between top and bottom) but keeps every exponent <= 0: exp never
    # overflows, and the largest term is exactly 1, so the sum is >= 1.
    shifted = Z - Z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    # axis=-1 is the last axis for a vector and for a matrix alike.
    return e / e.sum(axis=-1, keepdims=True)
    # END SOLUTION
