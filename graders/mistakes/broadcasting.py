"""Known mistakes in broadcasting, each one function rewritten the wrong way.

Used twice: diagnosis names them in feedback, and the test suite proves every
one is rejected by the graders. More specific mistakes come first (diagnosis
names the first that reproduces every failing call).
"""

import numpy as np

from graders.engine.variants import mistake


# -- column_percentages ---------------------------------------------------------
@mistake("column_percentages", "divided by the row sums (axis=1) instead of the column sums",
         advice="axis=0 collapses the rows, leaving one total per column: A.sum(axis=0, keepdims=True) has shape (1, n). axis=1 gives one total per row.")
def percentages_row_sums(A):
    return 100 * A / A.sum(axis=1, keepdims=True)


@mistake("column_percentages", "fractions instead of percentages (forgot the factor 100)",
         advice="A / column sums gives fractions between 0 and 1; multiply by 100 to get percentages.")
def percentages_no_100(A):
    return A / A.sum(axis=0, keepdims=True)


@mistake("column_percentages", "divided by the total of the whole table",
         advice="A.sum() with no axis adds up every entry; each column needs its own total: A.sum(axis=0).")
def percentages_grand_total(A):
    return 100 * A / A.sum()


@mistake("column_percentages", "a Python loop over the columns", diagnose=False,
         advice="Divide the whole matrix by the (1, n) row of column sums at once; broadcasting repeats it for every row.")
def percentages_loop(A):
    result = np.empty_like(A)
    for j in range(A.shape[1]):
        result[:, j] = 100 * A[:, j] / A[:, j].sum()
    return result


@mistake("column_percentages", "divides A in place (A /= ...), changing the caller's table", diagnose=False,
         advice="A /= ... writes into the caller's array; return a new one: 100 * A / A.sum(axis=0).")
def percentages_in_place(A):
    A /= A.sum(axis=0)
    A *= 100
    return A


# -- center_columns ---------------------------------------------------------------
@mistake("center_columns", "subtracted the row means (axis=1) instead of the column means",
         advice="The mean of each column is X.mean(axis=0) (one value per column); axis=1 averages each row.")
def center_row_means(X):
    return X - X.mean(axis=1, keepdims=True)


@mistake("center_columns", "subtracted the mean of the whole matrix",
         advice="X.mean() with no axis averages every entry; each column needs its own mean: X.mean(axis=0).")
def center_grand_mean(X):
    return X - X.mean()


@mistake("center_columns", "subtracted the column sums instead of the column means",
         advice="The mean is the sum divided by the number of rows m: X.mean(axis=0), or X.sum(axis=0) / X.shape[0].")
def center_sums(X):
    return X - X.sum(axis=0)


@mistake("center_columns", "subtracts in place (X -= ...), changing the caller's matrix", diagnose=False,
         advice="X -= ... writes into the caller's array; return a new one: X - X.mean(axis=0).")
def center_in_place(X):
    X -= X.mean(axis=0)
    return X


# -- standardize ---------------------------------------------------------------------
@mistake("standardize", "sample standard deviation (ddof=1) instead of ddof=0",
         advice="The specification uses the population standard deviation, numpy's default: X.std(axis=0) (ddof=0 divides by m, ddof=1 by m - 1).")
def standardize_ddof1(X, eps=1e-8):
    return (X - X.mean(axis=0)) / (X.std(axis=0, ddof=1) + eps)


@mistake("standardize", "eps inside the square root: sqrt(var + eps) instead of std + eps",
         advice="Add eps to the standard deviation, outside the square root: (X - mean) / (X.std(axis=0) + eps).")
def standardize_eps_in_sqrt(X, eps=1e-8):
    return (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + eps)


@mistake("standardize", "ignores the eps argument (always 1e-8)",
         advice="Use the eps you are given: standardize(X, 0.5) must add 0.5 to the standard deviation, not 1e-8.")
def standardize_fixed_eps(X, eps=1e-8):
    return (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)


