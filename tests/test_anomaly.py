"""Gaussian anomaly detection: the density formula, threshold selection, errors, save/load (numpy only)."""

import numpy as np
import pytest

import pyml
from pyml.anomaly import GaussianAnomalyDetector
from pyml.metrics import f1_score

# Mean (0, 0); variances (1/m) sum x² = 0.5 and 2, no correlation.
CROSS = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]])


@pytest.mark.parametrize("multivariate", [True, False])
def test_density_by_hand(multivariate):
    model = GaussianAnomalyDetector(multivariate=multivariate).fit(CROSS)
    np.testing.assert_allclose(model.mu_, [0.0, 0.0])
    np.testing.assert_allclose(model.Sigma_, [[0.5, 0.0], [0.0, 2.0]])
    assert model.covariance_ is model.Sigma_
    # p(mu) = 1 / (2 pi sqrt(det Sigma)) with det Sigma = 1; at (1, 0): (x-mu)' Sigma^-1 (x-mu) = 2.
    np.testing.assert_allclose(model.score_samples([[0.0, 0.0], [1.0, 0.0]]), [1 / (2 * np.pi), np.exp(-1) / (2 * np.pi)])


def test_correlated_gaussian_density_matches_the_formula():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3)) @ np.array([[2.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 0.5]]) + [1, 2, 3]
    model = GaussianAnomalyDetector().fit(X)
    np.testing.assert_allclose(model.Sigma_, np.cov(X.T, bias=True))
    x = np.array([2.0, 1.0, 3.5])
    d = x - model.mu_
    expected = np.exp(-0.5 * d @ np.linalg.inv(model.Sigma_) @ d) / np.sqrt((2 * np.pi) ** 3 * np.linalg.det(model.Sigma_))
    np.testing.assert_allclose(model.score_samples([x]), [expected])


def test_independent_model_is_a_product_of_one_dimensional_gaussians():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(100, 2)) * [1.0, 3.0] + [5.0, -1.0]
    model = GaussianAnomalyDetector(multivariate=False).fit(X)
    mu, var = X.mean(axis=0), X.var(axis=0)
    Xq = rng.normal(size=(5, 2))
    by_hand = np.prod(np.exp(-((Xq - mu) ** 2) / (2 * var)) / np.sqrt(2 * np.pi * var), axis=1)
    np.testing.assert_allclose(model.score_samples(Xq), by_hand)
    np.testing.assert_allclose(model.Sigma_, np.diag(var))


def correlated_data(seed):
    """Normal points along x2 = x1, and anomalies off that line (each feature alone looks normal)."""
    rng = np.random.default_rng(seed)
    t = rng.normal(size=(300, 1))
    normal = np.hstack([t, t]) + 0.2 * rng.normal(size=(300, 2))
    anomalies = np.array([[1.5, -1.5], [-1.2, 1.2], [2.0, -0.5], [-1.0, 1.6], [0.8, -1.4], [-2.0, 0.4]])
    return normal, anomalies


def test_selected_threshold_flags_planted_outliers():
    normal, anomalies = correlated_data(0)
    train, val_normal, test_normal = normal[:200], normal[200:250], normal[250:]
    X_val = np.vstack([val_normal, anomalies[:3]])
    y_val = np.r_[np.zeros(50), np.ones(3)]
    model = GaussianAnomalyDetector().fit(train).select_threshold(X_val, y_val)
    assert model.f1_ == pytest.approx(f1_score(y_val, model.predict(X_val)))
    assert model.f1_ == 1.0
    p = model.score_samples(X_val)
    assert p.min() <= model.epsilon_ <= p.max()
    # Unseen anomalies are caught too, and the unseen normal points let through.
    np.testing.assert_array_equal(model.predict(anomalies[3:]), [1, 1, 1])
    assert model.predict(test_normal).sum() <= 1
    # The product of independent Gaussians cannot see that these points leave the line.
    independent = GaussianAnomalyDetector(multivariate=False).fit(train).select_threshold(X_val, y_val)
    assert independent.f1_ < 0.5


