"""Properties of random_init: random weights drawn from the generator the grader passes.

The contract fixes each function's *distribution*, not its exact numbers, so
that every honest way of drawing passes (rng.uniform(-a, a, size) or
a * (2 * rng.random(size) - 1); rng.normal(0, s, size) or
s * rng.standard_normal(size); drawing the transpose and transposing back).
What the properties check instead:

* structure, compared with the reference (expect_same with an infinite
  tolerance: type, shape, dtype, finiteness), and for uniform draws the range
  [-a, a];
* symmetry is broken: no two columns (units) of a layer are equal;
* every number comes from rng: a generator in the same state gives the same
  weights again (the engine makes a failing call again too, but only these
  properties see a drawing function whose every answer has the right
  structure; and they make the second call themselves, so that diagnosis sees two
  calls: np.random.randn's first draw in a fresh worker, whose global
  generator starts at seed 0, is otherwise indistinguishable from
  np.random.seed(0) + np.random.randn), and generators in different states
  give different weights (a function that seeds the global generator, or
  builds np.random.default_rng(0), is reproducible: only this sees that it
  ignores rng);
* statistics, on layers of N >= 2304 weights: the sample mean, the mean square
  and the fraction of weights within one standard deviation of 0.

The student's functions are called with keyword arguments (rng=..., n_in=...,
the names of the stub's signatures). Diagnosis replays a call and compares
the positional arguments afterwards as data, and a generator argument is not
comparable data: passed by keyword, rng is left out of that comparison.

How the statistical bounds were derived. The N weights are independent draws
of a law with mean 0 and variance s2 (s2 = a**2 / 3 for U(-a, a)). Then

* the sample mean has standard error sqrt(s2 / N): we accept
  |mean| <= 6 * sqrt(s2 / N);
* the mean square m2 = mean(W**2) (the mean is known to be 0, so this is the
  variance estimate with no centring) has mean s2 and variance
  (E[w**4] - s2**2) / N = (kurtosis - 1) * s2**2 / N, i.e. kappa * s2**2 / N
  with kappa = 2 for the normal (kurtosis 3) and 0.8 for the uniform
  (kurtosis 9/5): we accept |m2 / s2 - 1| <= 6 * sqrt(kappa / N);
* the fraction of |w| <= s is a mean of N Bernoulli(p) with p = 0.6827 for
  the normal (the 68-95-99.7 rule) and p = 1/sqrt(3) = 0.5774 for the
  uniform: we accept |fraction - p| <= 6 * sqrt(p (1 - p) / N). This tells
  the two laws apart when the variance is right.

With N >= 2304 the central limit theorem makes these 6-sigma bounds: an
honest draw fails one with probability about 2e-9. The generators are seeded
by the grader, so the grade is deterministic anyway: the same seeds always
give the same verdict. The explicit examples use a 50 x 200 layer (N = 10000,
n_out = 4 n_in) on which every known wrong scale or law of the bank is
rejected with room to spare (checked for each one). The closest calls: the
uniform law under xavier_normal's name puts 58.9 % of its weights within one
std against 68.3 % +- 2.8 % (a miss of 3.4 times the allowance); the normal
law under xavier_uniform's name misses by as much and also leaves the range;
He with sqrt(1 / n_in) has m2 / s2 = 0.5 against 1 +- 0.085 (5.8 times). A wrong scale
that equals the right one on some layers (Xavier with n_in alone when
n_in == n_out) passes there, as it must; the explicit example catches it.

The first explicit example of each property gives every known mistake of
its function a different answer (seed 12345, n_in != n_out, limit and std
not 1), so diagnosis names the right one.
"""

import math

import numpy as np

from graders.kit import _, composite, example, expect, expect_same, given, N_, prop, rng, st, strategies

EVERYTHING = math.inf  # an absolute tolerance that checks type, shape, dtype and finiteness only
SLACK = 1e-12  # relative rounding allowed at the ends of a uniform range

# -- domains ----------------------------------------------------------------------
small = st.integers(1, 8)  # structure: small layers read well in a counterexample
big = st.integers(48, 64)  # statistics: N = n_in * n_out from 2304 (the tolerances scale with N) to 4096
scales = strategies.floats(min_value=0.001, max_value=10.0)
generators = strategies.generators()
METHODS = ("he_normal", "xavier_normal", "xavier_uniform")

