"""Properties of hidden_layer: a 2-layer network (tanh hidden layer, sigmoid output).

Domains (the docstrings of solutions/hidden_layer.py): n_x 1..3, n_h 1..4,
m 1..8; X, W1 and b1 with entries in [-2, 2]; W2's entries within
z_max / (2 n_h) and b2 within z_max / 2, so that |Z2| <= z_max by
construction (|A1| <= 1), with z_max = 10. train's iterates must stay within
|Z2| <= 15 as well: the few draws whose reference iterates leave that range
are filtered out. cost is drawn on its own: m 1..16, A2 in [1e-6, 1 - 1e-6].

Tolerances: every sound float64 implementation (@, np.dot, einsum; tanh by
np.tanh or from exponentials; tanh's slope from A1 or from Z1; 1/m applied
early or late; log or log1p) is within ~1e-14 of the reference in forward,
cost and backward, so the default comparison (rtol 1e-7, atol 1e-9 scaled to
the values) holds. train runs up to 20 iterations at rates up to 2; over
3000 random draws, an implementation with every one of those differences
stayed within 1e-3 of that tolerance (rounding is not amplified at these
sizes). gradient_check returns a ratio of norms of finite differences, whose
rounding noise is about U * J / epsilon per entry: its values are compared
with epsilon >= 1e-4 only, and its laws use epsilon = 1e-3.

The first explicit example of each property (the network of the stub's
docstring examples on the four XOR points: n_x = 2, n_h = 3, m = 4, all
different, so every transposed product has its own shape) gives every known
mistake a different answer: Hypothesis stops at the first failing explicit
example and diagnosis then sees only that call.
"""

import functools

import numpy as np

from graders.kit import _, assume, composite, example, expect, expect_same, given, prop, st, strategies

Z_MAX = 10.0  # |Z2| at the drawn params
Z_TRAIN = 15.0  # |Z2| at every iterate of train
EVERYTHING = np.inf  # an absolute tolerance that checks types and shapes only
KEYS = ("W1", "b1", "W2", "b2")
# The gradients every property hands a student are in the order backpropagation finds
# them, layer 2 first: a backward may build its dict in any order, and code that pairs
# grads with params by position (zip(params.values(), grads.values())) instead of by
# key is then caught, as it would break on such a backward.
BACKPROP_ORDER = ("dW2", "db2", "dW1", "db1")


def in_backprop_order(grads: dict) -> dict:
    return {k: grads[k] for k in BACKPROP_ORDER}


XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])
SEED_PARAMS = {
    "W1": np.array([[1.0, -2.0], [-1.5, 1.0], [0.5, 0.5]]),
    "b1": np.array([[0.5], [0.0], [-1.0]]),
    "W2": np.array([[1.0, 2.0, -1.0]]),
    "b2": np.array([[0.5]]),
}
SEED = (XOR_X, XOR_Y, SEED_PARAMS)
# One hidden unit, one feature, a single example with label 1: the smallest network.
TINY = (np.array([[1.5]]), np.array([[1.0]]), {"W1": np.array([[-0.5]]), "b1": np.array([[0.25]]), "W2": np.array([[2.0]]), "b2": np.array([[-1.0]])})


@functools.lru_cache(maxsize=None)
def arrays(shape: tuple, bound: float):
    """Arrays of ``shape`` with values in [-bound, bound] (built once per shape: building is not free)."""
    return strategies.arrays(shape, min_value=-bound, max_value=bound)


@composite
def problems(draw, *, max_m=8, z_max=Z_MAX):
    """(X, Y, params) with |Z2| <= z_max by construction."""
    n_x, n_h, m = draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, max_m))
    X = draw(arrays((n_x, m), 2.0))
    params = {
        "W1": draw(arrays((n_h, n_x), 2.0)),
        "b1": draw(arrays((n_h, 1), 2.0)),
        "W2": draw(arrays((1, n_h), z_max / (2 * n_h))),
        "b2": draw(arrays((1, 1), z_max / 2)),
    }
    # The labels as the bits of one integer: one draw, and it shrinks to all 0.0.
    bits = draw(st.integers(0, 2**m - 1))
    Y = ((bits >> np.arange(m).reshape(1, m)) & 1).astype(np.float64)
    return X, Y, params


