"""Targeted checks of the forward_pass grader: what a student sees for specific code."""

from __future__ import annotations


import numpy as np

from graders.results import FAILED, NOT_STARTED, PASSED
from solutions import forward_pass as solution

from .conftest import failing, feedback_text, grade_replacing, grade_source

EXERCISE = "forward_pass"


def test_worked_example_holds_for_the_solution():
    y = solution.forward(solution.init_network(), np.array([1.0, 0.5]))
    assert y.shape == (2,)
    np.testing.assert_allclose(y, [0.31682708, 0.69627909], rtol=0, atol=5e-9)


def test_worked_example_is_an_explicit_example_of_the_grader():
    from graders.properties import forward_pass as properties

    network = properties.seed_network()
    reference = solution.init_network()
    assert list(network) == list(reference)
    for key in reference:
        np.testing.assert_array_equal(network[key], reference[key])


def test_untouched_stub_is_not_started(tmp_path, course):
    stub = course.stub_path(course.get(EXERCISE)).read_text()
    result = grade_source(tmp_path, course, EXERCISE, stub)
    assert result.status == NOT_STARTED, result.message


def test_tanh_sigmoid_passes(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def sigmoid(z):
            return 0.5 * (1 + np.tanh(z / 2))
    """)
    assert result.status == PASSED, [feedback_text(p) for p in failing(result)]


def test_float32_sigmoid_is_rejected_with_a_dtype_message(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def sigmoid(z):
            return (0.5 * (1 + np.tanh(z / 2))).astype(np.float32)
    """)
    assert result.status == FAILED
    first = failing(result)[0]
    assert first.function == "sigmoid"
    assert first.problem == "dtype"
    assert "float32" in first.message and "float64" in first.message


def test_naive_sigmoid_is_rejected_for_its_overflow_warning(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def sigmoid(z):
            return 1 / (1 + np.exp(-z))
    """)
    assert result.status == FAILED
    [prop] = failing(result)
    assert prop.key == "sigmoid_extremes"
    assert prop.problem == "warning"
    assert "overflow" in prop.message
    assert "np.exp(-np.abs(z))" in feedback_text(prop)


def test_clipping_at_30_loses_accuracy_and_is_rejected(tmp_path, course):
    # sigmoid(-30) is 9.4e-14 where sigmoid(-40) is 4.2e-18: small, but wrong.
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def sigmoid(z):
            return 1 / (1 + np.exp(-np.clip(z, -30, 30)))
    """)
    assert result.status == FAILED
    assert {p.function for p in failing(result)} >= {"sigmoid"}
    assert any(p.problem == "values" for p in failing(result))


def test_in_place_clip_is_reported_as_a_modified_input(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def sigmoid(z):
            np.clip(z, -500, 500, out=z)
            return 1 / (1 + np.exp(-z))
    """)
    assert result.status == FAILED
    messages = [p.message for p in failing(result) if p.problem == "mutated"]
    assert messages and "modified its input z" in messages[0]


def test_three_layer_forward_is_named(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def forward(network, x):
            a1 = sigmoid(np.dot(x, network["W1"]) + network["b1"])
            a2 = sigmoid(np.dot(a1, network["W2"]) + network["b2"])
            return identity(np.dot(a2, network["W3"]) + network["b3"])
    """)
    assert result.status == FAILED
    named = [p.diagnosis.title for p in failing(result) if p.diagnosis]
    assert any("three layers" in title for title in named), [feedback_text(p) for p in failing(result)]


def test_dense_that_ignores_the_activation_is_named(tmp_path, course):
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def dense(x, W, b, activation):
            return np.dot(x, W) + b
    """)
    dense = [p for p in failing(result) if p.function == "dense"]
    assert dense and dense[0].diagnosis is not None
    assert dense[0].diagnosis.id == "dense_no_activation"


def test_unknown_mistake_gets_no_false_name(tmp_path, course):
    # Doubling the output layer is in no bank: the feedback must not guess a name.
    result = grade_replacing(tmp_path, course, EXERCISE, """
        def forward(network, x):
            layers = len(network) // 2
            a = x
            for layer in range(1, layers + 1):
                z = a @ network[f"W{layer}"] + network[f"b{layer}"]
                a = 2 * z if layer == layers else sigmoid(z)
            return a
    """)
    forward = [p for p in failing(result) if p.function == "forward"]
    assert forward
    assert all(p.diagnosis is None for p in forward), [p.diagnosis for p in forward]
