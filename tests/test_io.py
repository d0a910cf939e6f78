"""Model files: pyml.save / pyml.load round trips and clear errors for anything else."""

import json

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
         "parameters LinearRegression does not take"),
        ('{"format": "pyml-model", "version": 1, "class": "LinearRegression", "params": [], "state": {}}', "damaged"),
    ],
)
def test_malformed_or_foreign_files(text, match):
    with pytest.raises(ValueError, match=match):
        pyml.load(text)


def test_save_rejects_non_models():
    with pytest.raises(TypeError, match="save expects a pyml model"):
        pyml.save({"coef": [1, 2]})
