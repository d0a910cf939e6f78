"""The input features a page can compute from the two raw inputs x1, x2 (feature crosses).

The playground trains a model on, say, ``x1, x2, x1*x2, sin(x1)`` while the user sees the
plane of x1 and x2: training rows, grids and predictions all go through :func:`feature_map`,
so the page only ever sends raw rows.
"""

import numpy as np

FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "sin(x1)": lambda X: np.sin(X[:, 0]),
    "sin(x2)": lambda X: np.sin(X[:, 1]),
}


def check_features(features):
    """Raise unless ``features`` is None or a non-empty list of names of :data:`FEATURES`."""
    if features is None:
        return
    if not isinstance(features, list) or not features:
        raise TypeError("data.features must be a non-empty list of feature names, got %r." % (features,))
    for feature in features:
        if feature not in FEATURES:
            raise ValueError("Unknown input feature %r. Choose from: %s." % (feature, ", ".join(FEATURES)))


def feature_map(X, features, name):
    """The model's input columns for raw rows ``X`` (validated, 2-D), one per name of ``features``.

    ``name`` names ``X`` in the error raised when a feature needs x2 and ``X`` has one column.
    """
    if X.shape[1] != 2 and any("x2" in feature for feature in features):
        raise ValueError(
            "The features %s use x2, so %s needs 2 columns (x1, x2); got %d."
            % (", ".join(features), name, X.shape[1])
        )
    return np.column_stack([FEATURES[feature](X) for feature in features])
