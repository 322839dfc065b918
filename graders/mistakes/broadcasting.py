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
@mistake("to_column", "np.atleast_2d(v).T: right for (n,) and (1, n), but turns an (n, 1) column into a row",
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


@mistake("pairwise_sq_dists", "|x|^2 + 2 x.y + |y|^2: the sign of the cross term is wrong",
         advice="(x - y)^2 = x^2 - 2xy + y^2: subtract 2 * X @ Y.T.")
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
