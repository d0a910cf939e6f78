"""L-BFGS, the quasi-Newton method that logistic regression and the neural networks share.

Private: the estimators call it with their own cost function (``solver="lbfgs"`` in
LogisticRegression, ``optimizer="lbfgs"`` in the MLPs).
"""

import numpy as np


def lbfgs(cost_and_gradient, x, memory=10):
    """L-BFGS: a quasi-Newton direction from the last ``memory`` steps, then a backtracking
    line search (Armijo condition). Yields (x, cost, gradient) after each iteration.

    Assumes validated input.

    Parameters
    ----------
    cost_and_gradient : callable
        ``cost_and_gradient(x)`` returns the cost (a float) and its gradient at ``x``, a flat
        array of shape (n_parameters,). Called once per trial point of the line search, so the
        last call of an iteration is at the point it yields.
    x : array of shape (n_parameters,)
        The starting point.
    memory : int
        How many of the latest steps shape the inverse-Hessian estimate.
    """
    cost, gradient = cost_and_gradient(x)
    history = []  # (s, y, s'y) for the last steps s = x_new - x and y = gradient_new - gradient
    while True:
        # Two-loop recursion: direction = -H gradient, with H the inverse-Hessian estimate.
        q = gradient.copy()
        alphas = []
        for s, yv, sy in reversed(history):
            alpha = float(s.dot(q)) / sy
            q -= alpha * yv
            alphas.append(alpha)
        if history:
            s, yv, sy = history[-1]
            q *= sy / float(yv.dot(yv))
        else:
            q /= max(1.0, np.linalg.norm(gradient))  # first step: a short steepest-descent step
        for (s, yv, sy), alpha in zip(history, reversed(alphas)):
            q += s * (alpha - float(yv.dot(q)) / sy)
        direction = -q
        slope = float(gradient.dot(direction))
        if slope >= 0:  # not a descent direction: forget the history and go downhill
            history = []
            direction, slope = -gradient, -float(gradient.dot(gradient))
        step = 1.0
        while True:
            new_x = x + step * direction
            new_cost, new_gradient = cost_and_gradient(new_x)
            if new_cost <= cost + 1e-4 * step * slope or step < 1e-12:
                break
            step /= 2
        s, yv = new_x - x, new_gradient - gradient
        sy = float(s.dot(yv))
        if sy > 1e-12:  # keep only pairs that preserve a positive-definite estimate
            history.append((s, yv, sy))
            if len(history) > memory:
                history.pop(0)
        x, cost, gradient = new_x, new_cost, new_gradient
        yield x, cost, gradient
