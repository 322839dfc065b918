"""Properties of single_neuron: one sigmoid neuron, its learning rule, and truth tables.

Domains (the docstrings of solutions/single_neuron.py): w and x of shape (n,),
n 1..8, entries in [-5, 5], so |w @ x| <= 200 and np.exp never overflows;
y in [0, 1]; learning_rate in [0.001, 1], and for train_neuron also
learning_rate * (x @ x) <= 4; steps 1..1000. Truth tables: X of shape (m, n),
m 1..8, n 1..3, entries 0.0/1.0, y of 0.0/1.0, learning_rate in [0.01, 2],
epochs 1..300. predict_logic: entries in [-5, 5], never 0 < |z| < 1e-9.

Why the training runs can be compared with the reference to 1e-7 after
thousands of steps: one step is a gradient step on the cross-entropy of one
example, whose curvature along x is a (1 - a) |x|^2 <= |x|^2 / 4. With
learning_rate * |x|^2 <= 4 (for a truth table with n <= 3 inputs plus the
bias input, |x|^2 <= 4 and learning_rate <= 2 does the same) the step is a
map that never moves two weight vectors apart, so rounding differences
between honest implementations do not grow. The same bound means a step
never carries the output past the target: sigmoid's slope is at most 1/4,
so the output moves by at most 1/4 * learning_rate * |x|^2 * |error| <= |error|.

The first explicit example of each property (SEED_*) gives every known
mistake of that function a different answer: Hypothesis stops at the first
failing explicit example, and diagnosis then sees only that call.
"""

import functools
import math

import numpy as np

from graders.kit import _, assume, composite, example, expect, expect_same, given, Mismatch, prop, st, strategies

EVERYTHING = math.inf  # an absolute tolerance that checks types and shapes only

# n = 2, z = w @ x = 0.5: not 0 (so the sign of the exponent matters), two inputs
# (so elementwise and summed mistakes differ), and |z| small.
SEED_W, SEED_X = np.array([0.5, -1.0]), np.array([3.0, 1.0])
# The seed post's neuron: one input x = 1, target 0, and the starting weight
# whose output is 0.25820436275087716 (a float32 number, as TensorFlow drew it).
POST_W, POST_X = np.array([-1.0553224086761475]), np.array([1.0])
SEED_STEP = (SEED_W, SEED_X, 1.0, 0.1)
SEED_TRAIN = (SEED_W, SEED_X, 0.25, 0.1, 3)  # output 0.62 above y: the error is negative
POST_TRAIN = (POST_W, POST_X, 0.0, 0.1, 1000)

TABLE = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATES = {"AND": np.array([0.0, 0.0, 0.0, 1.0]), "OR": np.array([0.0, 1.0, 1.0, 1.0]), "XOR": np.array([0.0, 1.0, 1.0, 0.0])}
# AND in the row order of the book the post follows: (1, 1), (1, 0), (0, 1), (0, 0).
BOOK_ORDER = (3, 2, 1, 0)
SEED_LOGIC = (TABLE[list(BOOK_ORDER)], GATES["AND"][list(BOOK_ORDER)], 0.5, 2)
# z = [-1, -0.75, 0, 0.25]: negative, exactly 0, and between 0 and 0.5.
SEED_PREDICT = (np.array([1.0, 0.25]), -1.0, TABLE)

FIRST_FIX = {
    "neuron_step": "The step is w + learning_rate * error * x with error = y - neuron(w, x) (target minus output), and nothing "
                   "else: no extra factor, no division by n. It uses your neuron, so if neuron's properties fail, fix neuron first.",
    "train_neuron": "Repeat steps times: error = y - neuron(w, x), append it, then w = neuron_step(w, x, y, learning_rate); "
                    "return (w, errors) in that order. It uses your neuron and neuron_step: if their properties fail, fix them first.",
    "train_logic": "Start from w = np.zeros(n) and b = 0.0. Every epoch, for each row i in order: error = y[i] - sigmoid(X[i] @ w + b), "
                   "computed once, then w = w + learning_rate * error * X[i] and b = b + learning_rate * error with that same error.",
}


@functools.lru_cache(maxsize=None)
def vectors(n: int, bound: float):
    """Arrays of shape (n,) with entries in [-bound, bound] (built once per shape)."""
    return strategies.arrays((n,), min_value=-bound, max_value=bound)


@composite
def neuron_inputs(draw, *, bound=5.0):
    """(w, x) of one shape (n,), n 1..8."""
    n = draw(st.integers(1, 8))
    return draw(vectors(n, bound)), draw(vectors(n, bound))


