"""Correct implementations of single_neuron written differently: each must pass.

They prove that the properties are no stricter than the contract: other
numpy functions, other return forms the contract allows (np.float64, a 0-d
array), loops where loops are allowed, another order of operations.
"""

import numpy as np

from graders.engine.variants import alternative


@alternative("neuron", "math.exp on the float of np.dot, as in the seed (|z| <= 200 cannot overflow)")
def neuron_math_exp(w, x):
    import math

    z = float(np.dot(w, x))
    return 1 / (1 + math.exp(-z))


@alternative("neuron", "sigmoid through tanh, on np.sum(w * x), returned as a 0-d array")
def neuron_tanh(w, x):
    z = np.sum(w * x)
    return np.asarray(0.5 * (1 + np.tanh(z / 2)))


@alternative("neuron_step", "copies w, then updates the copy in place")
def step_copy(w, x, y, learning_rate):
    new_w = w.copy()
    a = 1 / (1 + np.exp(-np.dot(x, w)))
    new_w += x * (learning_rate * (y - a))
    return new_w


@alternative("neuron_step", "gradient descent on the cross-entropy, written as w - learning_rate * dL/dw")
def step_gradient(w, x, y, learning_rate):
    a = neuron(w, x)
    grad = (a - y) * x  # the slope of -(y log a + (1 - y) log(1 - a)) with respect to w
    return np.subtract(w, learning_rate * grad)


@alternative("train_neuron", "a while loop that builds the errors with np.float64 values")
def train_while(w, x, y, learning_rate, steps):
    errors = []
    k = 0
    while k < steps:
        a = 1 / (1 + np.exp(-(w @ x)))
        error = y - a
        errors = errors + [error]
        w = w + learning_rate * error * x
        k += 1
    return w, errors


@alternative("train_neuron", "copies w once, then trains the copy in place")
def train_copy_in_place(w, x, y, learning_rate, steps):
    w = np.array(w, dtype=np.float64)
    errors = []
    for _ in range(steps):
        error = y - neuron(w, x)
        errors.append(error)
        w += learning_rate * error * x
    return w, errors


@alternative("train_logic", "separate w and b, rows and targets zipped together")
def logic_zip(X, y, learning_rate, epochs):
    import math

    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            a = 1 / (1 + math.exp(-(float(x_i @ w) + b)))
            error = float(y_i) - a
            w = w + learning_rate * error * x_i
            b = b + learning_rate * error
    return w, b


@alternative("train_logic", "the book's style: a bias input b_x = 1 and a (1,) bias, returned with .item()")
def logic_bias_input(X, y, learning_rate, epochs):
    w = np.zeros(X.shape[1])
    b = np.zeros(1)
    b_x = 1.0
    for _ in range(epochs):
        for j in range(len(X)):
            output = sigmoid(np.sum(X[j] * w) + b_x * b)
            error = y[j] - output
            w = w + X[j] * learning_rate * error
            b = b + b_x * learning_rate * error
    return w, b.item()


@alternative("predict_logic", "the sign of z instead of the sigmoid (z > 0)")
def predict_sign(w, b, X):
    return (X @ w + b > 0).astype(float)


@alternative("predict_logic", "np.heaviside of z, 0.0 at z == 0")
def predict_heaviside(w, b, X):
    return np.heaviside(np.dot(X, w) + b, 0.0)


@alternative("predict_logic", "np.round of the outputs (0.5 rounds half to even, to 0.0)")
def predict_round(w, b, X):
    return np.round(sigmoid(X @ w + b))
