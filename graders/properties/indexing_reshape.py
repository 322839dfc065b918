"""Properties of indexing_reshape: agreement with the reference, plus the laws
that need no reference (a grid counts row by row, an image survives the round
trip through a column, normalised rows have length 1 and keep their direction,
a softmax row is a distribution that ignores a shift and keeps the order).

Domains (the docstrings of solutions/indexing_reshape.py): matrices with sides
1..8 and values in [-100, 100]; images with sides 1..6 (channel) or 1..8
(image_to_vector) and values in [0, 1]; grids 1..16 by 1..16; every row given
to normalize_rows has an entry with |x| >= 0.001; softmax scores of shape (n,)
or (m, n), values in [-50, 50] for the values and in [-1e4, 1e4] for stability.

The first explicit example of each property gives every known mistake of its
function that the property can catch a different answer (checked while
writing the bank): Hypothesis stops at the first failing explicit example,
and diagnosis then sees only that call. (An unshifted softmax is right for
moderate scores; only the stability property, with its huge first example,
can tell it apart.)
Where a mistake is right on one rank and wrong on another (images[:, :, k],
softmax with axis=1), the property calls the function on both ranks before
it compares anything, so every mistake shows on the first example.
The no-loop rule for every function comes from course.toml.
"""

import functools

import numpy as np

from graders.kit import _, composite, example, expect, expect_float_array, expect_same, given, Mismatch, prop, st, strategies

EVERYTHING = np.inf  # an absolute tolerance that checks type, shape and dtype only

# The seed's matrix for d[1, 1:3]: rows and columns all different, so that a
# swapped, shifted or kept axis gives another answer.
D34 = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0]])
# A batch of one image of 3 x 4 pixels with 3 channels, every value different:
# the batch axis of length 1 is what np.squeeze removes by mistake.
BATCH = (np.arange(36.0).reshape(1, 3, 4, 3) + 1.0) / 40.0
# Two images: a batch axis of length 2.
PAIR = (np.arange(72.0).reshape(2, 3, 4, 3) + 1.0) / 80.0
# One 2 x 3 image with 4 channels: all three sides differ, all 24 values too.
IMAGE = (np.arange(24.0).reshape(2, 3, 4) + 1.0) / 32.0
# Square (where a forgotten keepdims gives values, not an error), not
# symmetric, with a negative entry and non-zero row sums.
SQUARE = np.array([[3.0, -4.0, 0.0], [1.0, 2.0, 2.0], [0.5, 5.0, -1.0]])
WIDE = np.array([[3.0, 4.0, 0.0, -12.0], [1.0, -1.0, 1.0, 1.0]])
# Rows of scores whose maxima sit in different columns.
SCORES = np.array([[1.0, 2.0, 3.0], [4.0, -1.0, 0.5]])
# Scores far beyond exp's range (exp(710) is inf), and a second row whose max
# is 2e4 below the first row's: shifting by the max of the whole array
# underflows that row to 0 / 0.
HUGE = np.array([[1e4, -1e4, 0.0], [-1e4, -9990.0, -1e4]])

sides = strategies.sizes(min_value=1, max_value=8)


@functools.lru_cache(maxsize=None)
def arrays(shape: tuple, lo: float = -100.0, hi: float = 100.0):
    """Arrays of ``shape`` with values in [lo, hi] (built once per shape: building is not free)."""
    return strategies.arrays(shape, min_value=lo, max_value=hi)


expect_shape = expect_float_array  # a float64 array of the right shape, finite (graders.kit)


# -- row_segment and block ---------------------------------------------------------
@composite
def ranges(draw, n):
    """A half-open range start:stop inside 0..n with start < stop."""
    start = draw(st.integers(0, n - 1))
    return start, draw(st.integers(start + 1, n))


@composite
def segments(draw):
    m, n = draw(sides), draw(sides)
    d = draw(arrays((m, n)))
    start, stop = draw(ranges(n))
    return d, draw(st.integers(0, m - 1)), start, stop