@mistake("standardize", "no eps: a constant column divides 0 by 0",
         advice="A constant column has standard deviation 0; adding eps to the std keeps the division finite (the column becomes all zeros).")
def standardize_no_eps(X, eps=1e-8):
    return (X - X.mean(axis=0)) / X.std(axis=0)


@mistake("standardize", "one standard deviation for the whole matrix instead of one per column",
         advice="X.std() with no axis mixes all columns; each column needs its own: X.std(axis=0).")
def standardize_grand_std(X, eps=1e-8):
    return (X - X.mean(axis=0)) / (X.std() + eps)


@mistake("standardize", "divided by the variance instead of the standard deviation",
         advice="The standard deviation is the square root of the variance: X.std(axis=0), not X.var(axis=0).")
def standardize_variance(X, eps=1e-8):
    return (X - X.mean(axis=0)) / (X.var(axis=0) + eps)


@mistake("standardize", "forgot to subtract the mean",
         advice="Centre first, then scale: (X - X.mean(axis=0)) / (X.std(axis=0) + eps).")
def standardize_no_centering(X, eps=1e-8):
    return X / (X.std(axis=0) + eps)


@mistake("standardize", "centres X in place (X -= mean), changing the caller's matrix", diagnose=False,
         advice="X -= ... writes into the caller's array; compute X - mean as a new array.")
def standardize_in_place(X, eps=1e-8):
    X -= X.mean(axis=0)
    X /= X.std(axis=0) + eps
    return X


# -- to_column -----------------------------------------------------------------------
@mistake("to_column", "a column for (n,) and (1, n), but an (n, 1) column turned into a row (e.g. np.atleast_2d(v).T)",
         advice="np.atleast_2d makes an (n,) array (1, n), but leaves (n, 1) alone, so .T flips it to (1, n). v.reshape(-1, 1) works for all three.")
def column_atleast_2d(v):
    return np.atleast_2d(v).T


@mistake("to_column", "v.T: a transpose does nothing to a (n,) array and turns a column into a row",
         advice="Transposing a rank-1 array leaves it (n,), and an (n, 1) column becomes a (1, n) row. v.reshape(-1, 1) gives (n, 1) from any of the three.")
def column_transpose(v):
    return v.T


@mistake("to_column", "v[:, np.newaxis]: right for (n,) but adds a third axis to a 2-d input",
         advice="Indexing with np.newaxis adds an axis: a (1, n) row becomes (1, 1, n). Reshape instead: v.reshape(-1, 1).")
def column_newaxis(v):
    return v[:, np.newaxis]


@mistake("to_column", "np.vstack(v): a column for (n,) and (n, 1), but a (1, n) row stays a row",
         advice="np.vstack stacks the rows it is given, and a (1, n) row is already one row. v.reshape(-1, 1) works for all three shapes.")
def column_vstack(v):
    return np.vstack(v)


@mistake("to_column", "a row of shape (1, n) instead of a column (n, 1)",
         advice="reshape(1, -1) makes a row; a column has n rows and 1 column: v.reshape(-1, 1).")
def column_row(v):
    return v.reshape(1, -1)


@mistake("to_column", "flattened to a rank-1 array of shape (n,)",
         advice="ravel() / flatten() give a rank-1 (n,) array, neither a row nor a column; reshape(-1, 1) gives the (n, 1) column.")
def column_flat(v):
    return v.ravel()


@mistake("to_column", "changes v's shape in place (v.shape = ...)", diagnose=False,
         advice="Assigning to v.shape reshapes the caller's array; return v.reshape(-1, 1), a new view, instead.")
def column_in_place(v):
    v.shape = (-1, 1)
    return v


# -- pairwise_sq_dists ---------------------------------------------------------------
@mistake("pairwise_sq_dists", "Euclidean distances (took the square root)",
         advice="The function returns squared distances: leave out np.sqrt.")
def dists_sqrt(X, Y):
    return np.sqrt(((X[:, np.newaxis, :] - Y[np.newaxis, :, :]) ** 2).sum(axis=2))


