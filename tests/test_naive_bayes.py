"""GaussianNB: hand-computed answers, numerical safety, errors, save/load (numpy only)."""

import numpy as np
import pytest

import pyml
from pyml.naive_bayes import GaussianNB

X1 = np.array([[1.0], [3.0], [10.0], [14.0]])
Y1 = np.array(["a", "a", "b", "b"])


def normal(x, mean, var):
    return np.exp(-((x - mean) ** 2) / (2 * var)) / np.sqrt(2 * np.pi * var)


def test_one_feature_by_hand():
    model = GaussianNB(var_smoothing=0.0).fit(X1, Y1)
    np.testing.assert_allclose(model.class_prior_, [0.5, 0.5])
    np.testing.assert_allclose(model.theta_, [[2.0], [12.0]])
    np.testing.assert_allclose(model.var_, [[1.0], [4.0]])  # variances with 1/m, as scikit-learn
    np.testing.assert_array_equal(model.class_count_, [2, 2])
    # Bayes' rule: P(a | x) = P(a) p(x | a) / sum_c P(c) p(x | c).
    x = 6.0
    joint = 0.5 * np.array([normal(x, 2.0, 1.0), normal(x, 12.0, 4.0)])
    np.testing.assert_allclose(model.predict_proba([[x]]), [joint / joint.sum()])
    np.testing.assert_allclose(model.predict_log_proba([[x]]), np.log([joint / joint.sum()]))
    np.testing.assert_array_equal(model.predict([[0.0], [4.0], [6.0]]), ["a", "a", "b"])


def test_two_features_multiply_and_priors_count():
    X = np.array([[0.0, 0.0], [2.0, 2.0], [1.0, 4.0], [10.0, 10.0], [12.0, 14.0]])
    y = np.array([0, 0, 0, 1, 1])
    model = GaussianNB(var_smoothing=0.0).fit(X, y)
    np.testing.assert_allclose(model.class_prior_, [0.6, 0.4])
    x = np.array([5.0, 6.0])
    joint = np.array(
        [prior * np.prod(normal(x, mean, var)) for prior, mean, var in zip([0.6, 0.4], model.theta_, model.var_)]
    )
    np.testing.assert_allclose(model.predict_proba([x]), [joint / joint.sum()])


def test_var_smoothing_adds_a_fraction_of_the_largest_variance():
    X = np.array([[1.0, 5.0], [1.0, 7.0], [3.0, 0.0], [3.0, 2.0]])
    y = [0, 0, 1, 1]
    model = GaussianNB(var_smoothing=0.1).fit(X, y)
    assert model.epsilon_ == pytest.approx(0.1 * X[:, 1].var())
    np.testing.assert_allclose(model.var_, np.array([[0.0, 1.0], [0.0, 1.0]]) + model.epsilon_)


def test_far_points_do_not_overflow():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (20, 3)), rng.normal(5, 1, (20, 3))])
    y = np.repeat([0, 1], 20)
    model = GaussianNB().fit(X, y)
    proba = model.predict_proba([[1e4, 1e4, 1e4], [-1e4, 0, 0]])
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.predict([[1e4, 1e4, 1e4], [-1e4, 0, 0]]), [1, 0])
    assert np.isfinite(model.predict_log_proba([[1e4, 1e4, 1e4]])).all()


def test_a_single_class():
    model = GaussianNB().fit([[0.0], [1.0]], ["only", "only"])
    np.testing.assert_allclose(model.predict_proba([[5.0]]), [[1.0]])


def test_save_load_round_trip():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(30, 2)), np.repeat(["x", "y", "z"], 10)
    model = GaussianNB().fit(X, y)
    copy = pyml.load(pyml.save(model))
    np.testing.assert_array_equal(copy.predict_proba(X), model.predict_proba(X))
    np.testing.assert_array_equal(copy.predict(X), model.predict(X))


def test_errors():
    with pytest.raises(ValueError, match="var_smoothing must be >= 0"):
        GaussianNB(var_smoothing=-1.0).fit(X1, Y1)
    with pytest.raises(TypeError, match="var_smoothing must be a number"):
        GaussianNB(var_smoothing="small").fit(X1, Y1)
    with pytest.raises(ValueError, match=r"Feature 0 is constant within class 'a'.*var_smoothing > 0"):
        GaussianNB(var_smoothing=0.0).fit([[1.0, 0.0], [1.0, 1.0], [2.0, 0.0], [3.0, 1.0]], Y1)
    with pytest.raises(ValueError, match="different numbers of samples"):
        GaussianNB().fit(X1, ["a"])
    with pytest.raises(pyml.NotFittedError, match="not fitted yet"):
        GaussianNB().predict(X1)
    with pytest.raises(ValueError, match="X has 2 feature"):
        GaussianNB().fit(X1, Y1).predict_proba([[1.0, 2.0]])
