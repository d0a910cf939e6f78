"""Hostile and broken input: model files and CSV tables that must be refused with a clear message.

Every refusal is a ValueError or TypeError that names the field, what was expected and what was
found; a file that is not refused loads into a model that predicts.
"""

import copy
import json

import numpy as np
import pytest

import pyml
from pyml import datasets, io
from pyml.base import ESTIMATORS
from test_contract import CASES, NAMES, build, fit_args, output


def saved(name):
    """A fitted model of every kind, its inputs and its save file as a parsed document."""
    args, inputs = fit_args(name)
    model = build(name).fit(*args)
    return model, inputs, json.loads(pyml.save(model))


def refused(document, error=(ValueError, TypeError)):
    """The message of load's refusal of ``document`` (a dict, or text)."""
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(error) as caught:
        pyml.load(text)
    return str(caught.value)


def array_fields(document):
    return [key for key, value in document["state"].items() if isinstance(value, dict)]


# ---------------------------------------------------------------- the class and the fields around it

@pytest.mark.parametrize("value, found", [(["LinearRegression"], "a list"), ({"name": "SVC"}, "an object"),
                                          (7, "a number"), (None, "null")])
def test_class_must_be_a_string(value, found):
    _, _, document = saved("LinearRegression")
    document["class"] = value
    assert refused(document, TypeError) == "class: expected a string naming a pyml model, got %s." % found


@pytest.mark.parametrize("value", ["os.system", "BaseEstimator", "__class__", "_BaseMLP"])
def test_class_must_name_a_pyml_model(value):
    _, _, document = saved("LinearRegression")
    document["class"] = value
    assert refused(document, ValueError).startswith(
        "class: this model file holds a %r, which this pyml does not know. Known models: DecisionTreeClassifier, "
        % value
    )


def test_an_unknown_top_level_field_is_refused():
    _, _, document = saved("KMeans")
    document["__proto__"] = {}
    assert refused(document, ValueError) == (
        "__proto__: a model file has only the fields format, version, class, params, state; remove '__proto__'."
    )


# ---------------------------------------------------------------- params: the same ranges as set_params

@pytest.mark.parametrize("name, param, value, message", [
    ("LinearRegression", "learning_rate", 1e6,
     "LinearRegression: params.learning_rate must be > 0 and <= 100, got 1000000.0. For example the default, "
     "learning_rate=0.01."),
    ("LinearRegression", "n_iter", 10 ** 9,
     "LinearRegression: params.n_iter must be >= 1 and <= 1000000, got 1000000000. For example the default, "
     "n_iter=1000."),
    ("LogisticRegression", "n_iter", 1e9,
     "LogisticRegression: params.n_iter must be an integer >= 1 and <= 1000000, got 1000000000.0 (float). "
     "For example the default, n_iter=1000."),
    ("MLPClassifier", "hidden_layer_sizes", [3000, 3000, 3000],
     "MLPClassifier: hidden_layer_sizes=[3000, 3000, 3000] makes a network of 18,000,000 weights between its "
     "hidden layers, more than the 2,000,000 a pyml network may have. Use fewer or smaller hidden layers."),
    ("SVC", "kernel", "sigmoid",
     "SVC: params.kernel must be one of 'linear', 'rbf', 'poly', got 'sigmoid'. For example the default, "
     "kernel='rbf'."),
    ("QLearning", "epsilon", -0.5,
     "QLearning: params.epsilon must be >= 0 and <= 1, got -0.5. For example the default, epsilon=0.1."),
    ("KMeans", "n_clusters", {"__ndarray__": [3.0], "dtype": "<f8", "shape": [1]},
     "KMeans: params.n_clusters must be an integer >= 1, got array([3.]) (ndarray). For example the default, "
     "n_clusters=3."),
])
def test_params_out_of_range_are_refused_as_set_params_refuses_them(name, param, value, message):
    _, _, document = saved(name)
    document["params"][param] = value
    assert refused(document) == message


def test_an_unknown_param_is_refused():
    _, _, document = saved("GaussianNB")
    document["params"]["predict"] = 1
    assert refused(document, ValueError) == (
        "params.predict: GaussianNB has no parameter 'predict'; its parameters are var_smoothing."
    )


# ---------------------------------------------------------------- the state: exactly what the class declares

@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("key", ["predict", "__dict__", "__class__", "fit", "coef"])
def test_keys_that_are_not_declared_fitted_attributes_are_refused(name, key):
    _, _, document = saved(name)
    document["state"][key] = 1
    declared = ", ".join(ESTIMATORS[name]._fitted_state)
    assert refused(document, ValueError) == (
        "state.%s: %s has no fitted attribute %r; its state holds only %s." % (key, name, key, declared)
    )


@pytest.mark.parametrize("name", NAMES)
def test_a_missing_fitted_attribute_is_refused(name):
    cls = ESTIMATORS[name]
    for key in cls._required_state:
        _, _, document = saved(name)
        del document["state"][key]
        assert refused(document, ValueError) == (
            "state: a fitted %s has %s; this one lacks %s." % (name, ", ".join(cls._required_state), key)
        )


