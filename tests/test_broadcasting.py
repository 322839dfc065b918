"""Targeted checks of the broadcasting grader: what a student sees for specific code."""

from __future__ import annotations


import numpy as np

from graders.engine import compare
from graders.properties import broadcasting as properties
from graders.results import FAILED, NOT_STARTED, PASSED
from solutions import broadcasting as solution

from .conftest import failing, feedback_text, grade_replacing, grade_source, solution_with

EXERCISE = "broadcasting"
SEED_CALORIES = [[56.0, 0.0, 4.4, 68.0], [1.2, 104.0, 52.0, 8.0], [1.8, 135.0, 99.0, 0.9]]


# -- the seed's worked example ----------------------------------------------------
def test_calorie_example_holds_for_the_solution():
    A = np.array(SEED_CALORIES)
    np.testing.assert_allclose(A.sum(axis=0), [59.0, 239.0, 155.4, 76.9])
    percentages = solution.column_percentages(A)
    assert percentages.shape == (3, 4)
    assert round(percentages[0, 0], 1) == 94.9  # apples' carbohydrate share
    np.testing.assert_allclose(percentages.sum(axis=0), 100.0, rtol=0, atol=1e-12)


def test_calorie_table_is_an_explicit_example_of_both_column_percentage_properties():
    np.testing.assert_array_equal(properties.CALORIES, SEED_CALORIES)
    for test in (properties.column_percentages_values, properties.column_percentages_sum_to_100):
        tables = [e["A"] for e in test.gradwork_property.examples]
        assert any(np.array_equal(A, SEED_CALORIES) for A in tables), test.__name__


def test_untouched_stub_is_not_started(tmp_path, course):
    stub = course.stub_path(course.get(EXERCISE)).read_text()
    result = grade_source(tmp_path, course, EXERCISE, stub)
    assert result.status == NOT_STARTED, result.message


# -- tolerances: sound implementations pass, real mistakes do not ------------------
def test_distance_trick_may_come_out_negative_and_is_accepted():
    rng = np.random.default_rng(0)
    X = rng.uniform(-100, 100, size=(16, 16))
    Y = X + rng.uniform(-1e-6, 1e-6, size=X.shape)  # nearly the same points
    trick = (X**2).sum(axis=1)[:, None] - 2 * X @ Y.T + (Y**2).sum(axis=1)[None, :]
    exact = solution.pairwise_sq_dists(X, Y)
    assert trick.min() < 0 or np.abs(trick - exact).max() > 1e-9 * max(1.0, exact.max()), "the trick should lose precision here"
    compare.expect_same(trick, exact, scale=properties.distance_scale(X, Y))  # accepted
    wrong = trick + 1e-3  # a real error of 0.001 is still seen
    try:
        compare.expect_same(wrong, exact, scale=properties.distance_scale(X, Y))
    except compare.Mismatch:
        pass
    else:
        raise AssertionError("an error of 1e-3 in every distance was accepted")


def test_standardize_tolerance_accepts_a_different_mean_but_not_ddof_1():
    X = properties.NEAR_CONSTANT
    expected = solution.standardize(X)
    allowed = properties.standardize_tolerance(X, expected, 1e-8)
    m = X.shape[0]
    mean = np.ones((1, m)) @ X / m  # summed in another order than X.mean
    honest = (X - mean) / (np.sqrt(((X - mean) ** 2).mean(axis=0)) + 1e-8)
    assert np.all(np.abs(honest - expected) <= allowed)
    ddof1 = (X - X.mean(axis=0)) / (X.std(axis=0, ddof=1) + 1e-8)
    assert not np.all(np.abs(ddof1 - expected) <= allowed)


def test_distance_trick_passes_the_grader_once_clipped(tmp_path, course):
    # The lesson's expanded form |x|^2 - 2 x.y + |y|^2 passes when clipped at 0, as the
    # lesson says; unclipped it rounds below 0 where two points coincide.
    for name in ("clipped", "unclipped"):
        (tmp_path / name).mkdir()
    clipped = grade_replacing(tmp_path / "clipped", course, EXERCISE, """
        def pairwise_sq_dists(X, Y):
            return np.maximum(np.sum(X**2, axis=1, keepdims=True) - 2 * np.matmul(X, Y.T) + np.sum(Y**2, axis=1), 0.0)
    """)
    assert clipped.status == PASSED, [feedback_text(p) for p in failing(clipped)]
    unclipped = grade_replacing(tmp_path / "unclipped", course, EXERCISE, """
        def pairwise_sq_dists(X, Y):
            return np.sum(X**2, axis=1, keepdims=True) - 2 * np.matmul(X, Y.T) + np.sum(Y**2, axis=1)
    """)
    [prop] = failing(unclipped)
    assert "is negative" in prop.message and prop.diagnosis and prop.diagnosis.id == "dists_trick_unclipped", feedback_text(prop)


# -- what a student sees -------------------------------------------------------------
def test_loop_in_column_percentages_is_reported_with_its_line(tmp_path, course):
    source = solution_with(course, EXERCISE, """
        def column_percentages(A):
            out = np.zeros_like(A)
            for j in range(A.shape[1]):
                out[:, j] = 100 * A[:, j] / A[:, j].sum()
            return out
    """)
    line = source.splitlines().index("    for j in range(A.shape[1]):") + 1
    result = grade_source(tmp_path, course, EXERCISE, source)
    assert result.status == FAILED
    [rule] = failing(result)  # the values are right: only the rule fails
    assert rule.kind == "rule" and rule.function == "column_percentages"
    assert f"line {line}" in rule.message and "`for` loop" in rule.message
    assert any(f":{line} " in frame for frame in rule.traceback)


def test_row_sums_are_named_on_the_calorie_table(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def column_percentages(A):
            return 100 * A / A.sum(axis=1, keepdims=True)
    """)
    props = failing(result, "column_percentages")
    assert props and all(p.diagnosis and p.diagnosis.id == "percentages_row_sums" for p in props)
    first = props[0]
    assert "56.0" in first.call and "135.0" in first.call  # the calorie table is the counterexample
    assert "axis=0" in first.diagnosis.advice


def test_sample_std_is_named(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def standardize(X, eps=1e-8):
            return (X - np.mean(X, axis=0)) / (np.std(X, axis=0, ddof=1) + eps)
    """)
    [prop] = failing(result)
    assert prop.diagnosis is not None and prop.diagnosis.id == "standardize_ddof1"
    assert "ddof=1" in prop.diagnosis.title


def test_standardize_in_place_is_reported_as_a_modified_input(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def standardize(X, eps=1e-8):
            X -= X.mean(axis=0)
            X /= X.std(axis=0) + eps
            return X
    """)
    [prop] = failing(result)
    assert prop.problem == "mutated"
    assert "modified its input X" in prop.message


def test_transpose_for_to_column_gets_a_shape_message_and_a_name(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def to_column(v):
            return v.T
    """)
    [prop] = failing(result)
    assert prop.problem == "shape" and "(3, 1)" in prop.message
    assert prop.diagnosis is not None and prop.diagnosis.id == "column_transpose"


def test_unknown_mistake_gets_no_false_name(tmp_path, course):
    # Centring on the median is in no bank: the feedback must not guess a name.
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def center_columns(X):
            return X - np.median(X, axis=0)
    """)
    props = failing(result, "center_columns")
    assert props
    assert all(p.diagnosis is None for p in props), [p.diagnosis for p in props]
