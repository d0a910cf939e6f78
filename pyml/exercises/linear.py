"""Linear regression: the cost, one step of gradient descent, the normal equation."""

import numpy as np

from . import solutions
from .checking import Case, Exercise, Failure, equals, expect_close, ratio_is


def _with_ones(X):
    return np.hstack([np.ones((len(X), 1)), X])


def _hand_data():
    X = _with_ones(np.array([[1.0], [2.0], [3.0]]))
    return X, np.array([1.0, 2.0, 3.0])


def _random_data(rng, m, n):
    X = _with_ones(rng.normal(size=(m, n)))
    y = X @ rng.normal(size=n + 1) + 0.3 * rng.normal(size=m)
    return X, y


# ---------------------------------------------------------------- compute_cost

COST_STUB = '''import numpy as np


def compute_cost(X, y, theta):
    """The cost J(theta) = 1/(2m) * sum((X @ theta - y) ** 2), a single number.

    X: (m, n+1), with the column of ones first; y: (m,); theta: (n+1,).
    """
    m = len(y)
    raise NotImplementedError  # your code here: return J
'''


def _cost_cases():
    X, y = _hand_data()
    cases = [
        Case("hand-made case 1 (a perfect fit, θ = [0, 1])", "compute_cost",
             [("X", X), ("y", y), ("theta", np.array([0.0, 1.0]))], 0.0),
        Case("hand-made case 2 (θ = [0, 0])", "compute_cost",
             [("X", X), ("y", y), ("theta", np.array([0.0, 0.0]))], 14 / 6),
        Case("hand-made case 3 (θ = [1, 0.5])", "compute_cost",
             [("X", X), ("y", y), ("theta", np.array([1.0, 0.5]))], None),
    ]
    rng = np.random.default_rng(1)
    for i, (m, n) in enumerate([(10, 1), (25, 3), (40, 2)]):
        X, y = _random_data(rng, m, n)
        cases.append(Case("random case %d (seed 1: m = %d, n = %d)" % (i + 1, m, n), "compute_cost",
                          [("X", X), ("y", y), ("theta", rng.normal(size=n + 1))], None))
    for case in cases:
        if case.expected is None:
            case.expected = solutions.compute_cost(*case.arguments())
    return cases


def _compare_cost(case, got, sandbox):
    X, y, theta = case.arguments()
    m = len(y)
    errors = X @ theta - y
    expect_close(got, case.expected, "Your cost", hints=[
        (ratio_is(2), "it is 2× too large: did you forget the ½ in 1/(2m)?"),
        (ratio_is(0.5), "it is half the expected value: the cost divides by 2m, not 4m."),
        (ratio_is(2 * m), "it is the sum of the squared errors: divide it by 2m."),
        (ratio_is(m), "it is m times too large: divide by 2m, where m = len(y) = %d." % m),
        (equals(np.abs(errors).sum() / (2 * m)), "you summed |error|; the cost squares each error: (X @ theta - y) ** 2."),
        (equals(errors.sum() ** 2 / (2 * m)), "you squared the sum of the errors; square each error first, then sum."),
        (equals(np.sum(((X @ theta)[:, None] - y[None, :]) ** 2) / (2 * m)),
         "X @ theta became a column (m, 1), and a column minus y, shape (m,), is an (m, m) matrix: keep theta "
         "1-D, shape (n+1,)."),
        (equals(np.sqrt(errors @ errors / m)), "that is the root mean squared error; the cost is 1/(2m) Σ error², no root."),
    ], shape_hints=[
        ((m,), "That is one number per sample: add the squared errors up (np.sum) and divide by 2m."),
        ((m, m), "X @ theta - y became an (m, m) matrix: keep theta and y 1-D, shape (n+1,) and (m,)."),
    ])


LINEAR_COST = Exercise("linear-cost", "The cost of linear regression", ["compute_cost"], COST_STUB,
                       ["compute_cost"], _cost_cases, _compare_cost)


# ---------------------------------------------------------------- gradient_step

STEP_STUB = '''import numpy as np


def gradient_step(X, y, theta, alpha):
    """One step of batch gradient descent; returns the new theta, shape (n+1,).

    theta_j := theta_j - alpha * 1/m * sum((X @ theta - y) * X[:, j]), for every j at once.
    X: (m, n+1), with the column of ones first; y: (m,); theta: (n+1,); alpha: a number.
    """
    m = len(y)
    raise NotImplementedError  # your code here: return the new theta
'''