targets = st.one_of(st.sampled_from([0.0, 1.0]), strategies.floats(min_value=0.0, max_value=1.0))


@composite
def step_inputs(draw, *, bound=5.0, gentle=False):
    """(w, x, y, learning_rate); gentle: learning_rate * (x @ x) <= 4."""
    w, x = draw(neuron_inputs(bound=bound))
    y = draw(targets)
    top = 1.0
    if gentle and float(x @ x) > 4.0:
        top = 4.0 / float(x @ x)
    learning_rate = draw(strategies.floats(min_value=min(0.001, top), max_value=top))
    return w, x, y, learning_rate


@composite
def train_inputs(draw, *, max_steps=1000):
    """(w, x, y, learning_rate, steps) in train_neuron's domain; mostly short runs (a long one costs milliseconds)."""
    w, x, y, learning_rate = draw(step_inputs(gentle=True))
    return w, x, y, learning_rate, draw(strategies.run_lengths(short=20, longest=max_steps))


def sigmoid(z):
    # Written through tanh (sigmoid(z) = (1 + tanh(z/2)) / 2): this file ships in the
    # student edition, which must not carry the stub's answer verbatim.
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# -- neuron -------------------------------------------------------------------------
@prop("neuron(w, x) returns sigmoid(w @ x) as a float", function="neuron")
@given(problem=neuron_inputs())
@example(problem=(SEED_W, SEED_X))
@example(problem=(POST_W, POST_X))
def neuron_values(student, reference, problem):
    w, x = problem
    expect_same(student.neuron(w, x), reference.neuron(w, x), atol=1e-12)


@prop("the output grows with w @ x: moving w towards x (w + t * x, t > 0) raises it", function="neuron", law=True)
@given(problem=neuron_inputs(bound=2.5), t=strategies.floats(min_value=0.01, max_value=0.5))
@example(problem=(SEED_W, SEED_X), t=0.25)
def neuron_increasing(student, reference, problem, t):
    w, x = problem
    moved = w + t * x  # entries stay in [-5, 5]
    z, z_moved = float(w @ x), float(moved @ x)
    # Far out the sigmoid rounds to 0.0 or 1.0 and cannot rise visibly.
    assume(max(abs(z), abs(z_moved)) <= 15 and z_moved - z >= 1e-3)
    before = student.neuron(w, x)
    expect_same(before, reference.neuron(w, x), atol=EVERYTHING)  # a float
    after = student.neuron(moved, x)
    expect_same(after, reference.neuron(moved, x), atol=EVERYTHING)
    expect(
        float(after) > float(before),
        _("w @ x went up from {z:.6g} to {z_moved:.6g}, but the output went from {before:.6g} to {after:.6g}").format(
            z=z, z_moved=z_moved, before=float(before), after=float(after)
        ),
        about=after,
        got=f"neuron(w + {t:g} * x, x) = {float(after)!r}",
        expected=_("more than neuron(w, x) = {before}").format(before=repr(float(before))),
        advice=_("The sigmoid 1 / (1 + np.exp(-z)) rises with z: keep the minus sign in the exponent, and apply it to z = w @ x."),
    )


# -- neuron_step -----------------------------------------------------------------------
@prop("neuron_step returns the new weights w + learning_rate * (y - neuron(w, x)) * x, a new (n,) array", function="neuron_step",
      fresh=True, advice=FIRST_FIX["neuron_step"])
@given(problem=step_inputs())
@example(problem=SEED_STEP)
@example(problem=(POST_W, POST_X, 0.0, 0.1))
def neuron_step_values(student, reference, problem):
    w, x, y, learning_rate = problem
    expect_same(student.neuron_step(w, x, y, learning_rate), reference.neuron_step(w, x, y, learning_rate))


