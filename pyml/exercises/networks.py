"""Neural networks: the forward pass, and backpropagation checked by a numerical gradient."""

import numpy as np

from . import solutions
from .checking import Case, Exercise, Failure, equals, expect_close, expect_shape, expect_tuple, ratio_is
from .logistic import numerical_gradient

SIGMOID = '''def sigmoid(z):
    z = np.clip(z, -500, 500)
    return 1 / (1 + np.exp(-z))
'''

FORWARD_STUB = '''import numpy as np


''' + SIGMOID + '''

def predict(Theta1, Theta2, X):
    """The label (0 ... K-1) a one-hidden-layer network gives each sample: the index of its
    largest output. Returns an array of shape (m,).

    a1 = [1, x]                        (a bias unit 1 in front of the inputs)
    a2 = [1, sigmoid(a1 @ Theta1.T)]   (and in front of the hidden units)
    a3 = sigmoid(a2 @ Theta2.T)        (K outputs per sample)
    Theta1: (hidden, n+1); Theta2: (K, hidden+1); X: (m, n), without a column of ones.
    """
    m = X.shape[0]
    raise NotImplementedError  # your code here: return the labels
'''


def _network(rng, n, hidden, k, scale=1.0):
    return rng.normal(0, scale, size=(hidden, n + 1)), rng.normal(0, scale * 2, size=(k, hidden + 1))


def _forward_cases():
    Theta1 = np.array([[0.0, 1.0, -1.0], [0.5, -1.0, 2.0]])
    Theta2 = np.array([[1.0, -2.0, 1.0], [-1.0, 2.0, 0.5], [0.0, 1.0, -1.0]])
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-2.0, 1.0], [3.0, -1.0]])
    cases = [Case("hand-made case 1 (2 inputs, 2 hidden units, 3 classes, 4 samples)", "predict",
                  [("Theta1", Theta1), ("Theta2", Theta2), ("X", X)], None)]
    rng = np.random.default_rng(6)
    for i, (m, n, hidden, k) in enumerate([(10, 4, 5, 3), (40, 8, 6, 10)]):
        Theta1, Theta2 = _network(rng, n, hidden, k)
        cases.append(Case("random case %d (seed 6: m = %d, n = %d, %d hidden units, K = %d)" % (i + 1, m, n, hidden, k),
                          "predict", [("Theta1", Theta1), ("Theta2", Theta2), ("X", rng.normal(size=(m, n)))], None))
    for case in cases:
        case.expected = solutions.predict(*case.arguments())
    return cases


def _compare_forward(case, got, sandbox):
    Theta1, Theta2, X = case.arguments()
    m, k = X.shape[0], Theta2.shape[0]
    got = expect_shape(got, case.expected, "Your labels", hints=[
        ((m, k), "That is the network's K outputs for each sample: return the index of the largest one, "
                 "np.argmax(a3, axis=1)."),
        ((k,), "One value per class: take the argmax along each row, np.argmax(a3, axis=1), not axis=0."),
        ((m, 1), "That is a column: return a 1-D array of shape (m,)."),
    ])
    expect_close(got, case.expected, "Your labels", hints=[
        (equals(case.expected + 1), "every label is 1 too large: labels here start at 0 (np.argmax's index), "
                                    "not at 1 as in Octave."),
    ])


FORWARD = Exercise("forward", "A neural network's forward pass", ["predict"], FORWARD_STUB, ["sigmoid", "predict"],
                   _forward_cases, _compare_forward)


# ---------------------------------------------------------------- backpropagation

BACKPROP_STUB = '''import numpy as np


''' + SIGMOID + '''

def nn_cost_and_gradients(Theta1, Theta2, X, Y, lam):
    """The regularised cost of a one-hidden-layer network and its gradients; returns (J, grad1, grad2).

    Forward: a1 = [1, X], a2 = [1, sigmoid(a1 @ Theta1.T)], a3 = sigmoid(a2 @ Theta2.T)
    J = -1/m * sum(Y * log(a3) + (1 - Y) * log(1 - a3))
        + lam/(2m) * (sum of Theta1[:, 1:]**2 + sum of Theta2[:, 1:]**2)   (no bias weights)
    Backward: delta3 = a3 - Y
              delta2 = (delta3 @ Theta2[:, 1:]) * g'(z2), where g'(z2) = a2 (1 - a2) without the bias
              grad1 = delta2.T @ a1 / m,  grad2 = delta3.T @ a2 / m,
              plus lam/m * Theta (not on the bias column 0)
    Theta1: (hidden, n+1); Theta2: (K, hidden+1); X: (m, n); Y: (m, K), one 1 per row.
    grad1 has Theta1's shape, grad2 Theta2's.
    """
    m = X.shape[0]
    raise NotImplementedError  # your code here: return J, grad1, grad2
'''


