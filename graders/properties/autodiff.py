"""Properties of autodiff: a small reverse-mode autodiff, checked through plain data.

The student's Value objects cannot leave the sandbox, so every property talks
to grad(steps, values), mse_grad and fit_line, which take and return plain
numbers. Programs are drawn by ``programs()`` inside the domain the solution's
module docstring states: at most 3 variables in [-3, 3], at most 3 steps of
depth at most 3 (and for one property an unused fourth variable), every intermediate value in [-100, 100], divisors and log
arguments at least 0.1 from 0, pow bases >= 0.1 unless the exponent is 1, 2
or 3, relu never near 0. The strategy evaluates each node as it draws it
(values only) and, where an operation would leave the domain, first makes its
operand safe (a * a + 1 under a log or a pow) or else puts a tanh in its
place, so no draw is ever rejected.

Besides agreeing with the reference, the gradients must obey the laws of
calculus: the derivative of each single operation, the sum over the uses of a
shared value, 0.0 for a variable that is not used, and the slope of the
student's own value (central differences). mse_grad must agree with the
closed form, and fit_line's loss must never go up.

The first explicit example of grad_values (SEED_PROGRAM: every
operation but neg, a variable and two steps used twice along paths of
different lengths, a relu of a negative number, an unused variable) gives
every known mistake of grad a different answer: Hypothesis stops at the first
failing explicit example and diagnosis then sees only that call. SEED_LINE
(mse_grad) and SEED_FIT (fit_line) do the same for the other two functions.
grad's properties come in the order a student can act on: single operations
first, then sharing, then whole programs.
"""

import math

import numpy as np

from graders.kit import _, assume, composite, example, expect, expect_same, given, N_, prop, st, strategies

EVERYTHING = math.inf  # an absolute tolerance that checks types, keys and lengths only
LIMIT = 100.0  # every intermediate value stays in [-LIMIT, LIMIT]
VARIABLES = ("x", "y", "z")
STEP_NAMES = ("h", "u", "f")
CONSTANTS = (0.5, 1.0, 2.0, 3.0, -1.0, -2.5, 1, 2)
UNARY = ("neg", "exp", "log", "tanh", "sigmoid", "relu")
BINARY = ("add", "sub", "mul", "div")
SAFE_EXPONENTS = (1, 2, 3)  # any base
POSITIVE_EXPONENTS = (-2, -1, 0.5, -0.5, 1.5)  # bases >= 0.1

SEED_PROGRAM = (
    [
        ("h", ("tanh", ("mul", "x", "y"))),
        ("u", ("add", ("mul", "h", "h"), ("div", ("exp", "x"), ("pow", "z", 2)))),
        ("f", ("mul", ("sub", ("mul", ("sigmoid", ("sub", "u", ("log", "z"))), "h"), ("add", ("relu", "y"), "u")), "x")),
    ],
    {"x": 0.5, "y": -1.5, "z": 2.0, "w": 1.0},
)


# -- drawing programs inside the domain ------------------------------------------------
def _unary(op: str, a: float):
    """The value of op(a), or None where op is outside the domain at a."""
    if op == "neg":
        return -a
    if op == "exp":
        return math.exp(a) if a <= math.log(LIMIT) else None
    if op == "log":
        return math.log(a) if a >= 0.1 else None
    if op == "tanh":
        return math.tanh(a)
    if op == "sigmoid":
        return 1.0 / (1.0 + math.exp(-a))
    if op == "relu":
        return max(a, 0.0) if abs(a) >= 0.01 else None
    raise ValueError(op)


def _binary(op: str, a: float, b: float):
    if op == "add":
        value = a + b
    elif op == "sub":
        value = a - b
    elif op == "mul":
        value = a * b
    elif abs(b) < 0.1:  # div
        return None
    else:
        value = a / b
    return value if abs(value) <= LIMIT else None


def _power(a: float, n):
    if n not in SAFE_EXPONENTS and a < 0.1:
        return None
    value = a**n
    return value if abs(value) <= LIMIT else None


