"""Splitting data to measure how well a model generalises."""

import numpy as np

from .validation import check_array, check_labels, check_number, check_random_state


def train_test_split(X, y=None, test_size=0.25, random_state=None, shuffle=True):
    """Split ``X`` (and ``y``) into a training and a test part.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), optional
    test_size : float in (0, 1) or int
        The fraction, or the number, of samples in the test part.
    random_state : int, optional
        Seed of the shuffle, for a reproducible split.

    Returns
    -------
    X_train, X_test, y_train, y_test (or X_train, X_test without ``y``)
    """
    X = check_array(X, min_samples=2)
    n = X.shape[0]
    if y is not None:
        y = check_labels(y)
        if y.shape[0] != n:
            raise ValueError("X and y have different numbers of samples: %d and %d." % (n, y.shape[0]))
    if isinstance(test_size, float):
        check_number("test_size", test_size, low=0, high=1, low_open=True)
        n_test = int(np.ceil(test_size * n))
    else:
        n_test = check_number("test_size", test_size, low=1, integer=True)
    if not 0 < n_test < n:
        raise ValueError(
            "test_size=%r leaves %d test and %d training samples out of %d; both parts need at least one."
            % (test_size, n_test, n - n_test, n)
        )
    order = check_random_state(random_state).permutation(n) if shuffle else np.arange(n)
    test, train = order[:n_test], order[n_test:]
    if y is None:
        return X[train], X[test]
    return X[train], X[test], y[train], y[test]
