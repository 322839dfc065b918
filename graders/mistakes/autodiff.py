"""Known mistakes in autodiff, each one graded function rewritten the wrong way.

Used twice: diagnosis names them in feedback, and the test suite proves every
one is rejected by the graders. Each runs in the reference module, so
``Value``, ``build``, ``topological_order`` and ``mse`` below are the
reference ones.

Most mistakes students make here live in the Value class, which the grader
never sees: it sees what grad() returns. So a mistake in an operation is
written as grad() with the reference's graph, in which the nodes that the
student's operation would have made get the student's local gradients
(``node.local_grads``) before backward() runs. The graph, the values and the
order of the backward pass are the reference's; only that one rule differs,
as it does in the student's code. The titles say what the student's code
does.
"""

from graders.engine.variants import mistake


# -- backward(): the chain rule and the order of the nodes -----------------------------------
@mistake("grad", "backward() assigns the gradient (parent.grad = local * node.grad) instead of adding to it",
         advice="A Value used twice (x * x, or a step used by two later steps) must collect a share from every use: "
                "parent.grad += local * node.grad. With = the last share overwrites the others.")
def grad_assigns(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    order = topological_order(output)
    output.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad = local * node.grad
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "backward() visits the nodes in topological order, inputs first, instead of in reverse",
         advice="topological_order lists every node after its parents, so the output comes last. The backward pass starts at the output: "
                "for node in reversed(topological_order(self)).")
def grad_not_reversed(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    output.grad = 1.0
    for node in topological_order(output):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad += local * node.grad
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "backward() recurses into each parent right away, without a topological order",
         advice="A node may pass its gradient on only when it is complete, after every node that uses it has added its share. "
                "Recursing into a parent as soon as one share arrives passes on partial gradients (and passes them again later). "
                "Sort first: for node in reversed(topological_order(self)).")
def grad_recursive(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]

    def push(node):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad += local * node.grad
            push(parent)

    output.grad = 1.0
    push(output)
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "backward() never seeds the output's gradient with 1.0, so every gradient stays 0.0",
         advice="The backward pass starts from d(output)/d(output) = 1: set self.grad = 1.0 in backward() before the loop.")
