"""Scaler, polynomial features, train/test split and metrics: hand-checked answers."""

import numpy as np
import pytest

from pyml import PolynomialFeatures, StandardScaler, metrics, train_test_split


def test_scaler_standardizes_and_inverts():
    X = np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 10.0]])
    scaler = StandardScaler().fit(X)
    Z = scaler.transform(X)
    np.testing.assert_allclose(Z[:, 0], [-np.sqrt(1.5), 0, np.sqrt(1.5)])
    np.testing.assert_array_equal(Z[:, 1], 0)  # a constant column is centred, not divided by 0
    np.testing.assert_allclose(scaler.inverse_transform(Z), X)


def test_polynomial_features_order_and_names():
    poly = PolynomialFeatures(degree=2).fit([[2.0, 3.0]])
    np.testing.assert_array_equal(poly.transform([[2.0, 3.0]]), [[1, 2, 3, 4, 6, 9]])
    assert poly.get_feature_names_out(["a", "b"]) == ["1", "a", "b", "a^2", "a b", "b^2"]
    no_bias = PolynomialFeatures(degree=3, include_bias=False).fit([[2.0]])
    np.testing.assert_array_equal(no_bias.transform([[2.0]]), [[2, 4, 8]])


def test_train_test_split_partitions_and_is_seeded():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=1)
    assert len(X_test) == 3 and len(X_train) == 7
    assert sorted(np.concatenate([y_train, y_test])) == list(range(10))
    np.testing.assert_array_equal(X_test[:, 0] / 2, y_test)
    again = train_test_split(X, y, test_size=0.3, random_state=1)
    np.testing.assert_array_equal(again[1], X_test)
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(X, y, test_size=1.5)


def test_regression_metrics():
    y, p = [3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]
    assert metrics.mean_squared_error(y, p) == pytest.approx(0.375)
    assert metrics.root_mean_squared_error(y, p) == pytest.approx(np.sqrt(0.375))
    assert metrics.mean_absolute_error(y, p) == pytest.approx(0.5)
    assert metrics.r2_score(y, p) == pytest.approx(1 - 1.5 / 29.1875)


def test_classification_metrics():
    y, p = ["S", "M", "L", "M"], ["S", "L", "L", "M"]
    assert metrics.accuracy_score(y, p) == 0.75
    np.testing.assert_array_equal(metrics.confusion_matrix(y, p), [[1, 0, 0], [1, 1, 0], [0, 0, 1]])
    assert metrics.precision_recall_f1([1, 1, 0, 0], [1, 0, 1, 0]) == (0.5, 0.5, 0.5)
    assert metrics.log_loss([0, 1], [[0.8, 0.2], [0.4, 0.6]]) == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2)
    with pytest.raises(ValueError, match="different lengths"):
        metrics.accuracy_score([1, 2], [1])