@prop("one step moves the output towards the target y, and never past it (learning_rate * x @ x <= 4)", function="neuron_step", advice=FIRST_FIX["neuron_step"], law=True)
@given(problem=step_inputs(bound=2.0, gentle=True))
@example(problem=(SEED_W, SEED_X, 0.25, 0.1))  # output 0.62, target below it
@example(problem=(np.array([2.0, 1.0]), np.array([2.0, 1.0]), 0.5, 0.8))  # z = 5, learning_rate * x @ x = 4
def neuron_step_towards_target(student, reference, problem):
    w, x, y, learning_rate = problem
    assume(abs(float(w @ x)) <= 15)
    new_w = student.neuron_step(w, x, y, learning_rate)
    expect_same(new_w, reference.neuron_step(w, x, y, learning_rate), atol=EVERYTHING)  # an (n,) array
    before, after = float(sigmoid(w @ x)), float(sigmoid(new_w @ x))
    slack = 1e-12
    low, high = min(before, y) - slack, max(before, y) + slack
    if abs(y - after) > abs(y - before):
        summary = _("the output was {before:.6g} with target y = {y:.6g}; after the step it is {after:.6g}, further from y")
    else:
        summary = _("the output was {before:.6g} with target y = {y:.6g}; after the step it is {after:.6g}, on the other side of y")
    expect(
        low <= after <= high,
        summary.format(before=before, y=y, after=after),
        about=new_w,
        got=f"sigmoid(new_w @ x) = {after!r}",
        expected=_("between {before} and y = {y}").format(before=repr(before), y=repr(y)),
        advice=_("The error y - output is positive when the output is too small, and w + learning_rate * error * x then raises "
                 "w @ x by learning_rate * error * (x @ x): the output moves towards y. Check the sign of the error and of the step."),
    )


# -- train_neuron ------------------------------------------------------------------------
@prop("train_neuron returns (the weights after steps steps, the list of the steps errors, each measured before its step)",
      function="train_neuron", advice=FIRST_FIX["train_neuron"])
@given(problem=train_inputs())
@example(problem=SEED_TRAIN)
@example(problem=POST_TRAIN)
def train_neuron_values(student, reference, problem):
    w, x, y, learning_rate, steps = problem
    expect_same(student.train_neuron(w, x, y, learning_rate, steps), reference.train_neuron(w, x, y, learning_rate, steps),
                parts=("w_final", "errors"))


@prop("the errors shrink step after step and keep their sign (learning_rate * x @ x <= 4)", function="train_neuron", advice=FIRST_FIX["train_neuron"], law=True)
@given(problem=train_inputs(max_steps=300))
@example(problem=SEED_TRAIN)
@example(problem=(SEED_W, SEED_X, 1.0, 0.1, 3))  # the output rises towards y = 1
def train_neuron_errors_shrink(student, reference, problem):
    w, x, y, learning_rate, steps = problem
    got = student.train_neuron(w, x, y, learning_rate, steps)
    expect_same(got, reference.train_neuron(w, x, y, learning_rate, steps), parts=("w_final", "errors"), atol=EVERYTHING)
    errors = [float(e) for e in got[1]]
    slack = 1e-12
    for k in range(1, len(errors)):
        shrinks = abs(errors[k]) <= abs(errors[k - 1]) + slack
        same_side = errors[k] * errors[k - 1] >= 0 or abs(errors[k]) <= slack
        if shrinks and same_side:
            continue
        if not shrinks:
            summary = _("errors[{previous}] = {before:.6g} but errors[{k}] = {after:.6g}: the error grew")
        else:
            summary = _("errors[{previous}] = {before:.6g} but errors[{k}] = {after:.6g}: the error changed sign")
        expect(
            False,
            summary.format(previous=k - 1, before=errors[k - 1], k=k, after=errors[k]),
            about=got,
            got=repr(errors[: k + 1]) if k < 8 else f"[..., {errors[k - 1]!r}, {errors[k]!r}]",
            expected=_("abs(errors[k]) <= abs(errors[k - 1]), with the same sign"),
            advice=_("Each step must move the output towards y: error = y - neuron(w, x), then w = w + learning_rate * error * x, "
                     "and errors holds the errors y - output, not the outputs."),
        )


@prop("k1 steps, then k2 more from where they ended, are k1 + k2 steps (the errors lists join up)", function="train_neuron", advice=FIRST_FIX["train_neuron"], law=True)
@given(problem=train_inputs(max_steps=200), more=strategies.run_lengths(short=20, longest=200))
@example(problem=SEED_TRAIN, more=2)
def train_neuron_restart(student, reference, problem, more):
    """The post's printed trace is the second half of such a run (200 steps, then 1000)."""
    w, x, y, learning_rate, steps = problem
    first = student.train_neuron(w, x, y, learning_rate, steps)
    expect_same(first, reference.train_neuron(w, x, y, learning_rate, steps), parts=("w_final", "errors"), atol=EVERYTHING)
    second = student.train_neuron(first[0], x, y, learning_rate, more)
    expect_same(second, reference.train_neuron(first[0], x, y, learning_rate, more), parts=("w_final", "errors"), atol=EVERYTHING)
    whole = student.train_neuron(w, x, y, learning_rate, steps + more)
    expect_same(whole, reference.train_neuron(w, x, y, learning_rate, steps + more), parts=("w_final", "errors"), atol=EVERYTHING)
    joined = (second[0], [*first[1], *second[1]])
    try:
        expect_same(whole, joined, parts=("w_final", "errors"))
    except Mismatch as exc:
        expect(
            False,
            _("training {steps} steps and then {more} more differs from training {total} steps at once: {difference}").format(
                steps=steps, more=more, total=steps + more, difference=exc.summary
            ),
            about=whole,
            got=exc.got,
            expected=_("{expected} (the two shorter runs, joined)").format(expected=exc.expected),
            detail=exc.detail,
            advice=_("Run exactly steps steps (range(steps)), record each error before its step, and return the weights "
                     "after the last step: then a run can be stopped and continued without changing anything."),
        )


