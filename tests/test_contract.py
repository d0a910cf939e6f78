"""The estimator contract, checked for every model pyml has (scikit-learn's conventions).

Each model registers itself in pyml.base.ESTIMATORS; CASES says how to exercise it. A new
model without a case here fails test_every_estimator_has_a_case, and one without its
declarations (_kind, _loss_name, _parameter_constraints, _live_params, _fitted_state) fails
the test_declares_* tests.
"""

import json

import numpy as np
import pytest

import pyml
from pyml import datasets
from pyml.base import ESTIMATORS, KINDS, describe
from pyml.validation import check_param, check_state


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


@pytest.mark.parametrize("name", NAMES)
def test_declares_its_kind_loss_and_constraints_for_every_parameter(name):
    cls = ESTIMATORS[name]
    assert cls._kind in KINDS
    assert "_loss_name" in vars(cls) or any("_loss_name" in vars(base) for base in cls.__mro__[1:-1])
    if hasattr(cls, "fit_iter"):
        assert isinstance(cls._loss_name, str) and cls._loss_name.format(**cls().get_params())
    assert sorted(cls._parameter_constraints) == sorted(cls._param_names())
    assert set(cls._live_params) <= set(cls._param_names())
    for param, default in cls._defaults().items():  # every default satisfies its own constraints
        assert check_param(param, default, cls._parameter_constraints[param]) is default
    json.dumps(describe(name))  # JSON-able, for the page


@pytest.mark.parametrize("name", NAMES)
def test_declares_its_fitted_state_and_a_fitted_model_matches_it(name):
    cls = ESTIMATORS[name]
    assert cls._fitted_state and cls._required_state
    args, _ = fit_args(name)
    model = build(name).fit(*args)
    fitted = {k: v for k, v in vars(model).items() if k.endswith("_") and not k.startswith("_")}
    assert set(fitted) <= set(cls._fitted_state), "fitted attributes the class does not declare"
    assert set(cls._required_state) <= set(fitted)
    check_state(cls, fitted, model.get_params())


@pytest.mark.parametrize("name", [n for n in NAMES if hasattr(ESTIMATORS[n], "fit_iter")])
def test_every_step_carries_the_data_loss(name):
    args, _ = fit_args(name)
    for step in build(name).fit_iter(*args):
        assert isinstance(step.data_loss, float) and step.data_loss <= step.loss + 1e-12


@pytest.mark.parametrize("name", NAMES)
def test_set_params_checks_before_it_sets_anything(name):
    model = build(name)
    before = model.get_params()
    first = next(iter(before))
    with pytest.raises((ValueError, TypeError), match="%s: %s must be" % (name, first)):
        model.set_params(**{first: object()})
    assert model.get_params() == before
