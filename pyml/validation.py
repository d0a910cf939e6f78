"""Input checks shared by every estimator.

Public pyml functions call these first; the algorithms after them assume clean input.
Each error names the argument, says what was expected and what was got, and how to fix it.
"""

import math
import numbers

import numpy as np


def check_array(X, name="X", ensure_2d=True, min_samples=1):
    """Return ``X`` as a finite float array, or raise an error that explains what is wrong.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), or (n_samples,) when ``ensure_2d`` is False
    name : str
        The argument's name, used in error messages.
    ensure_2d : bool
        Require a 2-D array (a table of samples by features).
    min_samples : int
        The fewest rows accepted.
    """
    array = _to_float_array(X, name)
    if ensure_2d:
        if array.ndim == 1:
            raise ValueError(
                "Expected a 2-D array for %s (rows are samples, columns are features), got a 1-D "
                "array of shape %s instead. Reshape your data with %s.reshape(-1, 1) if it has a "
                "single feature, or %s.reshape(1, -1) if it is a single sample."
                % (name, array.shape, name, name)
            )
        if array.ndim != 2:
            raise ValueError(
                "Expected a 2-D array for %s, got a %d-D array of shape %s." % (name, array.ndim, array.shape)
            )
        if array.shape[1] == 0:
            raise ValueError("%s has no features (shape %s); at least 1 column is required." % (name, array.shape))
    elif array.ndim != 1:
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        else:
            raise ValueError(
                "Expected a 1-D array for %s, got an array of shape %s." % (name, array.shape)
            )
    if array.shape[0] < min_samples:
        raise ValueError(
            "%s is empty or too small: got %d sample(s) (shape %s), at least %d required."
            % (name, array.shape[0], array.shape, min_samples)
        )
    _check_finite(array, name)
    return array


def check_X_y(X, y, classification=False):
    """Check a training set: ``X`` 2-D and finite, ``y`` 1-D with one value per row of ``X``.

    For classification ``y`` may hold any labels (numbers or strings); otherwise it must be
    numeric and finite.
    """
    X = check_array(X, "X")
    y = check_labels(y) if classification else check_array(y, "y", ensure_2d=False)
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            "X and y have different numbers of samples: X has %d rows, y has %d values. "
            "Give one target value per row of X." % (X.shape[0], y.shape[0])
        )
    return X, y


def check_labels(y, name="y"):
    """Return class labels as a 1-D array (numbers or strings, no missing values)."""
    try:
        labels = np.asarray(y)
    except ValueError:
        raise ValueError("%s must be a 1-D list of class labels; it has rows of different lengths." % name) from None
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1:
        raise ValueError("Expected a 1-D array of labels for %s, got shape %s." % (name, labels.shape))
    if labels.shape[0] == 0:
        raise ValueError("%s is empty: at least 1 label is required." % name)
    if labels.dtype.kind == "O":
        raise TypeError(
            "%s must hold numbers or strings of one kind, got mixed Python objects "
            "(e.g. %r). Convert the labels to one type first." % (name, labels[0])
        )
    if labels.dtype.kind == "f":
        _check_finite(labels, name)
    return labels


def check_classes(estimator, y):
    """Return the sorted class labels of ``y``; a classifier needs at least two of them."""
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(
            "%s needs samples of at least 2 classes in y; got only class %r."
            % (type(estimator).__name__, classes[0])
        )
    return classes


def check_n_features(estimator, X):
    """Check ``X`` for prediction: finite, 2-D, with as many features as in training."""
    estimator._check_fitted()
    X = check_array(X, "X")
    expected = estimator.n_features_in_
    if X.shape[1] != expected:
        raise ValueError(
            "X has %d feature(s), but %s was fitted with %d feature(s). Pass rows of %d values."
            % (X.shape[1], type(estimator).__name__, expected, expected)
        )
    return X


def check_number(name, value, low=None, high=None, integer=False, low_open=False, allow_none=False):
    """Check one numeric hyperparameter and return it; ``low``/``high`` bound it (inclusive)."""
    if value is None and allow_none:
        return None
    # Plain ints and floats skip the abstract-class checks: models check some hyperparameters
    # at every step, and in the page those checks cost more than a small step's arithmetic.
    plain = type(value) is int or (type(value) is float and not integer)
    kind = numbers.Integral if integer else numbers.Real
    if not plain and (isinstance(value, bool) or not isinstance(value, kind)):
        raise TypeError(
            "%s must be %s, got %r (%s)."
            % (name, "an integer" if integer else "a number", value, type(value).__name__)
        )
    if not isinstance(value, numbers.Integral) and not math.isfinite(value):
        raise ValueError("%s must be a finite number, got %r." % (name, value))
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and value > high
    if too_low or too_high:
        bounds = []
        if low is not None:
            bounds.append("%s %s" % (">" if low_open else ">=", low))
        if high is not None:
            bounds.append("<= %s" % high)
        raise ValueError("%s must be %s, got %r." % (name, " and ".join(bounds), value))
    return value


def check_option(name, value, options):
    """Check that ``value`` is one of ``options`` and return it."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(
            "%s must be one of %s; got %r." % (name, ", ".join(repr(o) for o in options), value)
        )
    return value


def check_random_state(random_state):
    """Return a ``numpy.random.Generator`` for a seed (int), None (fresh entropy) or a Generator."""
    if random_state is None or isinstance(random_state, numbers.Integral):
        if random_state is not None and (isinstance(random_state, bool) or random_state < 0):
            raise ValueError("random_state must be a non-negative integer or None, got %r." % random_state)
        return np.random.default_rng(random_state)
    if isinstance(random_state, np.random.Generator):
        return random_state
    raise TypeError(
        "random_state must be None, an integer seed or a numpy Generator, got %r." % (random_state,)
    )


def _to_float_array(X, name):
    if isinstance(X, str):
        raise TypeError("%s must be an array of numbers, got a string: %.40r." % (name, X))
    try:
        return np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        pass
    # The fast conversion failed: find out why, to say something useful.
    try:
        raw = np.asarray(X, dtype=object)
    except ValueError:
        raw = None
    if raw is None or raw.dtype == object and _is_ragged(X):
        raise ValueError(
            "%s has rows of different lengths; every row must have the same number of features."
            % name
        )
    for index in np.ndindex(raw.shape):
        try:
            float(raw[index])
        except (TypeError, ValueError):
            raise TypeError(
                "%s must contain only numbers, got %r (%s) at position %s. Convert text "
                "columns to numbers (for example one-hot encode categories) before using them."
                % (name, raw[index], type(raw[index]).__name__, [int(i) for i in index])
            ) from None
    raise TypeError("%s could not be converted to an array of numbers." % name)


def _is_ragged(X):
    try:
        lengths = {len(row) for row in X}
    except TypeError:
        return False
    return len(lengths) > 1


def _check_finite(array, name):
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))[0]
        value = array[tuple(bad)]
        what = "NaN" if np.isnan(value) else "infinity"
        raise ValueError(
            "%s contains %s (first at position %s). Remove or fill in missing and infinite "
            "values before training." % (name, what, bad.tolist())
        )