# -- train_logic -------------------------------------------------------------------------
@composite
def truth_tables(draw):
    """(X, y): m 1..8 rows of n 1..3 bits, and m target bits (one integer each: they shrink to zeros)."""
    m, n = draw(st.integers(1, 8)), draw(st.integers(1, 3))
    bits = draw(st.integers(0, 2 ** (m * n) - 1))
    X = ((bits >> np.arange(m * n)) & 1).reshape(m, n).astype(np.float64)
    labels = draw(st.integers(0, 2**m - 1))
    y = ((labels >> np.arange(m)) & 1).astype(np.float64)
    return X, y


@composite
def logic_problems(draw):
    X, y = draw(truth_tables())
    epochs = draw(strategies.run_lengths(short=10, longest=300))
    return X, y, draw(strategies.floats(min_value=0.01, max_value=2.0)), epochs


@prop("train_logic returns (w, b) after epochs passes over the rows, one update per row, from w = 0, b = 0.0",
      function="train_logic", advice=FIRST_FIX["train_logic"])
@given(problem=logic_problems())
@example(problem=SEED_LOGIC)
@example(problem=(np.ascontiguousarray(TABLE[:, :1]), np.array([1.0, 0.0, 1.0, 1.0]), 1.0, 3))
def train_logic_values(student, reference, problem):
    X, y, learning_rate, epochs = problem
    expect_same(student.train_logic(X, y, learning_rate, epochs), reference.train_logic(X, y, learning_rate, epochs), parts=("w", "b"))


def right_answers(w, b, X, y) -> int:
    """How many rows a neuron with weights w and bias b gets right (z > 0 means 1.0)."""
    return int(np.sum((X @ np.asarray(w, dtype=float) + float(b) > 0).astype(float) == y))


@composite
def gate_runs(draw, gates, *, min_product=0.0):
    """(gate, row order, learning_rate, epochs) with learning_rate * epochs >= min_product."""
    gate = draw(st.sampled_from(gates))
    order = tuple(draw(st.permutations(range(4))))
    # Mostly short runs (a long one costs milliseconds), each at a rate from the one
    # where the claim begins (learning_rate * epochs = min_product) up to the fastest.
    fastest = 2.0
    epochs = draw(strategies.run_lengths(short=40, longest=300, min_value=max(1, math.ceil(min_product / fastest))))
    learning_rate = draw(strategies.floats(min_value=max(0.01, min_product / epochs), max_value=fastest))
    return gate, order, learning_rate, epochs


@prop("a neuron with a bias learns AND and OR: 4 of 4 rows right, in any row order, once learning_rate * epochs >= 15",
      function="train_logic")
@given(run=gate_runs(("AND", "OR"), min_product=15.0))
@example(run=("AND", BOOK_ORDER, 0.5, 30))
@example(run=("OR", (0, 1, 2, 3), 0.1, 150))
def train_logic_and_or(student, reference, run):
    gate, order, learning_rate, epochs = run
    X, y = TABLE[list(order)], GATES[gate][list(order)]
    got = student.train_logic(X, y, learning_rate, epochs)
    expect_same(got, reference.train_logic(X, y, learning_rate, epochs), parts=("w", "b"), atol=EVERYTHING)  # types and shapes
    right = right_answers(got[0], got[1], X, y)
    expect(
        right == 4,
        _("after {epochs} epochs at learning rate {learning_rate:g}, the neuron gets only {right} of the 4 rows of {gate} right").format(
            epochs=epochs, learning_rate=learning_rate, right=right, gate=gate
        ),
        about=got,
        got=_("w = {w}, b = {b}: answers {answers}").format(
            w=np.asarray(got[0]).tolist(), b=repr(float(got[1])), answers=(X @ np.asarray(got[0]) + float(got[1]) > 0).astype(float).tolist()
        ),
        expected=_("{answers} (one line separates {gate}'s 1s from its 0s, and this much training finds it)").format(answers=y.tolist(), gate=gate),
        advice=_("Train on every row, in order, every epoch, and update both w and b after each row with that row's error "
                 "y[i] - sigmoid(X[i] @ w + b)."),
    )