@prop("row_segment(d, i, start, stop) is d[i, start:stop]: a rank-1 array of stop - start values", function="row_segment",
      advice="Both indices go in one pair of brackets, the row first: d[i, start:stop]. Indices count from 0, the slice stops before stop, and the integer i removes the row axis.")
@given(problem=segments())
@example(problem=(D34, 1, 1, 3))
@example(problem=(D34, 0, 0, 4))
@example(problem=(D34, 2, 3, 4))
def row_segment_values(student, reference, problem):
    d, i, start, stop = problem
    expect_same(student.row_segment(d, i, start, stop), reference.row_segment(d, i, start, stop), atol=0.0, rtol=0.0)


@composite
def blocks(draw):
    m, n = draw(sides), draw(sides)
    r0, r1 = draw(ranges(m))
    c0, c1 = draw(ranges(n))
    return draw(arrays((m, n))), r0, r1, c0, c1


@prop("block(d, r0, r1, c0, c1) is d[r0:r1, c0:c1]: always 2-d, of shape (r1 - r0, c1 - c0)", function="block",
      advice="Both ranges go in one pair of brackets, rows first: d[r0:r1, c0:c1]. Each slice stops before its end and keeps its axis.")
@given(problem=blocks())
@example(problem=(D34, 1, 2, 1, 3))
@example(problem=(D34, 1, 3, 0, 2))
@example(problem=(D34, 0, 3, 3, 4))
def block_values(student, reference, problem):
    d, r0, r1, c0, c1 = problem
    expect_same(student.block(d, r0, r1, c0, c1), reference.block(d, r0, r1, c0, c1), atol=0.0, rtol=0.0)


# -- channel ---------------------------------------------------------------------------
@composite
def batches(draw):
    """(batch, k): a batch (n, h, w, c) of images with sides 1..6 and a channel 0 <= k < c."""
    shape = tuple(draw(st.integers(1, 6)) for _ in range(4))
    return draw(arrays(shape, 0.0, 1.0)), draw(st.integers(0, shape[3] - 1))


@prop("channel(images, k) is channel k of one image (h, w, c) -> (h, w) and of a batch (n, h, w, c) -> (n, h, w)", function="channel",
      advice="The channel is the last axis of one image and of a batch alike: images[..., k], where ... stands for every axis before it.")
@given(problem=batches())
@example(problem=(BATCH, 1))
@example(problem=(PAIR, 0))
def channel_values(student, reference, problem):
    batch, k = problem
    image = np.ascontiguousarray(batch[0])
    # Both ranks before any comparison: images[:, :, k] is right on one image
    # and wrong on a batch, and diagnosis should see both calls.
    got_image = student.channel(image, k)
    got_batch = student.channel(batch, k)
    expect_same(got_image, reference.channel(image, k), atol=0.0, rtol=0.0)
    expect_same(got_batch, reference.channel(batch, k), atol=0.0, rtol=0.0)


# -- arange_grid -------------------------------------------------------------------------
grid_sides = strategies.sizes(min_value=1, max_value=16)


@prop("arange_grid(n_rows, n_cols) is 0.0, 1.0, ..., n_rows * n_cols - 1 as an (n_rows, n_cols) float64 matrix", function="arange_grid")
@given(n_rows=grid_sides, n_cols=grid_sides)
@example(n_rows=3, n_cols=4)
@example(n_rows=1, n_cols=5)
def arange_grid_values(student, reference, n_rows, n_cols):
    expect_same(student.arange_grid(n_rows, n_cols), reference.arange_grid(n_rows, n_cols), atol=0.0, rtol=0.0)