def norm(grads: dict) -> float:
    return float(np.sqrt(sum(float(np.sum(g**2)) for g in grads.values())))


# -- forward ----------------------------------------------------------------------
@prop("forward returns (A2 of shape (1, m), cache {'Z1', 'A1', 'Z2', 'A2'}) with the specified values", function="forward",
      advice="Follow the module docstring line by line: Z1 = W1 @ X + b1, A1 = np.tanh(Z1), Z2 = W2 @ A1 + b2, A2 = sigmoid(Z2), "
      "and return A2 with the cache {'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}.")
@given(problem=problems())
@example(problem=SEED)
@example(problem=TINY)
def forward_values(student, reference, problem):
    X, _labels, params = problem
    expect_same(student.forward(X, params), reference.forward(X, params), parts=("A2", "cache"))


@prop("reordering the hidden units (the rows of W1 and b1 and the columns of W2 alike) leaves A2 unchanged", function="forward", law=True)
@given(problem=problems(), seed=st.integers(0, 2**16))
@example(problem=SEED, seed=0)
def forward_hidden_units_interchangeable(student, reference, problem, seed):
    """The hidden units are interchangeable: the network computes a sum over them."""
    X, _labels, params = problem
    n_h = params["W1"].shape[0]
    order = np.random.default_rng(seed).permutation(n_h)
    if n_h > 1 and np.array_equal(order, np.arange(n_h)):
        order = np.roll(order, 1)
    shuffled = {"W1": params["W1"][order], "b1": params["b1"][order], "W2": params["W2"][:, order], "b2": params["b2"]}
    got = student.forward(X, params)
    expect_same(got, reference.forward(X, params), parts=("A2", "cache"), atol=EVERYTHING)  # types and shapes
    again = student.forward(X, shuffled)
    expect_same(again, reference.forward(X, shuffled), parts=("A2", "cache"), atol=EVERYTHING)
    a2, b2 = np.asarray(got[0]), np.asarray(again[0])
    expect(
        bool(np.allclose(a2, b2, rtol=1e-9, atol=1e-12)),
        _("A2 changed when the hidden units were put in the order {order}").format(order=order.tolist()),
        about=again,
        got=_("A2 = {reordered} (reordered), {original} (original)").format(
            reordered=np.array2string(b2, precision=6), original=np.array2string(a2, precision=6)
        ),
        expected=_("the same A2: each hidden unit's contribution W2[0, j] * A1[j] is added up, in any order"),
        advice=_("Each hidden unit j is row j of W1 and b1 and column j of W2; Z2 = W2 @ A1 + b2 adds up their contributions. "
                 "Keep every product in that form (W1 @ X + b1, W2 @ A1 + b2) and do not mix rows and columns."),
    )


# -- cost -------------------------------------------------------------------------------
@composite
def predictions(draw, *, max_m=16):
    """(A2, Y): A2 of shape (1, m) in [1e-6, 1 - 1e-6], Y of 0.0/1.0."""
    m = draw(st.integers(1, max_m))
    A2 = draw(strategies.arrays((1, m), min_value=1e-6, max_value=1 - 1e-6))
    bits = draw(st.integers(0, 2**m - 1))
    return A2, ((bits >> np.arange(m).reshape(1, m)) & 1).astype(np.float64)


SEED_COST = (np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]]))


@prop("cost returns the cross-entropy -(1/m) * sum(Y log A2 + (1 - Y) log(1 - A2)) as a float", function="cost",
      advice="With m = Y.shape[1]: float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m).")
@given(pair=predictions())
@example(pair=SEED_COST)
@example(pair=(np.array([[0.25]]), np.array([[0.0]])))
def cost_values(student, reference, pair):
    A2, Y = pair
    expect_same(student.cost(A2, Y), reference.cost(A2, Y))


