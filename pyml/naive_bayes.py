"""Naive Bayes: Bayes' rule with features assumed independent given the class.

P(y | x) is proportional to P(y) * prod_j p(x_j | y). Gaussian naive Bayes models each
p(x_j | y) as a normal density with the class's mean and variance of feature j.
"""

import numpy as np

from .base import BaseEstimator, ClassifierMixin
from .validation import NON_NEGATIVE, Array, Interval, Value, check_n_features, check_X_y


class GaussianNB(ClassifierMixin, BaseEstimator):
    """Gaussian naive Bayes classifier.

    Parameters
    ----------
    var_smoothing : float
        Added to every variance, as a fraction of the largest feature variance, so that a
        feature constant within a class does not give a zero variance (scikit-learn's choice).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    class_count_ : ndarray of shape (n_classes,)
        Training samples of each class.
    class_prior_ : ndarray of shape (n_classes,)
        P(y = c): the fraction of training samples in each class.
    theta_ : ndarray of shape (n_classes, n_features)
        Mean of each feature in each class.
    var_ : ndarray of shape (n_classes, n_features)
        Variance of each feature in each class, plus ``epsilon_``.
    epsilon_ : float
        ``var_smoothing`` times the largest variance of a feature over the whole training set.
    """

    _kind = "classifier"
    _parameter_constraints = {"var_smoothing": [NON_NEGATIVE]}
    _fitted_state = {
        "classes_": Array("label", ("n_classes",), unique=True),
        "class_count_": Array("i", ("n_classes",), low=1),
        "n_features_in_": Value(Interval(int, 1, None)),
        "epsilon_": Value(NON_NEGATIVE),
        "class_prior_": Array("f", ("n_classes",)),
        "theta_": Array("f", ("n_classes", "n_features_in_")),
        "var_": Array("f", ("n_classes", "n_features_in_")),
    }

    @classmethod
    def _check_state(cls, state, params):
        for name in ("class_prior_", "var_"):
            if not (state[name] > 0).all():
                raise ValueError("state.%s: expected positive numbers, got %s." % (name, state[name].tolist()))

    def __init__(self, var_smoothing=1e-9):
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        """Estimate the class priors, means and variances; return ``self``."""
        self._validate_params()
        X, y = check_X_y(X, y, classification=True)
        self.classes_, self.class_count_ = np.unique(y, return_counts=True)
        self.n_features_in_ = X.shape[1]
        self.epsilon_ = float(self.var_smoothing * np.var(X, axis=0).max())
        self.class_prior_ = self.class_count_ / len(y)
        self.theta_ = np.array([X[y == c].mean(axis=0) for c in self.classes_])
        self.var_ = np.array([X[y == c].var(axis=0) for c in self.classes_]) + self.epsilon_
        if np.any(self.var_ == 0):
            c, j = np.argwhere(self.var_ == 0)[0]
            raise ValueError(
                "Feature %d is constant within class %r, so its variance is 0 and its Gaussian "
                "density undefined. Use var_smoothing > 0 (it is %r), or drop features that are "
                "constant in the whole training set." % (j, self.classes_[c].item(), self.var_smoothing)
            )
        return self

    def _joint_log_likelihood(self, X):
        """log P(y = c) + sum_j log N(x_j; theta_cj, var_cj) for every class c, shape (n_samples, n_classes)."""
        X = check_n_features(self, X)
        log_norm = -0.5 * np.sum(np.log(2 * np.pi * self.var_), axis=1)
        squares = np.sum((X[:, None, :] - self.theta_[None, :, :]) ** 2 / self.var_[None, :, :], axis=2)
        return np.log(self.class_prior_) + log_norm - 0.5 * squares

    def predict_log_proba(self, X):
        """log P(y = c | x), shape (n_samples, n_classes): the joint log-likelihood, normalised."""
        jll = self._joint_log_likelihood(X)
        # log sum_c exp(jll_c), shifted by the row maximum so that exp cannot underflow to 0.
        top = jll.max(axis=1, keepdims=True)
        return jll - (top + np.log(np.sum(np.exp(jll - top), axis=1, keepdims=True)))

    def predict_proba(self, X):
        """P(y = c | x) for each class in ``classes_``, shape (n_samples, n_classes)."""
        return np.exp(self.predict_log_proba(X))

    def predict(self, X):
        """The most probable class of each sample, shape (n_samples,)."""
        jll = self._joint_log_likelihood(X)
        return self.classes_[np.argmax(jll, axis=1)]
