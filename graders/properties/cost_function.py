"""Properties of cost_function (SPEC §6.4): mse, binary cross-entropy, and the logits version.

Every function returns a scalar (SPEC §5): expect_scalar accepts a float, an
np.float64 or a 0-d float64 array, and rejects a (1, 1) or (1,) array with a
message that says how to fix it.

Tolerances: a relative 1e-9 plus an absolute term scaled to the magnitudes
involved. A mean of float64 terms is accurate to about 1e-15 relative, except
where a sound formula subtracts large numbers (softplus(z) - y*z at z ~ 1e4,
log(1 + x) in place of log1p(x)): there the error is a few ulps of the
largest input, hence an absolute tolerance of 1e-12 times max|Z| (or max|y|**2
for mse). Every real mistake misses by many orders of magnitude more.
"""

import numpy as np

from graders.engine import show
from graders.engine.compare import is_scalar
from graders.kit import _, composite, example, expect, expect_scalar, given, hnp, prop, st, strategies

# -- domains (SPEC §6.4) -----------------------------------------------------------
columns = strategies.sizes(min_value=1, max_value=64)
mse_shapes = strategies.shapes(min_dims=1, max_dims=3, min_side=1, max_side=8)
PROBABILITY = (1e-6, 1 - 1e-6)


def labels(m):
    return hnp.arrays(np.float64, (1, m), elements=st.sampled_from([0.0, 1.0]))


@composite
def regression_pairs(draw, *, min_value=-100.0, max_value=100.0):
    """(y_pred, y) of one shape with 1 to 3 dimensions."""
    shape = draw(mse_shapes)
    return (draw(strategies.arrays(shape, min_value=min_value, max_value=max_value)),
            draw(strategies.arrays(shape, min_value=min_value, max_value=max_value)))


@composite
def probabilities(draw, *, max_m=64):
    """(A, Y) of shape (1, m): probabilities in [1e-6, 1 - 1e-6] and 0/1 labels."""
    m = draw(strategies.sizes(min_value=1, max_value=max_m))
    A = draw(strategies.arrays((1, m), min_value=PROBABILITY[0], max_value=PROBABILITY[1]))
    return A, draw(labels(m))


@composite
def logits(draw, *, bound):
    """(Z, Y) of shape (1, m): logits with |Z| <= bound and 0/1 labels."""
    m = draw(columns)
    return draw(strategies.arrays((1, m), min_value=-bound, max_value=bound)), draw(labels(m))


def mse_atol(*arrays):
    return 1e-12 * max(1.0, *(float(np.max(np.abs(a))) for a in arrays)) ** 2


def logits_atol(Z):
    return 1e-12 * max(1.0, float(np.max(np.abs(Z))))


def number(got, function):
    """The student's scalar as a float, after checking its type (for properties without a reference)."""
    expect(
        is_scalar(got),
        _("{function} returned {type}; expected a float").format(function=function, type=show.type_name(got)),
        about=got,
        advice=_("Return a plain number: wrap the result as float(...) (np.squeeze(...) or .item() also work)."),
        problem="type",
    )
    return float(got)


LOGITS_ADVICE = (
    "Do not go through sigmoid and log: sigmoid(-1e4) is 0.0 and log(0.0) is -inf, and np.exp(1e4) overflows. "
    "One example costs softplus(z) - y * z, where softplus(z) = log(1 + e^z) = np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))) "
    "(or np.logaddexp(0, z)); the cost is the mean of that."
)


# -- mse -------------------------------------------------------------------------------
@prop("mse(y_pred, y) is the mean of (y_pred - y) ** 2 over all elements, as a float", function="mse")
@given(pair=regression_pairs())
@example(pair=(np.zeros(4), np.array([-2.0, 1.0, 4.0, 7.0])))  # fitting y = 3x - 2 from a = b = 0
@example(pair=(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), np.array([[1.5, 2.0, 2.0], [4.0, 3.0, 6.0]])))
def mse_values(student, reference, pair):
    y_pred, y = pair
    expect_scalar(student.mse(y_pred, y), reference.mse(y_pred, y), rtol=1e-9, atol=mse_atol(y_pred, y))