@prop("duplicating every example (A2 and Y side by side with themselves) leaves the cost unchanged", function="cost", law=True)
@given(pair=predictions(max_m=8))
@example(pair=SEED_COST)
def cost_duplicates(student, reference, pair):
    A2, Y = pair
    once = student.cost(A2, Y)
    expect_same(once, reference.cost(A2, Y), atol=EVERYTHING)  # the type
    twice = student.cost(np.hstack([A2, A2]), np.hstack([Y, Y]))
    expect_same(twice, reference.cost(np.hstack([A2, A2]), np.hstack([Y, Y])), atol=EVERYTHING)
    m = A2.shape[1]
    expect(
        abs(float(twice) - float(once)) <= 1e-9 * max(1.0, abs(float(once))),
        _("duplicating every example (m = {m} -> {doubled}) changed the cost from {once} to {twice}").format(
            m=m, doubled=2 * m, once=repr(float(once)), twice=repr(float(twice))
        ),
        about=twice,
        got=repr(float(twice)),
        expected=_("{once}, the cost of the original {m} example(s)").format(once=repr(float(once)), m=m),
        advice=_("The cost is the average loss over the m examples, which does not change when each example appears twice; a sum doubles. "
                 "Divide by m = Y.shape[1], the number of columns (len(Y) is 1 for a (1, m) row)."),
    )


# -- backward ------------------------------------------------------------------------------
@prop("backward returns {'dW1', 'db1', 'dW2', 'db2'}, each of its parameter's shape, with the specified values", function="backward",
      advice="Go backwards one line at a time and check each shape: dZ2 = A2 - Y (1, m); dW2 = dZ2 @ A1.T / m (1, n_h); "
      "db2 = np.sum(dZ2, axis=1, keepdims=True) / m (1, 1); dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2) (n_h, m); "
      "dW1 = dZ1 @ X.T / m (n_h, n_x); db1 = np.sum(dZ1, axis=1, keepdims=True) / m (n_h, 1).")
@given(problem=problems())
@example(problem=SEED)
@example(problem=TINY)
def backward_values(student, reference, problem):
    X, Y, params = problem
    cache = reference.forward(X, params)[1]
    expect_same(student.backward(params, cache, X, Y), reference.backward(params, cache, X, Y))


@prop("the gradients are the slopes of your own cost (central differences along a random direction)", function="backward",
      advice="This check moves the parameters a tiny step and differences your forward and cost: when their properties fail, fix them first.", law=True)
@given(problem=problems(z_max=6.0), seed=st.integers(0, 2**16))
@example(problem=SEED, seed=1)
def backward_central_differences(student, reference, problem, seed):
    """(J(p + h v) - J(p - h v)) / 2h must equal the sum of v * grads, for a direction v.

    The student's own forward and cost are differenced: the gradients must be
    the derivative of the cost the student computes. (|Z2| <= 6 here, where
    the cost is accurate enough for the difference quotient.)
    """
    X, Y, params = problem
    rng = np.random.default_rng(seed)
    v = {k: rng.choice([-1.0, 1.0], size=params[k].shape) for k in KEYS}
    h = 1e-6
    cache = reference.forward(X, params)[1]
    grads = student.backward(params, cache, X, Y)
    expect_same(grads, reference.backward(params, cache, X, Y), atol=EVERYTHING)  # keys, types and shapes
    costs = {}
    for sign in (1.0, -1.0):
        moved = {k: params[k] + sign * h * v[k] for k in KEYS}
        expected = reference.forward(X, moved)
        result = student.forward(X, moved)
        expect_same(result, expected, parts=("A2", "cache"), atol=EVERYTHING)
        value = student.cost(result[0], Y)
        expect_same(value, reference.cost(expected[0], Y), atol=EVERYTHING)  # a float (the reference sees only fixed inputs)
        costs[sign] = float(value)
    slope = (costs[1.0] - costs[-1.0]) / (2 * h)
    along = sum(float(np.sum(v[k] * grads["d" + k])) for k in KEYS)
    expect(
        abs(slope - along) <= 1e-6 * (1.0 + abs(slope)),
        _("moving every parameter a step h along a direction v changes the cost at rate {slope:.6g}, but the sum of v * grads is {along:.6g}").format(
            slope=slope, along=along
        ),
        about=grads,
        got=_("sum of v * grads = {along}").format(along=repr(along)),
        expected=_("{slope} (central difference of your cost, h = {h}; v has entries ±1)").format(slope=repr(slope), h=h),
        advice=_("Some gradient is not the derivative of the cost. Follow the chain rule back from dZ2 = A2 - Y: dW2 = dZ2 @ A1.T / m, "
                 "dZ1 = (W2.T @ dZ2) * (1 - A1**2) (tanh's slope, not sigmoid's), dW1 = dZ1 @ X.T / m, each db the row sums / m."),
    )


