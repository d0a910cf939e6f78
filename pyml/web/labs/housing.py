"""The linear-regression page (``housing.html``): the cost surface J(theta0, theta1) that
gradient descent walks down, and how fast it can go on raw and normalized features."""

import numpy as np

from ... import datasets
from ...validation import check_array, check_number


class HousingLab:
    """The housing data with one feature and its cost surface; with two, raw and normalized."""

    calls = ("one_feature", "two_features")

    def one_feature(self, theta0, theta1, size):
        """Size and price, log10 J on a size x size grid over ``theta0`` x ``theta1`` (each
        [min, max]; rows along theta1, first row at theta1 min) and gradient descent's limits."""
        check_number("size", size, low=2, high=500, integer=True)
        X, y = housing_by_size()
        J = cost_surface(X, y, np.linspace(theta0[0], theta0[1], size), np.linspace(theta1[0], theta1[1], size))
        return {"X": X, "y": y, "surface": np.log10(J).ravel(), "limits": gradient_descent_limits(X)}

    def two_features(self):
        """The housing data (size in sq ft, bedrooms) and gradient descent's limits on it, raw
        and normalized."""
        X, y = datasets.housing()
        return {
            "X": X, "y": y,
            "raw": gradient_descent_limits(X), "normalized": gradient_descent_limits(X, normalize=True),
        }


def housing_by_size(random_state=0):
    """The housing data with one feature: size in 1000 sq ft, price in $1000s.

    Units of thousands keep the numbers small, so that plain gradient descent converges with
    learning rates around 0.1 and the parameters can be drawn on a cost surface.

    Returns
    -------
    X : ndarray of shape (47, 1)
    y : ndarray of shape (47,)
    """
    X, y = datasets.housing(random_state=random_state)
    return X[:, :1] / 1000, y / 1000


def cost_surface(X, y, theta0, theta1):
    """The linear-regression cost J(theta0, theta1) = 1/(2m) sum (theta0 + theta1 x - y)^2 on a grid.

    Parameters
    ----------
    X : array-like of shape (n_samples, 1)
    y : array-like of shape (n_samples,)
    theta0, theta1 : array-like of shape (n0,) and (n1,)
        The intercepts and slopes of the grid.

    Returns
    -------
    ndarray of shape (n1, n0)
        ``J[i, j]`` is the cost of theta0[j], theta1[i]: rows go along theta1 (first row at
        theta1[0]), columns along theta0, the layout of a contour plot.
    """
    X = check_array(X)
    if X.shape[1] != 1:
        raise ValueError("cost_surface needs a single feature, got X of shape %s." % (X.shape,))
    y = check_array(y, "y", ensure_2d=False)
    t0 = check_array(theta0, "theta0", ensure_2d=False)
    t1 = check_array(theta1, "theta1", ensure_2d=False)
    x = X[:, 0]
    # The sum of squares expanded, so that the grid costs O(n0 * n1) instead of O(n0 * n1 * m):
    # sum (t0 + t1 x - y)^2 = m t0^2 + t1^2 Sxx + Syy + 2 t0 t1 Sx - 2 t0 Sy - 2 t1 Sxy
    m = len(x)
    T0, T1 = t0[None, :], t1[:, None]
    total = (m * T0 ** 2 + T1 ** 2 * (x @ x) + y @ y + 2 * T0 * T1 * x.sum()
             - 2 * T0 * y.sum() - 2 * T1 * (x @ y))
    return np.maximum(total, 0) / (2 * m)


def gradient_descent_limits(X, normalize=False):
    """How fast batch gradient descent on linear regression can go on these features.

    The cost J is a bowl whose curvature along its principal directions are the eigenvalues of
    H = A'A / m (A the design matrix [1, X]). Gradient descent diverges when the learning rate
    exceeds 2 / (largest eigenvalue); at best, the error along the flattest direction shrinks by
    a factor 1 - learning_rate * (smallest eigenvalue) per step. Their ratio, the condition
    number, is about how many steps the best learning rate needs to make real progress: near 1
    is a round bowl, thousands a long narrow valley. Normalized features make it small.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    normalize : bool
        Measure the bowl for standardized features, as ``LinearRegression(normalize=True)``
        trains on.

    Returns
    -------
    dict
        ``max_learning_rate`` (2 / largest eigenvalue) and ``condition_number``.
    """
    X = check_array(X)
    if normalize:
        std = X.std(axis=0)
        X = (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std)
    A = np.column_stack([np.ones(len(X)), X])
    eigenvalues = np.linalg.eigvalsh(A.T @ A / len(X))
    return {
        "max_learning_rate": float(2 / eigenvalues[-1]),
        "condition_number": float(eigenvalues[-1] / max(eigenvalues[0], 1e-300)),
    }

