"""Parity of linear and logistic regression with scikit-learn, on real and synthetic data."""

import numpy as np
import pytest

from pyml import LinearRegression, LogisticRegression, datasets

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets as skdata  # noqa: E402
from sklearn import linear_model as sk  # noqa: E402


def regression_sets():
    diabetes = skdata.load_diabetes(return_X_y=True)
    return {
        "diabetes": diabetes,
        "housing": datasets.housing(random_state=1),
        "plane": datasets.plane(n_samples=300, random_state=2),
    }


@pytest.mark.parametrize("name", ["diabetes", "housing", "plane"])
@pytest.mark.parametrize("l2", [0.0, 0.5, 10.0])
def test_normal_equation_matches_linear_regression_and_ridge(name, l2):
    X, y = regression_sets()[name]
    ours = LinearRegression(solver="normal", l2=l2).fit(X, y)
    theirs = (sk.Ridge(alpha=l2) if l2 else sk.LinearRegression()).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-6)


@pytest.mark.parametrize("name", ["diabetes", "housing", "plane"])
def test_gradient_descent_with_normalization_converges_to_least_squares(name):
    X, y = regression_sets()[name]
    gd = LinearRegression(solver="gd", learning_rate=0.3, n_iter=20000, normalize=True, tol=1e-15).fit(X, y)
    theirs = sk.LinearRegression().fit(X, y)
    np.testing.assert_allclose(gd.predict(X), theirs.predict(X), rtol=1e-3)
    np.testing.assert_allclose(gd.coef_, theirs.coef_, rtol=1e-3, atol=1e-3 * np.abs(theirs.coef_).max())


def classification_sets():
    iris = skdata.load_iris(return_X_y=True)
    cancer = skdata.load_breast_cancer(return_X_y=True)
    wine_X, wine_y = skdata.load_wine(return_X_y=True)
    wine = ((wine_X - wine_X.mean(0)) / wine_X.std(0), wine_y)  # unscaled, neither solver converges
    return {
        "iris": iris,
        "cancer": (cancer[0][:, :6], cancer[1]),
        "wine": wine,
        "tshirts": datasets.tshirts(random_state=4),
        "moons": datasets.moons(random_state=5),
    }


@pytest.mark.parametrize("name", ["iris", "cancer", "wine", "tshirts", "moons"])
@pytest.mark.parametrize("l2", [0.1, 1.0])
def test_lbfgs_probabilities_match(name, l2):
    X, y = classification_sets()[name]
    ours = LogisticRegression(solver="lbfgs", l2=l2, n_iter=5000, tol=1e-12).fit(X, y)
    theirs = sk.LogisticRegression(C=1 / l2, tol=1e-10, max_iter=100000).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-3)


@pytest.mark.parametrize("name", ["iris", "cancer", "tshirts", "moons"])
def test_gradient_descent_accuracy_within_one_point(name):
    X, y = classification_sets()[name]
    ours = LogisticRegression(solver="gd", learning_rate=0.5, n_iter=3000, l2=1.0, normalize=True).fit(X, y)
    theirs = sk.LogisticRegression(C=1.0, max_iter=10000).fit((X - X.mean(0)) / X.std(0), y)
    assert abs(ours.score(X, y) - theirs.score((X - X.mean(0)) / X.std(0), y)) <= 0.01