# -- update ------------------------------------------------------------------------------------
@composite
def steps(draw):
    """(params, grads, learning_rate): any params and grads of the right shapes (entries in [-5, 5]), rate in [1e-4, 10]."""
    n_x, n_h = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    shapes = {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (1, n_h), "b2": (1, 1)}
    params = {k: draw(arrays(shapes[k], 5.0)) for k in KEYS}
    grads = in_backprop_order({"d" + k: draw(arrays(shapes[k], 5.0)) for k in KEYS})
    return params, grads, draw(strategies.floats(min_value=1e-4, max_value=10.0))


SEED_GRADS = {"dW2": np.array([[-1.0, 0.5, 2.0]]), "db2": np.array([[-1.5]]), "dW1": np.array([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]]), "db1": np.array([[1.0], [-2.0], [0.5]])}


@prop("update returns a new dict {'W1', 'b1', 'W2', 'b2'}: each params[k] - learning_rate * grads['d' + k]", function="update",
      advice="Return a new dict: {k: params[k] - learning_rate * grads['d' + k] for k in params}.")
@given(step=steps())
@example(step=(SEED_PARAMS, SEED_GRADS, 0.5))
def update_values(student, reference, step):
    params, grads, learning_rate = step
    expect_same(student.update(params, grads, learning_rate), reference.update(params, grads, learning_rate))


@prop("update moves against the gradient: the step new - params is -learning_rate times grads", function="update")
@given(step=steps())
@example(step=(SEED_PARAMS, SEED_GRADS, 0.5))
def update_descends(student, reference, step):
    """The step's inner product with the gradient is -learning_rate * ||grads||^2 < 0: downhill, for any grads."""
    params, grads, learning_rate = step
    squared = sum(float(np.sum(grads["d" + k] ** 2)) for k in KEYS)
    assume(squared > 1e-6)
    new = student.update(params, grads, learning_rate)
    expect_same(new, reference.update(params, grads, learning_rate), atol=EVERYTHING)  # keys, types and shapes
    along = sum(float(np.sum((new[k] - params[k]) * grads["d" + k])) for k in KEYS)
    expected = -learning_rate * squared
    expect(
        abs(along - expected) <= 1e-6 * abs(expected) + 1e-11,  # rounding of params - step: ~1e-13 here
        _("the step new - params has inner product {along:.6g} with the gradients; a step of -learning_rate * grads has {expected:.6g}").format(
            along=along, expected=expected
        ),
        about=new,
        got=_("sum over the keys of (new[k] - params[k]) * grads['d' + k] = {along}").format(along=repr(along)),
        expected=_("-learning_rate * ||grads||^2 = {expected} (negative: downhill)").format(expected=repr(expected)),
        advice=_("The gradient points uphill; step the other way, by the learning rate: params[k] - learning_rate * grads['d' + k], "
                 "for every one of the four keys."),
    )


# -- gradient_check ------------------------------------------------------------------------------
@composite
def checks(draw):
    """(params, X, Y, grads, epsilon): any grads (not near zero), epsilon in [1e-4, 1e-2]."""
    X, Y, params = draw(problems(max_m=4))
    grads = in_backprop_order({"d" + k: draw(arrays(params[k].shape, 1.0)) for k in KEYS})
    return params, X, Y, grads, draw(st.sampled_from([1e-4, 1e-3, 1e-2]))


@prop("gradient_check returns ||g - g_approx|| / (||g|| + ||g_approx||) as a float, g_approx the central differences of the cost", function="gradient_check", advice="gradient_check calls your forward and cost: when their properties fail, fix them first.")
@given(check=checks())
@example(check=(SEED_PARAMS, XOR_X, XOR_Y, "true", 1e-2))
@example(check=(TINY[2], TINY[0], TINY[1], {"dW2": np.array([[1.0]]), "db2": np.array([[0.75]]), "dW1": np.array([[0.5]]), "db1": np.array([[-0.25]])}, 1e-3))
def gradient_check_values(student, reference, check):
    params, X, Y, grads, epsilon = check
    if isinstance(grads, str):  # "true": the reference's gradients (a coarse epsilon then shows one-sided differences)
        grads = in_backprop_order(reference.backward(params, reference.forward(X, params)[1], X, Y))
    assume(norm(grads) > 0.1)
    expect_same(student.gradient_check(params, X, Y, grads, epsilon), reference.gradient_check(params, X, Y, grads, epsilon), rtol=1e-6, atol=1e-9)