def _expression(draw, env: dict, depth: int, *, root: bool = False):
    """(tree, value): a random expression over the names in env, inside the domain.

    Where the drawn operation would leave the domain at its operand's value,
    the operand is first made safe (log and pow of a * a + 1, exp of -a) or,
    failing that, the operation becomes a tanh, which is defined everywhere.
    """
    # 0 a leaf, 1 a unary operation, 2 pow, 3 a binary operation
    kind = draw(st.sampled_from((1, 3, 1, 3, 2) if root else (0, 1, 3, 0, 1, 3, 2))) if depth > 0 else 0
    if kind == 0:  # a leaf: a name or a constant
        choice = draw(st.sampled_from([*env, "constant"]))
        if choice == "constant":
            c = draw(st.sampled_from(CONSTANTS))
            return c, float(c)
        return choice, env[choice]
    if kind == 3:
        op = draw(st.sampled_from(BINARY))
        left, a = _expression(draw, env, depth - 1)
        right, b = _expression(draw, env, depth - 1)
        value = _binary(op, a, b)
        if value is not None:
            return (op, left, right), value
        return ("mul", ("tanh", left), right), math.tanh(a) * b  # |tanh| < 1 keeps it in the domain
    tree, a = _expression(draw, env, depth - 1)
    lifted = ("add", ("mul", tree, tree), 1.0), a * a + 1.0  # >= 1, for log and pow
    if kind == 2:
        n = draw(st.sampled_from(SAFE_EXPONENTS + POSITIVE_EXPONENTS))
        for base, value in ((tree, a), lifted):
            power = _power(value, n)
            if power is not None:
                return ("pow", base, n), power
        return ("tanh", tree), math.tanh(a)
    op = draw(st.sampled_from(UNARY))
    value = _unary(op, a)
    if value is None and op == "log":
        (tree, a), value = lifted, math.log(lifted[1])
    elif value is None and op == "exp" and a > 0:
        (tree, a), value = (("neg", tree), -a), math.exp(-a)
    if value is None or abs(value) > LIMIT:
        return ("tanh", tree), math.tanh(a)
    return (op, tree), value


@composite
def programs(draw, *, max_steps: int = 3, max_depth: int = 3):
    """(steps, values): a program inside the domain and its input values."""
    n_variables = draw(st.integers(1, len(VARIABLES)))
    values = {name: draw(strategies.floats(min_value=-3.0, max_value=3.0)) for name in VARIABLES[:n_variables]}
    env = dict(values)
    steps = []
    for name in STEP_NAMES[: draw(st.integers(1, max_steps))]:
        tree, value = _expression(draw, env, max_depth, root=True)
        steps.append((name, tree))
        env[name] = value
    return steps, values


def scale_of(result) -> float:
    """The largest magnitude in a (value, gradients) result: what rounding is relative to."""
    value, grads = result
    return max([1.0, abs(float(value)), *(abs(float(g)) for g in grads.values())])


def expect_grad(got, expected, *, scale=None):
    expect_same(got, expected, parts=("value", "gradients"), scale=scale if scale is not None else scale_of(expected))


PLAIN = "Return plain floats (a Value's .data and .grad), never Value objects: they cannot leave your module."
GRAD_ADVICE = ("The properties before this one check single operations and shared values: fix those first. Then check backward(): "
               "seed output.grad = 1.0, visit reversed(topological_order(output)) and add parent.grad += local * node.grad. " + PLAIN)


def show_program(steps) -> str:
    return "; ".join(f"{name} = {tree!r}" for name, tree in steps)


# -- the derivative of each operation, from calculus --------------------------------------
def _sigmoid(a):
    return 1.0 / (1.0 + math.exp(-a))


