"""The estimator contract, checked for every model pyml has (scikit-learn's conventions).

Each model registers itself in pyml.base.ESTIMATORS; CASES says how to exercise it. A new
model without a case here fails test_every_estimator_has_a_case.
"""

import numpy as np
import pytest

import pyml
from pyml import datasets
from pyml.base import ESTIMATORS


def classification():
    return datasets.moons(n_samples=60, noise=0.2, random_state=0)


def three_classes():
    return datasets.tshirts(n_samples=60, random_state=0)


def regression():
    return datasets.plane(n_samples=60, random_state=0)


def unlabelled():
    return datasets.blobs(n_samples=60, centers=3, random_state=0)[0], None


# name -> (constructor keywords that keep the test fast, data, the method whose output must survive save/load)
CASES = {
    "LinearRegression": ({"n_iter": 50}, regression, "predict"),
    "LogisticRegression": ({"n_iter": 50}, three_classes, "predict_proba"),
    "StandardScaler": ({}, unlabelled, "transform"),
    "PolynomialFeatures": ({"degree": 3}, unlabelled, "transform"),
    "MLPClassifier": ({"n_epochs": 5, "random_state": 0}, three_classes, "predict_proba"),
    "MLPRegressor": ({"n_epochs": 5, "random_state": 0}, regression, "predict"),
    "KMeans": ({"n_clusters": 3, "random_state": 0}, unlabelled, "predict"),
    "PCA": ({"n_components": 1}, unlabelled, "transform"),
    "SVC": ({"kernel": "rbf"}, three_classes, "decision_function"),
    "KNeighborsClassifier": ({"n_neighbors": 3}, three_classes, "predict_proba"),
    "KNeighborsRegressor": ({"n_neighbors": 3}, regression, "predict"),
    "GaussianNB": ({}, three_classes, "predict_proba"),
    "DecisionTreeClassifier": ({"max_depth": 3}, three_classes, "predict_proba"),
    "DecisionTreeRegressor": ({"max_depth": 3}, regression, "predict"),
    "GaussianAnomalyDetector": ({}, unlabelled, "score_samples"),
    "QLearning": ({"n_episodes": 20, "random_state": 0}, None, "predict"),
}


def gridworld():
    return pyml.rl.GridWorld.from_text("S..\n.#.\n..G")


def fit_args(name):
    make = CASES[name][1]
    if make is None:  # reinforcement learning: trains on an environment, predicts actions for states
        env = gridworld()
        return (env,), np.arange(env.n_states)
    X, y = make()
    return ((X,) if y is None else (X, y)), X


def build(name):
    return ESTIMATORS[name](**CASES[name][0])


def output(model, name, inputs):
    return np.asarray(getattr(model, CASES[name][2])(inputs))


def test_every_estimator_has_a_case():
    assert sorted(ESTIMATORS) == sorted(CASES)


NAMES = sorted(CASES)


@pytest.mark.parametrize("name", NAMES)
def test_fit_returns_self_and_sets_trailing_underscore_state(name):
    args, inputs = fit_args(name)
    model = build(name)
    assert model.fit(*args) is model
    assert any(k.endswith("_") for k in vars(model))
    assert output(model, name, inputs).shape[0] == len(inputs)


@pytest.mark.parametrize("name", NAMES)
def test_clear_error_before_fit(name):
    _, inputs = fit_args(name)
    with pytest.raises(pyml.NotFittedError, match="not fitted yet"):
        output(build(name), name, inputs)


@pytest.mark.parametrize("name", NAMES)
def test_params_clone_and_repr(name):
    model = build(name)
    params = model.get_params()
    copy = pyml.clone(model)
    assert copy is not model and type(copy) is type(model)
    assert repr(copy) == repr(model) and repr(model).startswith(name + "(")
    args, _ = fit_args(name)
    model.fit(*args)
    assert not pyml.clone(model)._is_fitted()
    first = next(iter(params))
    assert model.set_params(**{first: params[first]}) is model


@pytest.mark.parametrize("name", NAMES)
def test_save_load_round_trip(name):
    args, inputs = fit_args(name)
    model = build(name).fit(*args)
    copy = pyml.load(pyml.save(model))
    assert type(copy) is type(model)
    np.testing.assert_array_equal(output(copy, name, inputs), output(model, name, inputs))


@pytest.mark.parametrize("name", [n for n in NAMES if n in ESTIMATORS and hasattr(ESTIMATORS[n], "fit_iter")])
def test_fit_is_fit_iter_run_to_the_end_and_deterministic(name):
    args, inputs = fit_args(name)
    stepped = build(name)
    steps = list(stepped.fit_iter(*args))
    assert steps, "fit_iter yielded no step"
    assert [s.iteration for s in steps] == list(range(steps[0].iteration, steps[0].iteration + len(steps)))
    assert all(isinstance(s.loss, float) for s in steps)
    fitted = build(name).fit(*args)
    np.testing.assert_array_equal(output(stepped, name, inputs), output(fitted, name, inputs))
