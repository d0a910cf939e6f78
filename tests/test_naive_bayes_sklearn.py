"""GaussianNB against scikit-learn's on the data sets it ships and on synthetic data."""

import numpy as np
import pytest

from pyml.naive_bayes import GaussianNB

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets, naive_bayes  # noqa: E402


def data(name):
    if name == "blobs":
        return datasets.make_blobs(n_samples=300, centers=4, n_features=5, random_state=0)
    return getattr(datasets, "load_" + name)(return_X_y=True)


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits", "blobs"])
@pytest.mark.parametrize("var_smoothing", [1e-9, 1e-3])
def test_same_probabilities_as_scikit_learn(name, var_smoothing):
    X, y = data(name)
    train = np.arange(len(X)) % 4 != 0
    ours = GaussianNB(var_smoothing=var_smoothing).fit(X[train], y[train])
    theirs = naive_bayes.GaussianNB(var_smoothing=var_smoothing).fit(X[train], y[train])
    np.testing.assert_allclose(ours.class_prior_, theirs.class_prior_, rtol=1e-12)
    np.testing.assert_allclose(ours.theta_, theirs.theta_, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.var_, theirs.var_, rtol=1e-10)
    assert ours.epsilon_ == pytest.approx(theirs.epsilon_, rel=1e-12)
    for part in (X[train], X[~train]):
        np.testing.assert_allclose(ours.predict_proba(part), theirs.predict_proba(part), rtol=0, atol=1e-6)
        np.testing.assert_array_equal(ours.predict(part), theirs.predict(part))
        log_ours, log_theirs = ours.predict_log_proba(part), theirs.predict_log_proba(part)
        np.testing.assert_allclose(log_ours, log_theirs, rtol=1e-9, atol=1e-9)
