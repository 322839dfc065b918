"""Properties of vectorized_gradients (SPEC §6.5).

Domains: n_x 1..8, m 1..32, Y of 0.0/1.0, |w.T @ X + b| <= 20. The inputs
are built so that the bound holds by construction: with |X| <= x_max and
|w| <= z_max / (2 n_x x_max), |b| <= z_max / 2, every |z| <= z_max. For
optimize the bound must also hold at every iterate; the starting point is
built the same way and the few draws whose reference iterates leave the
range are filtered out. predict is never given 0 < |z| < 1e-9, and z == 0
only where every way of computing it gives exactly 0.

The first explicit example of each property (SEED_PROBLEM: n_x = 2, m = 3,
mixed labels, b != 0, and z = [0, -1.5, 1.5]) gives every known mistake a
different answer: Hypothesis stops at the first failing explicit example and
diagnosis then sees only that call.
"""

import functools
import math
from fractions import Fraction

import numpy as np

from graders.kit import _, assume, composite, example, expect, expect_same, given, Mismatch, prop, st, strategies

SEED_PROBLEM = (np.array([[1.0], [-0.5]]), 0.5, np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]]), np.array([[1.0, 0.0, 1.0]]))
# Larger than it is wide, one label only, b = 0: another shape of problem.
TALL_PROBLEM = (np.array([[0.25], [-1.0], [2.0]]), 0.0, np.array([[1.0, 2.0], [0.5, -1.5], [-1.0, 0.75]]), np.array([[0.0, 0.0]]))
PARTS = ("grads", "cost")
EVERYTHING = math.inf  # an absolute tolerance that checks types and shapes only


@functools.lru_cache(maxsize=None)
def arrays(shape: tuple, bound: float):
    """Arrays of ``shape`` with values in [-bound, bound] (built once per shape: building is not free)."""
    return strategies.arrays(shape, min_value=-bound, max_value=bound)


@composite
def logistic_problems(draw, *, max_m=32, x_max=2.0, z_max=20.0):
    """(w, b, X, Y) with |w.T @ X + b| <= z_max by construction."""
    n_x = draw(st.integers(1, 8))
    m = draw(st.integers(1, max_m))
    w = draw(arrays((n_x, 1), z_max / (2 * n_x * x_max)))
    b = draw(strategies.floats(min_value=-z_max / 2, max_value=z_max / 2))
    X = draw(arrays((n_x, m), x_max))
    # The labels as the bits of one integer: one draw, and it shrinks to all 0.0.
    bits = draw(st.integers(0, 2**m - 1))
    Y = ((bits >> np.arange(m).reshape(1, m)) & 1).astype(np.float64)
    return w, b, X, Y


def tolerance(X: np.ndarray) -> dict:
    """Tolerances for gradients and costs.

    Honest implementations differ by rounding: in dw about U * m * max|X| (it
    is a sum over the m examples divided by m, so U * max|X| times a small
    factor), and in the cost relatively, since it is a mean of non-negative
    losses each computed to a relative accuracy of U * e^|z| <= 5e-8 (the
    plain log(1 - A) of a saturated sigmoid; |z| <= 20).
    """
    return {"rtol": 1e-6, "atol": 1e-10 * max(1.0, float(np.abs(X).max()))}


def expect_propagate(got, expected, X):
    expect_same(got, expected, parts=PARTS, **tolerance(X))


# -- propagate ------------------------------------------------------------------
@prop("propagate returns ({'dw': (n_x, 1) array, 'db': float}, cost as a float) with the specified values", function="propagate")
@given(problem=logistic_problems())
@example(problem=SEED_PROBLEM)
@example(problem=TALL_PROBLEM)
def propagate_values(student, reference, problem):
    w, b, X, Y = problem
    expect_propagate(student.propagate(w, b, X, Y), reference.propagate(w, b, X, Y), X)


@prop("duplicating every example (each column of X and Y twice) leaves the gradients and the cost unchanged", function="propagate", law=True)
@given(problem=logistic_problems(max_m=16))
@example(problem=SEED_PROBLEM)
def propagate_duplicates(student, reference, problem):
    w, b, X, Y = problem
    once = student.propagate(w, b, X, Y)
    expect_same(once, reference.propagate(w, b, X, Y), parts=PARTS, atol=EVERYTHING)  # types and shapes
    X2, Y2 = np.hstack([X, X]), np.hstack([Y, Y])
    twice = student.propagate(w, b, X2, Y2)
    try:
        expect_same(twice, once, parts=PARTS, **tolerance(X))
    except Mismatch as exc:
        m = X.shape[1]
        expect(
            False,
            _("duplicating every example (m = {m} -> {doubled}) changed the result: {difference} (expected: the result for the original {m} example(s))").format(
                m=m, doubled=2 * m, difference=exc.summary
            ),
            about=twice,
            got=exc.got,
            expected=exc.expected,
            detail=exc.detail,
            advice=_("The cost and the gradients are averages over the examples, which do not change when each example appears twice; a sum would double. "
                     "Divide by m = X.shape[1], the number of examples (columns)."),
        )


