"""Known mistakes in indexing_reshape, each one function rewritten the wrong way.

Used twice: diagnosis names them in feedback, and the test suite proves every
one is rejected by the graders. Each runs in the reference module.
"""

import numpy as np

from graders.engine.variants import mistake


# -- row_segment --------------------------------------------------------------------
@mistake("row_segment", "the end of the slice included: d[i, start:stop + 1]",
         advice="A slice stops before its end: d[i, start:stop] holds columns start .. stop - 1, stop - start values in all. Do not add 1.")
def row_segment_inclusive(d, i, start, stop):
    return d[i, start : stop + 1]


@mistake("row_segment", "keeps the row axis: d[i:i+1, start:stop] has shape (1, k), not (k,)",
         advice="An integer index removes its axis: d[i, start:stop] is rank-1, shape (stop - start,). The slice i:i+1 keeps a (1, k) matrix.")
def row_segment_keeps_row(d, i, start, stop):
    return d[i : i + 1, start:stop]


@mistake("row_segment", "rows and columns swapped: d[start:stop, i] walks down column i",
         advice="The first index picks rows, the second columns: d[i, start:stop] is row i, columns start to stop - 1.")
def row_segment_swapped(d, i, start, stop):
    return d[start:stop, i]


@mistake("row_segment", "counts from 1: d[i - 1, start - 1:stop - 1]",
         advice="numpy counts from 0: d[1, 1:3] is the second row, second and third columns. Use i, start and stop as they are.")
def row_segment_one_based(d, i, start, stop):
    return d[i - 1, start - 1 : stop - 1]


@mistake("row_segment", "reshaped to a column (k, 1): the rank-1 slice was asked for",
         advice="Avoiding rank-1 arrays is good advice for vectors you compute with, but this function returns exactly what d[i, start:stop] gives: "
                "shape (stop - start,). Leave out the .reshape(-1, 1).")
def row_segment_column(d, i, start, stop):
    return d[i, start:stop].reshape(-1, 1)


@mistake("row_segment", "returns a Python list (.tolist()) instead of an array",
         advice="Return the numpy array that indexing gives: d[i, start:stop], without .tolist() or list(...).")
def row_segment_list(d, i, start, stop):
    return d[i, start:stop].tolist()


# -- block ----------------------------------------------------------------------------
@mistake("block", "two pairs of brackets: d[r0:r1][c0:c1] slices the rows twice",
         advice="d[r0:r1] is a matrix of rows, and [c0:c1] after it picks rows of THAT matrix again. Put both ranges in one pair of brackets: d[r0:r1, c0:c1].")
def block_chained(d, r0, r1, c0, c1):
    return d[r0:r1][c0:c1]


@mistake("block", "both ends included: d[r0:r1 + 1, c0:c1 + 1]",
         advice="A slice stops before its end: d[r0:r1, c0:c1] has r1 - r0 rows and c1 - c0 columns.")
def block_inclusive(d, r0, r1, c0, c1):
    return d[r0 : r1 + 1, c0 : c1 + 1]


@mistake("block", "rows and columns swapped: d[c0:c1, r0:r1]",
         advice="The first range is the rows, the second the columns: d[r0:r1, c0:c1].")
def block_swapped(d, r0, r1, c0, c1):
    return d[c0:c1, r0:r1]


@mistake("block", "squeezed: a block of one row or one column loses that axis",
         advice="The result is always 2-d: one row is (1, k), one column (k, 1). Return d[r0:r1, c0:c1] without np.squeeze, .ravel() or .flatten().")
def block_squeezed(d, r0, r1, c0, c1):
    return np.squeeze(d[r0:r1, c0:c1])


# -- channel -----------------------------------------------------------------------------
@mistake("channel", "images[:, :, k]: right for one image, but on a batch (n, h, w, c) it indexes the width",
         advice="On a batch the channel is the 4th axis, not the 3rd. images[..., k] takes the LAST axis whatever comes before it, for one image and for a batch.")
