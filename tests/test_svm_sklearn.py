"""Parity of SVC with scikit-learn's SVC (libsvm): same C, gamma and tol give nearly the same machine."""

import numpy as np
import pytest

from pyml import datasets
from pyml.svm import SVC

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets as skdata  # noqa: E402
from sklearn import svm as sksvm  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

LOADERS = {
    "iris": lambda: skdata.load_iris(return_X_y=True),
    "wine": lambda: skdata.load_wine(return_X_y=True),
    "breast_cancer": lambda: skdata.load_breast_cancer(return_X_y=True),
    "digits": lambda: skdata.load_digits(return_X_y=True),
    "moons": lambda: datasets.moons(500, noise=0.25, random_state=0),
    "circles": lambda: datasets.circles(500, noise=0.1, random_state=0),
}
BINARY = ("breast_cancer", "moons", "circles")


def split(name):
    X, y = LOADERS[name]()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
    scaler = StandardScaler().fit(X_train)  # as an sklearn user would, for an SVM
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


@pytest.mark.parametrize("name", sorted(LOADERS))
@pytest.mark.parametrize("params", [
    {"kernel": "linear", "C": 1.0},
    {"kernel": "rbf", "C": 1.0, "gamma": "scale"},
    {"kernel": "rbf", "C": 10.0, "gamma": 0.1},
], ids=["linear", "rbf-scale", "rbf-C10"])
def test_accuracy_and_decisions_match(name, params):
    X_train, X_test, y_train, y_test = split(name)
    ours = SVC(**params).fit(X_train, y_train)
    theirs = sksvm.SVC(**params).fit(X_train, y_train)
    assert abs(ours.score(X_test, y_test) - theirs.score(X_test, y_test)) <= 0.015
    assert abs(ours.n_support_.sum() - theirs.n_support_.sum()) <= max(3, 0.02 * theirs.n_support_.sum())
    if name in BINARY:
        f_ours, f_theirs = ours.decision_function(X_test), theirs.decision_function(X_test)
        assert np.mean(np.sign(f_ours) == np.sign(f_theirs)) >= 0.98
        # Both stop at the same KKT tolerance, so the decision values agree to about tol.
        np.testing.assert_allclose(f_ours, f_theirs, atol=0.05)
        assert ours.intercept_[0] == pytest.approx(theirs.intercept_[0], abs=0.05)


def test_poly_kernel_matches():
    X_train, X_test, y_train, y_test = split("breast_cancer")
    params = {"kernel": "poly", "C": 1.0, "degree": 3, "coef0": 1.0}
    ours = SVC(**params).fit(X_train, y_train)
    theirs = sksvm.SVC(**params).fit(X_train, y_train)
    assert abs(ours.score(X_test, y_test) - theirs.score(X_test, y_test)) <= 0.015
    assert np.mean(np.sign(ours.decision_function(X_test)) == np.sign(theirs.decision_function(X_test))) >= 0.98


def test_linear_weights_match():
    X_train, _, y_train, _ = split("breast_cancer")
    ours = SVC(kernel="linear", C=0.1, tol=1e-6).fit(X_train, y_train)
    theirs = sksvm.SVC(kernel="linear", C=0.1, tol=1e-6).fit(X_train, y_train)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-4)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, atol=1e-4)


def test_dual_coefficients_match_on_a_binary_problem():
    X_train, _, y_train, _ = split("moons")
    ours = SVC(C=1.0, tol=1e-6).fit(X_train, y_train)
    theirs = sksvm.SVC(C=1.0, tol=1e-6).fit(X_train, y_train)
    np.testing.assert_array_equal(ours.support_, theirs.support_)
    np.testing.assert_allclose(ours.dual_coef_, theirs.dual_coef_, atol=1e-4)


def test_ovr_is_as_accurate():
    X_train, X_test, y_train, y_test = split("wine")
    ours = SVC(multiclass="ovr").fit(X_train, y_train)
    theirs = sksvm.SVC().fit(X_train, y_train)
    assert abs(ours.score(X_test, y_test) - theirs.score(X_test, y_test)) <= 0.03
