"""Known mistakes in single_neuron, each one function rewritten the wrong way.

Diagnosis names them in the feedback, the lesson lists them, and the test
suite proves that the properties reject every one. Each runs in the
reference module, so ``sigmoid``, ``neuron`` and ``neuron_step`` below are
the reference ones.
"""

import numpy as np

from graders.engine.variants import mistake


# -- neuron ------------------------------------------------------------------------
@mistake("neuron", "sigmoid written as 1 / (1 + np.exp(z)): the minus sign in the exponent is missing",
         advice="The sigmoid is 1 / (1 + np.exp(-z)). Without the minus it computes sigmoid(-z) = 1 - sigmoid(z), "
                "so the output falls when w @ x grows.")
def neuron_exp_sign(w, x):
    return float(1 / (1 + np.exp(w @ x)))


@mistake("neuron", "sigmoid(w * x): one output per input instead of one output for the whole example",
         advice="With one input (the seed's x = 1) w * x is the whole story; with n inputs the neuron first adds up "
                "the weighted inputs, z = w @ x (a dot product, one number), and returns sigmoid(z).")
def neuron_elementwise(w, x):
    return sigmoid(w * x)


@mistake("neuron", "sum of sigmoid(w * x): the sigmoid is applied to each input before adding up",
         advice="Add first, squash once: sigmoid(w @ x). A sum of n sigmoids can be anywhere in (0, n), not a probability.")
def neuron_sum_of_sigmoids(w, x):
    return float(np.sum(sigmoid(w * x)))


@mistake("neuron", "returns w @ x, forgetting the sigmoid",
         advice="w @ x is the neuron's input z; its output is sigmoid(z) = 1 / (1 + np.exp(-z)), a number between 0 and 1.")
def neuron_no_sigmoid(w, x):
    return float(w @ x)


@mistake("neuron", "returns an array of shape (1,) instead of a float (x reshaped to a column)",
         advice="w @ x.reshape(-1, 1) is a (1,) array, not a number. With w and x both of shape (n,), w @ x is already a "
                "number; return float(sigmoid(w @ x)).")
def neuron_rank1(w, x):
    return sigmoid(w @ x.reshape(-1, 1))


@mistake("neuron", "a Python loop over the entries of x to add up w[i] * x[i]", diagnose=False,
         advice="np.dot(w, x) (or w @ x) adds up all n products in one call: sigmoid(w @ x).")
def neuron_loop(w, x):
    z = 0.0
    for i in range(len(x)):
        z += w[i] * x[i]
    return float(sigmoid(z))


# -- neuron_step ----------------------------------------------------------------------
@mistake("neuron_step", "error = output - y with w + ...: the step moves the output away from y",
         advice="The seed's rule pairs error = y - output (target minus output) with w = w + learning_rate * error * x. "
                "Flip one of the two signs and every step goes the wrong way.")
def step_error_flipped(w, x, y, learning_rate):
    error = neuron(w, x) - y
    return w + learning_rate * error * x


@mistake("neuron_step", "w + learning_rate * error without x: every weight moves by the same amount",
         advice="Each weight moves in proportion to its own input: w + learning_rate * error * x. An input of 0 played no "
                "part in the error, so its weight should not move at all.")
def step_no_x(w, x, y, learning_rate):
    error = y - neuron(w, x)
    return w + learning_rate * error


@mistake("neuron_step", "w + error * x: the learning rate is left out",
         advice="The learning rate sets the size of the step: w + learning_rate * error * x.")
def step_no_rate(w, x, y, learning_rate):
    error = y - neuron(w, x)
    return w + error * x


@mistake("neuron_step", "the slope of the squared error: an extra output * (1 - output) factor",
         advice="This rule is gradient descent on the cross-entropy, whose slope is -(y - a) * x: no a * (1 - a). "
                "That factor belongs to the squared error (y - a) ** 2 / 2, which learns much more slowly when the neuron is far off.")
def step_mse_gradient(w, x, y, learning_rate):
    a = neuron(w, x)
    error = y - a
    return w + learning_rate * error * a * (1 - a) * x


@mistake("neuron_step", "error = y - w @ x: the error of the raw sum, not of the neuron's output",
         advice="The error compares the target with the neuron's output a = sigmoid(w @ x): error = y - neuron(w, x).")
def step_linear_error(w, x, y, learning_rate):
    error = y - w @ x
    return w + learning_rate * error * x


@mistake("neuron_step", "w += ...: updates the caller's w in place",
         advice="w += ... writes into the array the caller handed you, so their weights change too. w = w + ... makes a new array.")
def step_in_place(w, x, y, learning_rate):
    error = y - neuron(w, x)
    w += learning_rate * error * x
    return w


# -- train_neuron -----------------------------------------------------------------------
@mistake("train_neuron", "records the error after the update (the error of the next weights)",
         advice="Measure the error first, append it, then step: errors[0] must be the error of the starting w, as in the seed's "
                "loop (output, error, then w = w + ...).")
def train_errors_after_step(w, x, y, learning_rate, steps):
    errors = []
    for _ in range(steps):
        w = neuron_step(w, x, y, learning_rate)
        errors.append(y - neuron(w, x))
    return w, errors