# name: (program, inputs from two draws u, v in [-3, 3], value, {variable: derivative}, the rule in words)
RULES = {
    "add": ([("f", ("add", "x", "y"))], lambda u, v: {"x": u, "y": v}, lambda x, y: x + y, lambda x, y: {"x": 1.0, "y": 1.0},
            N_("d(x + y)/dx = 1 and d(x + y)/dy = 1")),
    "sub": ([("f", ("sub", "x", "y"))], lambda u, v: {"x": u, "y": v}, lambda x, y: x - y, lambda x, y: {"x": 1.0, "y": -1.0},
            N_("d(x - y)/dx = 1 and d(x - y)/dy = -1")),
    "mul": ([("f", ("mul", "x", "y"))], lambda u, v: {"x": u, "y": v}, lambda x, y: x * y, lambda x, y: {"x": y, "y": x},
            N_("d(x * y)/dx = y and d(x * y)/dy = x: each factor's gradient is the other factor")),
    "div": ([("f", ("div", "x", "y"))], lambda u, v: {"x": u, "y": math.copysign(0.5 + abs(v), v)}, lambda x, y: x / y,
            lambda x, y: {"x": 1.0 / y, "y": -x / y**2}, N_("d(x / y)/dx = 1 / y and d(x / y)/dy = -x / y**2")),
    "pow": ([("f", ("pow", "x", 3))], lambda u, v: {"x": u}, lambda x: x**3, lambda x: {"x": 3 * x**2}, N_("d(x**3)/dx = 3 * x**2 (n * x**(n - 1))")),
    "pow_half": ([("f", ("pow", "x", 0.5))], lambda u, v: {"x": 0.1 + abs(u)}, lambda x: x**0.5, lambda x: {"x": 0.5 * x**-0.5},
                 N_("d(x**0.5)/dx = 0.5 * x**-0.5 (n * x**(n - 1))")),
    "pow_minus_one": ([("f", ("pow", "x", -1))], lambda u, v: {"x": 0.1 + abs(u)}, lambda x: 1 / x, lambda x: {"x": -1 / x**2},
                      N_("d(x**-1)/dx = -x**-2 (n * x**(n - 1))")),
    "neg": ([("f", ("neg", "x"))], lambda u, v: {"x": u}, lambda x: -x, lambda x: {"x": -1.0}, N_("d(-x)/dx = -1")),
    "exp": ([("f", ("exp", "x"))], lambda u, v: {"x": u}, math.exp, lambda x: {"x": math.exp(x)}, N_("d(e**x)/dx = e**x, the result itself")),
    "log": ([("f", ("log", "x"))], lambda u, v: {"x": 0.1 + abs(u)}, math.log, lambda x: {"x": 1 / x}, N_("d(log x)/dx = 1 / x")),
    "tanh": ([("f", ("tanh", "x"))], lambda u, v: {"x": u}, math.tanh, lambda x: {"x": 1 - math.tanh(x) ** 2},
             N_("d(tanh x)/dx = 1 - t**2 with t = tanh(x), the result")),
    "sigmoid": ([("f", ("sigmoid", "x"))], lambda u, v: {"x": u}, _sigmoid, lambda x: {"x": _sigmoid(x) * (1 - _sigmoid(x))},
                N_("d(sigmoid x)/dx = s * (1 - s) with s = sigmoid(x), the result")),
    "relu": ([("f", ("relu", "x"))], lambda u, v: {"x": math.copysign(0.01 + abs(u), u)}, lambda x: max(x, 0.0),
             lambda x: {"x": 1.0 if x > 0 else 0.0}, N_("d(relu x)/dx = 1 where x > 0 and 0 where x < 0")),
    "chain": ([("f", ("tanh", ("mul", "x", "y")))], lambda u, v: {"x": u, "y": v}, lambda x, y: math.tanh(x * y),
              lambda x, y: {"x": (1 - math.tanh(x * y) ** 2) * y, "y": (1 - math.tanh(x * y) ** 2) * x},
              N_("the chain rule: d tanh(x * y)/dx = (1 - tanh(x * y)**2) * y")),
}