def channel_third_axis(images, k):
    return images[:, :, k]


@mistake("channel", "images[k]: picks along the first axis (a row of pixels, or an image of the batch)",
         advice="The channel is the last axis, so the index goes last: images[..., k] (or images[:, :, k] for one image).")
def channel_first_axis(images, k):
    return images[k]


@mistake("channel", "images[..., k:k+1] keeps a channel axis of size 1: (h, w, 1) instead of (h, w)",
         advice="A slice keeps its axis; an integer removes it. images[..., k] gives (h, w) or (n, h, w).")
def channel_kept_axis(images, k):
    return images[..., k : k + 1]


@mistake("channel", "counts channels from 1: images[..., k - 1]",
         advice="Channels are numbered from 0 like every numpy index: red is 0, green 1, blue 2. Use images[..., k].")
def channel_one_based(images, k):
    return images[..., k - 1]


@mistake("channel", "images.T[k]: the transpose reverses every axis, so the channel comes out transposed, (w, h)",
         advice=".T reverses all the axes: (h, w, c) becomes (c, w, h), and [k] then gives a (w, h) picture on its side. Index the last axis directly: images[..., k].")
def channel_transposed(images, k):
    return images.T[k]


@mistake("channel", "np.squeeze(images[..., k:k+1]): squeeze also removes every other axis of size 1",
         advice="np.squeeze drops ALL axes of size 1, so a batch of one image, or an image one pixel high, loses an axis too. "
                "An integer index removes exactly the one axis: images[..., k].")
def channel_squeezed(images, k):
    return np.squeeze(images[..., k : k + 1])


@mistake("channel", "images[:, :, :, k]: four indices, which a single image (h, w, c) does not have",
         advice="One image has 3 axes and a batch 4. images[..., k] works for both: ... stands for all the axes before the last.")
def channel_fourth_axis(images, k):
    return images[:, :, :, k]


# -- arange_grid ------------------------------------------------------------------------------
@mistake("arange_grid", "integers: np.arange(n_rows * n_cols) has dtype int64",
         advice="np.arange of integers makes integers; ask for floats: np.arange(n_rows * n_cols, dtype=np.float64), or np.arange(float(n)).")
def arange_grid_int(n_rows, n_cols):
    return np.arange(n_rows * n_cols).reshape(n_rows, n_cols)


@mistake("arange_grid", "the shape swapped: reshape(n_cols, n_rows)",
         advice="reshape takes (rows, columns): .reshape(n_rows, n_cols).")
def arange_grid_swapped(n_rows, n_cols):
    return np.arange(n_rows * n_cols, dtype=np.float64).reshape(n_cols, n_rows)


@mistake("arange_grid", "filled column by column: reshape(n_cols, n_rows).T (or order='F')",
         advice="numpy fills row by row: np.arange(n).reshape(n_rows, n_cols) puts 0 .. n_cols - 1 in the first row. Transposing a (n_cols, n_rows) grid counts down the columns instead.")
def arange_grid_column_major(n_rows, n_cols):
    return np.arange(n_rows * n_cols, dtype=np.float64).reshape(n_cols, n_rows).T


@mistake("arange_grid", "counts from 1: np.arange(1, n_rows * n_cols + 1)",
         advice="The grid starts at 0.0, like np.arange(n): np.arange(n_rows * n_cols, dtype=np.float64).")
def arange_grid_from_one(n_rows, n_cols):
    return np.arange(1, n_rows * n_cols + 1, dtype=np.float64).reshape(n_rows, n_cols)


# -- image_to_vector ----------------------------------------------------------------------------
@mistake("image_to_vector", "a rank-1 array (ravel / flatten / reshape(-1)) of shape (h * w * c,) instead of a column",
         advice="A column vector has two axes: image.reshape(-1, 1), shape (h * w * c, 1). ravel(), flatten() and reshape(-1) give a rank-1 array (h * w * c,).")