SEED = rng(12345)
STATS_SHAPE = dict(n_in=50, n_out=200)  # N = 10000, n_out = 4 n_in: every wrong scale differs


# -- the laws ---------------------------------------------------------------------
def law(method: str, n_in: int, n_out: int) -> tuple[str, float]:
    """(kind, std) of each weight for one of the named recipes."""
    if method == "xavier_uniform":
        return "uniform", math.sqrt(2.0 / (n_in + n_out))
    if method == "xavier_normal":
        return "normal", math.sqrt(2.0 / (n_in + n_out))
    return "normal", math.sqrt(2.0 / n_in)


KAPPA = {"normal": 2.0, "uniform": 0.8}  # kurtosis - 1
WITHIN_ONE_STD = {"normal": math.erf(1 / math.sqrt(2)), "uniform": 1 / math.sqrt(3)}
BEYOND_TWO_STD = math.erfc(math.sqrt(2))  # a normal law's share of |w| > 2 std: 4.55%


def describe(kind: str, std: float) -> str:
    if kind == "uniform":
        limit = std * math.sqrt(3)
        return f"U(-{limit:.4g}, {limit:.4g})"
    return f"N(0, {std:.4g}**2)"


def expect_distribution(W, kind: str, std: float, *, what: str, advice: str) -> None:
    """W's mean, spread and shape are those of ``kind`` with standard deviation ``std``,
    within 6 standard errors (see the module docstring)."""
    values = np.asarray(W, dtype=np.float64)
    n = values.size
    law_text = describe(kind, std)
    mean = float(values.mean())
    mean_bound = 6 * std / math.sqrt(n)
    expect(
        abs(mean) <= mean_bound,
        # TRANSLATORS: {what} names the weights (a function name, a call, or "W2 (50 x 200, method 'he_normal')"); {law} is U(-a, a) or N(0, s**2)
        _("{what}: the {n} weights average {mean:.4g}, but draws from {law} average 0 (within +-{bound:.2g} for {n} draws)").format(
            what=what, n=n, mean=mean, law=law_text, bound=mean_bound
        ),
        about=W,
        got=_("mean {mean}").format(mean=repr(mean)),
        expected=_("a mean within +-{bound:.3g} of 0 (6 standard errors)").format(bound=mean_bound),
        advice=advice,
        problem="distribution",
    )
    ratio = float(np.mean(values**2)) / std**2
    ratio_bound = 6 * math.sqrt(KAPPA[kind] / n)
    spread = math.sqrt(ratio) * std
    low, high = std * math.sqrt(max(0.0, 1 - ratio_bound)), std * math.sqrt(1 + ratio_bound)
    expect(
        abs(ratio - 1) <= ratio_bound,
        _("{what}: the weights' spread, sqrt(mean(W**2)) = {spread:.4g}, is {ratio:.3g} times the std {std:.4g} of {law}").format(
            what=what, spread=spread, ratio=math.sqrt(ratio), std=std, law=law_text
        ),
        about=W,
        got=_("spread {spread}").format(spread=repr(spread)),
        expected=_("{std}, within {low:.4g}..{high:.4g} for {n} draws (6 standard errors)").format(std=repr(std), low=low, high=high, n=n),
        advice=advice,
        problem="distribution",
    )
    share = WITHIN_ONE_STD[kind]
    fraction = float(np.mean(np.abs(values) <= std))
    share_bound = 6 * math.sqrt(share * (1 - share) / n)
    other = "uniform" if kind == "normal" else "normal"
    if other == "uniform":
        shape_text = _("{what}: {fraction:.1%} of the weights lie within one std ({std:.4g}) of 0; {law} puts {share:.1%} there "
                       "(a uniform law puts {other_share:.1%}): the spread is right but the shape of the distribution is not")
    else:
        shape_text = _("{what}: {fraction:.1%} of the weights lie within one std ({std:.4g}) of 0; {law} puts {share:.1%} there "
                       "(a normal law puts {other_share:.1%}): the spread is right but the shape of the distribution is not")
    expect(
        abs(fraction - share) <= share_bound,
        shape_text.format(what=what, fraction=fraction, std=std, law=law_text, share=share, other_share=WITHIN_ONE_STD[other]),
        about=W,
        got=_("{fraction:.4f} of the weights with |w| <= {std:.4g}").format(fraction=fraction, std=std),
        expected=f"{share:.4f} +- {share_bound:.4f}",
        advice=advice,
        problem="distribution",
    )
    if kind == "normal":
        # The tails: a normal clipped or truncated at 2 std (as some libraries' initialisers
        # are) keeps the mean, nearly the spread and the middle, and loses these.
        tails = float(np.mean(np.abs(values) > 2 * std))
        tails_bound = 6 * math.sqrt(BEYOND_TWO_STD * (1 - BEYOND_TWO_STD) / n)
        expect(
            abs(tails - BEYOND_TWO_STD) <= tails_bound,
            _("{what}: {fraction:.2%} of the weights lie beyond two std ({bound:.4g}) of 0; {law} puts {share:.2%} there: "
              "the tails of the distribution are cut off or too heavy").format(what=what, fraction=tails, bound=2 * std, law=law_text, share=BEYOND_TWO_STD),
            about=W,
            got=_("{fraction:.4f} of the weights with |w| > {bound:.4g}").format(fraction=tails, bound=2 * std),
            expected=f"{BEYOND_TWO_STD:.4f} +- {tails_bound:.4f}",
            advice=advice + " " + _("Draw from the whole normal law: no np.clip, and no redrawing of large values (a truncated normal is another law)."),
            problem="distribution",
        )


