"""Targeted checks of the cost_function grader: what a student sees for specific code."""

from __future__ import annotations

import math

import numpy as np

from graders.results import NOT_STARTED, PASSED
from solutions import cost_function as solution

from .conftest import failing, feedback_text, grade_replacing, grade_source

EXERCISE = "cost_function"
OVERFLOW_MISTAKES = {"logits_via_sigmoid", "logits_softplus_overflow"}


def test_worked_examples_hold_for_the_solution():
    # y = 3x - 2 at x = 0, 1, 2, 3, predicted by a = b = 0.
    assert solution.mse(np.zeros(4), np.array([-2.0, 1.0, 4.0, 7.0])) == 17.5
    cost = solution.binary_cross_entropy(np.array([[0.9, 0.2, 0.6]]), np.array([[1.0, 0.0, 1.0]]))
    assert math.isclose(cost, -(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3, rel_tol=1e-15)
    huge = solution.binary_cross_entropy_with_logits(np.array([[1e4, -1e4, 0.0]]), np.array([[1.0, 1.0, 0.0]]))
    assert type(huge) is float
    assert math.isclose(huge, (1e4 + math.log(2)) / 3, rel_tol=1e-15)


def test_untouched_stub_is_not_started(tmp_path, course):
    stub = course.stub_path(course.get(EXERCISE)).read_text()
    result = grade_source(tmp_path, course, EXERCISE, stub)
    assert result.status == NOT_STARTED, result.message


def test_one_by_one_cost_is_a_wrong_type_with_a_fix(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def mse(y_pred, y):
            d = (y_pred - y).reshape(1, -1)
            return d @ d.T / d.size
    """)
    [prop] = failing(result, "mse")
    assert prop.problem == "type"
    assert "(1, 1)" in prop.message and "expected a float" in prop.message
    assert "float(" in feedback_text(prop)


def test_float32_cost_is_rejected_with_a_dtype_message(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def mse(y_pred, y):
            return np.float32(np.mean((y_pred - y) ** 2))
    """)
    [prop] = failing(result, "mse")
    assert prop.problem == "dtype"
    assert "float32" in prop.message and "float64" in prop.message


def test_np_float64_and_zero_d_results_are_accepted(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def binary_cross_entropy(A, Y):
            return np.squeeze(-(Y @ np.log(A).T + (1 - Y) @ np.log(1 - A).T) / Y.shape[1])

        def binary_cross_entropy_with_logits(Z, Y):
            return np.mean(np.logaddexp(0.0, Z) - Y * Z)
    """)
    assert result.status == PASSED, [feedback_text(p) for p in failing(result)]


def test_log_of_sigmoid_is_named(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def binary_cross_entropy_with_logits(Z, Y):
            A = 1 / (1 + np.exp(-Z))
            m = Z.shape[1]
            return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    """)
    named = [p.diagnosis.id for p in failing(result) if p.diagnosis]
    assert "logits_via_sigmoid" in named, [feedback_text(p) for p in failing(result)]


def test_finite_wrong_cost_is_not_called_an_overflow(tmp_path, course):
    # Clipping the logits keeps everything finite but caps the loss at 100:
    # wrong, and not one of the overflow mistakes (which return inf).
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def binary_cross_entropy_with_logits(Z, Y):
            Z = np.clip(Z, -100, 100)
            return float(np.mean(np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))))
    """)
    props = failing(result, "binary_cross_entropy_with_logits")
    assert props, result.message
    assert not {p.diagnosis.id for p in props if p.diagnosis} & OVERFLOW_MISTAKES, [feedback_text(p) for p in props]


def test_underflow_is_fine_but_other_warnings_are_not(tmp_path, course):
    # np.logaddexp underflows for |Z| ~ 1e4: that alone must pass.
    (tmp_path / "quiet").mkdir()
    (tmp_path / "noisy").mkdir()
    quiet = grade_replacing(tmp_path / "quiet", course, EXERCISE, """
        def binary_cross_entropy_with_logits(Z, Y):
            return float(np.mean(np.logaddexp(0, Z) - Y * Z))
    """)
    assert quiet.status == PASSED, [feedback_text(p) for p in failing(quiet)]
    # The right value, but with a divide-by-zero on the way: log(exp(-1e4)) is log(0.0).
    noisy = grade_replacing(tmp_path / "noisy", course, EXERCISE, """
        def binary_cross_entropy_with_logits(Z, Y):
            cost = float(np.mean(np.logaddexp(0, Z) - Y * Z))
            np.log(np.exp(-np.abs(Z)))
            return cost
    """)
    props = failing(noisy, "binary_cross_entropy_with_logits")
    assert [p.problem for p in props] == ["warning"], [feedback_text(p) for p in props]
    assert "divide by zero" in props[0].message


def test_sum_instead_of_mean_is_named_for_mse(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def mse(y_pred, y):
            return float(((y_pred - y) ** 2).sum())
    """)
    [prop] = failing(result, "mse")
    assert prop.diagnosis is not None and prop.diagnosis.id == "mse_sum"
    assert "17.5" in prop.message  # the seed's worked example is the counterexample


def test_one_by_one_cross_entropy_is_named_with_the_fix(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def binary_cross_entropy(A, Y):
            m = Y.shape[1]
            return -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
    """)
    props = failing(result, "binary_cross_entropy")
    assert props and all(p.diagnosis and p.diagnosis.id == "bce_one_by_one" for p in props)
    assert "np.squeeze" in props[0].diagnosis.advice