@mistake("pairwise_sq_dists", "summed absolute differences instead of squared differences",
         advice="Square each difference before summing: ((X[:, None, :] - Y[None, :, :]) ** 2).sum(axis=2).")
def dists_abs(X, Y):
    return np.abs(X[:, np.newaxis, :] - Y[np.newaxis, :, :]).sum(axis=2)


@mistake("pairwise_sq_dists", "the squares of x + y instead of x - y: the cross term 2 x.y has the wrong sign",
         advice="A distance squares the differences: ((X[:, None, :] - Y[None, :, :]) ** 2).sum(axis=2); expanded, (x - y)^2 = x^2 - 2xy + y^2.")
def dists_plus_cross(X, Y):
    return (X**2).sum(axis=1)[:, np.newaxis] + 2 * X @ Y.T + (Y**2).sum(axis=1)[np.newaxis, :]


@mistake("pairwise_sq_dists", "|x|^2 - x.y + |y|^2: the factor 2 of the cross term is missing",
         advice="(x - y)^2 = x^2 - 2xy + y^2: the cross term is 2 * X @ Y.T.")
def dists_no_two(X, Y):
    return (X**2).sum(axis=1)[:, np.newaxis] - X @ Y.T + (Y**2).sum(axis=1)[np.newaxis, :]


@mistake("pairwise_sq_dists", "summed over the wrong axis (the points of Y instead of the coordinates)",
         advice="The differences have shape (m, n, d); sum the squares over the coordinates, the last axis: .sum(axis=2).")
def dists_wrong_axis(X, Y):
    return ((X[:, np.newaxis, :] - Y[np.newaxis, :, :]) ** 2).sum(axis=1)


@mistake("pairwise_sq_dists", "a Python loop over the rows of X", diagnose=False,
         advice="Broadcast X[:, None, :] - Y[None, :, :] to compare every pair at once.")
def dists_loop(X, Y):
    D = np.empty((X.shape[0], Y.shape[0]))
    for i in range(X.shape[0]):
        D[i] = ((X[i] - Y) ** 2).sum(axis=1)
    return D


# -- more mistakes seen in the user study ------------------------------------------
@mistake("column_percentages", "divided by the row sums without keepdims: A / A.sum(axis=1)",
         advice="A.sum(axis=1) has shape (m,), which broadcasts as a (1, m) row: it fails when A is not square and silently "
                "divides column j by the total of row j when it is. The column totals are A.sum(axis=0), shape (n,).")
def percentages_row_sums_no_keepdims(A):
    return 100 * A / A.sum(axis=1)


@mistake("column_percentages", "floor division // instead of /",
         advice="// rounds every quotient down to a whole number; use true division: 100 * A / A.sum(axis=0).")
def percentages_floor_division(A):
    return 100 * A // A.sum(axis=0)


@mistake("column_percentages", "divided by the column means instead of the column sums",
         advice="A percentage of the column total divides by the sum of the column: A.sum(axis=0), not A.mean(axis=0).")
def percentages_mean(A):
    return 100 * A / A.mean(axis=0)


@mistake("column_percentages", "divided by the column maxima",
         advice="Each column is divided by its total, A.sum(axis=0), so that it adds up to 100; A.max(axis=0) only rescales it.")
def percentages_max(A):
    return 100 * A / A.max(axis=0)


@mistake("column_percentages", "rounded to one decimal, like the docstring's display",
         advice="The docstring calls .round(1) only to print the numbers; return the exact percentages, without np.round.")
def percentages_rounded(A):
    return np.round(100 * A / A.sum(axis=0), 1)


@mistake("center_columns", "subtracted the row means without keepdims: X - X.mean(axis=1)",
         advice="X.mean(axis=1) has shape (m,), which broadcasts as a (1, m) row: it fails when X is not square and subtracts "
                "row i's mean from column i when it is. The column means are X.mean(axis=0), shape (n,).")
def center_row_means_no_keepdims(X):
    return X - X.mean(axis=1)


@mistake("center_columns", "the column means as an (n, 1) column: X - X.mean(axis=0).reshape(-1, 1)",
         advice="The n column means must line up with the n columns of X: as a (1, n) row (keepdims=True) or as they are, (n,). "
                "An (n, 1) column broadcasts down the rows instead.")