@prop("each operation's gradient is its derivative from calculus (one operation at a time, and tanh(x * y))", function="grad", advice=PLAIN)
@given(rule=st.sampled_from(sorted(RULES)), u=strategies.floats(min_value=-3.0, max_value=3.0), v=strategies.floats(min_value=-3.0, max_value=3.0))
@example(rule="mul", u=2.0, v=-3.0)
@example(rule="tanh", u=0.5, v=0.0)
def grad_rules(student, reference, rule, u, v):
    steps, inputs, value_of, grads_of, words = RULES[rule]
    words = _(words)
    values = inputs(u, v)
    got = student.grad(steps, values)
    expect_same(got, reference.grad(steps, values), parts=("value", "gradients"), atol=EVERYTHING)  # types and keys
    args = list(values.values())
    value, grads = float(got[0]), got[1]
    expected_value = value_of(*args)
    expect(
        abs(value - expected_value) <= 1e-9 * max(1.0, abs(expected_value)),
        _("the value of {expression} at {values} is {value}; expected {expected}").format(
            expression=repr(steps[0][1]), values=values, value=repr(value), expected=repr(expected_value)
        ),
        about=got,
        got=repr(value),
        expected=repr(expected_value),
        advice=_("The forward value is the operation itself (the data of the new Value); check the arithmetic in that method."),
    )
    for name, derivative in grads_of(*args).items():
        g = float(grads[name])
        expect(
            abs(g - derivative) <= 1e-9 * max(1.0, abs(derivative)),
            # TRANSLATORS: {expression} is code such as ('mul', 'x', 'y'); {rule} is a rule of calculus, already translated
            _("d/d{name} of {expression} at {values} is {value}; expected {expected}, since {rule}").format(
                name=name, expression=repr(steps[0][1]), values=values, value=repr(g), expected=repr(derivative), rule=words
            ),
            about=got,
            got=repr(g),
            expected=repr(derivative),
            advice=_("Check the local gradient that the '{operation}' operation stores: {rule}.").format(operation=rule.split("_")[0], rule=words),
        )


# -- sharing: a value used twice collects both shares -------------------------------------
# name: (program, inputs from one draw u, {variable: derivative}, what it shows)
SHARED = {
    "x * x": ([("f", ("mul", "x", "x"))], lambda u: {"x": u}, lambda x: {"x": 2 * x}, N_("x is used twice, so d(x * x)/dx = x + x = 2x")),
    "x + x": ([("f", ("add", "x", "x"))], lambda u: {"x": u}, lambda x: {"x": 2.0}, N_("x is used twice, so d(x + x)/dx = 1 + 1 = 2")),
    "h * h": ([("h", ("tanh", "x")), ("f", ("mul", "h", "h"))], lambda u: {"x": u},
              lambda x: {"x": 2 * math.tanh(x) * (1 - math.tanh(x) ** 2)}, N_("the step h = tanh(x) is used twice: df/dh = 2h, then df/dx = 2h * (1 - h**2)")),
    "h + tanh(h)": ([("h", ("mul", "x", 2.0)), ("f", ("add", "h", ("tanh", "h")))], lambda u: {"x": u},
                    lambda x: {"x": 2 * (2 - math.tanh(2 * x) ** 2)},
                    N_("h = 2x reaches f directly and through tanh: df/dh = 1 + (1 - tanh(h)**2), which is complete only once both paths have added their share")),
    "x * exp(x) - x": ([("f", ("sub", ("mul", "x", ("exp", "x")), "x"))], lambda u: {"x": u},
                       lambda x: {"x": math.exp(x) * (1 + x) - 1}, N_("x is used three times: d(x * e**x - x)/dx = e**x + x e**x - 1")),
}


