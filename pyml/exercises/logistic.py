"""Logistic regression: the sigmoid, the regularised cross-entropy and its gradient."""

import warnings

import numpy as np

from . import solutions
from .checking import Case, Exercise, Failure, equals, expect_close, expect_tuple, ratio_is, show

# ---------------------------------------------------------------- sigmoid

SIGMOID_STUB = '''import numpy as np


def sigmoid(z):
    """g(z) = 1 / (1 + e^(-z)), for a number or elementwise for an array of any shape.

    Large |z| (z = -1000) must give 0 or 1 without an overflow warning from numpy.
    """
    raise NotImplementedError  # your code here
'''


def _sigmoid_cases():
    cases = [
        Case("hand-made case 1 (z = 0)", "sigmoid", [("z", 0.0)], 0.5),
        Case("hand-made case 2 (z = 2)", "sigmoid", [("z", 2.0)], None),
        Case("hand-made case 3 (a 1-D array)", "sigmoid", [("z", np.array([-1.0, 0.0, 1.0, 10.0]))], None),
        Case("hand-made case 4 (a 2-D array)", "sigmoid", [("z", np.array([[0.0, 1.0], [-2.0, 3.0]]))], None),
        Case("hand-made case 5 (large |z|: no overflow warning)", "sigmoid",
             [("z", np.array([-1000.0, -800.0, 800.0, 1000.0]))], None),
    ]
    rng = np.random.default_rng(4)
    cases.append(Case("random case 1 (seed 4: shape (5, 3))", "sigmoid", [("z", rng.normal(0, 5, size=(5, 3)))], None))
    for case in cases:
        if case.expected is None:
            case.expected = solutions.sigmoid(*case.arguments())
    return cases


def _call_watching_overflow(function, args, sandbox):
    """``function(*args)`` and the overflow warnings numpy gave (or would have given) meanwhile.

    numpy warns "overflow encountered in exp" in CPython, but WebAssembly has no floating-point
    flags, so the page's numpy cannot tell: there a watched np.exp reports an infinite result
    from a finite input, which is exactly what numpy warns about.
    """
    real_exp = np.exp
    overflowed = []

    def watched_exp(x, *more, **options):
        result = real_exp(x, *more, **options)
        if np.any(np.isinf(result) & np.isfinite(x)):
            overflowed.append("overflow encountered in exp")
        return result

    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        np.exp = watched_exp
        try:
            got = sandbox.call(function, *args)
        finally:
            np.exp = real_exp
    warned = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    return got, warned + overflowed


def _compare_sigmoid(case, got, sandbox):
    (z,) = case.arguments()
    # Called again with warnings recorded: the first call's warnings went to the page's console.
    got, warned = _call_watching_overflow(sandbox.namespace["sigmoid"], [z], sandbox)
    expect_close(got, case.expected, "Your sigmoid", atol=1e-12, hints=[
        (lambda g, e: np.allclose(g, 1 - e, atol=1e-12),
         "it decreases where it should increase (sigmoid(2) is 0.88): the formula has e^(-z), np.exp(-z)."),
        (lambda g, e: np.allclose(g, np.exp(-np.clip(z, -500, 500)), atol=1e-12),
         "that is e^(-z) alone: the sigmoid is 1 / (1 + e^(-z))."),
    ])
    if warned:
        raise Failure("Your sigmoid is right, but numpy warned '%s' for z = %s: e^(-z) overflows a float "
                      "past z = -709. Clip z first, z = np.clip(z, -500, 500): the sigmoid is 0 or 1 there "
                      "to within 10^-217." % (warned[0], show(z)))


SIGMOID = Exercise("sigmoid", "The sigmoid function", ["sigmoid"], SIGMOID_STUB, ["sigmoid"],
                   _sigmoid_cases, _compare_sigmoid)


# ---------------------------------------------------------------- cost_and_gradient

COST_STUB = '''import numpy as np


def sigmoid(z):
    z = np.clip(z, -500, 500)
    return 1 / (1 + np.exp(-z))


def cost_and_gradient(theta, X, y, lam):
    """The regularised cross-entropy J(theta) and its gradient; returns (J, grad).

    h = sigmoid(X @ theta)
    J = -1/m * sum(y * log(h) + (1 - y) * log(1 - h)) + lam/(2m) * sum(theta_j ** 2 for j >= 1)
    grad_j = 1/m * sum((h - y) * X[:, j]) + lam/m * theta_j   (no lam term for j = 0)
    theta: (n+1,); X: (m, n+1), with the column of ones first; y: (m,) of 0 and 1; lam: a number.
    J is a single number, grad has shape (n+1,).
    """
    m = len(y)
    raise NotImplementedError  # your code here: return J, grad
'''