@prop("arange_grid counts row by row: [r, c] is r * n_cols + c, so one row down adds n_cols", function="arange_grid")
@given(n_rows=grid_sides, n_cols=grid_sides)
@example(n_rows=3, n_cols=4)
def arange_grid_row_major(student, reference, n_rows, n_cols):
    got = student.arange_grid(n_rows, n_cols)
    expect_shape(got, (n_rows, n_cols))
    r, c = np.indices((n_rows, n_cols))
    wrong = got != r * n_cols + c
    if wrong.any():
        rw, cw = (int(x) for x in np.argwhere(wrong)[0])
        expect(
            False,
            _("entry [{row}, {column}] is {value}; counting row by row from 0 it is {row} * {n_cols} + {column} = {expected}").format(
                row=rw, column=cw, value=repr(got[rw, cw]), n_cols=n_cols, expected=rw * n_cols + cw
            ),
            about=got,
            got=repr(got[: min(n_rows, 3)].tolist()),
            expected=repr((r * n_cols + c)[: min(n_rows, 3)].tolist()),
            advice=_("np.arange(n_rows * n_cols) counts from 0, and reshape(n_rows, n_cols) fills the first row, then the second: numpy's default (C) order. "
                     "Do not start at 1, and do not reshape to (n_cols, n_rows) and transpose: that fills column by column."),
        )


# -- image_to_vector ---------------------------------------------------------------------
@composite
def images(draw):
    shape = (draw(sides), draw(sides), draw(sides))
    return draw(arrays(shape, 0.0, 1.0))


@prop("image_to_vector(image) is the (h * w * c, 1) column of the image's values, pixel by pixel, channels innermost", function="image_to_vector",
      advice="Reshape the image itself into one column, in numpy's own order: image.reshape(-1, 1).")
@given(image=images())
@example(image=IMAGE)
@example(image=IMAGE[:, :2, :2].copy())
def image_to_vector_values(student, reference, image):
    expect_same(student.image_to_vector(image), reference.image_to_vector(image), atol=0.0, rtol=0.0)


@prop("reshaping the column back to (h, w, c) gives the image again", function="image_to_vector")
@given(image=images())
@example(image=IMAGE)
def image_to_vector_round_trip(student, reference, image):
    v = student.image_to_vector(image)
    h, w, c = image.shape
    expect_shape(v, (h * w * c, 1), _("the vector"))
    back = v.reshape(image.shape)
    wrong = back != image
    if wrong.any():
        r, col, ch = (int(x) for x in np.argwhere(wrong)[0])
        expect(
            False,
            _("v.reshape{shape} differs from the image at [{row}, {column}, {channel}]: {value} instead of {expected}; the values are in another order").format(
                shape=image.shape, row=r, column=col, channel=ch, value=repr(back[r, col, ch]), expected=repr(image[r, col, ch])
            ),
            about=v,
            advice=_("Reshape the image itself, in numpy's own order: image.reshape(-1, 1). Transposing first (image.T, np.transpose, np.moveaxis) "
                     "or order='F' lists the values in another order, and reshaping back then scrambles the image."),
        )


# -- normalize_rows --------------------------------------------------------------------------
@composite
def row_matrices(draw, *, min_value=-100.0, max_value=100.0):
    """(m, n) matrices in which every row has an entry with |x| >= 0.001."""
    m, n = draw(sides), draw(sides)
    X = draw(arrays((m, n), min_value, max_value)).copy()
    small = np.abs(X).max(axis=1) < 1e-3
    if small.any():
        j = draw(st.integers(0, n - 1))
        X[small, j] = draw(st.sampled_from([-1.0, 1.0])) * draw(strategies.floats(min_value=1e-3, max_value=max_value))
    return X


@prop("normalize_rows(X) divides each row of X by its length sqrt(sum of its squares)", function="normalize_rows",
      advice="Divide each row by its own length: X / np.sqrt((X ** 2).sum(axis=1, keepdims=True)), an (m, n) matrix divided by an (m, 1) column.")
@given(X=row_matrices())
@example(X=SQUARE)
@example(X=WIDE)
def normalize_rows_values(student, reference, X):
    expect_same(student.normalize_rows(X), reference.normalize_rows(X))