@prop("a variable or step used more than once collects a share of gradient from every use (x * x gives 2x)", function="grad", advice=PLAIN)
@given(case=st.sampled_from(sorted(SHARED)), u=strategies.floats(min_value=-2.0, max_value=2.0))
@example(case="h + tanh(h)", u=0.5)
@example(case="x * x", u=1.5)
def grad_shared(student, reference, case, u):
    steps, inputs, grads_of, words = SHARED[case]
    values = inputs(u)
    got = student.grad(steps, values)
    expect_same(got, reference.grad(steps, values), parts=("value", "gradients"), atol=EVERYTHING)  # types and keys
    for name, derivative in grads_of(values["x"]).items():
        g = float(got[1][name])
        expect(
            abs(g - derivative) <= 1e-9 * max(1.0, abs(derivative)),
            _("for {program} at x = {x}, the gradient of {name} is {value}; expected {expected}: {explanation}").format(
                program=show_program(steps), x=repr(values["x"]), name=name, value=repr(g), expected=repr(derivative), explanation=_(words)
            ),
            about=got,
            got=repr(g),
            expected=repr(derivative),
            advice=_("In backward(), add to the parents' gradients (parent.grad += local * node.grad), never assign with =, "
                     "and visit the nodes in reversed(topological_order(output)), so that a node passes its gradient on only when it is complete."),
        )


# -- grad against the reference -------------------------------------------------------------
@prop("grad(steps, values) returns (the output's value, {variable: d output / d variable}), floats, as the reference does", function="grad", advice=GRAD_ADVICE)
@given(program=programs())
@example(program=SEED_PROGRAM)
@example(program=([("f", "x")], {"x": 1.5, "y": -2.0}))  # the output is a variable itself
@example(program=([("f", ("add", 2.0, 3))], {"x": 1.0}))  # constants only: every gradient 0.0
def grad_values(student, reference, program):
    steps, values = program
    expected = reference.grad(steps, values)
    assume(scale_of(expected) <= 1e6)
    expect_grad(student.grad(steps, values), expected)


# -- an unused variable ---------------------------------------------------------------
@prop("a variable the output does not use still has an entry in the gradients, exactly 0.0", function="grad", advice=PLAIN, law=True)
@given(program=programs(max_steps=2), w=strategies.floats(min_value=-3.0, max_value=3.0))
@example(program=([("f", ("mul", "x", "y"))], {"x": 2.0, "y": -3.0}), w=1.0)
def grad_unused(student, reference, program, w):
    steps, values = program
    values = {**values, "w": w}  # w appears in no step
    got = student.grad(steps, values)
    expect_same(got, reference.grad(steps, values), parts=("value", "gradients"), atol=EVERYTHING)  # types and keys
    g = float(got[1]["w"])
    expect(
        g == 0.0,
        _("the output does not use w, but its gradient is {value}").format(value=repr(g)),
        about=got,
        got=repr(g),
        expected="0.0",
        advice=_("Make one fresh Value per variable in every call (its grad starts at 0.0) and return an entry for every name in values."),
    )


# -- the law: gradients are the slopes of the value --------------------------------------------
@prop("each gradient is the slope of the value grad returns (central differences)", function="grad", advice=GRAD_ADVICE, law=True)
@given(program=programs(max_steps=2))
@example(program=SEED_PROGRAM)
def grad_central_differences(student, reference, program):
    """(value(v + h) - value(v - h)) / 2h against the gradient, one variable at a time.

    The student's own value is differenced, so this is a property of the
    student's code alone: whatever the forward pass computes, backward must
    give its derivative.
    """
    steps, values = program
    expected = reference.grad(steps, values)
    assume(scale_of(expected) <= 1e3)
    got = student.grad(steps, values)
    expect_grad(got, expected, scale=EVERYTHING)  # types and keys
    h = 1e-6
    for name in values:
        plus = student.grad(steps, {**values, name: values[name] + h})
        minus = student.grad(steps, {**values, name: values[name] - h})
        expect_grad(plus, reference.grad(steps, {**values, name: values[name] + h}), scale=EVERYTHING)
        expect_grad(minus, reference.grad(steps, {**values, name: values[name] - h}), scale=EVERYTHING)
        slope = (float(plus[0]) - float(minus[0])) / (2 * h)
        g = float(got[1][name])
        expect(
            abs(slope - g) <= 1e-5 * (1.0 + abs(g)) + 1e-7 * (1.0 + abs(float(got[0]))),
            _("moving {name} changes the value at rate {slope:.6g}, but the gradient of {name} is {gradient:.6g} ({program})").format(
                name=name, slope=slope, gradient=g, program=show_program(steps)
            ),
            about=got,
            got=f"gradients[{name!r}] = {g!r}",
            expected=_("{slope} (central difference of your value, h = {h})").format(slope=repr(slope), h=h),
            advice=_("Each operation's local gradient must be the derivative of the value it computes, and backward() must multiply "
                     "the local gradients along every path (parent.grad += local * node.grad)."),
        )