def _logistic_data(rng, m, n):
    X = np.hstack([np.ones((m, 1)), rng.normal(size=(m, n))])
    y = (rng.random(m) < solutions.sigmoid(X @ rng.normal(size=n + 1))).astype(float)
    return X, y


def _logistic_cases():
    X = np.array([[1.0, 1.0, 2.0], [1.0, -1.0, 0.5], [1.0, 2.0, -1.0], [1.0, 0.0, 0.0]])
    y = np.array([1.0, 0.0, 1.0, 0.0])
    cases = [
        Case("hand-made case 1 (θ = 0, λ = 0: J = log 2)", "cost_and_gradient",
             [("theta", np.zeros(3)), ("X", X), ("y", y), ("lam", 0.0)], None),
        Case("hand-made case 2 (λ = 0)", "cost_and_gradient",
             [("theta", np.array([0.5, -1.0, 2.0])), ("X", X), ("y", y), ("lam", 0.0)], None),
        Case("hand-made case 3 (λ = 1, θ₀ ≠ 0)", "cost_and_gradient",
             [("theta", np.array([-2.0, 1.0, 0.5])), ("X", X), ("y", y), ("lam", 1.0)], None),
    ]
    rng = np.random.default_rng(5)
    for i, (m, n, lam) in enumerate([(20, 2, 0.5), (50, 4, 3.0)]):
        X, y = _logistic_data(rng, m, n)
        cases.append(Case("random case %d (seed 5: m = %d, n = %d, λ = %g)" % (i + 1, m, n, lam),
                          "cost_and_gradient", [("theta", rng.normal(size=n + 1)), ("X", X), ("y", y), ("lam", lam)],
                          None))
    for case in cases:
        case.expected = solutions.cost_and_gradient(*case.arguments())
    return cases


def numerical_gradient(f, x, h=1e-5):
    """Central differences (f(x + h e_i) - f(x - h e_i)) / 2h for every entry of x."""
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x, dtype=float)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def _compare_logistic(case, got, sandbox):
    theta, X, y, lam = case.arguments()
    m = len(y)
    J, grad = expect_tuple(got, ["J", "grad"], "Your function's result")
    J_expected, grad_expected = case.expected
    unpenalised_J, unpenalised_grad = solutions.cost_and_gradient(theta, X, y, 0.0)
    penalty = lam / (2 * m) * theta[1:] @ theta[1:]
    expect_close(J, J_expected, "Your cost J", hints=[
        (equals(J_expected + lam / (2 * m) * theta[0] ** 2),
         "θ₀ is penalised too: the sum in lam/(2m) * Σ θⱼ² starts at j = 1 (theta[1:])."),
        (equals(unpenalised_J), "the regularisation term lam/(2m) * Σ θⱼ² (j ≥ 1) is missing."),
        (equals(unpenalised_J + 2 * penalty), "the regularisation is 2× too large: it is lam/(2m), not lam/m."),
        (ratio_is(-1), "it has the wrong sign: J = -1/m Σ [y log h + (1 - y) log(1 - h)], with the minus in front."),
        (equals(m * unpenalised_J + penalty), "the cross-entropy is m times too large: divide the sum by m."),
    ], shape_hints=[((m,), "One number per sample: sum them (np.sum, or y @ np.log(h)) and divide by m.")])
    expect_close(grad, grad_expected, "Your gradient", hints=[
        (equals(grad_expected + np.r_[lam / m * theta[0], np.zeros(len(theta) - 1)]),
         "θ₀ is penalised too: add lam/m * theta_j for j ≥ 1 only (grad[1:] += lam / m * theta[1:])."),
        (equals(unpenalised_grad), "the regularisation term lam/m * theta_j (j ≥ 1) is missing."),
        (equals(m * unpenalised_grad + np.r_[0, lam / m * theta[1:]]), "the data part is m times too large: divide by m."),
        (equals(-grad_expected), "it has the wrong sign: grad = X.T @ (h - y) / m, h minus y."),
    ], shape_hints=[
        ((len(theta), 1), "That is a column: keep grad 1-D, shape (n+1,)."),
        ((m,), "One value per sample: the gradient has one value per parameter, X.T @ (h - y) / m."),
    ])


LOGISTIC_COST = Exercise("logistic-cost", "The cost of logistic regression and its gradient",
                         ["cost_and_gradient"], COST_STUB, ["sigmoid", "cost_and_gradient"],
                         _logistic_cases, _compare_logistic,
                         returns={"cost_and_gradient": ["J", "grad"]})