def expect_in_range(W, limit: float, *, what: str, advice: str) -> None:
    values = np.asarray(W, dtype=np.float64)
    worst = float(np.abs(values).max())
    expect(
        worst <= limit * (1 + SLACK),
        _("{what}: a weight of size {worst:.6g} lies outside [-{limit:.6g}, {limit:.6g}]").format(what=what, worst=worst, limit=limit),
        about=W,
        got=f"max |W| = {worst!r}",
        expected=_("every |w| <= {limit}").format(limit=repr(limit)),
        advice=advice,
        problem="range",
    )


def distinct_rows(values: np.ndarray) -> int:
    """How many different rows a finite 2-d float array has: np.unique(values, axis=0)'s
    count, 5 to 15 times faster (rows compared by their bytes; + 0.0 turns -0.0 into
    0.0, which np.unique counts as equal). Every example of four properties asks it twice."""
    return len({row.tobytes() for row in np.ascontiguousarray(values + 0.0)})


def expect_units_differ(W, *, what: str, advice: str) -> None:
    """No two columns of W are equal: each unit gets its own weights (symmetry broken).
    Nor two rows: one row drawn and repeated for every input is not n_in * n_out draws,
    and its statistics only sometimes show it (for n_in >= 2 equal rows of independent
    draws never happen)."""
    values = np.asarray(W)
    if values.ndim != 2:
        return
    if values.shape[0] >= 2:
        rows = distinct_rows(values)
        expect(
            rows == values.shape[0],
            _("{what}: only {distinct} different rows among {rows}: the same weights are repeated for several inputs, "
              "instead of every weight drawn on its own").format(what=what, distinct=rows, rows=values.shape[0]),
            about=W,
            got=_("{distinct} distinct rows").format(distinct=rows),
            expected=_("{rows} distinct rows: every one of the n_in * n_out weights drawn on its own").format(rows=values.shape[0]),
            advice=advice,
            problem="repeated rows",
        )
    if values.shape[1] < 2:
        return
    distinct = distinct_rows(values.T)
    expect(
        distinct == values.shape[1],
        _("{what}: only {distinct} different columns among {columns}: some units start with exactly the same weights, "
          "so they stay identical (the symmetry problem of zeros_init)").format(what=what, distinct=distinct, columns=values.shape[1]),
        about=W,
        got=_("{distinct} distinct columns").format(distinct=distinct),
        expected=_("{columns} distinct columns, one per unit").format(columns=values.shape[1]),
        advice=advice,
        problem="symmetry",
    )