def image_to_vector_rank1(image):
    return image.ravel()


@mistake("image_to_vector", "a row (1, h * w * c) instead of a column (h * w * c, 1)",
         advice="The column comes first in the shape: image.reshape(-1, 1), not reshape(1, -1).")
def image_to_vector_row(image):
    return image.reshape(1, -1)


@mistake("image_to_vector", "image.T.reshape(-1, 1): the transpose lists the values in reversed axis order",
         advice="image.T has shape (c, w, h), so its values come channel by channel, column by column. Reshape the image itself: image.reshape(-1, 1).")
def image_to_vector_transposed(image):
    return image.T.reshape(-1, 1)


@mistake("image_to_vector", "channels first: np.transpose(image, (2, 0, 1)).reshape(-1, 1) lists all of one channel, then the next",
         advice="The contract keeps numpy's own order, with the c channels of each pixel together: image.reshape(-1, 1), no transpose.")
def image_to_vector_channels_first(image):
    return np.transpose(image, (2, 0, 1)).reshape(-1, 1)


@mistake("image_to_vector", "a typo in the size: shape[0] * shape[1] * shape[1] instead of shape[0] * shape[1] * shape[2]",
         advice="The vector has h * w * c = image.shape[0] * image.shape[1] * image.shape[2] entries. reshape(-1, 1) lets numpy count them for you.")
def image_to_vector_size_typo(image):
    return image.reshape(image.shape[0] * image.shape[1] * image.shape[1], 1)


# -- normalize_rows ---------------------------------------------------------------------------------
@mistake("normalize_rows", "divides by the row sum instead of the row's length",
         advice="The length of a row is the square root of the sum of its SQUARES: np.sqrt((X ** 2).sum(axis=1, keepdims=True)). A plain sum can be 0 or negative.")
def normalize_rows_sum(X):
    return X / X.sum(axis=1, keepdims=True)


@mistake("normalize_rows", "the square root is missing: divides by the sum of squares",
         advice="The length is sqrt(x1 ** 2 + ... + xn ** 2): take np.sqrt of the sum of squares (or use np.linalg.norm).")
def normalize_rows_no_sqrt(X):
    return X / (X**2).sum(axis=1, keepdims=True)


@mistake("normalize_rows", "lengths of the columns (axis=0) instead of the rows",
         advice="axis=0 adds down each column; the length of each row adds along it: axis=1 (with keepdims=True for an (m, 1) column).")
def normalize_rows_axis0(X):
    return X / np.linalg.norm(X, axis=0, keepdims=True)


@mistake("normalize_rows", "no keepdims: the (m,) lengths line up with the columns (an error, or wrong values for a square X)",
         advice="np.linalg.norm(X, axis=1) has shape (m,), which broadcasts like a ROW (1, m): it divides column j by the length of row j, "
                "or fails when m != n. keepdims=True gives the (m, 1) column that divides each row.")
def normalize_rows_no_keepdims(X):
    return X / np.linalg.norm(X, axis=1)


@mistake("normalize_rows", "one length for the whole matrix: np.linalg.norm(X) without an axis",
         advice="Without axis=, np.linalg.norm gives one number for all of X. Each row needs its own length: np.linalg.norm(X, axis=1, keepdims=True).")
def normalize_rows_whole(X):
    return X / np.linalg.norm(X)


@mistake("normalize_rows", "X /= lengths: divides the caller's X in place",
         advice="X /= ... writes into the array you were given, so the caller's data changes. Return a new array: return X / lengths.")
def normalize_rows_in_place(X):
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return X


@mistake("normalize_rows", "a small eps added inside the square root: short rows come out shorter than length 1",
         advice="No row here is all zeros, so nothing needs guarding: divide by the exact length, np.sqrt((X ** 2).sum(axis=1, keepdims=True)). "
                "An eps of 1e-8 under the root already shortens a row of length 0.001 by 0.5 %.")
