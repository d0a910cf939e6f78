"""PCA against scikit-learn's on the data sets it ships and on synthetic data."""

import numpy as np
import pytest

from pyml.decomposition import PCA

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets, decomposition  # noqa: E402


def data(name):
    if name == "correlated":
        rng = np.random.default_rng(0)
        return rng.normal(size=(200, 6)) @ rng.normal(size=(6, 6)) * [1, 10, 100, 1, 1, 0.1]
    return getattr(datasets, "load_" + name)().data


NAMES = ["iris", "wine", "breast_cancer", "digits", "correlated"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n_components", [None, 2, 0.95])
def test_same_components_as_scikit_learn(name, n_components):
    X = data(name)
    ours = PCA(n_components=n_components).fit(X)
    theirs = decomposition.PCA(n_components=n_components, svd_solver="full").fit(X)
    assert ours.n_components_ == theirs.n_components_
    np.testing.assert_allclose(ours.explained_variance_ratio_, theirs.explained_variance_ratio_, rtol=1e-8, atol=1e-14)
    np.testing.assert_allclose(ours.explained_variance_, theirs.explained_variance_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.singular_values_, theirs.singular_values_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.mean_, theirs.mean_, rtol=1e-12)
    # Components with (numerically) zero variance are any basis of the null space: skip those.
    real = theirs.explained_variance_ > 1e-8 * theirs.explained_variance_[0]
    signs = np.sign(np.sum(ours.components_ * theirs.components_, axis=1))
    np.testing.assert_allclose((ours.components_ * signs[:, None])[real], theirs.components_[real], atol=1e-8)
    np.testing.assert_allclose(
        (ours.transform(X) * signs)[:, real], theirs.transform(X)[:, real], atol=1e-8 * np.abs(X).max()
    )