@prop("no training run learns XOR: whatever the rate, epochs and row order, at most 3 of the 4 rows come out right",
      function="train_logic", law=True)
@given(run=gate_runs(("XOR",)))
@example(run=("XOR", (0, 1, 2, 3), 0.5, 100))
def train_logic_not_xor(student, reference, run):
    """The law: a neuron answers 1 where w @ x + b > 0, on one side of a line; no line puts
    (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other."""
    _gate, order, learning_rate, epochs = run
    X, y = TABLE[list(order)], GATES["XOR"][list(order)]
    got = student.train_logic(X, y, learning_rate, epochs)
    expect_same(got, reference.train_logic(X, y, learning_rate, epochs), parts=("w", "b"), atol=EVERYTHING)  # types and shapes
    right = right_answers(got[0], got[1], X, y)
    expect(
        right <= 3,
        _("the neuron gets all 4 rows of XOR right, which no single neuron can"),
        about=got,
        got=f"w = {np.asarray(got[0]).tolist()}, b = {float(got[1])!r}",
        expected=_("at most 3 of 4 right"),
        advice=_("train_logic returns the weights w (shape (n,)) and the bias b (a float) of one neuron."),
    )


# -- predict_logic ------------------------------------------------------------------------
QUARTERS = st.integers(-20, 20).map(lambda k: k / 4)  # exact in float64: every z is computed exactly


@composite
def predict_inputs(draw, *, table=None):
    """(w, b, X): on a grid of quarters (so z == 0 happens, exactly) or any floats (kept off z == 0).

    With ``table`` given, X is that table and only w and b are drawn.
    """
    n = table.shape[1] if table is not None else draw(st.integers(1, 3))
    m = table.shape[0] if table is not None else draw(st.integers(1, 8))
    if draw(st.booleans()):
        w = np.array(draw(st.lists(QUARTERS, min_size=n, max_size=n)))
        b = draw(QUARTERS)
        X = table if table is not None else np.array(draw(st.lists(QUARTERS, min_size=m * n, max_size=m * n))).reshape(m, n)
    else:
        w = draw(vectors(n, 5.0))
        b = draw(strategies.floats(min_value=-5.0, max_value=5.0))
        X = table if table is not None else draw(strategies.arrays((m, n), min_value=-5.0, max_value=5.0))
        assume(np.abs(X @ w + b).min() >= 1e-9)
    return w, b, X


@prop("predict_logic returns an (m,) float64 array: 1.0 where sigmoid(X @ w + b) > 0.5, else 0.0 (0.0 at exactly 0.5)",
      function="predict_logic")
@given(problem=predict_inputs())
@example(problem=SEED_PREDICT)
@example(problem=(np.array([1.0, 1.0]), -1.5, TABLE))
def predict_logic_values(student, reference, problem):
    w, b, X = problem
    expect_same(student.predict_logic(w, b, X), reference.predict_logic(w, b, X), atol=0.0, rtol=0.0)


@prop("on the XOR table, no w and b get more than 3 of the 4 rows right", function="predict_logic", law=True)
@given(problem=predict_inputs(table=TABLE))
@example(problem=SEED_PREDICT)
@example(problem=(np.array([-1.0, -1.0]), 1.5, TABLE))
def predict_logic_not_xor(student, reference, problem):
    w, b, _table = problem
    answers = student.predict_logic(w, b, TABLE)
    expect_same(answers, reference.predict_logic(w, b, TABLE), atol=EVERYTHING)  # an (m,) float64 array
    right = int(np.sum(np.asarray(answers) == GATES["XOR"]))
    expect(
        right <= 3,
        _("w = {w}, b = {b} answer {answers} on the XOR table: all 4 right, which no single neuron can").format(
            w=w.tolist(), b=repr(b), answers=np.asarray(answers).tolist()
        ),
        about=answers,
        got=repr(np.asarray(answers).tolist()),
        expected=_("at most 3 of [0.0, 1.0, 1.0, 0.0]"),
        advice=_("The answer is 1.0 exactly where sigmoid(X @ w + b) > 0.5, that is where X @ w + b > 0: one side of a line."),
    )