def identical(first, second) -> bool:
    """The same arrays (or dicts of arrays), exactly."""
    try:
        if isinstance(first, dict):
            return isinstance(second, dict) and list(first) == list(second) and all(identical(first[k], second[k]) for k in first)
        return bool(np.array_equal(np.asarray(first), np.asarray(second)))
    except Exception:
        return False


def short(value) -> str:
    try:
        return np.array2string(np.asarray(value, dtype=np.float64), precision=5, threshold=8, edgeitems=2).replace("\n", "")
    except Exception:
        return repr(value)[:200]


def expect_same_state(first, again, g, *, what: str) -> None:
    """Two calls with generators in the same state give the same weights.

    The engine checks this too for a failing call, but this property makes
    the second call itself, so that the two calls show up in diagnosis: a
    function that draws from numpy's global generator is then never mistaken
    for one that seeds it (the worker's global generator starts at seed 0)."""
    if identical(first, again):
        return
    label, a, b = "", first, again
    if isinstance(first, dict) and isinstance(again, dict):
        label, a, b = next(((f"{k}: ", first[k], again.get(k)) for k in first if not identical(first[k], again.get(k))), ("", first, again))
    expect(
        False,
        _("{what} gave different weights when called twice with {generator}, a generator in the same state: some numbers do not come from rng").format(
            what=what, generator=repr(g)
        ),
        about=again,
        # TRANSLATORS: {label} is empty or a key of the result followed by a colon ("W2: ")
        got=_("{label}first {first}, then {then}").format(label=label, first=short(a), then=short(b)),
        expected=_("the same weights both times"),
        advice=_("Draw every number from the rng argument (rng.uniform, rng.random, rng.normal, rng.standard_normal), never from np.random.rand/randn/uniform/normal "
                 "or a new np.random.default_rng(): then the same rng state gives the same weights."),
        problem="own-randomness",  # what the engine's own repeat check calls it, and names for certain
    )


def expect_from_rng(first, second, g1, g2, *, what: str) -> None:
    expect(
        not np.array_equal(np.asarray(first), np.asarray(second)),
        _("{what} gave exactly the same weights for {first} and {second}: the numbers do not come from the rng it was given").format(
            what=what, first=repr(g1), second=repr(g2)
        ),
        about=second,
        got=_("the same array twice"),
        expected=_("different weights for generators in different states"),
        advice=_("Draw from the rng argument (rng.uniform, rng.random, rng.normal, rng.standard_normal). np.random.seed(0) + np.random.randn(...), "
                 "or a new np.random.default_rng(0) inside, gives the same weights whatever generator the caller passes."),
        problem="ignores-rng",
    )


def two_generators():
    return st.tuples(generators, generators).filter(lambda pair: pair[0] != pair[1])


# -- uniform_init ------------------------------------------------------------------
UNIFORM_ADVICE = N_("Draw from U(-limit, limit) with the rng you are given: rng.uniform(-limit, limit, size=(n_in, n_out)), the shape as one tuple.")


@prop("uniform_init returns an (n_in, n_out) float64 array of values in [-limit, limit], the same again for a generator in the same state, no two rows or columns equal", function="uniform_init")
@given(g=generators, n_in=small, n_out=small, limit=scales)
@example(g=SEED, n_in=2, n_out=3, limit=0.25)
@example(g=rng(7), n_in=5, n_out=4, limit=3.0)
def uniform_init_structure(student, reference, g, n_in, n_out, limit):
    W = student.uniform_init(rng=g, n_in=n_in, n_out=n_out, limit=limit)
    again = student.uniform_init(rng=g, n_in=n_in, n_out=n_out, limit=limit)
    expect_same(W, reference.uniform_init(g.fresh(), n_in, n_out, limit), atol=EVERYTHING)
    expect_same_state(W, again, g, what="uniform_init")
    expect_in_range(W, limit, what="uniform_init", advice=_(UNIFORM_ADVICE))
    expect_units_differ(W, what="uniform_init", advice=_(UNIFORM_ADVICE))


