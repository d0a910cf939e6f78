"""Anomaly detection with a Gaussian density, as in the classic course.

Fit a Gaussian p(x) to (mostly normal) training data; flag x as an anomaly when p(x) < epsilon.
The threshold epsilon is chosen on a labelled cross-validation set, as the value with the
best F1 score: anomalies are rare, so accuracy would say little.
"""

import numpy as np

from .base import BaseEstimator
from .metrics import f1_score
from .validation import NON_NEGATIVE, Array, Interval, Value, check_array, check_n_features, check_X_y

EPS = np.finfo(float).eps


class GaussianAnomalyDetector(BaseEstimator):
    """Multivariate-Gaussian anomaly detection.

    Parameters
    ----------
    epsilon : float or None
        The density threshold: x is an anomaly when p(x) < epsilon. None: choose it with
        :meth:`select_threshold` after ``fit``; until then ``predict`` raises an error.
    multivariate : bool
        True: p(x) = N(x; mu, Sigma) with the full covariance matrix Sigma, which captures
        correlated features. False: the product of one Gaussian per feature,
        p(x) = prod_j N(x_j; mu_j, sigma_j²), which is the same formula with a diagonal Sigma.

    Attributes
    ----------
    mu_ : ndarray of shape (n_features,)
        Mean of each feature.
    Sigma_ : ndarray of shape (n_features, n_features)
        Covariance matrix, (1/m) sum (x - mu)(x - mu)' as in the course (diagonal of the
        variances sigma_j² when ``multivariate=False``). Also available as ``covariance_``.
    epsilon_ : float or None
        The threshold ``predict`` uses: ``epsilon``, or the one :meth:`select_threshold` chose.
    f1_ : float or None
        The F1 score of ``epsilon_`` on the validation set, when :meth:`select_threshold` chose it.

    Examples
    --------
    >>> model = GaussianAnomalyDetector().fit(X_train)          # doctest: +SKIP
    >>> model.select_threshold(X_val, y_val).predict(X_test)    # doctest: +SKIP
    """

    _kind = "outlier_detector"
    _parameter_constraints = {"epsilon": [NON_NEGATIVE, None], "multivariate": ["boolean"]}
    _fitted_state = {
        "n_features_in_": Value(Interval(int, 1, None)),
        "mu_": Array("f", ("n_features_in_",)),
        "Sigma_": Array("f", ("n_features_in_", "n_features_in_")),
        "epsilon_": Value(NON_NEGATIVE, None),
        "f1_": Value(Interval(float, 0, 1), None),
    }

    @classmethod
    def _check_state(cls, state, params):
        Sigma = state["Sigma_"]
        if not np.array_equal(Sigma, Sigma.T):
            raise ValueError("state.Sigma_: expected a symmetric covariance matrix, got %s." % Sigma.tolist())
        try:
            _check_invertible(Sigma, (len(Sigma) + 1, len(Sigma)))
        except ValueError as error:
            raise ValueError("state.Sigma_: expected an invertible covariance matrix. %s" % error) from None

    def __init__(self, epsilon=None, multivariate=True):
        self.epsilon = epsilon
        self.multivariate = multivariate

    def fit(self, X, y=None):
        """Estimate mu and Sigma from ``X`` and return ``self``. ``y`` is ignored.

        Raises ``ValueError`` if Sigma is singular (a feature constant, or a linear combination
        of others, or fewer samples than features): its density would be undefined.
        """
        self._validate_params()
        X = check_array(X, min_samples=2)
        self.n_features_in_ = X.shape[1]
        self.mu_ = X.mean(axis=0)
        if self.multivariate:
            # Column-major, so numpy subtracts each mean along a whole column: with few features,
            # row by row costs 10x more in the page (numpy 1.17).
            diff = np.asfortranarray(X) - self.mu_
            self.Sigma_ = diff.T @ diff / X.shape[0]
        else:
            self.Sigma_ = np.diag(X.var(axis=0))
        _check_invertible(self.Sigma_, X.shape)
        self.epsilon_ = None if self.epsilon is None else float(self.epsilon)
        self.f1_ = None
        return self

    @property
    def covariance_(self):
        """The covariance matrix ``Sigma_`` (scikit-learn's name for it)."""
        return self.Sigma_

    def score_samples(self, X):
        """The density p(x) of each sample, shape (n_samples,).

        p(x) = (2 pi)^(-n/2) |Sigma|^(-1/2) exp(-1/2 (x - mu)' Sigma^-1 (x - mu)).
        """
        X = check_n_features(self, X)
        n = self.n_features_in_
        diff = np.asfortranarray(X) - self.mu_  # column-major, as in fit
        mahalanobis = np.sum(diff * np.linalg.solve(self.Sigma_, diff.T).T, axis=1)  # (x-mu)' Sigma^-1 (x-mu)
        # |Sigma| as a log, which cannot overflow or underflow with many features.
        log_det = np.linalg.slogdet(self.Sigma_)[1]
        return np.exp(-0.5 * (n * np.log(2 * np.pi) + log_det + mahalanobis))

    def select_threshold(self, X_val, y_val):
        """Choose ``epsilon_`` as the threshold with the best F1 score on a labelled set; return ``self``.

        As in the course, the candidates are 1001 evenly spaced values from the smallest to the
        largest density of ``X_val``; on a tie the smallest wins.

        Parameters
        ----------
        X_val : array-like of shape (n_samples, n_features)
            Cross-validation samples.
        y_val : array-like of shape (n_samples,)
            1 for an anomaly, 0 for a normal sample.
        """
        X_val, y_val = check_X_y(X_val, y_val, classification=True)
        if y_val.dtype.kind not in "biuf" or not np.all((y_val == 0) | (y_val == 1)):
            raise ValueError(
                "y_val must hold 1 for an anomaly and 0 for a normal sample, got the values %s."
                % np.unique(y_val)[:5].tolist()
            )
        if not np.any(y_val == 1):
            raise ValueError(
                "y_val has no anomaly (no 1), so every threshold has F1 = 0. The validation set "
                "needs some labelled anomalies."
            )
        p = self.score_samples(X_val)
        best_epsilon, best_f1 = None, -1.0
        for epsilon in np.linspace(p.min(), p.max(), 1001):
            f1 = f1_score(y_val, (p < epsilon).astype(int))
            if f1 > best_f1:
                best_epsilon, best_f1 = float(epsilon), f1
        self.epsilon_, self.f1_ = best_epsilon, best_f1
        return self

    def predict(self, X):
        """1 where p(x) < ``epsilon_`` (an anomaly), 0 elsewhere; shape (n_samples,)."""
        p = self.score_samples(X)
        if self.epsilon_ is None:
            raise ValueError(
                "This GaussianAnomalyDetector has no threshold yet. Either give one, "
                "GaussianAnomalyDetector(epsilon=...), or choose it with "
                "select_threshold(X_val, y_val) after fit."
            )
        return (p < self.epsilon_).astype(int)


def _check_invertible(Sigma, shape):
    """Raise a ValueError that says why, if Sigma is singular (to rounding)."""
    eigenvalues = np.linalg.eigvalsh(Sigma).tolist()  # increasing; Python floats are cheaper in the page
    tiny = eigenvalues[-1] * Sigma.shape[0] * EPS
    if eigenvalues[0] > tiny:
        return
    constant = np.flatnonzero(np.diag(Sigma) <= tiny)
    if constant.size:
        raise ValueError(
            "Feature(s) %s of X are constant, so their variance is 0 and the Gaussian density is "
            "undefined. Remove constant features before fitting." % constant.tolist()
        )
    advice = "Remove features that are combinations of others"
    if shape[0] <= shape[1]:
        advice = "Use more samples than features (got %d samples, %d features)" % shape
    raise ValueError(
        "The covariance matrix Sigma of X is singular (not invertible), so the multivariate "
        "Gaussian density is undefined. %s, or use multivariate=False (independent features)."
        % advice
    )
