"""k-nearest neighbours against scikit-learn's on the data sets it ships and synthetic data."""

import numpy as np
import pytest

from pyml.neighbors import KNeighborsClassifier, KNeighborsRegressor

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets, neighbors  # noqa: E402


def split(X, y):
    """Every fourth sample is a query; the others the training set."""
    test = np.arange(len(X)) % 4 == 0
    return X[~test], X[test], y[~test], y[test]


def classification(name):
    if name == "moons":
        return datasets.make_moons(n_samples=300, noise=0.3, random_state=0)
    return getattr(datasets, "load_" + name)(return_X_y=True)


def regression(name):
    if name == "friedman":
        return datasets.make_friedman1(n_samples=300, noise=0.5, random_state=0)
    return getattr(datasets, "load_" + name)(return_X_y=True)


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits", "moons"])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("k", [1, 5, 15])
def test_classifier_predicts_as_scikit_learn(name, weights, k):
    X, Xq, y, _ = split(*classification(name))
    ours = KNeighborsClassifier(n_neighbors=k, weights=weights).fit(X, y)
    theirs = neighbors.KNeighborsClassifier(n_neighbors=k, weights=weights, algorithm="brute").fit(X, y)
    np.testing.assert_array_equal(ours.predict(Xq), theirs.predict(Xq))
    if k < 15:  # with 15 neighbours some 15th and 16th are equally far: the probabilities then differ
        np.testing.assert_allclose(ours.predict_proba(Xq), theirs.predict_proba(Xq), rtol=0, atol=1e-10)
        np.testing.assert_allclose(ours.kneighbors(Xq)[0], theirs.kneighbors(Xq)[0], rtol=1e-7, atol=1e-6)


@pytest.mark.parametrize("name", ["diabetes", "friedman"])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("k", [1, 5, 15])
def test_regressor_predicts_as_scikit_learn(name, weights, k):
    X, Xq, y, _ = split(*regression(name))
    ours = KNeighborsRegressor(n_neighbors=k, weights=weights).fit(X, y)
    theirs = neighbors.KNeighborsRegressor(n_neighbors=k, weights=weights, algorithm="brute").fit(X, y)
    np.testing.assert_allclose(ours.predict(Xq), theirs.predict(Xq), rtol=1e-10, atol=1e-12)