@pytest.mark.parametrize("name", NAMES)
def test_an_array_given_as_a_plain_list_or_of_another_dtype_is_refused(name):
    _, _, original = saved(name)
    for key in array_fields(original):
        document = copy.deepcopy(original)
        document["state"][key] = document["state"][key]["__ndarray__"]  # nested lists, not an array
        assert refused(document, TypeError).startswith("state.%s: expected an array of " % key)
        assert refused(document).endswith(", got a list.")
        if ESTIMATORS[name]._fitted_state[key].dtype == "label":
            continue  # labels may be numbers, booleans or strings: every dtype load reads
        document = copy.deepcopy(original)
        array = np.array(document["state"][key]["__ndarray__"])
        kind = "U" if array.dtype.kind != "U" else "f"
        document["state"][key] = pyml.io._encode(np.zeros(array.shape, dtype=kind + "1" if kind == "U" else float))
        message = refused(document, TypeError)
        assert message.startswith("state.%s: expected an array of " % key) and ", got dtype " in message


@pytest.mark.parametrize("name", NAMES)
def test_an_array_of_another_shape_is_refused_naming_the_shape_expected(name):
    _, _, original = saved(name)
    for key in array_fields(original):
        for grow in ("rows", "dims"):
            document = copy.deepcopy(original)
            array = np.array(document["state"][key]["__ndarray__"], dtype=document["state"][key]["dtype"])
            if grow == "rows" and key == "labels_":
                continue  # one more training sample: nothing else tells their number
            wrong = np.concatenate([array, array[-1:]]) if grow == "rows" else array[..., None]
            document["state"][key] = pyml.io._encode(wrong)
            message = refused(document, ValueError)
            # The field, or the one whose shape disagrees with it, is named with what each has.
            assert message.startswith("state.") and ": expected " in message and "state." + key in message, message


def test_the_example_of_the_issue():
    X, y = datasets.moons(n_samples=20, random_state=0)
    document = json.loads(pyml.save(pyml.LogisticRegression(n_iter=5).fit(X, y)))
    document["state"]["coef_"] = io._encode(np.zeros((1, 5)))
    assert refused(document, ValueError) == (
        "state.coef_: expected shape (1, 2) for 2 classes (state.classes_) and 2 features (state.n_features_in_), "
        "got (1, 5)."
    )


@pytest.mark.parametrize("name, key, value, message", [
    ("LinearRegression", "coef_", np.array([np.nan, 1.0]), "state.coef_: expected finite numbers, got nan at position [0]."),
    ("LinearRegression", "n_features_in_", 0,
     "state.n_features_in_ must be >= 1, got 0."),
    ("LinearRegression", "n_features_in_", "2", "state.n_features_in_ must be an integer >= 1, got '2' (str)."),
    ("KMeans", "labels_", np.full(60, 7), "state.labels_: expected integers from 0 to 2, got 7 at position [0]."),
    ("DecisionTreeClassifier", "children_left_", np.zeros(9, dtype=int),
     "state.children_left_: expected each inner node's children after it and -1 for both children of a leaf, "
     "got 0 at node 0 (its children: 0, 2)."),
    ("QLearning", "policy_", np.full(9, 4), "state.policy_: expected integers from -1 to 3, got 4 at position [0]."),
    ("GaussianAnomalyDetector", "Sigma_", np.zeros((2, 2)),
     "state.Sigma_: expected an invertible covariance matrix. Feature(s) [0, 1] of X are constant, so their variance "
     "is 0 and the Gaussian density is undefined. Remove constant features before fitting."),
    ("GaussianNB", "var_", np.zeros((3, 2)), "state.var_: expected positive numbers, got [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]."),
    ("KNeighborsClassifier", "fit_y_", np.array(["Q"] * 60), "state.fit_y_: expected labels from state.classes_ "
     "(['L', 'M', 'S']), got ['Q']."),
    ("MLPClassifier", "coefs_", [np.zeros((2, 8)), np.zeros((5, 8)), np.zeros((8, 3))],
     "state.coefs_[1] and state.intercepts_[1]: expected shapes (8, 8) and (8,) for a layer of 8 inputs and 8 units, "
     "got (5, 8) and (8,)."),
    ("SVC", "classes_", np.array(["M", "L", "S"]),
     "state.classes_: expected sorted labels without repeats (as np.unique gives them), got ['M', 'L', 'S']."),
])
def test_values_that_would_break_prediction_are_refused(name, key, value, message):
    _, _, document = saved(name)
    document["state"][key] = io._encode(value)
    assert refused(document) == message