# -- binary cross-entropy ------------------------------------------------------------------
@prop("binary_cross_entropy(A, Y) is -(1/m) * sum(Y log A + (1 - Y) log(1 - A)), as a float", function="binary_cross_entropy")
@given(case=probabilities())
@example(case=(np.array([[0.9, 0.2, 0.6]]), np.array([[1.0, 0.0, 1.0]])))
def bce_values(student, reference, case):
    A, Y = case
    expect_scalar(student.binary_cross_entropy(A, Y), reference.binary_cross_entropy(A, Y), rtol=1e-9, atol=1e-12)


@prop("binary_cross_entropy is a mean: every example twice gives the same cost", function="binary_cross_entropy", law=True)
@given(case=probabilities(max_m=32))
@example(case=(np.array([[0.9, 0.2, 0.6]]), np.array([[1.0, 0.0, 1.0]])))
def bce_is_a_mean(student, reference, case):
    A, Y = case
    once = number(student.binary_cross_entropy(A, Y), "binary_cross_entropy")
    twice = number(student.binary_cross_entropy(np.hstack([A, A]), np.hstack([Y, Y])), "binary_cross_entropy")
    expect(abs(twice - once) <= 1e-9 * abs(once) + 1e-12,
           _("the cost of {doubled} examples (the {m} examples twice) is {twice}, but the cost of the {m} examples is {once}").format(
               doubled=2 * A.shape[1], m=A.shape[1], twice=repr(twice), once=repr(once)),
           about=twice, got=repr(twice), expected=repr(once), problem="values",
           advice=_("The cost is the mean loss: multiply the sum by 1/m with m = Y.shape[1], the number of columns."))


# -- binary cross-entropy with logits --------------------------------------------------------
@prop("binary_cross_entropy_with_logits(Z, Y) is the cross-entropy of sigmoid(Z), for |Z| up to 30",
      function="binary_cross_entropy_with_logits", advice=LOGITS_ADVICE)
@given(case=logits(bound=30.0))
@example(case=(np.array([[2.0, -1.0, 0.0]]), np.array([[1.0, 0.0, 1.0]])))
@example(case=(np.array([[25.0, -20.0, 18.0]]), np.array([[0.0, 1.0, 1.0]])))
def logits_values(student, reference, case):
    Z, Y = case
    got = student.binary_cross_entropy_with_logits(Z, Y)
    expect_scalar(got, reference.binary_cross_entropy_with_logits(Z, Y), rtol=1e-9, atol=logits_atol(Z))


@prop("binary_cross_entropy_with_logits stays finite, accurate and warning-free for |Z| up to 1e4",
      function="binary_cross_entropy_with_logits", advice=LOGITS_ADVICE, no_warnings=True)
@given(case=logits(bound=1e4))
# Each example tells two overflow mistakes apart: log(sigmoid(-1e4)) is log(0) = -inf,
# while np.log(1 + np.exp(Z)) only overflows for large positive Z.
@example(case=(np.array([[-1e4, 0.0]]), np.array([[1.0, 0.0]])))
@example(case=(np.array([[1e4, 0.0]]), np.array([[1.0, 0.0]])))
@example(case=(np.array([[1e4, -1e4, 800.0, -800.0, 40.0, -40.0]]), np.array([[0.0, 1.0, 1.0, 0.0, 0.0, 1.0]])))
def logits_extremes(student, reference, case):
    Z, Y = case
    # First the same examples pulled in to where even log(sigmoid(Z)) and
    # np.log(1 + np.exp(Z)) are finite (|Z| <= 700, and Z <= 30 where Y = 0).
    # A student who is wrong there as well is not "only overflowing", which
    # keeps diagnosis from naming an overflow mistake for a finite wrong cost.
    tame = np.where(Y == 1, np.clip(Z, -700.0, 700.0), np.clip(Z, -700.0, 30.0))
    for logits_ in (tame, Z):
        got = student.binary_cross_entropy_with_logits(logits_, Y)
        expect_scalar(got, reference.binary_cross_entropy_with_logits(logits_, Y), rtol=1e-9, atol=logits_atol(logits_))
