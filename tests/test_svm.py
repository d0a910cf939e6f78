"""SVC: hand-computed margins, the KKT conditions of the solution, fit_iter, errors, model files."""

import numpy as np
import pytest

import pyml
from pyml.svm import SVC, kernel_matrix


def test_two_points_hand_computed():
    # The max-margin line between (-1, 0) and (1, 0) is x1 = 0 with w = (1, 0), b = 0:
    # the dual maximises 2a - 2a^2, so alpha = 1/2 each, and f(alpha) = -1/2 at the optimum.
    model = SVC(kernel="linear", C=10.0).fit([[-1.0, 0.0], [1.0, 0.0]], [0, 1])
    np.testing.assert_allclose(model.dual_coef_, [[-0.5, 0.5]])
    np.testing.assert_allclose(model.coef_, [[1.0, 0.0]])
    assert model.intercept_[0] == pytest.approx(0.0, abs=1e-12)
    assert model.loss_curve_[-1] == pytest.approx(-0.5)
    np.testing.assert_allclose(model.decision_function([[0.5, 3.0], [-2.0, 0.0]]), [0.5, -2.0])


def test_four_points_max_margin():
    # Two columns of points, at x1 = 0 and x1 = 2: the widest street is 0 <= x1 <= 2,
    # so w = (1, 0), b = -1, every point lies on the margin (f = +-1) and the margin 2/|w| is 2.
    # (The multipliers are not unique: any alpha with alpha_2 = alpha_4 and 1/2 per class is optimal.)
    X = [[0.0, 0.0], [0.0, 1.0], [2.0, 0.0], [2.0, 1.0]]
    y = ["no", "no", "yes", "yes"]
    model = SVC(kernel="linear", C=100.0, tol=1e-8).fit(X, y)
    np.testing.assert_allclose(model.coef_, [[1.0, 0.0]], atol=1e-8)
    np.testing.assert_allclose(model.intercept_, [-1.0], atol=1e-8)
    np.testing.assert_allclose(model.decision_function(X), [-1, -1, 1, 1], atol=1e-8)
    assert 2 / np.linalg.norm(model.coef_) == pytest.approx(2.0)
    assert list(model.predict([[-1.0, 5.0], [3.0, -5.0]])) == ["no", "yes"]
    assert np.all(model.n_support_ >= 1)
    assert model.dual_coef_.sum() == pytest.approx(0.0, abs=1e-12)  # sum_i alpha_i y_i = 0


def test_kernels_by_hand():
    X, Z = np.array([[0.0, 0.0], [1.0, 2.0]]), np.array([[1.0, 1.0]])
    np.testing.assert_allclose(kernel_matrix(X, Z, "linear"), [[0.0], [3.0]])
    np.testing.assert_allclose(kernel_matrix(X, Z, "rbf", gamma=0.5), [[np.exp(-1.0)], [np.exp(-0.5)]])
    np.testing.assert_allclose(kernel_matrix(X, Z, "poly", gamma=2.0, degree=2, coef0=1.0), [[1.0], [49.0]])


def test_gamma_scale_and_auto():
    X, y = pyml.datasets.moons(60, random_state=0)
    assert SVC().fit(X, y).gamma_ == pytest.approx(1 / (2 * X.var()))
    assert SVC(gamma="auto").fit(X, y).gamma_ == pytest.approx(0.5)
    assert SVC(gamma=3).fit(X, y).gamma_ == 3.0


@pytest.mark.parametrize("kernel", ["linear", "rbf", "poly"])
def test_solution_satisfies_kkt_conditions(kernel):
    # At the optimum: alpha = 0 outside the margin (y f >= 1), alpha = C inside it (y f <= 1),
    # and 0 < alpha < C exactly on it (y f = 1), up to the tolerance.
    X, y = pyml.datasets.moons(120, noise=0.3, random_state=1)
    C, tol = 2.0, 1e-4
    model = SVC(kernel=kernel, C=C, tol=tol).fit(X, y)
    signs = np.where(y == 1, 1.0, -1.0)
    margin = signs * model.decision_function(X)
    alpha = np.zeros(len(y))
    alpha[model.support_] = np.abs(model.dual_coef_[0])
    assert np.all((alpha >= 0) & (alpha <= C))
    assert np.sum(alpha * signs) == pytest.approx(0.0, abs=1e-9)
    assert np.all(margin[alpha == 0] >= 1 - tol)
    assert np.all(margin[alpha == C] <= 1 + tol)
    free = (alpha > 0) & (alpha < C)
    assert free.any() and np.allclose(margin[free], 1, atol=tol)