@prop("uniform_init draws from rng: generators in different states give different weights", function="uniform_init")
@given(pair=two_generators(), n_in=small, n_out=small, limit=scales)
@example(pair=(SEED, rng(54321)), n_in=2, n_out=3, limit=0.25)
def uniform_init_from_rng(student, reference, pair, n_in, n_out, limit):
    g1, g2 = pair
    first = student.uniform_init(rng=g1, n_in=n_in, n_out=n_out, limit=limit)
    expect_same(first, reference.uniform_init(g1.fresh(), n_in, n_out, limit), atol=EVERYTHING)
    second = student.uniform_init(rng=g2, n_in=n_in, n_out=n_out, limit=limit)
    expect_from_rng(first, second, g1, g2, what="uniform_init")


@prop("uniform_init on a large layer: mean 0, std limit / sqrt(3), flat between -limit and limit (within sampling error)", function="uniform_init")
@given(g=generators, n_in=big, n_out=big, limit=scales)
@example(g=SEED, limit=0.25, **STATS_SHAPE)
def uniform_init_statistics(student, reference, g, n_in, n_out, limit):
    W = student.uniform_init(rng=g, n_in=n_in, n_out=n_out, limit=limit)
    expect_same(W, reference.uniform_init(g.fresh(), n_in, n_out, limit), atol=EVERYTHING)
    expect_in_range(W, limit, what="uniform_init", advice=_(UNIFORM_ADVICE))
    expect_distribution(W, "uniform", limit / math.sqrt(3), what=f"uniform_init(limit={limit!r})", advice=_(UNIFORM_ADVICE))


# -- normal_init ---------------------------------------------------------------------
NORMAL_ADVICE = N_(
    "Draw from N(0, std**2) with the rng you are given: std * rng.standard_normal((n_in, n_out)) or rng.normal(0.0, std, (n_in, n_out)) "
    "(the mean comes first, then the standard deviation); std is the standard deviation, not the variance."
)


@prop("normal_init returns an (n_in, n_out) float64 array, the same again for a generator in the same state, no two rows or columns equal", function="normal_init")
@given(g=generators, n_in=small, n_out=small, std=scales)
@example(g=SEED, n_in=2, n_out=3, std=0.25)
def normal_init_structure(student, reference, g, n_in, n_out, std):
    W = student.normal_init(rng=g, n_in=n_in, n_out=n_out, std=std)
    again = student.normal_init(rng=g, n_in=n_in, n_out=n_out, std=std)
    expect_same(W, reference.normal_init(g.fresh(), n_in, n_out, std), atol=EVERYTHING)
    expect_same_state(W, again, g, what="normal_init")
    expect_units_differ(W, what="normal_init", advice=_(NORMAL_ADVICE))


@prop("normal_init draws from rng: generators in different states give different weights", function="normal_init")
@given(pair=two_generators(), n_in=small, n_out=small, std=scales)
@example(pair=(SEED, rng(54321)), n_in=2, n_out=3, std=0.25)
def normal_init_from_rng(student, reference, pair, n_in, n_out, std):
    g1, g2 = pair
    first = student.normal_init(rng=g1, n_in=n_in, n_out=n_out, std=std)
    expect_same(first, reference.normal_init(g1.fresh(), n_in, n_out, std), atol=EVERYTHING)
    second = student.normal_init(rng=g2, n_in=n_in, n_out=n_out, std=std)
    expect_from_rng(first, second, g1, g2, what="normal_init")


@prop("normal_init on a large layer: mean 0, standard deviation equal to std, bell-shaped (within sampling error)", function="normal_init")
@given(g=generators, n_in=big, n_out=big, std=scales)
@example(g=SEED, std=0.25, **STATS_SHAPE)
def normal_init_statistics(student, reference, g, n_in, n_out, std):
    W = student.normal_init(rng=g, n_in=n_in, n_out=n_out, std=std)
    expect_same(W, reference.normal_init(g.fresh(), n_in, n_out, std), atol=EVERYTHING)
    expect_distribution(W, "normal", std, what=f"normal_init(std={std!r})", advice=_(NORMAL_ADVICE))


