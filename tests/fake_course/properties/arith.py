import numpy as np

from graders.kit import example, expect_same, expect_scalar, given, prop, strategies

xs = strategies.arrays(strategies.shapes(min_dims=1, max_dims=2, max_side=6), min_value=-100, max_value=100)


@prop("double returns 2 * x", function="double")
@given(x=xs)
@example(x=np.array([1.0, -2.0]))
def double_values(student, reference, x):
    expect_same(student.double(x), reference.double(x))


@prop("total returns the sum as a float", function="total")
@given(x=xs)
def total_values(student, reference, x):
    expect_scalar(student.total(x), reference.total(x), scale=float(np.abs(x).sum()))