def test_fit_iter_steps():
    X, y = pyml.datasets.moons(100, noise=0.2, random_state=0)
    model = SVC(C=1.0, iter_per_step=5)
    steps, n_iters = [], []
    for step in model.fit_iter(X, y):
        steps.append(step)
        n_iters.append(model.n_iter_)
        assert model.predict(X).shape == (100,)  # usable between steps
        assert isinstance(step.loss, float)
    assert len(steps) > 3
    assert [s.iteration for s in steps] == list(range(1, len(steps) + 1))
    assert np.all(np.diff(n_iters) <= 5) and n_iters[0] <= 5
    losses = [s.loss for s in steps]
    assert np.all(np.diff(losses) <= 1e-12)  # SMO never increases the dual objective
    assert model.loss_curve_ == losses
    assert steps[-1].gap < model.tol
    assert steps[-1].n_support == len(model.support_)
    fitted = SVC(C=1.0).fit(X, y)
    np.testing.assert_allclose(model.decision_function(X), fitted.decision_function(X))


def test_fit_iter_multiclass_solves_problems_in_turn():
    X, y = pyml.datasets.blobs(90, noise=0.8, centers=[[-3, 0], [3, 0], [0, 4]], random_state=0)
    model = SVC(kernel="linear", iter_per_step=3)
    problems = [step.problem for step in model.fit_iter(X, y)]
    assert problems == sorted(problems) and set(problems) == {0, 1, 2}
    assert model.score(X, y) == 1.0


def test_max_iter_and_live_change():
    X, y = pyml.datasets.moons(100, noise=0.2, random_state=0)
    model = SVC(max_iter=7, iter_per_step=5).fit(X, y)
    assert model.n_iter_ == 7
    model = SVC(iter_per_step=2)
    steps = model.fit_iter(X, y)
    next(steps)
    model.max_iter = 6
    assert len(list(steps)) == 2 and model.n_iter_ == 6


@pytest.mark.parametrize("multiclass, n_columns", [("ovo", 6), ("ovr", 4)])
def test_multiclass(multiclass, n_columns):
    centers = [[-4, -4], [4, -4], [-4, 4], [4, 4]]
    X, y = pyml.datasets.blobs(120, noise=1.0, centers=centers, random_state=0)
    labels = np.array(["a", "b", "c", "d"])[y]
    model = SVC(kernel="rbf", C=1.0, multiclass=multiclass).fit(X, labels)
    assert model.decision_function(X).shape == (120, n_columns)
    assert model.dual_coef_.shape == (n_columns, len(model.support_))
    assert model.score(X, labels) == 1.0
    assert list(model.predict(np.array(centers, dtype=float))) == ["a", "b", "c", "d"]
    assert model.n_support_.sum() == len(model.support_)
    assert np.all(np.diff(np.asarray(y)[model.support_]) >= 0)  # support vectors grouped by class


def test_binary_positive_means_second_class():
    X, y = np.array([[0.0], [1.0], [3.0], [4.0]]), np.array([5, 5, 7, 7])
    model = SVC(kernel="linear").fit(X, y)
    assert model.decision_function([[10.0]])[0] > 0
    assert model.predict([[10.0]])[0] == 7


def test_errors():
    X, y = pyml.datasets.moons(40, random_state=0)
    with pytest.raises(ValueError, match="at least 2 classes"):
        SVC().fit(X, np.zeros(40))
    with pytest.raises(ValueError, match="kernel must be one of"):
        SVC(kernel="sigmoid").fit(X, y)
    with pytest.raises(ValueError, match="C must be > 0"):
        SVC(C=0).fit(X, y)
    with pytest.raises(ValueError, match="gamma must be > 0"):
        SVC(gamma=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="gamma must be one of"):
        SVC(gamma="big").fit(X, y)
    with pytest.raises(ValueError, match="multiclass"):
        SVC(multiclass="both").fit(X, y)
    with pytest.raises(TypeError, match="max_iter must be an integer"):
        SVC(max_iter=2.5).fit(X, y)
    with pytest.raises(pyml.NotFittedError, match="not fitted"):
        SVC().predict(X)
    with pytest.raises(ValueError, match="2 feature"):
        SVC().fit(X, y).predict(np.ones((3, 3)))


@pytest.mark.parametrize("kernel", ["linear", "rbf", "poly"])
def test_save_load_round_trip(kernel):
    X, y = pyml.datasets.tshirts(90, random_state=0)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    model = SVC(kernel=kernel, C=3.0).fit(X, y)
    loaded = pyml.load(pyml.save(model))
    assert loaded.get_params() == model.get_params()
    np.testing.assert_array_equal(loaded.decision_function(X), model.decision_function(X))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_clone_and_params():
    model = SVC(kernel="linear", C=0.5)
    copy = pyml.clone(model)
    assert copy.get_params() == model.get_params() and copy is not model
    assert "C=0.5" in repr(model)