def _backprop_cases():
    rng = np.random.default_rng(7)
    cases = []
    for i, (m, n, hidden, k, lam) in enumerate([(5, 3, 4, 3, 0.0), (5, 3, 4, 3, 1.0), (20, 6, 5, 4, 0.7)]):
        Theta1, Theta2 = _network(rng, n, hidden, k, scale=0.5)
        X = rng.normal(size=(m, n))
        Y = np.eye(k)[rng.integers(k, size=m)]
        name = ("small case %d" % (i + 1)) if i < 2 else "random case 1"
        cases.append(Case("%s (seed 7: m = %d, n = %d, %d hidden units, K = %d, λ = %g)" % (name, m, n, hidden, k, lam),
                          "nn_cost_and_gradients",
                          [("Theta1", Theta1), ("Theta2", Theta2), ("X", X), ("Y", Y), ("lam", lam)], None))
    for case in cases:
        case.expected = solutions.nn_cost_and_gradients(*case.arguments())
    return cases


def _compare_backprop(case, got, sandbox):
    Theta1, Theta2, X, Y, lam = case.arguments()
    m = X.shape[0]
    J, grad1, grad2 = expect_tuple(got, ["J", "grad1", "grad2"], "Your function's result")
    J_expected, grad1_expected, grad2_expected = case.expected
    unpenalised = solutions.nn_cost_and_gradients(Theta1, Theta2, X, Y, 0.0)
    bias_penalty = lam / (2 * m) * (Theta1[:, 0] @ Theta1[:, 0] + Theta2[:, 0] @ Theta2[:, 0])
    expect_close(J, J_expected, "Your cost J", hints=[
        (equals(J_expected + bias_penalty), "the bias weights (column 0 of each Theta) are penalised too: "
                                            "sum Theta1[:, 1:] ** 2 and Theta2[:, 1:] ** 2 only."),
        (equals(unpenalised[0]), "the regularisation term lam/(2m) * (Σ Theta1² + Σ Theta2², no bias) is missing."),
        (ratio_is(-1), "it has the wrong sign: J = -1/m Σ [Y log a3 + (1 - Y) log(1 - a3)]."),
    ], shape_hints=[((m,), "One number per sample: sum over samples and classes (np.sum) and divide by m.")])
    for name, grad, expected, Theta, free in (("grad1", grad1, grad1_expected, Theta1, unpenalised[1]),
                                              ("grad2", grad2, grad2_expected, Theta2, unpenalised[2])):
        with_bias = expected.copy()
        with_bias[:, 0] += lam / m * Theta[:, 0]
        expect_close(grad, expected, "Your %s" % name, hints=[
            (equals(with_bias), "the bias column 0 is penalised too: add lam/m * Theta only to columns 1 and up."),
            (equals(free), "the regularisation term lam/m * Theta (not on column 0) is missing."),
            (ratio_is(m), "it is m times too large: divide by m."),
            (equals(expected.T), "it is transposed: %s has the shape of %s, %s."
             % (name, "Theta1" if name == "grad1" else "Theta2", Theta.shape)),
        ], shape_hints=[(Theta.shape[::-1], "It is transposed: %s must have the shape of %s, %s (try delta.T @ a)."
                         % (name, "Theta1" if name == "grad1" else "Theta2", Theta.shape))])
    _gradient_check(case, sandbox)


def _gradient_check(case, sandbox):
    """The learner's gradients against central differences of their own cost (right by now: it matched)."""
    Theta1, Theta2, X, Y, lam = case.arguments()
    function = sandbox.namespace["nn_cost_and_gradients"]
    _, grad1, grad2 = sandbox.call(function, Theta1, Theta2, X, Y, lam)
    numeric1 = numerical_gradient(lambda T: float(solutions.nn_cost_and_gradients(T, Theta2, X, Y, lam)[0]), Theta1)
    numeric2 = numerical_gradient(lambda T: float(solutions.nn_cost_and_gradients(Theta1, T, X, Y, lam)[0]), Theta2)
    for name, grad, numeric in (("grad1", grad1, numeric1), ("grad2", grad2, numeric2)):
        if not np.allclose(grad, numeric, rtol=1e-4, atol=1e-7):
            raise Failure("Your %s differs from the numerical gradient (J(Θ + h) - J(Θ - h)) / 2h by up to %.3g."
                          % (name, np.abs(np.asarray(grad) - numeric).max()))


BACKPROP = Exercise("backprop", "Backpropagation", ["nn_cost_and_gradients"], BACKPROP_STUB,
                    ["sigmoid", "nn_cost_and_gradients"], _backprop_cases, _compare_backprop,
                    returns={"nn_cost_and_gradients": ["J", "grad1", "grad2"]})