def normalize_rows_eps_in_sqrt(X):
    return X / np.sqrt(np.sum(X * X, axis=1, keepdims=True) + 1e-8)


# -- softmax ---------------------------------------------------------------------------------------
@mistake("softmax", "no shift: np.exp(Z) overflows to inf for large scores, and inf / inf is nan",
         advice="Subtract each row's max before np.exp: Z - Z.max(axis=-1, keepdims=True). The probabilities are the same, and exp never sees a number above 0.")
def softmax_unshifted(Z):
    e = np.exp(Z)
    return e / e.sum(axis=-1, keepdims=True)


@mistake("softmax", "shifted by the max of the whole array: a row far below it underflows to 0 / 0",
         advice="Shift each row by its own max, Z.max(axis=-1, keepdims=True): then every row has an exponent of exactly 0 and a sum of at least 1. "
                "With one max for the whole array, a row whose scores are all far below it becomes 0 / 0 = nan.")
def softmax_global_max(Z):
    e = np.exp(Z - Z.max())
    return e / e.sum(axis=-1, keepdims=True)


@mistake("softmax", "softmax down the columns (axis=0): each column sums to 1 instead of each row",
         advice="Each row is an example: reduce along the last axis, axis=-1 (axis=1 for a matrix), both for the max and for the sum.")
def softmax_axis0(Z):
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


@mistake("softmax", "no keepdims: the (m,) row maxima and sums line up with the columns",
         advice="Z.max(axis=-1) and e.sum(axis=-1) have shape (m,), which broadcasts as a row: an error when m != n, wrong rows when m == n. "
                "keepdims=True keeps them as an (m, 1) column, one value per row.")
def softmax_no_keepdims(Z):
    e = np.exp(Z - Z.max(axis=-1))
    return e / e.sum(axis=-1)


@mistake("softmax", "one sum for the whole matrix: e / e.sum() makes all the entries, not each row, sum to 1",
         advice="Normalise each row on its own: e / e.sum(axis=-1, keepdims=True).")
def softmax_global_sum(Z):
    e = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return e / e.sum()


@mistake("softmax", "axis=1 everywhere: right for a matrix, but a vector (n,) has no axis 1",
         advice="A vector has only axis 0. axis=-1, the last axis, is the rows' axis for a matrix and the only axis of a vector.")
def softmax_axis1(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@mistake("softmax", "shifted by the max of each column (np.max(Z, 0)), which changes the rows' probabilities",
         advice="np.max(Z, 0) is the max along axis 0, one per column; the shift that changes nothing is one number per row: Z.max(axis=-1, keepdims=True).")
def softmax_column_max(Z):
    e = np.exp(Z - np.max(Z, 0))
    return e / e.sum(axis=-1, keepdims=True)


@mistake("softmax", "np.exp(-Z): the sigmoid's minus sign, so a larger score gets a smaller probability",
         advice="softmax is exp(z) / sum(exp(z)), with no minus sign: larger scores get larger probabilities.")
def softmax_negated(Z):
    e = np.exp(-Z)
    return e / e.sum(axis=-1, keepdims=True)


@mistake("softmax", "divides by the sum of the scores, not the sum of their exponentials",
         advice="Both top and bottom are exponentials: e = np.exp(...), then e / e.sum(axis=-1, keepdims=True).")
def softmax_sum_of_scores(Z):
    return np.exp(Z) / Z.sum(axis=-1, keepdims=True)


@mistake("softmax", "a Python loop over the rows", diagnose=False,
         advice="Compute all the rows at once: reduce with axis=-1 and keepdims=True instead of looping.")
def softmax_loop(Z):
    if Z.ndim == 1:
        e = np.exp(Z - Z.max())
        return e / e.sum()
    out = np.empty_like(Z)
    for r in range(Z.shape[0]):
        e = np.exp(Z[r] - Z[r].max())
        out[r] = e / e.sum()
    return out
