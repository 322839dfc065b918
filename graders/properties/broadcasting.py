"""Properties of broadcasting (SPEC §6.3): agreement with the reference, plus
facts that need no reference (column sums, column means, distances).

Domains: sides 1..16, values in [-100, 100] (in [0, 100], every column sum
> 0, for column_percentages). The first explicit example of each property is
chosen so that the known mistakes all give different answers on it: when an
explicit example fails Hypothesis stops there, and diagnosis has only that call.
The static no-loop rule for every function comes from course.toml.
"""

import functools

import numpy as np

from graders.kit import _, composite, example, expect, expect_array, expect_float_array, expect_same, given, prop, st, strategies

CALORIES = np.array([[56.0, 0.0, 4.4, 68.0], [1.2, 104.0, 52.0, 8.0], [1.8, 135.0, 99.0, 0.9]])
SMALL = np.array([[1.0, 10.0], [2.0, 20.0], [6.0, 30.0]])
# Column 0 has a standard deviation comparable to eps = 1e-8 (where eps inside
# the square root, or no eps at all, shows); column 1 is constant (std 0).
TINY_SPREAD = np.array([[0.0, 7.0], [2e-8, 7.0], [1e-8, 7.0], [4e-8, 7.0]])
# A column that is constant up to one unit in the last place at magnitude 100:
# its standardised values are rounding noise amplified by 1 / eps, on which
# honest implementations may differ; the tolerance has to allow for that.
NEAR_CONSTANT = np.array([[100.0, 1.5, -3.0], [99.99999999999999, 2.5, 0.1], [100.0, -1.0, 0.1], [99.99999999999999, 0.0, 0.7]])

sides = strategies.sizes(min_value=1, max_value=16)
matrices = strategies.matrices(min_side=1, max_side=16)
U = np.finfo(np.float64).eps


@functools.lru_cache(maxsize=None)
def arrays(shape: tuple):
    """Arrays of ``shape`` with values in [-100, 100] (built once per shape: building is not free)."""
    return strategies.arrays(shape)


expect_matrix = expect_float_array  # a float64 array of the right shape, finite (graders.kit)


# -- column_percentages ---------------------------------------------------------
@composite
def tables(draw):
    """Non-negative (m, n) tables whose columns all have a positive sum."""
    A = draw(strategies.matrices(min_side=1, max_side=16, min_value=0.0, max_value=100.0))
    empty = A.sum(axis=0) == 0
    if empty.any():
        # An all-zero column is outside the domain: give it one positive entry.
        A[draw(st.integers(0, A.shape[0] - 1)), empty] = draw(strategies.floats(min_value=1.0, max_value=100.0))
    return A


@prop("column_percentages(A) is 100 * A / (the sum of each column)", function="column_percentages")
@given(A=tables())
@example(A=CALORIES)
@example(A=np.array([[1.0, 3.0], [3.0, 1.0]]))
def column_percentages_values(student, reference, A):
    expect_same(student.column_percentages(A), reference.column_percentages(A))


@prop("every column of column_percentages(A) sums to 100", function="column_percentages")
@given(A=tables())
@example(A=CALORIES)
def column_percentages_sum_to_100(student, reference, A):
    got = student.column_percentages(A)
    expect_matrix(got, A.shape)
    sums = got.sum(axis=0)
    worst = int(np.argmax(np.abs(sums - 100)))
    expect(
        bool(np.all(np.abs(sums - 100) <= 1e-9)),
        _("column {column} of the result sums to {total}, not 100").format(column=worst, total=repr(float(sums[worst]))),
        about=got,
        got=repr(sums.tolist()),
        expected=_("100.0 for every column"),
        advice=_("Divide each column by its own total: A.sum(axis=0) has one total per column; multiply by 100."),
    )
    # The lesson's worked example: apples get 94.9 % of their calories from carbohydrate.
    if A.shape == CALORIES.shape and np.array_equal(A, CALORIES):
        expect(abs(got[0, 0] - 94.9) < 0.05, _("apples' carbohydrate share is {share:.1f} %, expected 94.9 %").format(share=got[0, 0]), about=got)


# -- center_columns -----------------------------------------------------------
@prop("center_columns(X) is X minus the mean of each column", function="center_columns")
@given(X=matrices)
@example(X=SMALL)
@example(X=np.array([[1.0, 4.0, -2.0, 0.5], [3.0, 0.0, 8.0, 1.5]]))
def center_columns_values(student, reference, X):
    expect_same(student.center_columns(X), reference.center_columns(X), scale=max(1.0, float(np.abs(X).max())))


@prop("every column of center_columns(X) has mean 0", function="center_columns", law=True)
@given(X=matrices)
@example(X=SMALL)
def center_columns_mean_zero(student, reference, X):
    got = student.center_columns(X)
    expect_matrix(got, X.shape)
    means = got.mean(axis=0)
    worst = int(np.argmax(np.abs(means)))
    expect(
        bool(np.all(np.abs(means) <= 1e-12 * max(1.0, float(np.abs(X).max())))),
        _("column {column} of the result has mean {mean}, not 0").format(column=worst, mean=repr(means[worst])),
        about=got,
        got=repr(means.tolist()),
        expected=_("0.0 for every column"),
        advice=_("Subtract from each column its own mean: X.mean(axis=0) has one mean per column."),
    )


