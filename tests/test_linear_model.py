"""Linear and logistic regression: hand-checked answers, the step-wise API, divergence."""

import warnings

import numpy as np
import pytest

import pyml
from pyml import LinearRegression, LogisticRegression, datasets


def test_normal_equation_recovers_an_exact_line():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    model = LinearRegression(solver="normal").fit(X, 2 * X[:, 0] + 1)
    assert model.coef_ == pytest.approx([2.0])
    assert model.intercept_ == pytest.approx(1.0)
    assert model.loss_curve_[-1] == pytest.approx(0.0, abs=1e-20)


def test_cost_is_the_course_formula():
    # theta = 0 on y = [1, 2, 3]: J = 1/(2m) * sum(y**2) = 14/6, and one GD step with alpha = 0.1 moves
    # theta by alpha * (1/m) X'y.
    X, y = np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 2.0, 3.0])
    step = next(LinearRegression(learning_rate=0.1).fit_iter(X, y))
    theta = 0.1 * np.array([6.0, 14.0]) / 3
    A = np.column_stack([np.ones(3), X])
    assert step.iteration == 1
    assert step.loss == pytest.approx(np.sum((A @ theta - y) ** 2) / 6)


def test_gradient_descent_with_normalization_matches_the_normal_equation():
    X, y = datasets.housing(random_state=3)
    gd = LinearRegression(solver="gd", learning_rate=0.1, n_iter=2000, normalize=True).fit(X, y)
    exact = LinearRegression(solver="normal").fit(X, y)
    np.testing.assert_allclose(gd.coef_, exact.coef_, rtol=1e-3)
    np.testing.assert_allclose(gd.predict([[2100, 3]]), exact.predict([[2100, 3]]), rtol=1e-3)


def test_fit_iter_yields_n_iter_steps_with_non_increasing_loss():
    X, y = datasets.plane(random_state=0)
    steps = list(LinearRegression(learning_rate=0.05, n_iter=150).fit_iter(X, y))
    assert [s.iteration for s in steps] == list(range(1, 151))
    losses = np.array([s.loss for s in steps])
    assert np.all(np.diff(losses) <= 1e-12)


def test_model_predicts_between_steps_and_takes_a_new_learning_rate_live():
    X, y = datasets.line(random_state=0)
    model = LinearRegression(learning_rate=0.01, n_iter=200)
    steps = model.fit_iter(X, y)
    next(steps)
    slow = model.predict(X[:3])
    model.learning_rate = 0.3
    rest = list(steps)
    assert len(rest) == 199
    assert not np.allclose(slow, model.predict(X[:3]))
    assert model.coef_ == pytest.approx([2.0], abs=0.2)


def test_tol_stops_early():
    X, y = datasets.line(random_state=0)
    model = LinearRegression(learning_rate=0.1, n_iter=10000, tol=1e-9).fit(X, y)
    assert model.n_iter_ < 10000


def test_divergence_stops_with_advice():
    X, y = datasets.housing()
    with pytest.raises(pyml.DivergenceError, match="smaller learning_rate.*normalize=True"):
        LinearRegression(learning_rate=1.0).fit(X, y)


def test_logistic_gd_loss_never_rises_and_separates_blobs():
    X, y = datasets.blobs(centers=[[-2, -2], [2, 2]], random_state=0)
    model = LogisticRegression(learning_rate=0.5, n_iter=300, tol=0)
    losses = [s.loss for s in model.fit_iter(X, y)]
    assert len(losses) == 300
    assert np.all(np.diff(losses) <= 1e-12)
    assert model.score(X, y) > 0.95


def test_logistic_probabilities_are_consistent():
    X, y = datasets.tshirts(random_state=0)
    model = LogisticRegression(solver="lbfgs", l2=1.0, normalize=True).fit(X, y)
    proba = model.predict_proba(X)
    assert proba.shape == (len(X), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert list(model.classes_) == ["L", "M", "S"]
    np.testing.assert_array_equal(model.predict(X), model.classes_[proba.argmax(axis=1)])
    assert model.score(X, y) > 0.85


def test_binary_decision_function_is_the_log_odds():
    X, y = datasets.moons(random_state=0)
    model = LogisticRegression(solver="lbfgs").fit(X, y)
    p = model.predict_proba(X)[:, 1]
    np.testing.assert_allclose(model.decision_function(X), np.log(p / (1 - p)), rtol=1e-6)


def test_logistic_needs_two_classes():
    with pytest.raises(ValueError, match="at least 2 classes"):
        LogisticRegression().fit([[0.0], [1.0]], [1, 1])


@pytest.mark.parametrize(
    "params, match",
    [
        ({"solver": "sgd"}, "solver must be one of 'gd', 'normal'"),
        ({"learning_rate": -1.0}, "learning_rate must be > 0"),
        ({"learning_rate": 1e6}, r"learning_rate must be > 0 and <= 100, got 1000000.0. For example the default, "
                                 r"learning_rate=0.01"),
        ({"n_iter": 10 ** 9}, "n_iter must be >= 1 and <= 1000000, got 1000000000"),
        ({"n_iter": 0}, "n_iter must be >= 1"),
        ({"n_iter": 2.5}, "n_iter must be an integer"),
        ({"l2": -0.1}, "l2 must be >= 0"),
    ],
)
def test_bad_hyperparameters_are_named(params, match):
    X, y = datasets.line(n_samples=10, random_state=0)
    with pytest.raises((ValueError, TypeError), match=match):
        LinearRegression(**params).fit(X, y)


@pytest.mark.parametrize("learning_rate, jump", [(1.0, None), (100.0, None), (1.0, 1e6), (1.0, 1e150), (1.0, 1e300)])
def test_divergence_ends_in_the_error_without_numpy_warnings(learning_rate, jump):
    # np.errstate is entered only when a step could overflow (it costs 10 us in the page):
    # however fast a run diverges, it must end in DivergenceError, never in numpy's warnings.
    # Beyond the largest learning rate set_params takes, an attribute set between steps.
    X, y = datasets.housing()
    model = LinearRegression(learning_rate=learning_rate)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(pyml.DivergenceError):
            for _ in model.fit_iter(X, y):
                model.learning_rate = jump or learning_rate


def test_a_live_jump_of_the_learning_rate_diverges_without_numpy_warnings():
    X, y = datasets.line(random_state=0)
    model = LinearRegression(learning_rate=0.01, n_iter=1000)
    steps = model.fit_iter(X, y)
    for _ in range(20):  # converging: the steps run without np.errstate
        next(steps)
    model.learning_rate = 1e300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(pyml.DivergenceError):
            list(steps)


@pytest.mark.parametrize("learning_rate", [10.0, 100.0, 1e6, 1e300])
def test_logistic_scores_beyond_exp_range_give_no_numpy_warnings(learning_rate):
    # Separable data and raw features: the scores grow past where exp(-score) overflows.
    # Beyond the largest learning rate set_params takes, an attribute set between steps.
    X, y = datasets.blobs(centers=[[-20, -20], [20, 20]], random_state=0)
    model = LogisticRegression(learning_rate=min(learning_rate, 100.0), n_iter=50, normalize=False, tol=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            for _ in model.fit_iter(X, y):
                model.learning_rate = learning_rate
        except pyml.DivergenceError:
            pass  # a step that far may overshoot: the guard's error is the expected way out
    assert model.score(X, y) == 1.0