def center_means_as_column(X):
    return X - X.mean(axis=0).reshape(-1, 1)


@mistake("center_columns", "sign flipped: mean - X instead of X - mean",
         advice="Centring subtracts the mean from every entry: X - X.mean(axis=0).")
def center_flipped(X):
    return X.mean(axis=0) - X


@mistake("center_columns", "floor division X.sum(axis=0) // m for the mean",
         advice="// rounds the mean down to a whole number; use true division X.sum(axis=0) / X.shape[0], or simply X.mean(axis=0).")
def center_floor_division(X):
    m = X.shape[0]
    return X - X.sum(axis=0) // m


@mistake("center_columns", "returns nested Python lists (.tolist())",
         advice="Return the numpy array itself: X - X.mean(axis=0). .tolist() throws away the shape and the dtype.")
def center_lists(X):
    return (X - X.mean(axis=0)).tolist()


@mistake("center_columns", "the column means in float32 (X.mean(axis=0, dtype=np.float32)): about 7 significant digits, not 16",
         advice="Keep float64 all the way: X - X.mean(axis=0). A float32 mean is off in its 8th digit, and so is every centred value.")
def center_float32_mean(X):
    return X - X.mean(axis=0, dtype=np.float32)


@mistake("standardize", "precedence: X - mean / (std + eps) divides only the mean",
         advice="Division binds tighter than subtraction, so X - mean / (std + eps) is X - (mean / (std + eps)). "
                "Put the difference in parentheses: (X - mean) / (std + eps).")
def standardize_precedence(X, eps=1e-8):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return X - mean / (std + eps)


@mistake("standardize", "precedence: (X - mean) / std + eps adds eps after dividing",
         advice="eps must be added to the standard deviation before dividing: (X - mean) / (std + eps), with parentheses around std + eps.")
def standardize_eps_after_division(X, eps=1e-8):
    return (X - X.mean(axis=0)) / X.std(axis=0) + eps


@mistake("standardize", "standardised the rows (axis=1) instead of the columns",
         advice="Each column (feature) gets its own mean and std: reduce over axis=0, the rows. axis=1 standardises each row.")
def standardize_rows(X, eps=1e-8):
    return (X - X.mean(axis=1, keepdims=True)) / (X.std(axis=1, keepdims=True) + eps)


@mistake("standardize", "one mean and one std for the whole matrix (X.mean(), X.std())",
         advice="With no axis, mean and std mix all columns together; each column needs its own: X.mean(axis=0) and X.std(axis=0).")
def standardize_grand(X, eps=1e-8):
    return (X - X.mean()) / (X.std() + eps)


@mistake("standardize", "a different default eps (1e-5, as in batch norm)",
         advice="The specification's default is eps = 1e-8: def standardize(X, eps=1e-8).")
def standardize_default_eps(X, eps=1e-5):
    return (X - X.mean(axis=0)) / (X.std(axis=0) + eps)


@mistake("to_column", "v.reshape(len(v), 1): len counts only the first axis",
         advice="len(v) is the size of the first axis: 1 for a (1, n) row, so reshape(1, 1) fails. "
                "Let numpy count the elements: v.reshape(-1, 1) (or v.reshape(v.size, 1)).")
def column_reshape_len(v):
    return v.reshape(len(v), 1)


@mistake("to_column", "np.array([v]).T: adds an axis, so a 2-d input comes out 3-d",
         advice="np.array([v]) adds a new first axis: for a (1, n) row it is (1, 1, n), whose .T is (n, 1, 1). "
                "v.reshape(-1, 1) gives (n, 1) from (n,), (1, n) and (n, 1) alike.")
def column_wrap_transpose(v):
    return np.array([v]).T


@mistake("to_column", "np.squeeze(v)[:, np.newaxis]: squeeze leaves a 0-d array when n = 1",
         advice="For n = 1, np.squeeze removes every axis and the result cannot be indexed with [:, np.newaxis]. "
                "v.reshape(-1, 1) works for every n.")