@prop("dw and db are the slopes of propagate's own cost (central differences)", function="propagate", law=True)
@given(problem=logistic_problems(z_max=6.0), signs=st.lists(st.sampled_from([-1.0, 1.0]), min_size=8, max_size=8))
@example(problem=SEED_PROBLEM, signs=[1.0, -1.0] * 4)
def propagate_central_differences(student, reference, problem, signs):
    """Compare (cost(w + h v) - cost(w - h v)) / 2h with v . dw along v = signs, and the same for b.

    The student's own cost is differenced, so this is a property of the
    student's code alone: the gradients must be the derivative of the cost it
    returns. (z stays within 6 here, where the cost is accurate enough for
    the difference quotient; near |z| = 20, log(1 - A) is rounding noise at
    the scale of h.)
    """
    w, b, X, Y = problem
    h = 1e-6
    v = np.array(signs[: w.shape[0]]).reshape(-1, 1)
    got = student.propagate(w, b, X, Y)
    expect_same(got, reference.propagate(w, b, X, Y), parts=PARTS, atol=EVERYTHING)  # types and shapes
    grads = got[0]
    costs = {}
    for name, (wp, bp) in {"w+": (w + h * v, b), "w-": (w - h * v, b), "b+": (w, b + h), "b-": (w, b - h)}.items():
        result = student.propagate(wp, bp, X, Y)
        expect_same(result, reference.propagate(wp, bp, X, Y), parts=PARTS, atol=EVERYTHING)
        costs[name] = float(result[1])
    scale = 1.0 + float(np.abs(X).sum(axis=0).max())  # how fast the cost can change along v
    slope_w = (costs["w+"] - costs["w-"]) / (2 * h)
    along = float((v * grads["dw"]).sum())
    expect(
        abs(slope_w - along) <= 1e-5 * scale,
        _("moving w along v = {v} changes the cost at rate {slope:.6g}, but v . dw = {along:.6g}").format(v=v.ravel().tolist(), slope=slope_w, along=along),
        about=grads,
        got=f"v . dw = {along!r}",
        expected=_("{slope} (central difference of the cost, h = {h})").format(slope=repr(slope_w), h=h),
        advice=_("dw must be the derivative of the cost with respect to w: X @ (A - Y).T / m, with the same 1/m as the cost."),
    )
    slope_b = (costs["b+"] - costs["b-"]) / (2 * h)
    expect(
        abs(slope_b - float(grads["db"])) <= 1e-5 * scale,
        _("moving b changes the cost at rate {slope:.6g}, but db = {db:.6g}").format(slope=slope_b, db=float(grads["db"])),
        about=grads,
        got=f"db = {float(grads['db'])!r}",
        expected=_("{slope} (central difference of the cost, h = {h})").format(slope=repr(slope_b), h=h),
        advice=_("db must be the derivative of the cost with respect to b: np.sum(A - Y) / m, with the same 1/m as the cost."),
    )


# -- optimize ---------------------------------------------------------------------
@composite
def descent_problems(draw, *, max_rate=1.0):
    """(w, b, X, Y, num_iterations, learning_rate), |X| <= 1, |z| <= 8 at the start.

    With |X| <= 1 the cost's curvature is at most (n_x + 1) / 4 <= 2.25, so a
    gradient step magnifies a rounding difference by at most 1.25: honest
    implementations stay within rounding of each other for all 50 iterations.
    """
    w, b, X, Y = draw(logistic_problems(x_max=1.0, z_max=8.0))
    return w, b, X, Y, draw(strategies.run_lengths(short=10, longest=50)), draw(strategies.floats(min_value=1e-4, max_value=max_rate))


def iterates_in_range(reference, w, b, X, Y, num_iterations, learning_rate, z_max=20.0) -> bool:
    """Does |w.T @ X + b| <= z_max hold at every iterate of gradient descent?"""
    for _iteration in range(num_iterations + 1):
        if np.abs(w.T @ X + b).max() > z_max:
            return False
        grads, _cost = reference.propagate(w, b, X, Y)
        w, b = w - learning_rate * grads["dw"], b - learning_rate * grads["db"]
    return True