# -- the three recipes -------------------------------------------------------------------
RECIPE_FORMULA = {
    "xavier_uniform": N_("Xavier uniform: limit = np.sqrt(6 / (n_in + n_out)), with the parentheses around n_in + n_out, then uniform_init(rng, n_in, n_out, limit)."),
    "xavier_normal": N_("Xavier normal: std = np.sqrt(2 / (n_in + n_out)), then normal_init(rng, n_in, n_out, std): a normal law, not a uniform one."),
    "he_normal": N_("He normal: std = np.sqrt(2 / n_in): only the number of inputs, the 2 for ReLU, and the square root; then normal_init(rng, n_in, n_out, std)."),
}
BUILT_ON = {"xavier_uniform": "uniform_init", "xavier_normal": "normal_init", "he_normal": "normal_init"}


def recipe_advice(method: str) -> str:
    """The advice for one of the three recipes, in the current language."""
    # TRANSLATORS: {formula} is a whole sentence about the recipe; {method} and {built_on} are function names
    return _("{formula} If {method} calls your {built_on}, make {built_on}'s own properties pass first.").format(
        formula=_(RECIPE_FORMULA[method]), method=method, built_on=BUILT_ON[method]
    )


def network_recipe_advice(method: str) -> str:
    """The advice for init_network_random's layers drawn with ``method``, in the current language."""
    # TRANSLATORS: {formula} is a whole sentence about the recipe; 'he_normal' is a function name
    return _("Use the function that method names (no method given means 'he_normal'), and make its own properties pass first. {formula}").format(
        formula=_(RECIPE_FORMULA[method])
    )


def recipe_structure(student, reference, method, g, n_in, n_out):
    W = getattr(student, method)(rng=g, n_in=n_in, n_out=n_out)
    again = getattr(student, method)(rng=g, n_in=n_in, n_out=n_out)
    expect_same(W, getattr(reference, method)(g.fresh(), n_in, n_out), atol=EVERYTHING)
    expect_same_state(W, again, g, what=method)
    kind, std = law(method, n_in, n_out)
    if kind == "uniform":
        expect_in_range(W, std * math.sqrt(3), what=method, advice=recipe_advice(method))
    expect_units_differ(W, what=method, advice=recipe_advice(method))


def recipe_from_rng(student, reference, method, pair, n_in, n_out):
    g1, g2 = pair
    first = getattr(student, method)(rng=g1, n_in=n_in, n_out=n_out)
    expect_same(first, getattr(reference, method)(g1.fresh(), n_in, n_out), atol=EVERYTHING)
    expect_from_rng(first, getattr(student, method)(rng=g2, n_in=n_in, n_out=n_out), g1, g2, what=method)


def recipe_statistics(student, reference, method, g, n_in, n_out):
    W = getattr(student, method)(rng=g, n_in=n_in, n_out=n_out)
    expect_same(W, getattr(reference, method)(g.fresh(), n_in, n_out), atol=EVERYTHING)
    kind, std = law(method, n_in, n_out)
    if kind == "uniform":
        expect_in_range(W, std * math.sqrt(3), what=method, advice=recipe_advice(method))
    expect_distribution(W, kind, std, what=f"{method}({n_in}, {n_out})", advice=recipe_advice(method))


@prop("xavier_uniform returns an (n_in, n_out) float64 array in [-sqrt(6/(n_in+n_out)), sqrt(6/(n_in+n_out))], the same again for a generator in the same state, no two rows or columns equal", function="xavier_uniform")
@given(g=generators, n_in=small, n_out=small)
@example(g=SEED, n_in=2, n_out=3)
def xavier_uniform_structure(student, reference, g, n_in, n_out):
    recipe_structure(student, reference, "xavier_uniform", g, n_in, n_out)


@prop("xavier_uniform draws from rng: generators in different states give different weights", function="xavier_uniform")
@given(pair=two_generators(), n_in=small, n_out=small)
@example(pair=(SEED, rng(54321)), n_in=2, n_out=3)
def xavier_uniform_from_rng(student, reference, pair, n_in, n_out):
    recipe_from_rng(student, reference, "xavier_uniform", pair, n_in, n_out)


@prop("xavier_uniform on a large layer: mean 0, variance 2/(n_in+n_out), flat (within sampling error)", function="xavier_uniform")
@given(g=generators, n_in=big, n_out=big)
@example(g=SEED, **STATS_SHAPE)
def xavier_uniform_statistics(student, reference, g, n_in, n_out):
    recipe_statistics(student, reference, "xavier_uniform", g, n_in, n_out)