@prop("every row of normalize_rows(X) has length 1 and points the same way as the row of X", function="normalize_rows")
@given(X=row_matrices())
@example(X=SQUARE)
def normalize_rows_unit(student, reference, X):
    got = student.normalize_rows(X)
    expect_shape(got, X.shape)
    lengths = np.sqrt((got**2).sum(axis=1))
    i = int(np.argmax(np.abs(lengths - 1)))
    expect(
        abs(lengths[i] - 1) <= 1e-12,
        _("row {row} of the result has length {length}, not 1").format(row=i, length=repr(lengths[i])),
        about=got,
        got=repr(lengths.tolist()),
        expected=_("1.0 for every row"),
        advice=_("Divide each row by its own length, the square root of the sum of its squares: np.sqrt((X ** 2).sum(axis=1, keepdims=True)) "
                 "has shape (m, 1), one length per row. A plain sum, a sum of squares without the root, or a length per column (axis=0) is not it."),
    )
    # |u| = 1 and u . x = |x| hold together only for u = x / |x| (Cauchy-Schwarz).
    along = (got * X).sum(axis=1)
    norms = np.sqrt((X**2).sum(axis=1))
    i = int(np.argmax(np.abs(along - norms) / norms))
    expect(
        abs(along[i] - norms[i]) <= 1e-12 * norms[i],
        _("row {row} of the result has length 1 but points another way than X[{row}] (result . X[{row}] = {along}, |X[{row}]| = {norm})").format(
            row=i, along=repr(along[i]), norm=repr(norms[i])
        ),
        about=got,
        advice=_("Only divide: row i of the result is X[i] / (the length of X[i]), a positive multiple of X[i]. Check that each row is divided by its own length."),
    )


@composite
def scaled_rows(draw):
    """(X, s): X as in row_matrices and a power of two per row (scaling by it is exact)."""
    X = draw(row_matrices(min_value=-10.0, max_value=10.0))
    powers = draw(st.lists(st.integers(-3, 3), min_size=X.shape[0], max_size=X.shape[0]))
    return X, np.array([2.0**p for p in powers]).reshape(-1, 1)


@prop("scaling a row of X by a positive number does not change normalize_rows(X): only its direction counts", function="normalize_rows", law=True)
@given(problem=scaled_rows())
@example(problem=(SQUARE, np.array([[1.0], [4.0], [0.5]])))
def normalize_rows_scale(student, reference, problem):
    X, s = problem
    once = student.normalize_rows(X)
    expect_same(once, reference.normalize_rows(X), atol=EVERYTHING)  # types and shapes
    scaled = student.normalize_rows(s * X)
    try:
        expect_same(scaled, once, rtol=1e-12, atol=1e-15)
    except Mismatch as exc:
        expect(
            False,
            _("scaling the rows of X by {factors} changed the result: {difference}").format(factors=s.ravel().tolist(), difference=exc.summary),
            about=scaled,
            got=exc.got,
            expected=exc.expected,
            detail=exc.detail,
            advice=_("Each row is divided by its own length, so 4 * X[i] gives the same unit row as X[i]. "
                     "A length per column (axis=0) or of the whole matrix mixes rows together; a sum of squares without the square root does not scale back."),
        )


# -- softmax ------------------------------------------------------------------------------------
@composite
def score_matrices(draw, lo=-50.0, hi=50.0):
    return draw(arrays((draw(sides), draw(sides)), lo, hi))


def softmax_both(student, reference, Z):
    """softmax on the first row alone (a vector) and on the matrix, both called before comparing."""
    z = np.ascontiguousarray(Z[0])
    got_vector = student.softmax(z)
    got_matrix = student.softmax(Z)
    expect_same(got_vector, reference.softmax(z))
    expect_same(got_matrix, reference.softmax(Z))
    return got_matrix


@prop("softmax(Z) is exp(Z) / (sum of exp(Z) along the last axis), for a vector (n,) and for each row of a matrix (m, n)", function="softmax",
      advice="Along the last axis, with keepdims: e = np.exp(Z - Z.max(axis=-1, keepdims=True)), then e / e.sum(axis=-1, keepdims=True).")
@given(Z=score_matrices())
@example(Z=SCORES)
@example(Z=SCORES.T.copy())
def softmax_values(student, reference, Z):
    softmax_both(student, reference, Z)


