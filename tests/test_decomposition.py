"""PCA: hand-computed answers, the sign convention, errors, save/load (numpy only)."""

import numpy as np
import pytest

import pyml
from pyml.decomposition import PCA

LINE = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])  # on the line x2 = 2 x1

# Centred, with perpendicular spreads 3 > 2 > 1 along the axes: variances 9:4:1.
AXES = np.array([[3.0, 0, 0], [-3, 0, 0], [0, 2, 0], [0, -2, 0], [0, 0, 1], [0, 0, -1]])


def test_points_on_a_line():
    model = PCA().fit(LINE)
    np.testing.assert_allclose(model.mean_, [2.0, 4.0])
    np.testing.assert_allclose(model.components_[0], np.array([1.0, 2.0]) / np.sqrt(5))
    # Centred rows are -(1, 2), 0, (1, 2): S² = 2 * 5, variance S² / (3 - 1) = 5.
    np.testing.assert_allclose(model.explained_variance_, [5.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(model.singular_values_, [np.sqrt(10), 0.0], atol=1e-12)
    np.testing.assert_allclose(model.explained_variance_ratio_, [1.0, 0.0], atol=1e-12)
    one = PCA(n_components=1).fit(LINE)
    z = one.transform(LINE)
    np.testing.assert_allclose(z[:, 0], [-np.sqrt(5), 0.0, np.sqrt(5)])
    np.testing.assert_allclose(one.inverse_transform(z), LINE)  # nothing lost: the data are 1-D


def test_known_variances():
    model = PCA().fit(AXES)
    np.testing.assert_allclose(model.components_, np.eye(3), atol=1e-12)
    np.testing.assert_allclose(model.explained_variance_, np.array([18.0, 8.0, 2.0]) / 5)
    np.testing.assert_allclose(model.explained_variance_ratio_, np.array([9.0, 4.0, 1.0]) / 14)


@pytest.mark.parametrize("fraction, expected", [(0.5, 1), (0.9, 2), (0.95, 3), (0.99, 3)])
def test_fraction_of_variance(fraction, expected):
    # Cumulative ratios are 9/14 = 0.64, 13/14 = 0.93, 1.
    model = PCA(n_components=fraction).fit(AXES)
    assert model.n_components_ == expected and model.components_.shape == (expected, 3)


def test_random_data_properties():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 4)) @ rng.normal(size=(4, 4)) + 10
    model = PCA().fit(X)
    V = model.components_
    np.testing.assert_allclose(V @ V.T, np.eye(4), atol=1e-12)  # orthonormal directions
    assert np.all(np.diff(model.explained_variance_) <= 0)
    np.testing.assert_allclose(model.explained_variance_.sum(), X.var(axis=0, ddof=1).sum())
    np.testing.assert_allclose(model.inverse_transform(model.transform(X)), X)
    np.testing.assert_allclose(model.transform(X).var(axis=0, ddof=1), model.explained_variance_)
    np.testing.assert_allclose(PCA(n_components=2).fit_transform(X), model.transform(X)[:, :2])
    # The sign convention: the largest-magnitude entry of each component is positive.
    biggest = V[np.arange(4), np.argmax(np.abs(V), axis=1)]
    assert np.all(biggest > 0)
    np.testing.assert_allclose(PCA().fit(-X).components_, V, atol=1e-12)  # same answer for -X


def test_more_features_than_samples():
    X = np.random.default_rng(1).normal(size=(3, 5))
    model = PCA().fit(X)
    assert model.n_components_ == 3 and model.components_.shape == (3, 5)


def test_save_load_round_trip():
    X = np.random.default_rng(2).normal(size=(20, 3))
    model = PCA(n_components=2).fit(X)
    copy = pyml.load(pyml.save(model))
    np.testing.assert_array_equal(copy.transform(X), model.transform(X))
    np.testing.assert_array_equal(copy.inverse_transform(model.transform(X)), model.inverse_transform(model.transform(X)))


@pytest.mark.parametrize(
    "n_components, error, words",
    [
        (4, ValueError, r"n_components=4 must be between 1 and min\(n_samples, n_features\) = min\(6, 3\) = 3"),
        (0, ValueError, "n_components must be >= 1 or None, got 0"),
        (1.5, ValueError, r"n_components must be > 0 and < 1 or None, got 1.5"),
        (1.0, ValueError, "n_components must be > 0 and < 1"),
        ("all", TypeError, "n_components must be a number"),
    ],
)
def test_bad_n_components(n_components, error, words):
    with pytest.raises(error, match=words):
        PCA(n_components=n_components).fit(AXES)


def test_bad_data_and_use_before_fit():
    with pytest.raises(pyml.NotFittedError, match="not fitted yet"):
        PCA().transform(AXES)
    with pytest.raises(ValueError, match="at least 2 required"):
        PCA().fit([[1.0, 2.0]])
    model = PCA(n_components=2).fit(AXES)
    with pytest.raises(ValueError, match="X has 2 feature"):
        model.transform([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"Z has 3 column\(s\), but this PCA has 2 component"):
        model.inverse_transform(np.zeros((1, 3)))
