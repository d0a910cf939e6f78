"""Bad input gets a clear error that names the argument, what was expected and what was got."""

import numpy as np
import pytest

import pyml
from pyml import LinearRegression, LogisticRegression, datasets
from pyml.base import describe
from pyml.validation import Interval


@pytest.mark.parametrize(
    "X, y, error, match",
    [
        ([], [], ValueError, "Expected a 2-D array for X.*1-D"),
        (np.empty((0, 2)), [], ValueError, "X is empty or too small: got 0 sample"),
        ([[1.0], [2.0]], [1.0], ValueError, "X has 2 rows, y has 1 values"),
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], ValueError, r"reshape\(-1, 1\)"),
        ([[1.0], [np.nan]], [1.0, 2.0], ValueError, "X contains NaN.*position \\[1, 0\\]"),
        ([[1.0], [2.0]], [1.0, np.inf], ValueError, "y contains infinity"),
        ([[1.0], ["abc"]], [1.0, 2.0], TypeError, "X must contain only numbers, got 'abc'"),
        ([[1.0, 2.0], [3.0]], [1.0, 2.0], ValueError, "rows of different lengths"),
        ("1,2,3", [1.0], TypeError, "got a string"),
        ([[1.0], [2.0]], ["a", "b"], TypeError, "y must contain only numbers"),
    ],
)
def test_bad_training_data(X, y, error, match):
    with pytest.raises(error, match=match):
        LinearRegression(solver="normal").fit(X, y)


def test_wrong_number_of_features_at_predict_time():
    model = LinearRegression(solver="normal").fit([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="X has 3 feature.*fitted with 2 feature"):
        model.predict([[1.0, 2.0, 3.0]])


@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function"])
def test_predict_before_fit(method):
    with pytest.raises(pyml.NotFittedError, match="not fitted yet. Call fit"):
        getattr(LogisticRegression(), method)([[1.0, 2.0]])


def test_classifier_rejects_missing_labels():
    with pytest.raises(ValueError, match="y contains NaN"):
        LogisticRegression().fit([[0.0], [1.0]], [0.0, np.nan])


def test_unknown_parameter_is_named():
    with pytest.raises(ValueError, match="no parameter 'alpha'.*learning_rate"):
        LinearRegression().set_params(alpha=1)


def test_bad_random_state():
    with pytest.raises(TypeError, match="random_state must be"):
        datasets.moons(random_state="seven")


def test_input_is_not_modified():
    X = np.array([[1.0, 200.0], [2.0, 100.0], [3.0, 300.0]])
    before = X.copy()
    LinearRegression(normalize=True, n_iter=5).fit(X, np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(X, before)


# ---------------------------------------------------------------- declared hyperparameters

@pytest.mark.parametrize("closed, inside", [
    ("both", [0.0, 0.5, 1.0]), ("left", [0.0, 0.5]), ("right", [0.5, 1.0]), ("neither", [0.5]),
])
def test_interval_bounds_belong_to_it_as_closed_says(closed, inside):
    interval = Interval(float, 0, 1, closed=closed)
    assert [v for v in (-0.1, 0.0, 0.5, 1.0, 1.1, float("nan"), float("inf")) if interval.accepts(v)] == inside


def test_integers_are_not_floats_nor_booleans():
    assert Interval(int, 1, None).accepts(np.int32(3))
    assert not Interval(int, 1, None).accepts(3.0)
    assert not Interval(int, 0, None).accepts(True)
    assert Interval(float, 0, None).accepts(3)  # an int is a number


@pytest.mark.parametrize("value, error, message", [
    (0, ValueError, "SVC: C must be > 0, got 0. For example the default, C=1.0."),
    ("big", TypeError, "SVC: C must be a number > 0, got 'big' (str). For example the default, C=1.0."),
    (float("inf"), ValueError, "SVC: C must be a finite number > 0, got inf."),
])
def test_a_refused_value_names_the_param_the_range_what_came_and_a_fix(value, error, message):
    with pytest.raises(error) as caught:
        pyml.SVC().set_params(C=value)
    assert str(caught.value).startswith(message)


def test_a_number_or_options_is_judged_by_the_alternative_of_its_type():
    with pytest.raises(ValueError, match=r"^SVC: gamma must be > 0, got -1.0\."):
        pyml.SVC().set_params(gamma=-1.0)
    with pytest.raises(ValueError, match=r"^SVC: gamma must be one of 'scale', 'auto', got 'big'\."):
        pyml.SVC().set_params(gamma="big")


def test_describe_gives_what_the_page_needs():
    info = describe("LinearRegression")
    assert info["name"] == "LinearRegression" and info["kind"] == "regressor"
    assert info["loss_name"] == "½ · mean squared error"
    assert info["params"]["learning_rate"] == {
        "type": "float", "low": 0, "high": 100, "closed": "right", "choices": None, "nullable": False,
        "live": True, "default": 0.01,
    }
    assert info["params"]["solver"]["choices"] == ["gd", "normal"]
    assert info["params"]["solver"]["type"] == "str" and not info["params"]["solver"]["live"]
    gamma = describe(pyml.SVC)["params"]["gamma"]
    assert (gamma["type"], gamma["low"], gamma["closed"], gamma["choices"]) == ("float", 0, "neither", ["scale", "auto"])
    assert describe("SVC")["params"]["max_iter"]["nullable"]
    assert describe("MLPClassifier")["params"]["hidden_layer_sizes"]["type"] == "sizes"
    assert describe("MLPClassifier")["params"]["hidden_layer_sizes"]["default"] == [8, 8]
    assert describe("KMeans")["params"]["random_state"]["type"] == "random_state"
    with pytest.raises(ValueError, match="describe expects a pyml estimator"):
        describe("os.system")


def test_set_params_during_training_takes_effect_at_the_next_step_and_refuses_bad_values():
    X, y = datasets.line(random_state=0)
    model = LinearRegression(learning_rate=0.01, n_iter=30)
    steps = model.fit_iter(X, y)
    next(steps)
    with pytest.raises(ValueError, match="learning_rate must be > 0 and <= 100, got 1000000.0"):
        model.set_params(learning_rate=1e6, n_iter=10)
    assert (model.learning_rate, model.n_iter) == (0.01, 30)  # nothing of a refused call is set
    model.set_params(n_iter=5)
    assert [s.iteration for s in steps] == [2, 3, 4, 5]