def test_threshold_is_the_best_of_the_course_grid():
    normal, anomalies = correlated_data(1)
    model = GaussianAnomalyDetector().fit(normal[:200])
    X_val = np.vstack([normal[200:], anomalies])
    y_val = np.r_[np.zeros(100), np.ones(6)]
    model.select_threshold(X_val, y_val)
    p = model.score_samples(X_val)
    scores = [f1_score(y_val, (p < e).astype(int)) for e in np.linspace(p.min(), p.max(), 1001)]
    assert model.f1_ == max(scores)
    assert model.epsilon_ == pytest.approx(np.linspace(p.min(), p.max(), 1001)[int(np.argmax(scores))])


def test_given_epsilon_is_used_directly():
    model = GaussianAnomalyDetector(epsilon=0.05).fit(CROSS)
    assert model.epsilon_ == 0.05 and model.f1_ is None
    np.testing.assert_array_equal(model.predict([[0.0, 0.0], [1.0, 0.0], [3.0, 3.0]]), [0, 0, 1])


def test_save_load_round_trip():
    normal, anomalies = correlated_data(2)
    X_val, y_val = np.vstack([normal[200:], anomalies]), np.r_[np.zeros(100), np.ones(6)]
    model = GaussianAnomalyDetector().fit(normal[:200]).select_threshold(X_val, y_val)
    copy = pyml.load(pyml.save(model))
    assert copy.epsilon_ == model.epsilon_ and copy.f1_ == model.f1_
    np.testing.assert_array_equal(copy.score_samples(X_val), model.score_samples(X_val))
    np.testing.assert_array_equal(copy.predict(X_val), model.predict(X_val))


def test_singular_covariance_errors():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 2))
    with pytest.raises(ValueError, match="singular.*combinations of others.*multivariate=False"):
        GaussianAnomalyDetector().fit(np.column_stack([X, X[:, 0] - 2 * X[:, 1]]))
    with pytest.raises(ValueError, match=r"Feature\(s\) \[1\] of X are constant"):
        GaussianAnomalyDetector(multivariate=False).fit(np.column_stack([X[:, 0], np.ones(50)]))
    with pytest.raises(ValueError, match="more samples than features"):
        GaussianAnomalyDetector().fit(rng.normal(size=(3, 4)))
    # The independent model only needs each feature to vary.
    GaussianAnomalyDetector(multivariate=False).fit(np.column_stack([X, X[:, 0] - 2 * X[:, 1]]))


def test_errors():
    with pytest.raises(ValueError, match="no threshold yet.*select_threshold"):
        GaussianAnomalyDetector().fit(CROSS).predict(CROSS)
    with pytest.raises(pyml.NotFittedError, match="not fitted yet"):
        GaussianAnomalyDetector(epsilon=0.1).predict(CROSS)
    with pytest.raises(pyml.NotFittedError, match="not fitted yet"):
        GaussianAnomalyDetector().select_threshold(CROSS, [0, 0, 0, 1])
    with pytest.raises(ValueError, match="epsilon must be >= 0"):
        GaussianAnomalyDetector(epsilon=-1.0).fit(CROSS)
    with pytest.raises(TypeError, match="multivariate must be True or False"):
        GaussianAnomalyDetector(multivariate="yes").fit(CROSS)
    model = GaussianAnomalyDetector().fit(CROSS)
    with pytest.raises(ValueError, match="y_val must hold 1 for an anomaly and 0"):
        model.select_threshold(CROSS, [0, 0, 2, 1])
    with pytest.raises(ValueError, match="y_val must hold 1 for an anomaly and 0"):
        model.select_threshold(CROSS, ["no", "no", "yes", "no"])
    with pytest.raises(ValueError, match="no anomaly"):
        model.select_threshold(CROSS, [0, 0, 0, 0])
    with pytest.raises(ValueError, match="different numbers of samples"):
        model.select_threshold(CROSS, [0, 1])
    with pytest.raises(ValueError, match="X has 3 feature"):
        model.score_samples([[1.0, 2.0, 3.0]])