@mistake("train_neuron", "one step too few (range(steps - 1) or range(1, steps))",
         advice="range(steps) runs exactly steps times; range(1, steps) and range(steps - 1) run once fewer.")
def train_one_short(w, x, y, learning_rate, steps):
    errors = []
    for _ in range(1, steps):
        errors.append(y - neuron(w, x))
        w = neuron_step(w, x, y, learning_rate)
    return w, errors


@mistake("train_neuron", "one step too many (range(steps + 1))",
         advice="range(steps) runs exactly steps times and gives steps errors.")
def train_one_long(w, x, y, learning_rate, steps):
    errors = []
    for _ in range(steps + 1):
        errors.append(y - neuron(w, x))
        w = neuron_step(w, x, y, learning_rate)
    return w, errors


@mistake("train_neuron", "records the error only every 100 steps (if i % 100 == 99), like the seed's print",
         advice="The seed prints every 100th error to keep the output short; errors holds the error of every step: "
                "append it each time, with no if.")
def train_every_100(w, x, y, learning_rate, steps):
    errors = []
    for i in range(steps):
        error = y - neuron(w, x)
        if i % 100 == 99:
            errors.append(error)
        w = neuron_step(w, x, y, learning_rate)
    return w, errors


@mistake("train_neuron", "records the outputs instead of the errors",
         advice="The seed prints both; errors holds y - output, the target minus the neuron's output.")
def train_outputs(w, x, y, learning_rate, steps):
    errors = []
    for _ in range(steps):
        errors.append(neuron(w, x))
        w = neuron_step(w, x, y, learning_rate)
    return w, errors


@mistake("train_neuron", "every step starts again from the original w (the new weights go to another name)",
         advice="Assign the step back to w itself, w = neuron_step(w, x, y, learning_rate), so that the next step starts where this one ended.")
def train_same_start(w, x, y, learning_rate, steps):
    errors = []
    new_w = w
    for _ in range(steps):
        errors.append(y - neuron(w, x))
        new_w = neuron_step(w, x, y, learning_rate)
    return new_w, errors


@mistake("train_neuron", "errors returned as a numpy array instead of a list",
         advice="errors is a Python list of floats: append to it and return it as it is, without np.array(errors).")
def train_errors_array(w, x, y, learning_rate, steps):
    errors = []
    for _ in range(steps):
        errors.append(y - neuron(w, x))
        w = neuron_step(w, x, y, learning_rate)
    return w, np.array(errors)


@mistake("train_neuron", "returns (errors, w) instead of (w, errors)",
         advice="The order is fixed by the caller, w_final, errors = train_neuron(...): return w, errors.")
def train_swapped_return(w, x, y, learning_rate, steps):
    errors = []
    for _ in range(steps):
        errors.append(y - neuron(w, x))
        w = neuron_step(w, x, y, learning_rate)
    return errors, w


@mistake("train_neuron", "w += ... in the loop: the caller's w is trained in place",
         advice="w += ... writes into the caller's array, so their starting weights are lost. Write w = w + ... "
                "(or w = neuron_step(w, ...)), which makes a new array each step.")
def train_in_place(w, x, y, learning_rate, steps):
    errors = []
    for _ in range(steps):
        error = y - neuron(w, x)
        errors.append(error)
        w += learning_rate * error * x
    return w, errors


# -- train_logic ---------------------------------------------------------------------------
@mistake("train_logic", "b is never updated (it stays 0.0)",
         advice="The bias learns like a weight whose input is always 1: after each row, b = b + learning_rate * error as well as w.")
