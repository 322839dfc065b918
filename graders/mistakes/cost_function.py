"""Known mistakes in cost_function, each one function rewritten the wrong way.

Used twice: diagnosis names them in feedback, and the test suite proves every
one is rejected by the graders. Within a function, more specific mistakes
come first (diagnosis names the first one that reproduces every wrong call).
The two mistakes that return inf come last: graders.engine.compare treats a
finite result as close to an expected inf, so placed earlier they would be
named for any finite wrong cost.
"""

import numpy as np

from graders.engine.variants import mistake


# -- mse ---------------------------------------------------------------------------
@mistake("mse", "sum of squares instead of their mean",
         advice="Divide by the number of elements: np.mean((y_pred - y) ** 2), or the sum divided by y.size.")
def mse_sum(y_pred, y):
    return float(np.sum((y_pred - y) ** 2))


@mistake("mse", "half the mean squared error (the 1/2 that makes the derivative tidy)",
         advice="This exercise's mse has no factor 1/2: np.mean((y_pred - y) ** 2).")
def mse_half(y_pred, y):
    return float(0.5 * np.mean((y_pred - y) ** 2))


@mistake("mse", "root mean squared error (a square root at the end)",
         advice="No square root: the mean squared error is np.mean((y_pred - y) ** 2) itself.")
def mse_root(y_pred, y):
    return float(np.sqrt(np.mean((y_pred - y) ** 2)))


@mistake("mse", "mean absolute error: np.abs instead of the square",
         advice="Square the differences: (y_pred - y) ** 2, not np.abs(y_pred - y).")
def mse_absolute(y_pred, y):
    return float(np.mean(np.abs(y_pred - y)))


@mistake("mse", "mean of the differences, never squared",
         advice="Square each difference before averaging, or positive and negative errors cancel: np.mean((y_pred - y) ** 2).")
def mse_no_square(y_pred, y):
    return float(np.mean(y_pred - y))


@mistake("mse", "divides by len(y), the number of rows, instead of the number of elements",
         advice="len(y) counts only the first dimension; the mean over all elements divides by y.size (or use np.mean).")
def mse_len(y_pred, y):
    return float(np.sum((y_pred - y) ** 2) / len(y))


@mistake("mse", "averages over axis 0 only, so a matrix gives an array",
         advice="The mean is over all elements: np.mean(...) with no axis argument returns one number.")
def mse_axis0(y_pred, y):
    return np.mean((y_pred - y) ** 2, axis=0)


@mistake("mse", "y_pred -= y changes the caller's y_pred", diagnose=False,
         advice="y_pred -= y writes into the caller's array; diff = y_pred - y makes a new one.")
def mse_in_place(y_pred, y):
    y_pred -= y
    return float(np.mean(y_pred ** 2))


# -- binary_cross_entropy --------------------------------------------------------------
@mistake("binary_cross_entropy", "a (1, 1) array: np.dot of (1, m) rows keeps both dimensions",
         advice="Y @ np.log(A).T has shape (1, 1); return a number: float(cost) or np.squeeze(cost).")
def bce_one_by_one(A, Y):
    m = Y.shape[1]
    return -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m


@mistake("binary_cross_entropy", "a (1,) array: a sum or mean over axis=1 keeps one entry per row",
         advice="Sum over everything (np.sum with no axis) or convert: float(cost). A (1,) array is not a number.")
def bce_axis1(A, Y):
    m = Y.shape[1]
    return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1) / m


@mistake("binary_cross_entropy", "the sum of the losses instead of their mean (no 1/m, or m = len(Y), which is 1)",
         advice="Multiply by 1/m with m = Y.shape[1] (the number of columns); len(Y) is 1 for a (1, m) array.")
def bce_no_mean(A, Y):
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


@mistake("binary_cross_entropy", "missing minus sign (the cost comes out negative)",
         advice="log of a probability is negative, so the cost needs the leading minus: -(1/m) * sum(...).")
def bce_no_minus(A, Y):
    m = Y.shape[1]
    return float(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


@mistake("binary_cross_entropy", "only the Y * log(A) term; the (1 - Y) * log(1 - A) term is missing",
         advice="Examples with label 0 cost -log(1 - A): add (1 - Y) * np.log(1 - A) inside the sum.")
def bce_positive_term_only(A, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A)) / m)


@mistake("binary_cross_entropy", "log(A) in both terms: (1 - Y) * log(A) instead of (1 - Y) * log(1 - A)",
         advice="The second term is the log of the probability of label 0: (1 - Y) * np.log(1 - A).")
def bce_log_a_twice(A, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(A)) / m)


