"""k-nearest neighbours: predict from the k training samples closest to each query.

Training only stores the data. To predict, compute the Euclidean distance from the query to
every training sample, take the k closest, and let them vote (classification) or average
their targets (regression), optionally weighting each by 1 / distance.
"""

import numpy as np

from .base import BaseEstimator, ClassifierMixin, RegressorMixin
from .validation import Array, Interval, Options, Value, check_n_features, check_X_y


class _KNeighbors(BaseEstimator):
    """What both k-NN models share: storing the data, finding the neighbours, weighting them."""

    _parameter_constraints = {
        "n_neighbors": [Interval(int, 1, None)],
        "weights": [Options(str, ("uniform", "distance"))],
    }
    _fitted_state = {
        "n_features_in_": Value(Interval(int, 1, None)),
        "fit_X_": Array("f", ("n_samples", "n_features_in_")),
    }

    def __init__(self, n_neighbors=5, weights="uniform"):
        self.n_neighbors = n_neighbors
        self.weights = weights

    def _store(self, X, y):
        self._validate_params()
        if self.n_neighbors > X.shape[0]:
            raise ValueError(
                "n_neighbors=%d is more than the %d training samples; use n_neighbors <= %d."
                % (self.n_neighbors, X.shape[0], X.shape[0])
            )
        self.n_features_in_ = X.shape[1]
        self.fit_X_, self.fit_y_ = X, y
        return self

    def kneighbors(self, X):
        """Distances to, and indices of, the ``n_neighbors`` closest training samples.

        Returns
        -------
        distances : ndarray of shape (n_samples, n_neighbors)
            Euclidean distances, closest first.
        indices : ndarray of shape (n_samples, n_neighbors)
            Rows of ``fit_X_``. Equally distant samples come in training order.
        """
        X = check_n_features(self, X)
        k = self.n_neighbors
        if k > self.fit_X_.shape[0]:
            raise ValueError(
                "n_neighbors=%d is more than the %d training samples; use n_neighbors <= %d."
                % (k, self.fit_X_.shape[0], self.fit_X_.shape[0])
            )
        indices = _k_smallest(_squared_distances(X, self.fit_X_), k)
        # The expansion above is fast but rounding blurs it; recompute the k chosen distances
        # directly, so that a query equal to a training sample is at distance exactly 0.
        distances = np.sqrt(np.sum((X[:, None, :] - self.fit_X_[indices]) ** 2, axis=2))
        return distances, indices

    def _neighbor_weights(self, distances):
        """Each neighbour's weight: 1, or 1 / distance (an exact match then takes all the weight)."""
        if self.weights == "uniform":
            return np.ones_like(distances)
        with np.errstate(divide="ignore"):
            weights = 1 / distances
        exact = np.isinf(weights)
        rows = exact.any(axis=1)
        weights[rows] = exact[rows]
        return weights


class KNeighborsClassifier(ClassifierMixin, _KNeighbors):
    """Classify by a vote of the k nearest training samples.

    Parameters
    ----------
    n_neighbors : int
        The number k of neighbours that vote.
    weights : {"uniform", "distance"}
        "uniform": one vote each. "distance": votes weighted by 1 / distance, so closer
        neighbours count more (a training sample equal to the query decides alone).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    fit_X_ : ndarray of shape (n_samples, n_features)
        The training samples.
    fit_y_ : ndarray of shape (n_samples,)
        Their labels.

    Notes
    -----
    Equally distant neighbours are taken in training order, and a tied vote goes to the
    class that comes first in ``classes_``, as scikit-learn's brute-force search does.
    """

    _kind = "classifier"
    _fitted_state = dict(
        _KNeighbors._fitted_state,
        classes_=Array("label", ("n_classes",), unique=True),
        fit_y_=Array("label", ("n_samples",)),
    )

    @classmethod
    def _check_state(cls, state, params):
        classes, labels = state["classes_"], state["fit_y_"]
        if classes.dtype.kind != labels.dtype.kind or not np.isin(labels, classes).all():
            raise ValueError(
                "state.fit_y_: expected labels from state.classes_ (%s), got %s."
                % (classes.tolist()[:10], np.setdiff1d(labels, classes).tolist()[:10] or labels.dtype)
            )

    def fit(self, X, y):
        """Store the training set and return ``self``."""
        X, y = check_X_y(X, y, classification=True)
        self.classes_ = np.unique(y)
        return self._store(X, y)

    def predict_proba(self, X):
        """Weighted share of the neighbours' votes for each class, shape (n_samples, n_classes)."""
        distances, indices = self.kneighbors(X)
        weights = self._neighbor_weights(distances)
        labels = np.searchsorted(self.classes_, self.fit_y_)[indices]  # column in classes_
        votes = np.stack([np.sum(weights * (labels == c), axis=1) for c in range(len(self.classes_))], axis=1)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        """The class with the most (weighted) votes, shape (n_samples,)."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class KNeighborsRegressor(RegressorMixin, _KNeighbors):
    """Predict the (weighted) mean target of the k nearest training samples.

    Parameters
    ----------
    n_neighbors : int
        The number k of neighbours averaged.
    weights : {"uniform", "distance"}
        "uniform": a plain mean. "distance": a mean weighted by 1 / distance (a training
        sample equal to the query gives its target).

    Attributes
    ----------
    fit_X_ : ndarray of shape (n_samples, n_features)
    fit_y_ : ndarray of shape (n_samples,)
    """

    _kind = "regressor"
    _fitted_state = dict(_KNeighbors._fitted_state, fit_y_=Array("f", ("n_samples",)))

    def fit(self, X, y):
        """Store the training set and return ``self``."""
        X, y = check_X_y(X, y)
        return self._store(X, y)

    def predict(self, X):
        """Weighted mean of the neighbours' targets, shape (n_samples,)."""
        distances, indices = self.kneighbors(X)
        weights = self._neighbor_weights(distances)
        return np.sum(weights * self.fit_y_[indices], axis=1) / np.sum(weights, axis=1)


def _k_smallest(d2, k):
    """Column indices of the k smallest values of each row, smallest first, ties in column order.

    The first k columns of a stable ``np.argsort(d2, axis=1)``, without sorting whole rows:
    np.partition finds each row's k-th smallest value, and only the entries up to it (at least
    k per row, more on ties) are sorted, by (row, value, column).
    """
    if k == d2.shape[1]:
        return np.argsort(d2, axis=1, kind="stable")
    kth = np.partition(d2, k - 1, axis=1)[:, k - 1:k]
    rows, cols = np.nonzero(d2 <= kth)
    order = np.lexsort((cols, d2[rows, cols], rows))
    # Each row's candidates now sit together, best first; keep the first k of each.
    starts = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(d2)))[:-1]])
    return cols[order][starts[:, None] + np.arange(k)]


def _squared_distances(X, Y):
    """||x - y||² for every row x of X and y of Y, as ||x||² - 2 x.y + ||y||² (assumes validated input)."""
    d2 = np.sum(X ** 2, axis=1)[:, None] - 2 * X @ Y.T + np.sum(Y ** 2, axis=1)[None, :]
    return np.maximum(d2, 0)  # rounding can make a distance slightly negative