SOFTMAX_OVERFLOW = ("np.exp overflows to inf above about 709. Subtract each row's largest score first: "
                    "Z - Z.max(axis=-1, keepdims=True) changes no probability, and every exponent is then <= 0.")


@prop("softmax stays finite, accurate and warning-free for scores up to 1e4 in size", function="softmax", no_warnings=True, advice=SOFTMAX_OVERFLOW)
@given(Z=score_matrices(-1e4, 1e4))
@example(Z=HUGE)
def softmax_stable(student, reference, Z):
    softmax_both(student, reference, Z)


@prop("each row of softmax(Z) is a probability distribution (entries in [0, 1], sum 1) that keeps the order of the scores", function="softmax", law=True)
@given(Z=score_matrices())
@example(Z=SCORES)
def softmax_distribution(student, reference, Z):
    P = student.softmax(Z)
    expect_shape(P, Z.shape)
    sums = P.sum(axis=1)
    i = int(np.argmax(np.abs(sums - 1)))
    expect(
        abs(sums[i] - 1) <= 1e-12 and P.min() >= 0 and P.max() <= 1,
        _("row {row} of softmax(Z) sums to {total}, not 1").format(row=i, total=repr(float(sums[i]))) if abs(sums[i] - 1) > 1e-12
        else _("softmax(Z) has entries outside [0, 1]"),
        about=P,
        got=repr(sums.tolist()),
        expected=_("1.0 for every row"),
        advice=_("Each row is one example: divide its exponentials by their own sum, e.sum(axis=-1, keepdims=True), an (m, 1) column. "
                 "axis=0 makes the columns sum to 1, and no axis at all makes the whole matrix sum to 1."),
    )
    # z_a < z_b must give p_a <= p_b: compare every pair of entries in each row.
    lower = Z[:, :, None] < Z[:, None, :]
    flipped = lower & (P[:, :, None] > P[:, None, :] * (1 + 1e-12))
    if flipped.any():
        r, a, b = (int(x) for x in np.argwhere(flipped)[0])
        expect(
            False,
            _("in row {row}, score {low} < {high} but probability {p_low} > {p_high}: a larger score must get a larger probability").format(
                row=r, low=repr(Z[r, a]), high=repr(Z[r, b]), p_low=repr(P[r, a]), p_high=repr(P[r, b])
            ),
            about=P,
            advice=_("softmax uses exp(z), which grows with z: no minus sign inside the exponential (that is the sigmoid's exp(-z)), "
                     "and subtract each row's own max, the same number for the whole row."),
        )


@composite
def shifted_scores(draw):
    """(Z, c): scores and one constant per row."""
    Z = draw(score_matrices())
    c = draw(st.lists(strategies.floats(min_value=-100.0, max_value=100.0), min_size=Z.shape[0], max_size=Z.shape[0]))
    return Z, np.array(c).reshape(-1, 1)


@prop("adding the same number to every score of a row leaves that row's softmax unchanged", function="softmax", law=True)
@given(problem=shifted_scores())
@example(problem=(SCORES, np.array([[10.0], [-3.0]])))
def softmax_shift(student, reference, problem):
    Z, c = problem
    once = student.softmax(Z)
    expect_same(once, reference.softmax(Z), atol=EVERYTHING)  # types and shapes
    shifted = student.softmax(Z + c)
    try:
        expect_same(shifted, once, rtol=1e-9, atol=1e-12)
    except Mismatch as exc:
        expect(
            False,
            _("adding {shifts} to the rows of Z changed softmax(Z): {difference}").format(shifts=c.ravel().tolist(), difference=exc.summary),
            about=shifted,
            got=exc.got,
            expected=exc.expected,
            detail=exc.detail,
            advice=_("exp(z + c) = exp(z) * exp(c), and the factor exp(c) cancels between a row's terms and their sum. "
                     "It cancels only if the whole row shares one shift and one sum: subtract Z.max(axis=-1, keepdims=True), "
                     "not a max per column (axis=0), and sum along the row."),
        )
