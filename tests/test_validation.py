"""Bad input gets a clear error that names the argument, what was expected and what was got."""

import numpy as np
import pytest

import pyml
from pyml import LinearRegression, LogisticRegression, datasets


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