def grad_no_seed(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    for node in reversed(topological_order(output)):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad += local * node.grad
    return output.data, {name: nodes[name].grad for name in values}


# -- the local gradients of the operations --------------------------------------------------
@mistake("grad", "mul stores each factor's own value as its local gradient: (self.data, other.data) instead of (other.data, self.data)",
         advice="d(a * b)/da = b and d(a * b)/db = a: each factor's local gradient is the other factor, "
                "Value(a * b, (self, other), (other.data, self.data)).")
def grad_mul_unswapped(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    for node in topological_order(output):
        if node.op == "mul":
            node.local_grads = (node.parents[0].data, node.parents[1].data)
    output.backward()
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "tanh's local gradient is 1 - t instead of 1 - t ** 2",
         advice="With t = tanh(x), d tanh(x)/dx = 1 - t ** 2 (t squared), not 1 - t.")
def grad_tanh_one_minus_t(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    for node in topological_order(output):
        if node.op == "tanh":
            node.local_grads = (1.0 - node.data,)
    output.backward()
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "pow's local gradient is n * x ** n: the exponent is not lowered by one",
         advice="d(x ** n)/dx = n * x ** (n - 1): the power drops by one.")
def grad_pow_no_minus_one(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    for node in topological_order(output):
        if node.op == "pow":
            # n * x ** (n - 1) times x is the student's n * x ** n
            node.local_grads = (node.local_grads[0] * node.parents[0].data,)
    output.backward()
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "div gives the divisor the local gradient a / b ** 2, without the minus sign",
         advice="d(a / b)/db = -a / b ** 2: a larger divisor makes the quotient smaller, so the sign is minus.")
def grad_div_sign(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    for node in topological_order(output):
        if node.op == "div":
            node.local_grads = (node.local_grads[0], -node.local_grads[1])
    output.backward()
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "sub gives both operands the local gradient +1 (copied from add)",
         advice="d(a - b)/db = -1: the local gradients of a - b are (1.0, -1.0).")
def grad_sub_plus_one(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    for node in topological_order(output):
        if node.op == "sub":
            node.local_grads = (1.0, 1.0)
    output.backward()
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "exp's local gradient is the input x instead of the result e ** x",
         advice="e ** x is its own derivative: the local gradient is the new Value's data, math.exp(x), not x.")
def grad_exp_input(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    for node in topological_order(output):
        if node.op == "exp":
            node.local_grads = (node.parents[0].data,)
    output.backward()
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "sigmoid's local gradient is s * (1 + s) instead of s * (1 - s)",
         advice="With s = sigmoid(x), d sigmoid(x)/dx = s * (1 - s): it is largest, 1/4, at x = 0 and never above it.")
def grad_sigmoid_plus(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    for node in topological_order(output):
        if node.op == "sigmoid":
            node.local_grads = (node.data * (1.0 + node.data),)
    output.backward()
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "sigmoid's local gradient is x * (1 - x), from its input x, instead of s * (1 - s) from its result s",
         advice="The derivative is written with the sigmoid's own result: s = sigmoid(x), then d sigmoid(x)/dx = s * (1 - s). "
                "Compute s first and use it in the local gradient, not self.data (that is x).")
def grad_sigmoid_of_input(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    for node in topological_order(output):
        if node.op == "sigmoid":
            x = node.parents[0].data
            node.local_grads = (x * (1.0 - x),)
    output.backward()
    return output.data, {name: nodes[name].grad for name in values}


@mistake("grad", "relu passes the gradient through everywhere (local gradient 1.0 also where x < 0)",
         advice="relu(x) is flat where x < 0: its local gradient is 1.0 if x > 0 else 0.0.")
def grad_relu_always_one(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    for node in topological_order(output):
        if node.op == "relu":
            node.local_grads = (1.0,)
    output.backward()
    return output.data, {name: nodes[name].grad for name in values}


# -- grad(): the variables and what it returns -----------------------------------------------
@mistake("grad", "build makes a new Value at every use of a variable's name, so only one use's share is returned",
         advice="Make one Value per variable before building, keep it in a dict, and have build return that same Value "
                "every time the name appears: a variable used twice must collect both shares in one .grad.")
def grad_new_value_per_use(steps, values):
    leaves = {}

    def make(expression, nodes):
        if isinstance(expression, str) and expression in values:
            leaves[expression] = Value(values[expression])  # a fresh Value, replacing the last one
            return leaves[expression]
        if isinstance(expression, str):
            return nodes[expression]
        if not isinstance(expression, tuple):
            return Value(expression)
        op, *operands = expression
        if op == "pow":
            return make(operands[0], nodes) ** operands[1]
        return OPERATIONS[op](*(make(operand, nodes) for operand in operands))

    nodes = {}
    for name, expression in steps:
        nodes[name] = make(expression, nodes)
    output = nodes[steps[-1][0]]
    output.backward()
    return output.data, {name: leaves[name].grad if name in leaves else 0.0 for name in values}


@mistake("grad", "the gradients leave out the variables the output does not use",
         advice="Return an entry for every name in values: a variable the output does not depend on has the gradient 0.0.")
def grad_only_used(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    output.backward()
    used = {id(node) for node in topological_order(output)}
    return output.data, {name: nodes[name].grad for name in values if id(nodes[name]) in used}


@mistake("grad", "the gradients include the steps too ({name: node.grad for every node})",
         advice="Return the gradients of the input variables only: {name: nodes[name].grad for name in values}.")
def grad_with_steps(steps, values):
    nodes = {name: Value(value) for name, value in values.items()}
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    output.backward()
    return output.data, {name: node.grad for name, node in nodes.items()}


@mistake("grad", "the Values are stored in the caller's values dict (nodes = values)", diagnose=False,
         advice="values belongs to the caller: build your own dict, nodes = {name: Value(v) for name, v in values.items()}.")
def grad_into_values(steps, values):
    nodes = values
    for name in list(values):
        nodes[name] = Value(values[name])
    for name, expression in steps:
        nodes[name] = build(expression, nodes)
    output = nodes[steps[-1][0]]
    output.backward()
    return output.data, {name: node.grad for name, node in values.items()}


# -- mse_grad --------------------------------------------------------------------------------
@mistake("mse_grad", "the loss is the sum of the squared errors, not their mean (no division by n)",
         advice="MSE is a mean: divide the sum of the squared errors by n = len(x). The gradients then come out divided by n too.")
def mse_grad_sum(a, b, x, y):
    a, b = Value(a), Value(b)
    total = Value(0.0)
    for xi, yi in zip(x.tolist(), y.tolist()):
        total = total + (a * xi + b - yi) ** 2
    total.backward()
    return total.data, a.grad, b.grad


@mistake("mse_grad", "the error is doubled instead of squared (error * 2 for error ** 2)",
         advice="The squared error is error ** 2 (or error * error); error * 2 is twice the error, which can be negative.")
def mse_grad_doubled(a, b, x, y):
    a, b = Value(a), Value(b)
    total = Value(0.0)
    for xi, yi in zip(x.tolist(), y.tolist()):
        total = total + (a * xi + b - yi) * 2
    loss = total / len(x)
    loss.backward()
    return loss.data, a.grad, b.grad


@mistake("mse_grad", "the line is a + b * x: slope and intercept swapped",
         advice="Here a is the slope and b the intercept, as in y = 3x - 2 (a = 3, b = -2): the prediction is a * x + b.")
def mse_grad_swapped_roles(a, b, x, y):
    a, b = Value(a), Value(b)
    total = Value(0.0)
    for xi, yi in zip(x.tolist(), y.tolist()):
        total = total + (a + b * xi - yi) ** 2
    loss = total / len(x)
    loss.backward()
    return loss.data, a.grad, b.grad


@mistake("mse_grad", "the loss is divided by n twice (each squared error / n, and the total / n again)",
         advice="Divide by n once: either add error ** 2 / n for every sample, or divide the total by n at the end, not both.")
def mse_grad_divided_twice(a, b, x, y):
    a, b = Value(a), Value(b)
    n = len(x)
    total = Value(0.0)
    for xi, yi in zip(x.tolist(), y.tolist()):
        total = total + (a * xi + b - yi) ** 2 / n
    loss = total / n
    loss.backward()
    return loss.data, a.grad, b.grad


# -- fit_line --------------------------------------------------------------------------------
@mistake("fit_line", "steps uphill (a = a + learning_rate * da): gradient ascent",
         advice="The gradient points uphill; step against it: a.data -= learning_rate * a.grad, and the same for b.")
def fit_line_ascent(x, y, epochs, learning_rate):
    a, b = Value(0.0), Value(0.0)
    losses = []
    for _ in range(epochs):
        loss = mse(a, b, x, y)
        a.grad = b.grad = 0.0
        loss.backward()
        losses.append(loss.data)
        a.data += learning_rate * a.grad
        b.data += learning_rate * b.grad
    return a.data, b.data, losses


@mistake("fit_line", "gradients worked out by hand without the 2 of the square: da = mean(e * x), db = mean(e)",
         advice="d(e ** 2)/de = 2e, so da = 2 * mean(e * x) and db = 2 * mean(e). Better: let backward() work them out from the loss.")
def fit_line_missing_two(x, y, epochs, learning_rate):
    a, b = 0.0, 0.0
    losses = []
    for _ in range(epochs):
        e = a * x + b - y
        losses.append(float(sum((e**2).tolist()) / len(x)))
        a, b = a - learning_rate * float(sum((e * x).tolist()) / len(x)), b - learning_rate * float(sum(e.tolist()) / len(x))
    return a, b, losses


@mistake("fit_line", "the gradients of a and b are never reset, so every epoch adds onto the last epoch's",
         advice="backward() adds to .grad. Before each epoch's backward(), set a.grad = b.grad = 0.0, as an optimizer's zero_grad() does.")
def fit_line_stale_grads(x, y, epochs, learning_rate):
    a, b = Value(0.0), Value(0.0)
    losses = []
    for _ in range(epochs):
        loss = mse(a, b, x, y)
        loss.backward()
        losses.append(loss.data)
        a.data -= learning_rate * a.grad
        b.data -= learning_rate * b.grad
    return a.data, b.data, losses


@mistake("fit_line", "records the loss after the step (the loss of the next epoch's a and b)",
         advice="Append the loss computed at the start of the epoch, before a and b move: losses[0] is the loss at a = b = 0.")
def fit_line_loss_after_step(x, y, epochs, learning_rate):
    a, b = Value(0.0), Value(0.0)
    losses = []
    for _ in range(epochs):
        loss = mse(a, b, x, y)
        a.grad = b.grad = 0.0
        loss.backward()
        a.data -= learning_rate * a.grad
        b.data -= learning_rate * b.grad
        losses.append(mse(a, b, x, y).data)
    return a.data, b.data, losses


@mistake("fit_line", "one epoch too few (range(1, epochs))",
         advice="range(epochs) runs exactly epochs times; range(1, epochs) runs one time fewer.")
def fit_line_one_short(x, y, epochs, learning_rate):
    a, b = Value(0.0), Value(0.0)
    losses = []
    for _ in range(1, epochs):
        loss = mse(a, b, x, y)
        a.grad = b.grad = 0.0
        loss.backward()
        losses.append(loss.data)
        a.data -= learning_rate * a.grad
        b.data -= learning_rate * b.grad
    return a.data, b.data, losses
