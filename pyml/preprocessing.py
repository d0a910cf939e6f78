"""Feature transforms: scaling (feature normalization) and polynomial features."""

from itertools import combinations_with_replacement

import numpy as np

from .base import BaseEstimator
from .validation import Array, Interval, Value, check_array, check_n_features


class StandardScaler(BaseEstimator):
    """Feature normalization: subtract each feature's mean and divide by its standard deviation.

    Gradient descent converges much faster when all features have similar scales.
    """

    _kind = "transformer"
    _parameter_constraints = {"with_mean": ["boolean"], "with_std": ["boolean"]}
    _fitted_state = {
        "n_features_in_": Value(Interval(int, 1, None)),
        "mean_": Array("f", ("n_features_in_",)),
        "scale_": Array("f", ("n_features_in_",)),
    }

    @classmethod
    def _check_state(cls, state, params):
        if not (state["scale_"] > 0).all():
            raise ValueError("state.scale_: expected positive numbers, got %s." % state["scale_"].tolist())

    def __init__(self, with_mean=True, with_std=True):
        self.with_mean = with_mean
        self.with_std = with_std

    def fit(self, X, y=None):
        self._validate_params()
        X = check_array(X)
        self.n_features_in_ = X.shape[1]
        self.mean_ = X.mean(axis=0) if self.with_mean else np.zeros(X.shape[1])
        std = X.std(axis=0)
        # A constant feature has std 0: leave it unscaled rather than divide by zero.
        self.scale_ = np.where(std == 0, 1.0, std) if self.with_std else np.ones(X.shape[1])
        return self

    def transform(self, X):
        X = check_n_features(self, X)
        return (X - self.mean_) / self.scale_

    def fit_transform(self, X, y=None):
        return self.fit(X).transform(X)

    def inverse_transform(self, X):
        X = check_n_features(self, X)
        return X * self.scale_ + self.mean_


class PolynomialFeatures(BaseEstimator):
    """All products of features up to ``degree``: [1, a, b, a², ab, b²] for degree 2.

    Linear models on these features fit curves and curved decision boundaries.
    """

    _kind = "transformer"
    _parameter_constraints = {"degree": [Interval(int, 0, None)], "include_bias": ["boolean"]}
    _fitted_state = {
        "n_features_in_": Value(Interval(int, 1, None)),
        "n_output_features_": Value(Interval(int, 0, None)),
        "powers_": Array("i", ("n_output_features_", "n_features_in_"), low=0),
    }

    @classmethod
    def _check_state(cls, state, params):
        degrees = state["powers_"].sum(axis=1)
        if degrees.size and degrees.max() > params["degree"]:
            raise ValueError(
                "state.powers_: expected products of degree at most %d (degree=%d), got one of degree %d."
                % (params["degree"], params["degree"], degrees.max())
            )

    def __init__(self, degree=2, include_bias=True):
        self.degree = degree
        self.include_bias = include_bias

    def fit(self, X, y=None):
        self._validate_params()
        X = check_array(X)
        self.n_features_in_ = X.shape[1]
        start = 0 if self.include_bias else 1
        self.powers_ = np.array(
            [
                np.bincount(np.array(combo, dtype=int), minlength=X.shape[1])
                for d in range(start, self.degree + 1)
                for combo in combinations_with_replacement(range(X.shape[1]), d)
            ],
            dtype=int,
        ).reshape(-1, X.shape[1])
        self.n_output_features_ = len(self.powers_)
        return self

    def transform(self, X):
        X = check_n_features(self, X)
        # Column j of the output is the product over features i of X[:, i] ** powers_[j, i].
        return np.prod(X[:, None, :] ** self.powers_[None, :, :], axis=2)

    def fit_transform(self, X, y=None):
        return self.fit(X).transform(X)

    def get_feature_names_out(self, input_features=None):
        """Names like ``"x0^2 x1"`` for each output column."""
        self._check_fitted()
        names = input_features or ["x%d" % i for i in range(self.n_features_in_)]
        out = []
        for row in self.powers_:
            terms = [n if p == 1 else "%s^%d" % (n, p) for n, p in zip(names, row) if p]
            out.append(" ".join(terms) or "1")
        return out