@prop("xavier_normal returns an (n_in, n_out) float64 array, the same again for a generator in the same state, no two rows or columns equal", function="xavier_normal")
@given(g=generators, n_in=small, n_out=small)
@example(g=SEED, n_in=2, n_out=3)
def xavier_normal_structure(student, reference, g, n_in, n_out):
    recipe_structure(student, reference, "xavier_normal", g, n_in, n_out)


@prop("xavier_normal draws from rng: generators in different states give different weights", function="xavier_normal")
@given(pair=two_generators(), n_in=small, n_out=small)
@example(pair=(SEED, rng(54321)), n_in=2, n_out=3)
def xavier_normal_from_rng(student, reference, pair, n_in, n_out):
    recipe_from_rng(student, reference, "xavier_normal", pair, n_in, n_out)


@prop("xavier_normal on a large layer: mean 0, std sqrt(2/(n_in+n_out)), bell-shaped (within sampling error)", function="xavier_normal")
@given(g=generators, n_in=big, n_out=big)
@example(g=SEED, **STATS_SHAPE)
def xavier_normal_statistics(student, reference, g, n_in, n_out):
    recipe_statistics(student, reference, "xavier_normal", g, n_in, n_out)


@prop("he_normal returns an (n_in, n_out) float64 array, the same again for a generator in the same state, no two rows or columns equal", function="he_normal")
@given(g=generators, n_in=small, n_out=small)
@example(g=SEED, n_in=2, n_out=3)
def he_normal_structure(student, reference, g, n_in, n_out):
    recipe_structure(student, reference, "he_normal", g, n_in, n_out)


@prop("he_normal draws from rng: generators in different states give different weights", function="he_normal")
@given(pair=two_generators(), n_in=small, n_out=small)
@example(pair=(SEED, rng(54321)), n_in=2, n_out=3)
def he_normal_from_rng(student, reference, pair, n_in, n_out):
    recipe_from_rng(student, reference, "he_normal", pair, n_in, n_out)


@prop("he_normal on a large layer: mean 0, std sqrt(2/n_in), bell-shaped (within sampling error)", function="he_normal")
@given(g=generators, n_in=big, n_out=big)
@example(g=SEED, **STATS_SHAPE)
def he_normal_statistics(student, reference, g, n_in, n_out):
    recipe_statistics(student, reference, "he_normal", g, n_in, n_out)


# -- init_network_random ------------------------------------------------------------------
# TRANSLATORS: W{l} and b{l} are code (not placeholders): keep them as written
NETWORK_ADVICE = N_(
    "For l in range(1, len(layer_sizes)): W{l} = method(rng, layer_sizes[l-1], layer_sizes[l]) with the function that method names "
    "(the same rng every time, so each layer gets new numbers) and b{l} = np.zeros(layer_sizes[l])."
)
small_sizes = st.lists(st.integers(1, 16), min_size=2, max_size=6)
any_small_sizes = st.one_of(small_sizes, small_sizes.map(tuple))
# None: the call leaves method out, and the default ("he_normal") applies.
methods = st.sampled_from((None, *METHODS))


def call_network(student_or_reference, g, layer_sizes, method):
    if method is None:
        return student_or_reference.init_network_random(rng=g, layer_sizes=layer_sizes)
    return student_or_reference.init_network_random(rng=g, layer_sizes=layer_sizes, method=method)


@prop("init_network_random returns exactly W1..WL, b1..bL: W_l of shape (n_{l-1}, n_l), b_l zeros of shape (n_l,), all float64, the same again for a generator in the same state", function="init_network_random", fresh=True)
@given(g=generators, layer_sizes=any_small_sizes, method=methods)
@example(g=SEED, layer_sizes=[2, 3, 4], method="xavier_uniform")
@example(g=rng(7), layer_sizes=(3, 5, 5, 2), method=None)
def network_structure(student, reference, g, layer_sizes, method):
    got = call_network(student, g, layer_sizes, method)
    again = call_network(student, g, layer_sizes, method)
    expected = call_network(reference, g.fresh(), list(layer_sizes), method)
    expect_same(got, expected, atol=EVERYTHING)
    expect_same_state(got, again, g, what="init_network_random")
    biases = {key: got[key] for key in expected if key.startswith("b")}
    expect_same(biases, {key: expected[key] for key in biases}, atol=0, rtol=0)


