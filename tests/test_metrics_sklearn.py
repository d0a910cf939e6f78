"""Scaler, polynomial features and metrics agree exactly with scikit-learn."""

import numpy as np
import pytest

from pyml import PolynomialFeatures, StandardScaler, metrics

sklearn = pytest.importorskip("sklearn")
from sklearn import metrics as skm  # noqa: E402
from sklearn import preprocessing as skp  # noqa: E402

rng = np.random.default_rng(0)
X = rng.normal(size=(50, 3)) * [1, 10, 100]


def test_scaler():
    np.testing.assert_allclose(StandardScaler().fit_transform(X), skp.StandardScaler().fit_transform(X), rtol=1e-12)


@pytest.mark.parametrize("degree", [1, 2, 3])
@pytest.mark.parametrize("include_bias", [True, False])
def test_polynomial_features(degree, include_bias):
    ours = PolynomialFeatures(degree, include_bias=include_bias).fit_transform(X)
    np.testing.assert_allclose(ours, skp.PolynomialFeatures(degree, include_bias=include_bias).fit_transform(X))


def test_metrics():
    y, p = rng.normal(size=40), rng.normal(size=40)
    assert metrics.mean_squared_error(y, p) == pytest.approx(skm.mean_squared_error(y, p), rel=1e-12)
    assert metrics.mean_absolute_error(y, p) == pytest.approx(skm.mean_absolute_error(y, p), rel=1e-12)
    assert metrics.r2_score(y, p) == pytest.approx(skm.r2_score(y, p), rel=1e-12)
    labels, guesses = rng.integers(0, 3, 60), rng.integers(0, 3, 60)
    assert metrics.accuracy_score(labels, guesses) == skm.accuracy_score(labels, guesses)
    np.testing.assert_array_equal(metrics.confusion_matrix(labels, guesses), skm.confusion_matrix(labels, guesses))
    assert metrics.f1_score(labels == 1, guesses == 1, pos_label=True) == pytest.approx(
        skm.f1_score(labels == 1, guesses == 1))
    proba = rng.dirichlet([1, 1, 1], 60)
    assert metrics.log_loss(labels, proba) == pytest.approx(skm.log_loss(labels, proba), rel=1e-12)


@pytest.mark.parametrize("labels", [None, [2, 0, 1], [0, 1], [5, 1, 0]])
def test_confusion_matrix_with_given_labels(labels):
    y, p = rng.integers(0, 3, 50), rng.integers(0, 3, 50)
    np.testing.assert_array_equal(metrics.confusion_matrix(y, p, labels=labels), skm.confusion_matrix(y, p, labels=labels))