GC_EPSILON = 1e-3  # truncation error ~1e-7 * ||g||, rounding ~1e-13: the result is exact to ~6 digits


@prop("checking c times the true gradients gives |c - 1| / (|c| + 1): about 0 for the true ones, 1/3 for doubled ones, 1 for negated ones",
      function="gradient_check", advice="gradient_check calls your forward and cost: when their properties fail, fix them first.")
@given(problem=problems(max_m=4, z_max=6.0), c=st.sampled_from([2.0, 1.0, -1.0, 0.5, 3.0]))
@example(problem=SEED, c=2.0)
@example(problem=SEED, c=1.0)
def gradient_check_scaled_grads(student, reference, problem, c):
    """With g = c * g_true and g_approx = g_true: ||g - g_approx|| / (||g|| + ||g_approx||) = |c - 1| / (|c| + 1).

    epsilon = 1e-3, not the default 1e-7: there g_approx carries rounding
    noise of ~1e-9 per entry, and results of that size cannot tell one
    mistake from another. Measured over the domain (||g|| > 0.05), the true
    gradients get at most 1.5e-6 at this epsilon.
    """
    X, Y, params = problem
    true = reference.backward(params, reference.forward(X, params)[1], X, Y)
    assume(norm(true) > 0.05)
    scaled = {k: c * true[k] for k in BACKPROP_ORDER}
    got = student.gradient_check(params, X, Y, scaled, GC_EPSILON)
    expect_same(got, reference.gradient_check(params, X, Y, scaled, GC_EPSILON), atol=EVERYTHING)  # a float
    if c == 1.0:
        expect(
            float(got) < 1e-5,
            _("the true gradients (from a correct backward) got a relative error of {error:.3g} with epsilon = {epsilon:g}").format(
                error=float(got), epsilon=GC_EPSILON
            ),
            about=got,
            got=f"{float(got)!r}",
            expected=_("below 1e-5: central differences agree with the true gradients to about 6 digits at this epsilon"),
            advice=_("Estimate each slope with central differences, (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon), moving one entry "
                     "at a time and putting it back before the next; one-sided differences (J(theta + epsilon) - J(theta)) / epsilon are far less accurate."),
        )
        return
    expected = abs(c - 1) / (abs(c) + 1)
    expect(
        abs(float(got) - expected) <= 1e-4,
        _("gradients {c:g} times the true ones got a relative error of {error:.6g}; ||g - g_approx|| / (||g|| + ||g_approx||) is {expected:.6g} for them").format(
            c=c, error=float(got), expected=expected
        ),
        about=got,
        got=f"{float(got)!r}",
        expected=f"|c - 1| / (|c| + 1) = {expected!r} (c = {c:g})",
        advice=_("Return the *relative* error: np.linalg.norm(g - g_approx) / (np.linalg.norm(g) + np.linalg.norm(g_approx)), "
                 "with both norms in the denominator (and no squares: a norm is the square root of the sum of squares)."),
    )


# -- train ---------------------------------------------------------------------------------------
def iterates_in_range(reference, X, Y, params, num_iterations, learning_rate, z_max=Z_TRAIN) -> bool:
    """Does |Z2| <= z_max hold at every iterate of the reference's gradient descent?"""
    for _iteration in range(num_iterations + 1):
        A2, cache = reference.forward(X, params)
        if np.abs(cache["Z2"]).max() > z_max:
            return False
        params = reference.update(params, reference.backward(params, cache, X, Y), learning_rate)
    return True


@composite
def trainings(draw, *, max_rate=2.0, max_iterations=20):
    X, Y, params = draw(problems())
    return X, Y, params, draw(strategies.run_lengths(short=5, longest=max_iterations)), draw(strategies.floats(min_value=1e-3, max_value=max_rate))


