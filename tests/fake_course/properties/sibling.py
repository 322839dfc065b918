from graders.kit import expect_same, given, prop, strategies


@prop("add_one adds one to every element", function="add_one")
@given(x=strategies.arrays(strategies.shapes(max_side=5), min_value=-10, max_value=10))
def add_one_values(student, reference, x):
    expect_same(student.add_one(x), reference.add_one(x))