# -- mse_grad -------------------------------------------------------------------------------------
SEED_LINE = (0.5, -1.0, np.array([-1.0, 0.5, 2.0]), np.array([-5.0, -0.5, 4.0]))


@composite
def lines(draw, *, max_n: int = 10):
    """(a, b, x, y): a line's parameters and n data points."""
    n = draw(st.integers(1, max_n))
    a = draw(strategies.floats(min_value=-5.0, max_value=5.0))
    b = draw(strategies.floats(min_value=-5.0, max_value=5.0))
    x = draw(strategies.arrays((n,), min_value=-3.0, max_value=3.0))
    y = draw(strategies.arrays((n,), min_value=-10.0, max_value=10.0))
    return a, b, x, y


MSE_ADVICE = "mse_grad builds its loss from your Value class: when grad's properties fail, fix those first. " + PLAIN


@prop("mse_grad(a, b, x, y) returns (loss, da, db), three floats, as the reference does", function="mse_grad", advice=MSE_ADVICE)
@given(line=lines())
@example(line=SEED_LINE)
def mse_grad_values(student, reference, line):
    a, b, x, y = line
    expect_same(student.mse_grad(a, b, x, y), reference.mse_grad(a, b, x, y), parts=("loss", "da", "db"))


@prop("mse_grad agrees with calculus: loss = mean(e**2), da = 2 mean(e * x), db = 2 mean(e), with e = a x + b - y", function="mse_grad", advice=MSE_ADVICE)
@given(line=lines())
@example(line=SEED_LINE)
def mse_grad_closed_form(student, reference, line):
    a, b, x, y = line
    got = student.mse_grad(a, b, x, y)
    expect_same(got, reference.mse_grad(a, b, x, y), parts=("loss", "da", "db"), atol=EVERYTHING)  # types and length
    e = a * x + b - y
    closed = {"loss": float(np.mean(e**2)), "da": float(2 * np.mean(e * x)), "db": float(2 * np.mean(e))}
    size = 1.0 + float(np.max(np.abs(e))) * (1.0 + float(np.max(np.abs(x))))
    for (name, expected), value in zip(closed.items(), got):
        value = float(value)
        expect(
            abs(value - expected) <= 1e-9 * size * max(1.0, size),
            _("{name} is {value}; the formula gives {expected} (a = {a}, b = {b}, n = {n})").format(
                name=name, value=repr(value), expected=repr(expected), a=repr(a), b=repr(b), n=len(x)
            ),
            about=got,
            got=repr(value),
            expected=repr(expected),
            advice=_("The loss is the mean (divide by n = len(x)) of the squared errors (a * x + b - y) ** 2; "
                     "backward() then gives da and db with their factor 2 (from the square) and 1/n by itself."),
        )


# -- fit_line -----------------------------------------------------------------------------------
FIT_ADVICE = "fit_line uses your Value class and the same loss as mse_grad: when their properties fail, fix those first. " + PLAIN


@composite
def fits(draw, *, max_epochs: int = 30):
    _, _, x, y = draw(lines())
    return x, y, draw(strategies.run_lengths(short=5, longest=max_epochs)), draw(strategies.floats(min_value=0.001, max_value=0.1))


SEED_FIT = (SEED_LINE[2], SEED_LINE[3], 3, 0.1)


