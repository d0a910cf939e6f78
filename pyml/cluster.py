"""Clustering: k-means by Lloyd's algorithm, seeded with k-means++ or random points.

Course notation: K centroids mu_1..mu_K. Each iteration moves every centroid to the mean of
the points assigned to it, then assigns every x(i) to its closest centroid,
c(i) = argmin_k ||x(i) - mu_k||². The cost (distortion) J = sum_i ||x(i) - mu_c(i)||² is
scikit-learn's ``inertia_``; it never increases from one iteration to the next.
"""

import numpy as np

from .base import BaseEstimator, IterativeMixin, Step
from .validation import (
    ITERATIONS,
    NON_NEGATIVE,
    Array,
    Interval,
    List,
    Options,
    Value,
    check_array,
    check_n_features,
    check_random_state,
)


class KMeans(IterativeMixin, BaseEstimator):
    """K-means clustering (Lloyd's algorithm).

    Parameters
    ----------
    n_clusters : int
        The number of clusters K.
    init : {"k-means++", "random"} or array-like of shape (n_clusters, n_features)
        How the first centroids are chosen. "k-means++": the first is a random sample, each
        next one a sample drawn with probability proportional to D(x)², its squared distance
        to the closest centroid chosen so far (Arthur and Vassilvitskii, 2007).
        "random": K distinct samples picked uniformly. An array: these centroids, used as
        given (``n_init`` is then ignored: there is only one way to start).
    n_init : int
        How many times to run k-means from different initial centroids; the run with the
        lowest inertia is kept.
    max_iter : int
        The most iterations of a single run.
    tol : float
        A run also stops when the centroids moved, in total squared distance, by at most
        ``tol`` times the mean variance of the features (scikit-learn's relative tolerance).
        It always stops when no point changes cluster.
    random_state : int, numpy Generator or None
        Seed of the initialisation.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : ndarray of shape (n_samples,)
        Index of the closest centroid of each training sample.
    inertia_ : float
        Sum of squared distances of the samples to their closest centroid (the cost J).
    n_iter_ : int
        Iterations of the kept run. Where scikit-learn ends with one extra iteration that
        only confirms that no label changed, this count is one lower.
    loss_curve_ : list of float
        Inertia after each iteration of the kept run.
    init_centers_ : ndarray of shape (n_clusters, n_features)
        The initial centroids of the kept run, where the centroids' paths start.

    Notes
    -----
    ``fit_iter`` runs the ``n_init`` initialisations one after the other and yields every
    iteration of each, as ``Step(iteration, loss, run=r, run_iteration=i)``: ``iteration``
    counts all steps from 1, ``run`` counts runs from 0 and ``run_iteration`` the iterations
    of this run from 1. Between steps the fitted attributes describe the current run, so a
    page can draw its centroids moving. When the generator finishes they switch to the run
    with the lowest inertia (the first such run on a tie).

    A cluster that loses all its points takes, deterministically, the sample farthest from its
    centroid (among samples whose own cluster keeps another point), as in scikit-learn.
    """

    _kind = "clusterer"
    _loss_name = "inertia"
    _parameter_constraints = {
        "n_clusters": [Interval(int, 1, None)],
        "init": [Options(str, ("k-means++", "random")), "array-like"],
        "n_init": [Interval(int, 1, 1000)],
        "max_iter": [ITERATIONS],
        "tol": [NON_NEGATIVE],
        "random_state": ["random_state"],
    }
    _live_params = ("n_init", "max_iter", "tol")
    _fitted_state = {
        "n_features_in_": Value(Interval(int, 1, None)),
        "cluster_centers_": Array("f", ("n_clusters", "n_features_in_")),
        "init_centers_": Array("f", ("n_clusters", "n_features_in_")),
        "labels_": Array("i", ("n_samples",), low=0, high="n_clusters"),
        "inertia_": Value(NON_NEGATIVE),
        "n_iter_": Value(Interval(int, 0, None), optional=True),
        "loss_curve_": List(Value(NON_NEGATIVE), "n_iter_", optional=True),
    }

    def __init__(self, n_clusters=3, init="k-means++", n_init=10, max_iter=300, tol=1e-4, random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit_iter(self, X, y=None):
        """Cluster ``X`` step by step, yielding a :class:`Step` per iteration (loss = inertia).

        ``max_iter``, ``tol`` and ``n_init`` are read from the model as training goes, so a
        page can change them between steps. ``y`` is ignored.
        """
        self._validate_params()
        k = self.n_clusters
        given = not isinstance(self.init, str)
        X = check_array(X)
        if k > X.shape[0]:
            raise ValueError(
                "n_clusters=%d is more than the %d samples in X; each cluster needs at least one "
                "sample. Use n_clusters <= %d or more data." % (k, X.shape[0], X.shape[0])
            )
        init = _check_init_array(self.init, k, X.shape[1]) if given else None
        rng = check_random_state(self.random_state)
        self.n_features_in_ = X.shape[1]
        spread = float(np.var(X, axis=0).mean())  # tol is relative to the data's scale
        X_squared = np.sum(X ** 2, axis=1)[:, None]  # ||x||², the same at every iteration

        best = None
        run = n_steps = 0
        while run < (1 if given else self.n_init):
            if given:
                centres = init.copy()
            elif self.init == "random":
                centres = X[rng.choice(X.shape[0], k, replace=False)]
            else:
                centres = _kmeans_plus_plus(X, k, rng)
            self.init_centers_ = centres
            self.loss_curve_ = []
            labels, d2 = _closest(X, centres, X_squared)
            iteration = 0
            while iteration < self.max_iter:
                iteration += 1
                labels, d2, counts = _fill_empty_clusters(labels, d2, k)
                # Move each centroid to the mean of its points ...
                new_centres = _cluster_means(X, labels, counts)
                shift = ((new_centres - centres) ** 2).sum()
                # ... then give each point to its closest centroid.
                new_labels, d2 = _closest(X, new_centres, X_squared)
                unchanged = bool((new_labels == labels).all())
                centres, labels = new_centres, new_labels
                self.cluster_centers_, self.labels_ = centres, labels
                self.inertia_ = float(d2.sum())
                self.n_iter_ = iteration
                self.loss_curve_.append(self.inertia_)
                n_steps += 1
                yield Step(n_steps, self.inertia_, run=run, run_iteration=iteration)
                if unchanged or shift <= self.tol * spread:
                    break
            if best is None or self.inertia_ < best["inertia_"]:
                best = {name: getattr(self, name) for name in _RUN_ATTRIBUTES}
            run += 1
        for name, value in best.items():
            setattr(self, name, value)

    def predict(self, X):
        """Index of the closest centroid of each sample, shape (n_samples,)."""
        X = check_n_features(self, X)
        return _closest(X, self.cluster_centers_)[0]

    def fit_predict(self, X, y=None):
        """Fit to ``X`` and return ``labels_``."""
        return self.fit(X).labels_


_RUN_ATTRIBUTES = ("cluster_centers_", "labels_", "inertia_", "n_iter_", "loss_curve_", "init_centers_")


def _check_init_array(init, k, n_features):
    centres = check_array(init, "init")
    if centres.shape != (k, n_features):
        raise ValueError(
            "init must have shape (n_clusters, n_features) = (%d, %d): one initial centroid per "
            "cluster, with as many values as X has features; got shape %s."
            % (k, n_features, centres.shape)
        )
    return centres


def _cluster_means(X, labels, counts):
    """The mean of the samples of each cluster, shape (k, n_features), given the size of each
    cluster, ``counts`` (at least 1)."""
    sums = np.empty((len(counts), X.shape[1]))
    for f in range(X.shape[1]):
        sums[:, f] = np.bincount(labels, weights=X[:, f], minlength=len(counts))
    return sums / counts[:, None]


def _squared_distances(X, C, X_squared=None):
    """||x - c||² for every row x of X and c of C, as ||x||² - 2 x.c + ||c||² (assumes validated input).

    ``X_squared`` is the column of ||x||², shape (n_samples, 1), when it is known already.
    """
    if X_squared is None:
        X_squared = np.sum(X ** 2, axis=1)[:, None]
    d2 = X_squared - 2 * X @ C.T + np.sum(C ** 2, axis=1)
    return np.maximum(d2, 0.0, out=d2)  # rounding can make a distance slightly negative


def _closest(X, centres, X_squared=None):
    """Index of each sample's closest centroid (the first on a tie) and its squared distance."""
    d2 = _squared_distances(X, centres, X_squared)
    labels = d2.argmin(axis=1)
    return labels, d2[np.arange(len(X)), labels]


def _kmeans_plus_plus(X, k, rng):
    """k-means++ seeding: each next centroid is a sample drawn with probability D(x)² / sum D²."""
    centres = [X[rng.integers(X.shape[0])]]
    d2 = _squared_distances(X, centres[0][None, :])[:, 0]
    for _ in range(1, k):
        # Every sample already a centroid has D = 0; if all are, any sample will do.
        p = d2 / d2.sum() if d2.sum() > 0 else None
        centres.append(X[rng.choice(X.shape[0], p=p)])
        d2 = np.minimum(d2, _squared_distances(X, centres[-1][None, :])[:, 0])
    return np.array(centres)


def _fill_empty_clusters(labels, d2, k):
    """Give each empty cluster the sample farthest from its centroid; return the labels, d2 and
    the size of each cluster (the same labels and d2 when no cluster is empty).

    Only a sample whose cluster has another point may move, so no cluster is emptied in turn.
    """
    counts = np.bincount(labels, minlength=k)
    if counts.all():
        return labels, d2, counts
    labels, d2 = labels.copy(), d2.copy()
    for j in np.flatnonzero(counts == 0):
        movable = np.bincount(labels, minlength=k)[labels] > 1
        farthest = np.argmax(np.where(movable, d2, -1.0))
        labels[farthest] = j
        d2[farthest] = 0.0
    return labels, d2, np.bincount(labels, minlength=k)