def column_squeeze_newaxis(v):
    return np.squeeze(v)[:, np.newaxis]


@mistake("to_column", "returns nested Python lists (.tolist())",
         advice="Return the numpy array v.reshape(-1, 1) itself; .tolist() gives a list of lists with no shape.")
def column_lists(v):
    return v.reshape(-1, 1).tolist()


@mistake("pairwise_sq_dists", "Y's points on the rows: an (n, m) result instead of (m, n)",
         advice="D[i, j] pairs row i of X with row j of Y, so X gets the new middle axis: X[:, None, :] - Y[None, :, :] "
                "is (m, n, d). Y[:, None, :] - X[None, :, :] gives the transpose, (n, m).")
def dists_transposed(X, Y):
    return ((Y[:, np.newaxis, :] - X[np.newaxis, :, :]) ** 2).sum(axis=2)


@mistake("pairwise_sq_dists", "X - Y without new axes: only works when m == n, and pairs row i with row i",
         advice="X - Y subtracts row i of Y from row i of X, giving m distances (and failing when m != n). For every pair, "
                "broadcast (m, 1, d) against (1, n, d): X[:, None, :] - Y[None, :, :].")
def dists_no_new_axes(X, Y):
    return ((X - Y) ** 2).sum(axis=1)


@mistake("pairwise_sq_dists", "squared the sum of the differences instead of summing the squares",
         advice="Square each coordinate's difference first, then sum: ((X[:, None, :] - Y[None, :, :]) ** 2).sum(axis=2).")
def dists_square_of_sum(X, Y):
    return (X[:, np.newaxis, :] - Y[np.newaxis, :, :]).sum(axis=2) ** 2


@mistake("pairwise_sq_dists", "|x|^2 as a row: the squared norms of X lack their new axis",
         advice="(X**2).sum(axis=1) has shape (m,), which broadcasts as a (1, m) row; it must be an (m, 1) column: "
                "(X**2).sum(axis=1)[:, None] (or keepdims=True), then - 2 * X @ Y.T + (Y**2).sum(axis=1).")
def dists_norms_as_row(X, Y):
    return (X**2).sum(axis=1) - 2 * X @ Y.T + (Y**2).sum(axis=1)


@mistake("pairwise_sq_dists", "cross term X.T @ Y instead of X @ Y.T",
         advice="The dot products of every row of X with every row of Y form X @ Y.T, (m, d) @ (d, n) = (m, n); "
                "X.T @ Y is (d, m) @ (n, d) and only works when m == n.")
def dists_cross_term_transposed(X, Y):
    return (X**2).sum(axis=1)[:, np.newaxis] - 2 * X.T @ Y + (Y**2).sum(axis=1)[np.newaxis, :]


# Not diagnosable: the values are off only by rounding (about -1e-11 where two
# points coincide), far inside the tolerance with which diagnosis tells a wrong
# call from a right one; the property that D is never negative rejects it.
@mistake("pairwise_sq_dists", "the expanded form |x|^2 - 2 x.y + |y|^2 without clipping: tiny negative distances",
         advice="Where two points coincide, |x|^2 + |y|^2 - 2 x.y rounds to about -1e-11 instead of 0. "
                "Clip the result with np.maximum(D, 0.0), or square the differences directly.")
def dists_trick_unclipped(X, Y):
    xx = (X**2).sum(axis=1)[:, np.newaxis]
    yy = (Y**2).sum(axis=1)[np.newaxis, :]
    return xx - 2 * X @ Y.T + yy


@mistake("standardize", "standardised the rows without keepdims: X.mean(axis=1) and X.std(axis=1)",
         advice="axis=1 gives one value per row, shape (m,), which numpy lines up with the columns (an error unless X is square). "
                "Each column needs its own mean and std: X.mean(axis=0) and X.std(axis=0), shape (n,).")
def standardize_rows_no_keepdims(X, eps=1e-8):
    return (X - X.mean(axis=1)) / (X.std(axis=1) + eps)
