"""KMeans against scikit-learn's on the data sets it ships and on synthetic blobs."""

import numpy as np
import pytest

from pyml.cluster import KMeans

sklearn = pytest.importorskip("sklearn")
from sklearn import cluster, datasets  # noqa: E402


def data(name):
    if name == "blobs":
        return datasets.make_blobs(n_samples=300, centers=5, random_state=0)[0]
    return getattr(datasets, "load_" + name)().data


# (data set, number of clusters); initial centres are samples drawn with a fixed seed.
CASES = [("iris", 3), ("wine", 3), ("wine", 8), ("breast_cancer", 2), ("digits", 10), ("blobs", 5)]


@pytest.mark.parametrize("name, k", CASES)
def test_same_start_gives_scikit_learns_centres(name, k):
    X = data(name)
    init = X[np.random.default_rng(k).choice(len(X), k, replace=False)]
    ours = KMeans(n_clusters=k, init=init, tol=0.0).fit(X)
    theirs = cluster.KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", tol=0.0).fit(X)
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=0, atol=1e-6)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=1e-10)
    # scikit-learn counts one more iteration: the one that finds that no label changed.
    assert ours.n_iter_ == theirs.n_iter_ - 1
    np.testing.assert_array_equal(ours.predict(X[::7]), theirs.predict(X[::7]))


@pytest.mark.parametrize("name, k", [("iris", 3), ("wine", 3), ("breast_cancer", 2), ("digits", 10), ("blobs", 5)])
def test_k_means_plus_plus_is_as_good_as_scikit_learns_best_of_ten(name, k):
    X = data(name)
    ours = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
    theirs = cluster.KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
    assert ours.inertia_ <= 1.01 * theirs.inertia_