# -- binary_cross_entropy_with_logits -------------------------------------------------------
@mistake("binary_cross_entropy_with_logits", "clips sigmoid(Z) to [1e-7, 1 - 1e-7], which caps every loss at about 16",
         advice="Clipping hides the -inf but changes the answer for |Z| > 16 (the true loss keeps growing like |Z|). "
                "Use the exact form: np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z))).")
def logits_clipped(Z, Y):
    A = np.clip(1 / (1 + np.exp(-Z)), 1e-7, 1 - 1e-7)
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


@mistake("binary_cross_entropy_with_logits", "sign error: + Y * Z instead of - Y * Z",
         advice="One example costs softplus(z) - y * z: a confident correct logit (large z with y = 1) must cost almost nothing.")
def logits_sign_error(Z, Y):
    return float(np.mean(np.maximum(Z, 0) + Y * Z + np.log1p(np.exp(-np.abs(Z)))))


@mistake("binary_cross_entropy_with_logits", "drops the max(Z, 0) part of softplus",
         advice="log(1 + e^z) = max(z, 0) + log1p(e^-|z|): without np.maximum(Z, 0) the formula is only right for z <= 0.")
def logits_no_max(Z, Y):
    return float(np.mean(-Y * Z + np.log1p(np.exp(-np.abs(Z)))))


@mistake("binary_cross_entropy_with_logits", "sum of the losses instead of their mean",
         advice="The cost is the mean over the m examples: np.mean(losses), or the sum divided by Z.shape[1].")
def logits_sum(Z, Y):
    return float(np.sum(np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))))


@mistake("binary_cross_entropy_with_logits", "goes through log(sigmoid(Z)): it loses digits for large |Z| and is log(0) = -inf for very negative Z",
         advice="sigmoid(z) rounds to 1.0 or 0.0 for large |z|, so its log loses digits (or is -inf). Skip sigmoid and log: one example costs "
                "np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z))).")
def logits_via_sigmoid(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


@mistake("binary_cross_entropy_with_logits", "softplus as np.log(1 + np.exp(Z)), which overflows for Z > 709",
         advice="np.exp(Z) is inf for Z > 709. Write softplus(Z) = np.maximum(Z, 0) + np.log1p(np.exp(-np.abs(Z))), "
                "or np.logaddexp(0, Z).")
def logits_softplus_overflow(Z, Y):
    return float(np.mean(np.log(1 + np.exp(Z)) - Y * Z))


# -- more mistakes seen in the user study ------------------------------------------
# After the two overflow mistakes above: logits_no_abs can return inf too (for
# Z < -709), but it is also wrong, and finite, for every moderate negative Z,
# so it only reproduces a student whose finite wrong costs match it as well.
@mistake("mse", "square of the mean error, np.mean(err) ** 2, instead of the mean of the squares",
         advice="Square first, then average: np.mean((y_pred - y) ** 2). np.mean(y_pred - y) ** 2 lets positive and negative errors cancel before squaring.")
def mse_square_of_mean(y_pred, y):
    return float(np.mean(y_pred - y) ** 2)


@mistake("mse", "floor division: np.sum(err ** 2) // y.size",
         advice="// rounds the mean down to a whole number; use true division / (or np.mean).")
def mse_floor_division(y_pred, y):
    return float(np.sum((y_pred - y) ** 2) // y.size)


@mistake("mse", "difference of the squares, y_pred ** 2 - y ** 2, instead of the square of the difference",
         advice="The error of one element is y_pred - y; square that: np.mean((y_pred - y) ** 2).")
def mse_difference_of_squares(y_pred, y):
    return float(np.mean(y_pred**2 - y**2))


@mistake("mse", "np.dot(err, err.T): the sum of squares only for 1-d arrays",
         advice="For a 2-d err, np.dot(err, err.T) is a matrix of row products, not a number. Square elementwise and average over all elements: np.mean(err ** 2).")
def mse_dot(y_pred, y):
    err = y_pred - y
    return np.dot(err, err.T) / err.size


@mistake("mse", "Python's sum() adds up only the first axis",
         advice="The built-in sum() adds the rows of a 2-d array and returns an array. Use np.sum(...) / y.size or np.mean(...), which reduce over all elements.")
def mse_builtin_sum(y_pred, y):
    return sum((y_pred - y) ** 2) / y.size


# The cost is off by only ~3e-8 relative: diagnosis counts a call as wrong from
# 1e-10 relative on, so this is named although it is close to the answer.
@mistake("binary_cross_entropy", "np.log(A + 1e-8): eps added inside the logs",
         advice="A is already strictly between 0 and 1 here, so no eps is needed, and + 1e-8 changes every loss slightly. "
                "Use np.log(A) and np.log(1 - A) as they are.")
def bce_log_eps(A, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A + 1e-8) + (1 - Y) * np.log(1 - A + 1e-8)) / m)