def logic_fixed_bias(X, y, learning_rate, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for i in range(X.shape[0]):
            error = y[i] - sigmoid(X[i] @ w + b)
            w = w + learning_rate * error * X[i]
    return w, b


@mistake("train_logic", "b updated with the input too (b + learning_rate * error * X[i]): b becomes an array",
         advice="The bias's input is the constant 1, not X[i]: b = b + learning_rate * error, which keeps b one number.")
def logic_bias_times_x(X, y, learning_rate, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for i in range(X.shape[0]):
            error = y[i] - sigmoid(X[i] @ w + b)
            w = w + learning_rate * error * X[i]
            b = b + learning_rate * error * X[i]
    return w, b


@mistake("train_logic", "the bias is updated but left out of the output (sigmoid(X[i] @ w))",
         advice="With a bias the neuron's output is sigmoid(X[i] @ w + b): b must be inside the sigmoid for it to do anything.")
def logic_bias_not_used(X, y, learning_rate, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for i in range(X.shape[0]):
            error = y[i] - sigmoid(X[i] @ w)
            w = w + learning_rate * error * X[i]
            b = b + learning_rate * error
    return w, b


@mistake("train_logic", "only the first row is trained on (X[0] and y[0] every time)",
         advice="One epoch visits every row in turn: for i in range(len(X)), with X[i] and y[i] inside the loop.")
def logic_first_row_only(X, y, learning_rate, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for i in range(X.shape[0]):
            error = y[0] - sigmoid(X[0] @ w + b)
            w = w + learning_rate * error * X[0]
            b = b + learning_rate * error
    return w, b


@mistake("train_logic", "one update per epoch with the summed errors of all rows (full batch), instead of one update per row",
         advice="Here the rule is the seed's online one: update w and b after every row, so that the next row's error already "
                "uses the new weights. Summing the rows' steps into one is another algorithm, with other numbers.")
def logic_full_batch(X, y, learning_rate, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        errors = y - sigmoid(X @ w + b)
        w = w + learning_rate * X.T @ errors
        b = b + learning_rate * np.sum(errors)
    return w, b


@mistake("train_logic", "loops over the columns of X (for x in X.T) instead of its rows",
         advice="One example is one row of X, shape (n,): for i in range(len(X)) with X[i]. X.T's rows are X's columns, one per input, "
                "each holding that input for all m examples.")
def logic_columns(X, y, learning_rate, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for i, x in enumerate(X.T):
            error = y[i] - sigmoid(x @ w + b)
            w = w + learning_rate * error * x
            b = b + learning_rate * error
    return w, b


@mistake("train_logic", "b's error is computed again after w has moved (with the new w)",
         advice="One row, one error: compute error = y[i] - sigmoid(X[i] @ w + b) once, then update w and b with that same error. "
                "The bias is just one more weight, and all the weights step together.")
def logic_error_recomputed(X, y, learning_rate, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for i in range(X.shape[0]):
            error = y[i] - sigmoid(X[i] @ w + b)
            w = w + learning_rate * error * X[i]
            error = y[i] - sigmoid(X[i] @ w + b)
            b = b + learning_rate * error
    return w, b


@mistake("train_logic", "b starts as np.zeros(1), so it comes back as an array of shape (1,) instead of a float",
         advice="Start from b = 0.0, a number, and return b as a float (float(b) if it went through numpy).")
def logic_bias_array(X, y, learning_rate, epochs):
    w, b = np.zeros(X.shape[1]), np.zeros(1)
    for _ in range(epochs):
        for i in range(X.shape[0]):
            error = y[i] - sigmoid(X[i] @ w + b)
            w = w + learning_rate * error * X[i]
            b = b + learning_rate * error
    return w, b


# -- predict_logic ----------------------------------------------------------------------------
@mistake("predict_logic", "answers 1.0 where the output is exactly 0.5: >= 0.5 instead of > 0.5",
         advice="At X[i] @ w + b == 0 the sigmoid is exactly 0.5, and the answer there is 0.0: compare with > 0.5.")
def predict_ge(w, b, X):
    return (sigmoid(X @ w + b) >= 0.5).astype(np.float64)


@mistake("predict_logic", "compares z = X @ w + b with 0.5 instead of the output sigmoid(z)",
         advice="0.5 is the threshold for the output sigmoid(z); for z itself the threshold is 0. Apply the sigmoid first.")
def predict_threshold_z(w, b, X):
    return (X @ w + b > 0.5).astype(np.float64)


@mistake("predict_logic", "b is left out (sigmoid(X @ w))",
         advice="The neuron with a bias computes sigmoid(X @ w + b): the bias shifts every row's z.")
def predict_no_bias(w, b, X):
    return (sigmoid(X @ w) > 0.5).astype(np.float64)


@mistake("predict_logic", "returns booleans (output > 0.5) instead of 0.0/1.0 floats",
         advice="A comparison gives a bool array; convert it: (sigmoid(X @ w + b) > 0.5).astype(np.float64).")
def predict_bool(w, b, X):
    return sigmoid(X @ w + b) > 0.5


@mistake("predict_logic", "returns integers (np.where(output > 0.5, 1, 0))",
         advice="np.where(..., 1, 0) makes integers; write 1.0 and 0.0, or use .astype(np.float64).")
def predict_int(w, b, X):
    return np.where(sigmoid(X @ w + b) > 0.5, 1, 0)


@mistake("predict_logic", "returns the outputs sigmoid(X @ w + b) instead of the 0.0/1.0 answers",
         advice="predict_logic turns each output into an answer: 1.0 above 0.5, else 0.0: (output > 0.5).astype(np.float64).")
def predict_outputs(w, b, X):
    return sigmoid(X @ w + b)


@mistake("predict_logic", "sigmoid written with math.exp, which takes one number, not an array",
         advice="math.exp accepts a single number, so the (m,) array X @ w + b makes it raise. np.exp works on whole arrays: "
                "1 / (1 + np.exp(-z)).")
def predict_math_exp(w, b, X):
    import math

    return (1 / (1 + math.exp(-(X @ w + b))) > 0.5).astype(np.float64)


@mistake("predict_logic", "a Python loop over the rows of X", diagnose=False,
         advice="X @ w + b gives all m values of z at once, and (sigmoid(z) > 0.5).astype(np.float64) all m answers.")
def predict_loop(w, b, X):
    answers = np.zeros(X.shape[0])
    for i in range(X.shape[0]):
        answers[i] = 1.0 if sigmoid(X[i] @ w + b) > 0.5 else 0.0
    return answers