@pytest.mark.parametrize("array, message", [
    ({"__ndarray__": [1], "dtype": "O", "shape": [1]}, "state.coef_.dtype: expected a numeric, boolean or short "
     "text dtype such as '<f8', got 'O'."),
    ({"__ndarray__": ["a"], "dtype": "<U1000000000", "shape": [1]}, "state.coef_.dtype: expected a numeric, boolean "
     "or short text dtype such as '<f8', got '<U1000000000'."),
    ({"__ndarray__": [1.0, 2.0], "dtype": "<f8", "shape": [2, 1]},
     "state.coef_: its values have shape (2,), but its shape field says (2, 1)."),
    ({"__ndarray__": [1.0, 2.0], "dtype": "<f8", "shape": [True, 2]},
     "state.coef_.shape: expected a list of at most 4 sizes (integers >= 0), got [True, 2]."),
    ({"__ndarray__": [[1.0], 2.0], "dtype": "<f8", "shape": [2]}, "state.coef_: its values are not an array of "
     "dtype <f8"),
    ({"__ndarray__": [1.0, 2.0], "dtype": "<f8", "shape": [2], "__reduce__": "os.system"},
     'state.coef_: an array has exactly the fields "__ndarray__", "dtype" and "shape", got __ndarray__, __reduce__, '
     "dtype, shape."),
])
def test_malformed_arrays_are_refused(array, message):
    _, _, document = saved("LinearRegression")
    document["state"]["coef_"] = array
    assert refused(document).startswith(message)


# ---------------------------------------------------------------- size and nesting

def test_deep_nesting_is_refused_before_any_parser_recurses_into_it():
    text = '{"format": "pyml-model", "version": 1, "class": "PCA", "params": {}, "state": {"mean_": %s}}' % (
        "[" * 100_000 + "]" * 100_000)
    assert refused(text, ValueError) == (
        "This model file nests lists and objects 100002 levels deep; a model file has at most 16."
    )


def test_brackets_inside_strings_do_not_count_as_nesting():
    _, _, document = saved("GaussianNB")
    document["class"] = "[{" * 40 + '\\"' + "]" * 40
    assert "which this pyml does not know" in refused(document, ValueError)


def test_too_many_values_or_characters_are_refused_naming_the_limit(monkeypatch):
    _, _, document = saved("KNeighborsRegressor")
    monkeypatch.setattr(io, "MAX_VALUES", 100)
    assert refused(document, ValueError) == (
        "This model file holds 191 numbers and strings, more than the 100 pyml.load reads."
    )
    monkeypatch.setattr(io, "MAX_CHARS", 1000)
    assert refused(document, ValueError).startswith("This model file has ")
    assert refused(document).endswith(" characters, more than the 1,000 pyml.load reads.")


# ---------------------------------------------------------------- a loaded model predicts, or load refused it

def mutations(value):
    """Broken variants of one saved value."""
    if isinstance(value, dict) and "__ndarray__" in value:
        array = np.array(value["__ndarray__"], dtype=value["dtype"])
        yield io._encode(array[:-1]) if array.ndim else value
        yield io._encode(array.T.copy()) if array.ndim == 2 else io._encode(array[None])
        if array.dtype.kind in "iuf":
            yield io._encode(-array - 1)
            yield io._encode(array * 10 ** 6)
        yield io._encode(array.astype(str))
    elif isinstance(value, list):
        yield value[:-1]
        yield value + value[-1:]
        yield [value]
    yield None
    yield "x"
    yield -1
    yield 1.5
    yield {"a": 1}


@pytest.mark.parametrize("name", NAMES)
def test_every_broken_state_either_is_refused_clearly_or_predicts(name):
    model, inputs, original = saved(name)
    for key, value in original["state"].items():
        for wrong in mutations(value):
            document = copy.deepcopy(original)
            document["state"][key] = wrong
            try:
                loaded = pyml.load(json.dumps(document))
            except (ValueError, TypeError) as error:
                assert str(error).startswith("state"), (key, wrong, error)
                continue
            output(loaded, name, inputs)  # accepted: it must predict without an error
    # and the good file still loads and predicts identically
    np.testing.assert_array_equal(output(pyml.load(json.dumps(original)), name, inputs), output(model, name, inputs))


def test_every_estimator_is_covered():
    assert sorted(ESTIMATORS) == sorted(CASES)


# ---------------------------------------------------------------- CSV tables

CSV_MESSAGE = ("CSV line %d, column %s holds %r, which is not a finite number. Only tables of finite numbers can be "
               "loaded: encode text as numbers, and fill in or remove missing and infinite values first.")


@pytest.mark.parametrize("cell", ["1e400", "-1e999", "+inf", "+nan", "-nan", "inf", "nan", "Infinity", "-Infinity",
                                  "NaN", "cat", ""])
@pytest.mark.parametrize("header", ["a,b\n", ""])
def test_load_csv_refuses_every_spelling_of_a_non_finite_number_alike(cell, header):
    line, column = (3, "'b'") if header else (2, "'x1'")
    with pytest.raises(ValueError) as caught:
        datasets.load_csv(header + "1,2\n3,%s\n" % cell)
    assert str(caught.value) == CSV_MESSAGE % (line, column, cell)


def test_a_first_row_of_non_finite_numbers_is_data_and_refused_not_taken_for_a_header():
    with pytest.raises(ValueError) as caught:
        datasets.load_csv("1e400,2\n3,4\n")
    assert str(caught.value) == CSV_MESSAGE % (1, "'x0'", "1e400")
