"""Training with the learner's functions in place of pyml's: "Train with my code".

Each trainer is a generator that yields a :class:`pyml.base.Step` per iteration, as pyml's
``fit_iter`` does, and runs the same algorithm from the same start as pyml's model, so that with
a correct function it arrives where pyml's model does (the tests check it).
"""

import numpy as np

from ..base import Step


def linear_regression(gradient_step, X, y, learning_rate=0.1, n_iter=1500, tol=1e-6):
    """Gradient descent on the course's cost, from theta = 0, with the learner's ``gradient_step``.

    Like ``LinearRegression(solver="gd", learning_rate, n_iter, tol)``: X without its column of
    ones, shape (n_samples, n_features); stops after ``n_iter`` steps or when a step lowers the
    cost by less than ``tol``. Yields ``Step(iteration, cost, theta=...)``.
    """
    X = np.hstack([np.ones((len(X), 1)), np.asarray(X, dtype=float)])
    y = np.asarray(y, dtype=float)
    theta = np.zeros(X.shape[1])
    previous = None
    for iteration in range(1, n_iter + 1):
        theta = _vector(gradient_step(X, y, theta.copy(), learning_rate), theta.shape, "gradient_step")
        errors = X @ theta - y
        cost = float(errors @ errors / (2 * len(y)))
        if not np.isfinite(cost):
            raise ArithmeticError("The cost became %s after %d steps: gradient descent diverged. With a correct "
                                  "gradient_step this happens only with a learning rate that is too large." %
                                  (cost, iteration))
        yield Step(iteration, cost, theta=theta)
        if previous is not None and 0 <= previous - cost < tol:
            return
        previous = cost


def logistic_regression(cost_and_gradient, X, y, learning_rate=1.0, n_iter=400, lam=0.0, tol=1e-10):
    """Gradient descent on the learner's regularised cross-entropy, from theta = 0.

    Like ``LogisticRegression(solver="gd", normalize=True, learning_rate, n_iter, l2=lam, tol)``
    for two classes 0 and 1: the features are standardised with the training data's mean and
    standard deviation, theta is for the standardised features; stops after ``n_iter`` steps,
    when a step lowers the cost by less than ``tol``, or when every |gradient_j| < ``tol``.
    Yields ``Step(iteration, cost, theta=...)``.
    """
    X = np.asarray(X, dtype=float)
    mean, std = X.mean(axis=0), X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    A = np.hstack([np.ones((len(X), 1)), (X - mean) / std])
    y = np.asarray(y, dtype=float)
    theta = np.zeros(A.shape[1])
    _, gradient = _cost_gradient(cost_and_gradient, theta, A, y, lam)
    previous = None
    for iteration in range(1, n_iter + 1):
        theta = theta - learning_rate * gradient
        cost, gradient = _cost_gradient(cost_and_gradient, theta, A, y, lam)
        yield Step(iteration, cost, theta=theta, mean=mean, std=std)
        if previous is not None and 0 <= previous - cost < tol or np.all(np.abs(gradient) < tol):
            return
        previous = cost


def _cost_gradient(cost_and_gradient, theta, A, y, lam):
    answer = cost_and_gradient(theta.copy(), A, y, lam)
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise ValueError("cost_and_gradient must return (J, grad): press Check to see why.")
    cost = float(np.asarray(answer[0], dtype=float))
    if not np.isfinite(cost):
        raise ArithmeticError("The cost became %s: press Check to see why." % cost)
    return cost, _vector(answer[1], theta.shape, "cost_and_gradient's grad")


def kmeans(closest_centroids, compute_centroids, X, init, max_iter=100):
    """Lloyd's algorithm from the centroids ``init``, with the learner's two steps.

    Like ``KMeans(init=init, max_iter=max_iter)``: yields ``Step(iteration, inertia,
    centroids=..., idx=...)`` after each move of the centroids, and stops when no sample changes
    cluster. The learner's functions are called as the course's loop does: assign, then move.
    """
    X = np.asarray(X, dtype=float)
    centroids = np.array(init, dtype=float)
    k = len(centroids)
    idx = _labels(closest_centroids(X, centroids.copy()), len(X), k)
    for iteration in range(1, max_iter + 1):
        centroids = _vector(compute_centroids(X, idx.copy(), k), centroids.shape, "compute_centroids")
        new_idx = _labels(closest_centroids(X, centroids.copy()), len(X), k)
        inertia = float(((X - centroids[new_idx]) ** 2).sum())
        unchanged = bool((new_idx == idx).all())
        idx = new_idx
        yield Step(iteration, inertia, centroids=centroids, idx=idx)
        if unchanged:
            return


def _vector(value, shape, name):
    value = np.asarray(value, dtype=float)
    if value.shape != shape:
        raise ValueError("%s returned shape %s, expected %s: press Check to see why." % (name, value.shape, shape))
    return value


def _labels(value, n, k):
    value = np.asarray(value)
    if value.shape != (n,) or value.dtype.kind not in "iu" and not np.all(value == np.round(value)):
        raise ValueError("closest_centroids returned %s, expected %d whole numbers: press Check to see why."
                         % ("shape %s" % (value.shape,), n))
    value = value.astype(int)
    if value.min() < 0 or value.max() >= k:
        raise ValueError("closest_centroids returned indices outside 0 ... %d: press Check to see why." % (k - 1))
    return value