# -- standardize ---------------------------------------------------------------
def standardize_tolerance(X: np.ndarray, expected: np.ndarray, eps: float) -> np.ndarray:
    """The error allowed in each element of standardize(X, eps).

    Honest implementations agree on the mean only up to rounding, about
    m * U * max|X[:, j]|; the difference X - mean carries that error and the
    division by std + eps (>= eps) amplifies it. For a column that is constant
    up to rounding the result is noise of that size, so the tolerance of each
    column scales with max|X[:, j]| / (std_j + eps).
    """
    m = X.shape[0]
    spread = np.abs(X).max(axis=0, keepdims=True)
    std = X.std(axis=0, keepdims=True)
    amplified = 16 * m * U * spread / (std + eps) * (1 + np.abs(expected))
    return 1e-9 * max(1.0, float(np.abs(expected).max(initial=0.0))) + 1e-7 * np.abs(expected) + amplified


@prop("standardize(X, eps) is (X - column mean) / (column std with ddof=0 + eps)", function="standardize")
@given(X=matrices, eps=st.one_of(st.none(), st.floats(min_value=1e-8, max_value=1.0)))
@example(X=SMALL, eps=None)
@example(X=TINY_SPREAD, eps=None)
@example(X=SMALL, eps=0.5)
@example(X=NEAR_CONSTANT, eps=None)
def standardize_values(student, reference, X, eps):
    if eps is None:  # the default, eps = 1e-8
        got, expected = student.standardize(X), reference.standardize(X)
    else:
        got, expected = student.standardize(X, eps), reference.standardize(X, eps)
    allowed = standardize_tolerance(X, expected, 1e-8 if eps is None else eps)
    if type(got) is np.ndarray and got.shape == expected.shape and got.dtype == expected.dtype and np.isfinite(got).all():
        if np.all(np.abs(got - expected) <= allowed):
            return
    # Something is off: compare with the tightest tolerance of any element,
    # which fails wherever the element's own tolerance was exceeded.
    expect_array(got, expected, atol=float(allowed.min()), rtol=0.0)


# -- to_column -------------------------------------------------------------------
@prop("to_column turns a vector of shape (n,), (1, n) or (n, 1) into a column of shape (n, 1)", function="to_column")
@given(v=strategies.arrays(st.tuples(sides)))
@example(v=np.array([1.0, 2.0, 3.0]))
def to_column_shapes(student, reference, v):
    # All three layouts of the same values, called before anything is compared,
    # so that a mistake is seen on every layout (and diagnosed from all three).
    layouts = [v, v[np.newaxis, :], v[:, np.newaxis]]
    results = [student.to_column(x) for x in layouts]
    for got, x in zip(results, layouts):
        expect_same(got, reference.to_column(x), atol=0.0, rtol=0.0)


# -- pairwise_sq_dists -----------------------------------------------------------
@composite
def point_sets(draw):
    """(X, Y): m and n points in d dimensions."""
    m, n, d = draw(sides), draw(sides), draw(sides)
    return draw(arrays((m, d))), draw(arrays((n, d)))


def distance_scale(X: np.ndarray, Y: np.ndarray) -> float:
    """The magnitude the absolute tolerance is scaled to: the largest squared norms.

    |x|^2 - 2 x.y + |y|^2 is exact in theory but loses absolute precision of
    about U * (|x|^2 + |y|^2) to cancellation, and may even come out slightly
    negative; that is a sound implementation and must be accepted.
    """
    return 1.0 + float((X**2).sum(axis=1).max()) + float((Y**2).sum(axis=1).max())


@prop("pairwise_sq_dists(X, Y)[i, j] is the squared distance between row i of X and row j of Y", function="pairwise_sq_dists")
@given(points=point_sets())
@example(points=(np.array([[0.0, 0.0], [3.0, 4.0]]), np.array([[0.0, 0.0], [1.0, 1.0], [3.0, 0.0]])))
@example(points=(np.array([[1.0, -2.0, 0.5]]), np.array([[1.0, -2.0, 0.5], [-1.0, 2.0, 3.0], [100.0, 0.0, -100.0], [0.0, 0.0, 0.0]])))
def pairwise_values(student, reference, points):
    X, Y = points
    expect_same(student.pairwise_sq_dists(X, Y), reference.pairwise_sq_dists(X, Y), scale=distance_scale(X, Y))


@prop("pairwise_sq_dists(X, X) is symmetric, never negative, with zeros on the diagonal", function="pairwise_sq_dists", law=True)
@given(X=matrices)
@example(X=np.array([[0.0, 0.0], [3.0, 4.0], [-1.0, 2.0]]))
def pairwise_self(student, reference, X):
    D = student.pairwise_sq_dists(X, X)
    m = X.shape[0]
    expect_matrix(D, (m, m))
    tol = 1e-9 * distance_scale(X, X)
    i, j = np.unravel_index(int(np.argmax(np.abs(D - D.T))), D.shape)
    expect(abs(D[i, j] - D[j, i]) <= tol,
           _("D[{i}, {j}] = {value} but D[{j}, {i}] = {mirrored}; the distance from a to b is the distance from b to a").format(
               i=i, j=j, value=repr(D[i, j]), mirrored=repr(D[j, i])),
           about=D)
    k = int(np.argmax(np.abs(np.diag(D))))
    expect(abs(D[k, k]) <= tol, _("D[{k}, {k}] = {value}: the distance from row {k} of X to itself should be 0").format(k=k, value=repr(D[k, k])), about=D)
    i, j = np.unravel_index(int(np.argmin(D)), D.shape)
    # Exactly: the contract says D is a sum of squares, and the lesson says to clip the
    # expanded form (|x|^2 + |y|^2 - 2 x.y rounds below 0 where two points coincide).
    expect(D[i, j] >= 0, _("D[{i}, {j}] = {value:.3g} is negative; a sum of squares cannot be").format(i=i, j=j, value=float(D[i, j])), about=D,
           advice=_("The expanded form |x|^2 + |y|^2 - 2 x.y can round to a tiny negative number when two points coincide: "
                    "clip it with np.maximum(D, 0.0), or square the differences directly."))
