"""k-nearest neighbours: hand-computed answers, tie rules, errors, save/load (numpy only)."""

import numpy as np
import pytest

import pyml
from pyml.neighbors import KNeighborsClassifier, KNeighborsRegressor

X1 = np.array([[0.0], [1.0], [2.0], [10.0]])
Y1 = np.array([0, 0, 1, 1])


def test_uniform_vote():
    model = KNeighborsClassifier(n_neighbors=3).fit(X1, Y1)
    # Neighbours of 0.4: 0, 1 and 2 (classes 0, 0, 1).
    np.testing.assert_allclose(model.predict_proba([[0.4]]), [[2 / 3, 1 / 3]])
    np.testing.assert_array_equal(model.predict([[0.4], [9.0]]), [0, 1])
    distances, indices = model.kneighbors([[0.4]])
    np.testing.assert_allclose(distances, [[0.4, 0.6, 1.6]])
    np.testing.assert_array_equal(indices, [[0, 1, 2]])


def test_distance_weighted_vote():
    model = KNeighborsClassifier(n_neighbors=3, weights="distance").fit(X1, Y1)
    w = 1 / np.array([0.4, 0.6, 1.6])
    np.testing.assert_allclose(model.predict_proba([[0.4]]), [[(w[0] + w[1]) / w.sum(), w[2] / w.sum()]])
    # A query equal to a training sample takes its class alone.
    np.testing.assert_allclose(model.predict_proba([[2.0]]), [[0.0, 1.0]])


def test_ties_follow_training_order_and_class_order():
    # 0 is as far from -1 as from 1: the neighbour listed first in training wins.
    assert KNeighborsClassifier(n_neighbors=1).fit([[-1.0], [1.0]], ["a", "b"]).predict([[0.0]])[0] == "a"
    assert KNeighborsClassifier(n_neighbors=1).fit([[1.0], [-1.0]], ["b", "a"]).predict([[0.0]])[0] == "b"
    # A tied vote goes to the first class of classes_.
    model = KNeighborsClassifier(n_neighbors=2).fit([[1.0], [-1.0]], ["b", "a"])
    np.testing.assert_allclose(model.predict_proba([[0.0]]), [[0.5, 0.5]])
    assert model.predict([[0.0]])[0] == "a"


def test_string_labels_and_score():
    y = np.array(["cat", "cat", "dog", "dog"])
    model = KNeighborsClassifier(n_neighbors=1).fit(X1, y)
    np.testing.assert_array_equal(model.classes_, ["cat", "dog"])
    np.testing.assert_array_equal(model.predict(X1), y)
    assert model.score(X1, y) == 1.0


def test_regressor_means():
    y = np.array([1.0, 2.0, 3.0, 10.0])
    model = KNeighborsRegressor(n_neighbors=2).fit(X1, y)
    np.testing.assert_allclose(model.predict([[0.4], [7.0]]), [1.5, 6.5])
    weighted = KNeighborsRegressor(n_neighbors=2, weights="distance").fit(X1, y)
    np.testing.assert_allclose(weighted.predict([[0.25]]), [(1 / 0.25 * 1 + 1 / 0.75 * 2) / (1 / 0.25 + 1 / 0.75)])
    np.testing.assert_allclose(weighted.predict(X1), y)  # distance weights interpolate the training set


def test_exact_matches_are_at_distance_zero():
    # The ||a||² - 2ab + ||b||² expansion leaves rounding noise; the reported distances have none.
    X = np.random.default_rng(0).normal(1000, 1, size=(30, 4))
    model = KNeighborsRegressor(n_neighbors=3, weights="distance").fit(X, np.arange(30.0))
    distances, indices = model.kneighbors(X)
    np.testing.assert_array_equal(distances[:, 0], 0.0)
    np.testing.assert_array_equal(indices[:, 0], np.arange(30))
    np.testing.assert_array_equal(model.predict(X), np.arange(30.0))


def test_matches_a_plain_loop():
    rng = np.random.default_rng(1)
    X, Xq = rng.normal(size=(40, 3)), rng.normal(size=(10, 3))
    y = rng.integers(0, 3, 40).astype(np.intp)  # bincount wants the platform index type (32-bit in Pyodide)
    model = KNeighborsClassifier(n_neighbors=7).fit(X, y)
    for q, proba in zip(Xq, model.predict_proba(Xq)):
        nearest = np.argsort(np.linalg.norm(X - q, axis=1))[:7]
        np.testing.assert_allclose(proba, np.bincount(y[nearest], minlength=3) / 7)


def test_n_neighbors_is_read_at_prediction():
    model = KNeighborsClassifier(n_neighbors=1).fit(X1, Y1)
    model.n_neighbors = 3
    assert model.kneighbors([[0.0]])[1].shape == (1, 3)
    model.n_neighbors = 5
    with pytest.raises(ValueError, match="n_neighbors=5 is more than the 4 training samples"):
        model.predict([[0.0]])


@pytest.mark.parametrize("cls", [KNeighborsClassifier, KNeighborsRegressor])
def test_save_load_round_trip(cls):
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(30, 2)), np.repeat(["x", "y", "z"], 10)
    if cls is KNeighborsRegressor:
        y = rng.normal(size=30)
    model = cls(n_neighbors=4, weights="distance").fit(X, y)
    copy = pyml.load(pyml.save(model))
    np.testing.assert_array_equal(copy.predict(X + 0.1), model.predict(X + 0.1))
    np.testing.assert_array_equal(copy.fit_y_, model.fit_y_)


@pytest.mark.parametrize("cls", [KNeighborsClassifier, KNeighborsRegressor])
@pytest.mark.parametrize(
    "params, error, words",
    [
        ({"n_neighbors": 5}, ValueError, "n_neighbors=5 is more than the 4 training samples"),
        ({"n_neighbors": 0}, ValueError, "n_neighbors must be >= 1"),
        ({"n_neighbors": 2.0}, TypeError, "n_neighbors must be an integer"),
        ({"weights": "inverse"}, ValueError, "weights must be one of 'uniform', 'distance'"),
    ],
)
def test_bad_hyperparameters(cls, params, error, words):
    with pytest.raises(error, match=words):
        cls(**params).fit(X1, Y1)


def test_bad_data_and_use_before_fit():
    with pytest.raises(pyml.NotFittedError, match="not fitted yet"):
        KNeighborsClassifier().predict(X1)
    with pytest.raises(ValueError, match="different numbers of samples"):
        KNeighborsClassifier(n_neighbors=1).fit(X1, [0, 1])
    with pytest.raises(TypeError, match="must contain only numbers"):
        KNeighborsRegressor(n_neighbors=1).fit(X1, ["a", "b", "c", "d"])
    model = KNeighborsRegressor(n_neighbors=1).fit(X1, Y1)
    with pytest.raises(ValueError, match="X has 2 feature"):
        model.predict([[1.0, 2.0]])


@pytest.mark.parametrize("k", [1, 2, 5, 11, 12])
def test_k_smallest_is_a_stable_argsort_prefix(k):
    # Many ties (a coarse integer grid) and k = every column: the selection behind kneighbors.
    from pyml.neighbors import _k_smallest

    d2 = np.random.default_rng(0).integers(0, 4, size=(40, 12)).astype(float)
    assert np.array_equal(_k_smallest(d2, k), np.argsort(d2, axis=1, kind="stable")[:, :k])