def _step_cases():
    X, y = _hand_data()
    cases = [
        Case("hand-made case 1 (from θ = [0, 0], α = 0.1)", "gradient_step",
             [("X", X), ("y", y), ("theta", np.array([0.0, 0.0])), ("alpha", 0.1)], None),
        Case("hand-made case 2 (from θ = [1, -1], α = 0.5)", "gradient_step",
             [("X", X), ("y", y), ("theta", np.array([1.0, -1.0])), ("alpha", 0.5)], None),
    ]
    rng = np.random.default_rng(2)
    for i, (m, n) in enumerate([(12, 1), (30, 3), (50, 2)]):
        X, y = _random_data(rng, m, n)
        cases.append(Case("random case %d (seed 2: m = %d, n = %d)" % (i + 1, m, n), "gradient_step",
                          [("X", X), ("y", y), ("theta", rng.normal(size=n + 1)), ("alpha", 0.05)], None))
    for case in cases:
        case.expected = solutions.gradient_step(*case.arguments())
    return cases


def _one_at_a_time(X, y, theta, alpha):
    """The classic mistake: each theta_j updated with the new values of the ones before it."""
    theta = theta.copy()
    for j in range(len(theta)):
        theta[j] -= alpha * (X @ theta - y) @ X[:, j] / len(y)
    return theta


def _compare_step(case, got, sandbox):
    X, y, theta, alpha = case.arguments()
    m = len(y)
    gradient = X.T @ (X @ theta - y) / m
    expect_close(got, case.expected, "Your new theta", hints=[
        (equals(theta), "it is the old theta, unchanged: return theta - alpha * gradient."),
        (equals(theta + alpha * gradient), "you stepped uphill: subtract alpha * gradient, do not add it."),
        (equals(theta - alpha * m * gradient), "the step is m times too large: divide the gradient by m = %d." % m),
        (equals(-alpha * gradient), "that is the step alone: return theta minus it, theta - alpha * gradient."),
        (equals(gradient), "that is the gradient: the new theta is theta - alpha * gradient."),
        (equals(_one_at_a_time(X, y, theta, alpha)),
         "you updated θ₀ first and used the new θ₀ to compute θ₁'s step. Update all θⱼ at once: compute the "
         "whole gradient from the old theta (X.T @ (X @ theta - y) / m), then subtract alpha times it."),
    ], shape_hints=[
        ((len(theta), 1), "That is a column: keep theta 1-D, shape (n+1,) (no reshape, or .ravel() at the end)."),
        ((len(theta), len(theta)), "An (n+1)×(n+1) matrix: a column and a row were broadcast together; keep "
                                   "every array 1-D."),
        ((m,), "That has one value per sample, not per parameter: multiply by X.T to sum over the samples."),
    ])


GRADIENT_DESCENT = Exercise("gradient-descent", "One step of gradient descent", ["gradient_step"], STEP_STUB,
                            ["gradient_step"], _step_cases, _compare_step)


# ---------------------------------------------------------------- normal_equation

NORMAL_STUB = '''import numpy as np


def normal_equation(X, y):
    """The theta that minimises the cost, in one step: theta = (X'X)^-1 X'y, shape (n+1,).

    X: (m, n+1), with the column of ones first; y: (m,).
    Use np.linalg.pinv for the inverse (it also works when X'X is not invertible).
    """
    raise NotImplementedError  # your code here: return theta
'''


def _normal_cases():
    X, y = _hand_data()
    cases = [
        Case("hand-made case 1 (points on the line y = x)", "normal_equation", [("X", X), ("y", y)], None),
        Case("hand-made case 2 (three points, no line through all)", "normal_equation",
             [("X", X), ("y", np.array([1.0, 3.0, 2.0]))], None),
    ]
    rng = np.random.default_rng(3)
    for i, (m, n) in enumerate([(10, 1), (30, 3), (47, 2)]):
        X, y = _random_data(rng, m, n)
        cases.append(Case("random case %d (seed 3: m = %d, n = %d)" % (i + 1, m, n), "normal_equation",
                          [("X", X), ("y", y)], None))
    for case in cases:
        case.expected = solutions.normal_equation(*case.arguments())
    return cases


def _compare_normal(case, got, sandbox):
    X, y = case.arguments()
    if got is not None and np.shape(got) == (X.shape[1], X.shape[1]):
        raise Failure("Your theta has shape %s: that is a matrix, (X'X)^-1 alone. Multiply it by X.T @ y to get "
                      "theta, shape (%d,)." % (np.shape(got), X.shape[1]))
    expect_close(got, case.expected, "Your theta", rtol=1e-5, atol=1e-8, hints=[
        (equals(X.T @ y), "that is X'y alone: multiply it by the inverse of X'X first."),
    ], shape_hints=[
        ((X.shape[1], 1), "That is a column: keep theta 1-D, shape (n+1,)."),
    ])


NORMAL_EQUATION = Exercise("normal-equation", "The normal equation", ["normal_equation"], NORMAL_STUB,
                           ["normal_equation"], _normal_cases, _compare_normal)

