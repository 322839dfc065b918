import numpy as np

from graders.engine.variants import mistake


@mistake("double", "squares instead of doubling", advice="Doubling is 2 * x, not x ** 2.")
def double_square(x):
    return x ** 2


@mistake("double", "adds two instead of doubling", advice="Doubling is 2 * x, not x + 2.")
def double_plus_two(x):
    return x + 2


@mistake("total", "mean instead of sum", advice="np.sum adds; np.mean divides by the count.")
def total_mean(x):
    return float(np.mean(x))