@prop("fit_line(x, y, epochs, learning_rate) returns (a, b, the list of the epochs' losses), as the reference does", function="fit_line", advice=FIT_ADVICE)
@given(fit=fits())
@example(fit=SEED_FIT)
def fit_line_values(student, reference, fit):
    x, y, epochs, learning_rate = fit
    expect_same(student.fit_line(x, y, epochs, learning_rate), reference.fit_line(x, y, epochs, learning_rate), parts=("a", "b", "losses"))


@prop("fit_line starts at a = b = 0 (losses[0] is the mean of y**2) and its loss never goes up", function="fit_line", advice=FIT_ADVICE, law=True)
@given(fit=fits())
@example(fit=(SEED_LINE[2], SEED_LINE[3], 5, 0.05))
def fit_line_descends(student, reference, fit):
    """With |x| <= 3 the loss's curvature is at most 2 * (9 + 1) = 20, so a
    step of at most 0.1 never goes uphill: gradient descent lowers the loss."""
    x, y, epochs, learning_rate = fit
    got = student.fit_line(x, y, epochs, learning_rate)
    expect_same(got, reference.fit_line(x, y, epochs, learning_rate), parts=("a", "b", "losses"), atol=EVERYTHING)
    losses = [float(v) for v in got[2]]
    first = float(np.mean(y**2))
    expect(
        abs(losses[0] - first) <= 1e-9 * max(1.0, first),
        _("losses[0] is {loss}, but at a = b = 0 the loss is mean(y**2) = {first}").format(loss=repr(losses[0]), first=repr(first)),
        about=got,
        got=repr(losses[0]),
        expected=repr(first),
        advice=_("Start from a = b = 0.0, and record each epoch's loss before the step that epoch takes."),
    )
    rises = [k for k in range(1, len(losses)) if losses[k] > losses[k - 1] * (1 + 1e-12) + 1e-15]
    if rises:
        k = rises[0]
        expect(
            False,
            _("the loss went up from {before} (epoch {previous}) to {after} (epoch {epoch}) with learning rate {learning_rate}").format(
                before=repr(losses[k - 1]), previous=k - 1, after=repr(losses[k]), epoch=k, learning_rate=repr(learning_rate)
            ),
            about=got,
            got=repr(losses[: k + 1]),
            expected=_("losses[k] <= losses[k - 1] for every k"),
            advice=_("Step downhill, against the gradient (a = a - learning_rate * da), and start every epoch's gradients from 0.0: "
                     "backward() adds to .grad, so the last epoch's gradients must be cleared first."),
        )


def seed_data():
    """The seed post's setup: 10 samples from a normal distribution, y = 3x - 2."""
    x = np.random.default_rng(2024).normal(size=10)
    return x, 3 * x - 2


@prop("on the seed's data (10 normal samples, y = 3x - 2), 200 epochs at learning rate 0.1 find a = 3 and b = -2", function="fit_line", advice=FIT_ADVICE)
def fit_line_recovers_the_line(student, reference):
    x, y = seed_data()
    got = student.fit_line(x, y, 200, 0.1)
    expected = reference.fit_line(x, y, 200, 0.1)
    expect_same(got, expected, parts=("a", "b", "losses"), atol=EVERYTHING)  # types and length
    a, b = float(got[0]), float(got[1])
    expect(
        abs(a - 3.0) <= 1e-3 and abs(b + 2.0) <= 1e-3,
        _("after 200 epochs a = {a:.6g} and b = {b:.6g}; expected a = 3 and b = -2 (to 1e-3)").format(a=a, b=b),
        about=got,
        got=f"a = {a!r}, b = {b!r}",
        expected="a = 3.0, b = -2.0",
        advice=_("Each epoch: clear the gradients, build the loss with Values, call backward(), then a.data -= learning_rate * a.grad "
                 "and b.data -= learning_rate * b.grad."),
    )
    expect_same(got, expected, parts=("a", "b", "losses"))
