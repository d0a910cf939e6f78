"""Model files: pyml.save / pyml.load round trips and clear errors for anything else."""

import json
import pathlib

import numpy as np
import pytest

import pyml
from pyml import LinearRegression, LogisticRegression, PolynomialFeatures, StandardScaler, datasets


def test_round_trip_keeps_predictions_exactly():
    X, y = datasets.tshirts(random_state=0)
    model = LogisticRegression(solver="lbfgs", l2=0.5, normalize=True).fit(X, y)
    copy = pyml.load(pyml.save(model))
    assert type(copy) is LogisticRegression
    assert copy.get_params() == model.get_params()
    np.testing.assert_array_equal(copy.predict_proba(X), model.predict_proba(X))
    np.testing.assert_array_equal(copy.predict(X), model.predict(X))
    assert copy.classes_.dtype == model.classes_.dtype


def test_file_carries_format_version_and_class():
    model = LinearRegression(solver="normal").fit([[0.0], [1.0]], [1.0, 3.0])
    document = json.loads(pyml.save(model))
    assert document["format"] == "pyml-model"
    assert document["version"] == 1
    assert document["class"] == "LinearRegression"
    assert document["params"]["solver"] == "normal"


def test_unfitted_model_round_trips_unfitted():
    copy = pyml.load(pyml.save(LinearRegression(learning_rate=0.3)))
    assert copy.learning_rate == 0.3
    with pytest.raises(pyml.NotFittedError):
        copy.predict([[1.0]])


@pytest.mark.parametrize("transform", [StandardScaler(), PolynomialFeatures(degree=3)])
def test_transformers_round_trip(transform):
    X = datasets.plane(random_state=0)[0]
    transform.fit(X)
    np.testing.assert_array_equal(pyml.load(pyml.save(transform)).transform(X), transform.transform(X))


@pytest.mark.parametrize(
    "text, match",
    [
        ("{not json", "not valid JSON"),
        ('{"name": "my package", "version": "1.0"}', 'no "format": "pyml-model" field'),
        ("[1, 2, 3]", "not a pyml model file"),
        ('{"format": "pyml-model", "version": 99, "class": "LinearRegression"}', "version 99"),
        ('{"format": "pyml-model", "version": 1, "class": "os.system", "params": {}, "state": {}}', "does not know"),
        ('{"format": "pyml-model", "version": 1, "class": "LinearRegression", "params": {"x": 1}, "state": {}}',
         "params.x: LinearRegression has no parameter 'x'"),
        ('{"format": "pyml-model", "version": 1, "class": "LinearRegression", "params": [], "state": {}}',
         "params: expected a JSON object, got a list"),
    ],
)
def test_malformed_or_foreign_files(text, match):
    with pytest.raises((ValueError, TypeError), match=match):
        pyml.load(text)


def test_save_rejects_non_models():
    with pytest.raises(TypeError, match="save expects a pyml model"):
        pyml.save({"coef": [1, 2]})


# Files written by pyml.save before the fitted state was declared (tests/data/saved_v1, written by
# the code of that time), with what each model computed then on its training inputs.
SAVED_V1 = pathlib.Path(__file__).parent / "data" / "saved_v1"
EXPECTED_V1 = json.loads((SAVED_V1 / "expected.json").read_text())


@pytest.mark.parametrize("name", sorted(path.stem for path in SAVED_V1.glob("*.json") if path.stem != "expected"))
def test_files_saved_before_keep_loading_and_predict_as_they_did(name):
    model = pyml.load((SAVED_V1 / (name + ".json")).read_text())
    assert type(model).__name__ == name.split("-")[0]
    if name not in EXPECTED_V1:  # saved unfitted
        assert not model._is_fitted()
        return
    case = EXPECTED_V1[name]
    inputs = np.array(case["inputs"])
    got, expected = getattr(model, case["method"])(inputs), np.array(case["output"])
    if expected.dtype.kind == "f":  # computed in CPython: in the page, BLAS may round the last bit otherwise
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)
    else:
        np.testing.assert_array_equal(got, expected)
    assert pyml.save(pyml.load(pyml.save(model))) == pyml.save(model)
