"""Targeted checks of the vectorized_gradients grader: what a student sees for specific code."""

from __future__ import annotations


import numpy as np
from hypothesis import HealthCheck, given, settings

from graders.properties import vectorized_gradients as properties
from graders.results import NOT_STARTED, PASSED
from solutions import vectorized_gradients as solution

from .conftest import failing, feedback_text, grade_replacing, grade_source, solution_with

EXERCISE = "vectorized_gradients"


# -- the worked example and the domain ----------------------------------------------
def test_worked_example_holds_for_the_solution():
    w, b, X, Y = properties.SEED_PROBLEM
    grads, cost = solution.propagate(w, b, X, Y)
    assert type(cost) is float and type(grads["db"]) is float
    assert grads["dw"].shape == (2, 1)
    np.testing.assert_allclose(grads["dw"], [[-0.31868794], [-0.43919149]], rtol=1e-7)
    assert abs(grads["db"] + 1 / 6) < 1e-15
    assert abs(cost - 0.3653245788418167) < 1e-12
    # z = [0, -1.5, 1.5]: exactly 0 in the first column, where the prediction is 0.0.
    np.testing.assert_array_equal(w.T @ X + b, [[0.0, -1.5, 1.5]])
    np.testing.assert_array_equal(solution.predict(w, b, X), [[0.0, 0.0, 1.0]])


def test_optimize_example_from_the_docstring():
    w, b, X, Y, num_iterations, learning_rate = properties.SEED_DESCENT
    params, grads, costs = solution.optimize(w, b, X, Y, num_iterations, learning_rate)
    assert [round(c, 4) for c in costs] == [0.6931, 0.495, 0.3975]
    assert params["w"].shape == (2, 1) and type(params["b"]) is float
    assert not w.any(), "optimize changed the caller's w"


@settings(max_examples=50, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
@given(problem=properties.logistic_problems())
def test_drawn_problems_keep_z_within_20(problem):
    w, b, X, Y = problem
    assert np.abs(w.T @ X + b).max() <= 20
    assert set(np.unique(Y)) <= {0.0, 1.0} and Y.shape == (1, X.shape[1])


def test_exact_zero_is_recognised_only_when_every_order_gives_zero():
    assert properties.exactly([1.0, -1.5, 0.5])
    assert not properties.exactly([0.1 * 3, -0.3])  # not zero at all
    assert not properties.exactly([1e16, 1.0, -1e16, -1.0])  # zero, but not in every order
    w, b, X, _ = properties.SEED_PROBLEM
    assert properties.signs_are_clear(w, b, X)
    assert not properties.signs_are_clear(np.array([[1.0]]), 1e-12, np.array([[0.0]]))


def test_untouched_stub_is_not_started(tmp_path, course):
    stub = course.stub_path(course.get(EXERCISE)).read_text()
    result = grade_source(tmp_path, course, EXERCISE, stub)
    assert result.status == NOT_STARTED, result.message


# -- what a student sees ------------------------------------------------------------
def test_optimize_updating_w_in_place_is_a_modified_input(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def optimize(w, b, X, Y, num_iterations, learning_rate):
            costs = []
            for i in range(num_iterations):
                grads, cost = propagate(w, b, X, Y)
                costs.append(cost)
                w -= learning_rate * grads["dw"]
                b -= learning_rate * grads["db"]
            return {"w": w, "b": b}, grads, costs
    """)
    props = failing(result)
    assert props and all(p.function == "optimize" and p.problem == "mutated" for p in props)
    assert "optimize modified its input w" in props[0].message
    assert "w = w - " in feedback_text(props[0]) or "copy" in feedback_text(props[0])


def test_db_as_a_1x1_array_is_a_wrong_type_with_a_fix(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = sigmoid(w.T @ X + b)
            cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
            dZ = A - Y
            return {"dw": X @ dZ.T / m, "db": np.sum(dZ, axis=1, keepdims=True) / m}, float(cost)
    """)
    first = failing(result, "propagate")[0]
    assert first.problem == "type"
    assert "grads['db']" in first.message and "(1, 1)" in first.message and "float" in first.message
    assert first.diagnosis is not None and first.diagnosis.id == "propagate_db_array"
    assert "float(" in first.diagnosis.advice


SUM_DW = """
    def propagate(w, b, X, Y):
        m = X.shape[1]
        A = sigmoid(np.dot(w.T, X) + b)
        cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
        dZ = A - Y
        return {"dw": np.dot(X, dZ.T), "db": float(np.sum(dZ) / m)}, float(cost)
"""


def test_dw_without_1_over_m_is_named_and_breaks_duplication(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, SUM_DW)
    props = {p.key: p for p in result.properties if p.function == "propagate"}
    assert props["propagate_values"].status == "failed" and props["propagate_values"].diagnosis.id == "propagate_dw_sum"
    # Its laws wait for the values (they could only repeat them) ...
    for key in ("propagate_duplicates", "propagate_central_differences"):
        assert props[key].status == "skipped" and "counts once propagate's values are right" in props[key].message, props[key]
    # ... and, run on their own, each catches it.
    for key, words in (("propagate_duplicates", "duplicating every example"), ("propagate_central_differences", "v . dw")):
        (tmp_path / key).mkdir()
        alone = grade_replacing(tmp_path / key, course, EXERCISE, SUM_DW, only=key)
        [law] = alone.properties
        assert law.status == "failed" and words in law.message and law.diagnosis.id == "propagate_dw_sum", law


def test_a_cost_that_disagrees_with_its_own_gradient_fails_the_central_differences(tmp_path, course):
    # Gradients of the mean, cost twice the mean: each looks plausible alone. (Graded
    # whole, the values fail and the law waits for them: run here on its own.)
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = sigmoid(w.T @ X + b)
            cost = -2 * np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
            dZ = A - Y
            return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)
    """, only="propagate_central_differences")
    [law] = result.properties
    assert law.status == "failed" and "v . dw" in law.message, law


def test_greater_or_equal_in_predict_is_named_at_z_zero(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def predict(w, b, X):
            A = sigmoid(w.T @ X + b)
            return (A >= 0.5).astype(np.float64)
    """)
    [prop] = failing(result)
    assert prop.diagnosis is not None and prop.diagnosis.id == "predict_ge"
    assert "got 1.0, expected 0.0" in prop.detail


def test_loop_in_propagate_is_reported_with_its_line(tmp_path, course):
    source = solution_with(course, EXERCISE, """
        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = np.zeros((1, m))
            for i in range(m):
                A[0, i] = sigmoid(float(w[:, 0] @ X[:, i]) + b)
            cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
            dZ = A - Y
            return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, float(cost)
    """)
    line = source.splitlines().index("    for i in range(m):") + 1
    result = grade_source(tmp_path, course, EXERCISE, source)
    [rule] = failing(result)
    assert rule.kind == "rule" and rule.function == "propagate"
    assert f"line {line}" in rule.message


def test_numerically_stable_propagate_passes(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def propagate(w, b, X, Y):
            Z = np.matmul(w.T, X) + b
            A = np.exp(-np.logaddexp(0.0, -Z))
            dZ = A - Y
            cost = np.mean(np.logaddexp(0.0, Z) - Y * Z)
            return {"dw": np.einsum("im,jm->ij", X, dZ) / X.shape[1], "db": dZ.mean()}, np.squeeze(cost)
    """)
    assert result.status == PASSED, [feedback_text(p) for p in failing(result)]