TRAIN_ADVICE = "train calls your forward, cost, backward and update: when their properties fail, fix them first."


@prop("train returns (the params after the last step, the list of num_iterations costs, costs[0] that of the starting params)", function="train", advice=TRAIN_ADVICE)
@given(run=trainings())
@example(run=(XOR_X, XOR_Y, SEED_PARAMS, 3, 1.0))
@example(run=(*TINY, 1, 0.5))
def train_values(student, reference, run):
    X, Y, params, num_iterations, learning_rate = run
    assume(iterates_in_range(reference, X, Y, params, num_iterations, learning_rate))
    got = student.train(X, Y, params, num_iterations, learning_rate)
    expect_same(got, reference.train(X, Y, params, num_iterations, learning_rate), parts=("params", "costs"))


@prop("with a small learning rate (<= 0.01) the cost never goes up from one iteration to the next", function="train", advice=TRAIN_ADVICE, law=True)
@given(run=trainings(max_rate=0.01))
@example(run=(XOR_X, XOR_Y, SEED_PARAMS, 5, 0.01))
def train_descends(student, reference, run):
    """Gradient descent with a step below 1 / (curvature) lowers the cost at every step."""
    X, Y, params, num_iterations, learning_rate = run
    expected = reference.train(X, Y, params, num_iterations, learning_rate)
    # The curvature bound is not proved for every corner of the domain; the reference's own run decides.
    assume(all(b <= a + 1e-12 * (1 + abs(a)) for a, b in zip(expected[1], expected[1][1:])))
    got = student.train(X, Y, params, num_iterations, learning_rate)
    expect_same(got, expected, parts=("params", "costs"), atol=EVERYTHING)  # types, shapes and lengths
    costs = [float(c) for c in got[1]]
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
            advice=_("Each iteration must step downhill from the params the previous one left: params = update(params, grads, learning_rate), "
                     "with grads = backward(...) of the current params."),
        )


def xor_start(seed: int) -> dict:
    """Seeded starting params for XOR with 4 hidden units: normal weights (sd 0.5), zero biases."""
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0.0, 0.5, (4, 2)), "b1": np.zeros((4, 1)), "W2": rng.normal(0.0, 0.5, (1, 4)), "b2": np.zeros((1, 1))}


XOR_ITERATIONS, XOR_RATE = 500, 1.0
# Each checked: from these the reference solves XOR, every output at least 0.4 away from 0.5
# (from seed 35 it is still on a plateau after 500 iterations; it solves XOR by 1000).
XOR_SEEDS = [seed for seed in range(40) if seed != 35]


@prop("trained on XOR (4 hidden units, 500 iterations at rate 1.0, from seeded starting params) the network gets all 4 points right", function="train",
      max_examples=1, repeat=False, advice=TRAIN_ADVICE)
@given(seed=st.sampled_from(XOR_SEEDS))
@example(seed=0)
def train_solves_xor(student, reference, seed):
    params = xor_start(seed)
    got = student.train(XOR_X, XOR_Y, params, XOR_ITERATIONS, XOR_RATE)
    expected = reference.train(XOR_X, XOR_Y, params, XOR_ITERATIONS, XOR_RATE)
    expect_same(got, expected, parts=("params", "costs"), atol=EVERYTHING)  # types, shapes and lengths
    A2 = np.asarray(student.forward(XOR_X, got[0])[0], dtype=np.float64)  # your forward: forward's own properties check it
    labels = (A2 > 0.5).astype(np.float64)
    right = int(np.sum(labels == XOR_Y))
    expect(
        right == 4,
        _("after training, the network gets {right} of the 4 XOR points right (its outputs are {outputs})").format(
            right=right, outputs=np.array2string(A2, precision=4)
        ),
        about=got,
        got=_("predictions {predictions}, final cost {cost:.4g}").format(predictions=labels.tolist(), cost=float(got[1][-1])),
        expected=_("predictions {predictions}: the reference reaches cost {cost:.4g} from the same start").format(
            predictions=XOR_Y.tolist(), cost=float(expected[1][-1])
        ),
        advice=_("A network with a hidden layer can learn XOR; if yours does not, one of forward, backward or update is off "
                 "(their own properties say which), or train does not feed each step's params into the next."),
    )
