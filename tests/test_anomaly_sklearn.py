"""Gaussian anomaly detection against scikit-learn's covariance estimate and SciPy's density."""

import numpy as np
import pytest

from pyml.anomaly import GaussianAnomalyDetector

sklearn = pytest.importorskip("sklearn")
stats = pytest.importorskip("scipy.stats")
from sklearn import covariance, datasets  # noqa: E402


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer"])
def test_density_matches_scipy(name):
    X = getattr(datasets, "load_" + name)().data[:, :8]
    model = GaussianAnomalyDetector().fit(X)
    reference = covariance.EmpiricalCovariance().fit(X)
    np.testing.assert_allclose(model.mu_, reference.location_, rtol=1e-12)
    np.testing.assert_allclose(model.Sigma_, reference.covariance_, rtol=1e-10, atol=1e-14)
    expected = stats.multivariate_normal(model.mu_, model.Sigma_).pdf(X)
    np.testing.assert_allclose(model.score_samples(X), expected, rtol=1e-8)


def test_breast_cancer_malignant_cases_are_less_likely():
    # Fit on benign tumours (label 1) only; the malignant ones should mostly fall below the threshold.
    X, y = datasets.load_breast_cancer(return_X_y=True)
    X = np.log(X[:, :10] + 1e-3)  # the course's advice: make skewed features look more Gaussian
    benign, malignant = X[y == 1], X[y == 0]
    model = GaussianAnomalyDetector().fit(benign[:250])
    X_val = np.vstack([benign[250:300], malignant[:20]])
    y_val = np.r_[np.zeros(50), np.ones(20)]
    model.select_threshold(X_val, y_val)
    assert model.f1_ > 0.75
    X_test = np.vstack([benign[300:], malignant[20:]])
    y_test = np.r_[np.zeros(len(benign) - 300), np.ones(len(malignant) - 20)]
    from sklearn.metrics import f1_score

    assert f1_score(y_test, model.predict(X_test)) > 0.75