@composite
def big_networks(draw):
    return draw(st.lists(big, min_size=2, max_size=4))


@prop("init_network_random: each W_l has the mean, spread and shape of method's distribution for its n_{l-1} and n_l (within sampling error)", function="init_network_random")
@given(g=generators, layer_sizes=big_networks(), method=methods)
@example(g=SEED, layer_sizes=[50, 200, 60], method="xavier_normal")
@example(g=rng(7), layer_sizes=[50, 200, 60], method=None)
@example(g=rng(8), layer_sizes=[50, 200, 60], method="xavier_uniform")
def network_statistics(student, reference, g, layer_sizes, method):
    got = call_network(student, g, layer_sizes, method)
    expected = call_network(reference, g.fresh(), list(layer_sizes), method)
    expect_same(got, expected, atol=EVERYTHING)
    name = method or "he_normal"
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        kind, std = law(name, n_in, n_out)
        if method is None:
            what = _("W{layer} ({n_in} x {n_out}, method {method} by default)").format(layer=layer, n_in=n_in, n_out=n_out, method=repr(name))
        else:
            what = _("W{layer} ({n_in} x {n_out}, method {method})").format(layer=layer, n_in=n_in, n_out=n_out, method=repr(name))
        if kind == "uniform":
            expect_in_range(got[f"W{layer}"], std * math.sqrt(3), what=what, advice=network_recipe_advice(name))
        expect_distribution(got[f"W{layer}"], kind, std, what=what, advice=network_recipe_advice(name))


@composite
def repeated_layers(draw):
    """Sizes [n_0, w, w, w, ...]: at least two layers of the same shape (w, w)."""
    return [draw(st.integers(1, 16))] + [draw(st.integers(1, 16))] * draw(st.integers(3, 5))


@prop("init_network_random breaks the symmetry: no two units of a layer start equal, and no two layers of the same shape are equal", function="init_network_random")
@given(g=generators, layer_sizes=repeated_layers(), method=methods)
@example(g=SEED, layer_sizes=[4, 6, 6, 6], method=None)
def network_symmetry(student, reference, g, layer_sizes, method):
    got = call_network(student, g, layer_sizes, method)
    expect_same(got, call_network(reference, g.fresh(), list(layer_sizes), method), atol=EVERYTHING)
    layers = len(layer_sizes) - 1
    for layer in range(1, layers + 1):
        expect_units_differ(got[f"W{layer}"], what=f"W{layer}", advice=_(NETWORK_ADVICE))
    for first in range(1, layers + 1):
        for second in range(first + 1, layers + 1):
            A, B = got[f"W{first}"], got[f"W{second}"]
            expect(
                A.shape != B.shape or not np.array_equal(A, B),
                _("W{first} and W{second} are exactly the same {rows} x {columns} matrix: every layer started from the same generator state").format(
                    first=first, second=second, rows=A.shape[0], columns=A.shape[1]
                ),
                about=got,
                got=f"W{first} == W{second}",
                expected=_("each layer drawn with new numbers from the one rng"),
                advice=_("Pass the rng itself to every layer's draw; it moves on after each draw. A copy of it (copy.deepcopy(rng)) or a "
                         "generator rebuilt from one seed for each layer starts every layer from the same state."),
                problem="same-layers",
            )


@prop("init_network_random draws from rng: generators in different states give different weights", function="init_network_random")
@given(pair=two_generators(), layer_sizes=small_sizes, method=methods)
@example(pair=(SEED, rng(54321)), layer_sizes=[2, 3, 4], method=None)
def network_from_rng(student, reference, pair, layer_sizes, method):
    g1, g2 = pair
    first = call_network(student, g1, layer_sizes, method)
    expect_same(first, call_network(reference, g1.fresh(), list(layer_sizes), method), atol=EVERYTHING)
    second = call_network(student, g2, layer_sizes, method)
    expect_same(second, call_network(reference, g2.fresh(), list(layer_sizes), method), atol=EVERYTHING)
    expect_from_rng(first["W1"], second["W1"], g1, g2, what="init_network_random")