SEED_DESCENT = (np.zeros((2, 1)), 0.0, SEED_PROBLEM[2], SEED_PROBLEM[3], 3, 0.5)


@prop("optimize returns (params {'w': w, 'b': b} after the last step, the grads of the last iteration, the list of costs, one per iteration)", function="optimize", advice="optimize calls your propagate: when propagate's properties fail, fix propagate first.")
@given(problem=descent_problems())
@example(problem=SEED_DESCENT)
@example(problem=(SEED_PROBLEM[0], -1.0, SEED_PROBLEM[2], SEED_PROBLEM[3], 1, 0.1))
def optimize_values(student, reference, problem):
    w, b, X, Y, num_iterations, learning_rate = problem
    assume(iterates_in_range(reference, w, b, X, Y, num_iterations, learning_rate))
    got = student.optimize(w, b, X, Y, num_iterations, learning_rate)
    expected = reference.optimize(w, b, X, Y, num_iterations, learning_rate)
    expect_same(got, expected, parts=("params", "grads", "costs"), **tolerance(X))


@prop("with a small learning rate (<= 0.1) the cost never goes up from one iteration to the next", function="optimize", advice="optimize calls your propagate: when propagate's properties fail, fix propagate first.", law=True)
@given(problem=descent_problems(max_rate=0.1))
@example(problem=SEED_DESCENT[:5] + (0.1,))
def optimize_descends(student, reference, problem):
    """Gradient descent with a step below 1 / (curvature) always lowers the cost."""
    w, b, X, Y, num_iterations, learning_rate = problem
    assume(iterates_in_range(reference, w, b, X, Y, num_iterations, learning_rate))
    got = student.optimize(w, b, X, Y, num_iterations, learning_rate)
    expect_same(got, reference.optimize(w, b, X, Y, num_iterations, learning_rate), parts=("params", "grads", "costs"), atol=EVERYTHING)
    costs = [float(c) for c in got[2]]
    rises = [k for k in range(1, len(costs)) if costs[k] > costs[k - 1] + 1e-12 * (1 + abs(costs[k - 1]))]
    if rises:
        k = rises[0]
        expect(
            False,
            _("the cost went up from {before} (iteration {previous}) to {after} (iteration {iteration}) with learning rate {learning_rate}").format(
                before=repr(costs[k - 1]), previous=k - 1, after=repr(costs[k]), iteration=k, learning_rate=repr(learning_rate)
            ),
            about=got,
            got=repr(costs[: k + 1]),
            expected=_("costs[k] <= costs[k - 1] for every k"),
            advice=_("Step downhill, against the gradient: w = w - learning_rate * dw and b = b - learning_rate * db."),
        )


# -- predict ------------------------------------------------------------------------
def exactly(total_terms: list[float]) -> bool:
    """Is the sum of these floats 0 however it is computed?

    True when the exact sum is 0 and every partial sum, in any order, is
    exactly representable: all terms are multiples of one power of two 2**-k
    and the sum of their sizes stays below 2**53 * 2**-k.
    """
    fractions = [Fraction(t) for t in total_terms]
    if sum(fractions) != 0:
        return False
    k = max(f.denominator.bit_length() - 1 for f in fractions)  # denominators are powers of two
    return sum(abs(f) for f in fractions) * 2**k < 2**53


def signs_are_clear(w, b, X) -> bool:
    """No column has 0 < |z| < 1e-9, and z == 0 only where it is exactly 0 in any order."""
    z = (w.T @ X + b).ravel()
    for j, zj in enumerate(z):
        if abs(zj) >= 1e-9:
            continue
        products = w[:, 0] * X[:, j]
        exact = all(Fraction(float(p)) == Fraction(float(wi)) * Fraction(float(xi)) for p, wi, xi in zip(products, w[:, 0], X[:, j]))
        if not (exact and exactly([*map(float, products), float(b)])):
            return False
    return True


@prop("predict returns a (1, m) float64 array: 1.0 where sigmoid(w.T @ X + b) > 0.5, else 0.0 (0.0 at exactly 0.5)", function="predict")
@given(problem=logistic_problems())
@example(problem=SEED_PROBLEM)
@example(problem=(np.zeros((2, 1)), 0.0, SEED_PROBLEM[2], SEED_PROBLEM[3]))
def predict_values(student, reference, problem):
    w, b, X, _labels = problem
    assume(signs_are_clear(w, b, X))
    expect_same(student.predict(w, b, X), reference.predict(w, b, X), atol=0.0, rtol=0.0)