@mistake("binary_cross_entropy", "integer division -(1 // m): zero for every m > 1",
         advice="1 // m is floor division, which is 0 as soon as m > 1. Write -(1 / m) (or divide the sum by m).")
def bce_floor_division(A, Y):
    m = Y.shape[1]
    return float(-(1 // m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


@mistake("binary_cross_entropy", "np.dot(Y, np.log(A)) without .T: (1, m) times (1, m)",
         advice="np.dot of two (1, m) rows fails for m > 1 (and gives a (1, 1) array for m = 1). Transpose the second one, "
                "np.dot(Y, np.log(A).T), and return float(...); or use np.sum(Y * np.log(A) + ...).")
def bce_dot_no_transpose(A, Y):
    m = Y.shape[1]
    return -(np.dot(Y, np.log(A)) + np.dot(1 - Y, np.log(1 - A))) / m


@mistake("binary_cross_entropy", "np.log10 instead of the natural log np.log",
         advice="The cross-entropy uses the natural logarithm: np.log, not np.log10.")
def bce_log10(A, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log10(A) + (1 - Y) * np.log10(1 - A)) / m)


@mistake("binary_cross_entropy", "the sum closes too early: (1 - Y) * log(1 - A) is added outside np.sum",
         advice="Both terms go inside the sum: -(1/m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)). "
                "Outside it, the second term stays a (1, m) array.")
def bce_sum_closes_early(A, Y):
    m = Y.shape[1]
    return -(1 / m) * np.sum(Y * np.log(A)) + (1 - Y) * np.log(1 - A)


@mistake("binary_cross_entropy", "A and Y swapped: log of the labels",
         advice="The logs are taken of the predictions A, weighted by the labels Y: Y * np.log(A) + (1 - Y) * np.log(1 - A).")
def bce_swapped(A, Y):
    m = Y.shape[1]
    return float(-np.sum(A * np.log(Y) + (1 - A) * np.log(1 - Y)) / m)


@mistake("binary_cross_entropy_with_logits", "np.exp(-Z) instead of np.exp(-np.abs(Z)) in the stable softplus",
         advice="max(z, 0) + log1p(e^-|z|) needs the absolute value: with np.exp(-Z) the formula is wrong for every negative z "
                "(and overflows below -709). Write np.log1p(np.exp(-np.abs(Z))).")
def logits_no_abs(Z, Y):
    return float(np.mean(np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-Z))))


@mistake("binary_cross_entropy_with_logits", "np.max(Z, 0) instead of np.maximum(Z, 0)",
         advice="np.max(Z, 0) is the maximum along axis 0, which for a (1, m) Z is just Z; the elementwise max(z, 0) is np.maximum(Z, 0).")
def logits_np_max(Z, Y):
    return float(np.mean(np.max(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))))


@mistake("binary_cross_entropy_with_logits", "log(sigmoid(Z) + 1e-8): eps inside the logs caps every loss at about 18.4",
         advice="An eps hides the -inf but changes every loss (and caps it at -log(1e-8) = 18.4). Skip sigmoid and log altogether: "
                "np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z))).")
def logits_log_eps(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return float(-np.mean(Y * np.log(A + 1e-8) + (1 - Y) * np.log(1 - A + 1e-8)))


@mistake("binary_cross_entropy_with_logits", "labels swapped: - (1 - Y) * Z instead of - Y * Z",
         advice="One example costs softplus(z) - y * z: the term subtracted is y * z, so a large z is cheap when y = 1.")
def logits_labels_swapped(Z, Y):
    return float(np.mean(np.maximum(Z, 0) - (1 - Y) * Z + np.log1p(np.exp(-np.abs(Z)))))


@mistake("mse", "computed in float32 (a float32 result)",
         advice="Keep numpy's default float64: do not cast to np.float32 (float32 keeps only about 7 digits).")
def mse_float32(y_pred, y):
    err = y_pred.astype(np.float32) - y.astype(np.float32)
    return np.mean(err**2)


@mistake("binary_cross_entropy", "the two logs swapped: Y * log(1 - A) + (1 - Y) * log(A)",
         advice="A label y = 1 should cost -log(a) (cheap when a is near 1): the cost is -(Y * log(A) + (1 - Y) * log(1 - A)), mean over the examples.")
def bce_logs_swapped(A, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(1 - A) + (1 - Y) * np.log(A)) / m)


@mistake("binary_cross_entropy_with_logits", "sigmoid, then A clipped to [1e-15, 1 - 1e-15] before the logs: finite, but wrong for large |Z|",
         advice="Clipping only hides the overflow: beyond |z| of about 35, sigmoid(z) rounds to 0 or 1 and the clip changes the loss. "
                "Work with Z itself: np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z))).")
def logits_clipped_sigmoid(Z, Y):
    A = np.clip(1 / (1 + np.exp(-Z)), 1e-15, 1 - 1e-15)
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
