"""Model files: ``save(model)`` gives JSON text, ``load(text)`` gives the model back.

A model file holds the class name, its hyperparameters and its fitted attributes (every
public attribute ending in ``_``). Arrays keep their dtype and shape, floats are written
with full precision, so a loaded model predicts exactly what the saved one did, in
CPython or in the browser.
"""

import json

import numpy as np

from .base import ESTIMATORS, BaseEstimator

FORMAT = "pyml-model"
VERSION = 1


def save(model):
    """Return ``model`` (fitted or not) as JSON text that :func:`load` reads back."""
    if not isinstance(model, BaseEstimator):
        raise TypeError("save expects a pyml model, got %s." % type(model).__name__)
    return json.dumps(_encode(model))


def load(text):
    """Rebuild a model from the JSON text written by :func:`save`."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if not isinstance(text, str):
        raise TypeError("load expects the JSON text of a model file, got %s." % type(text).__name__)
    try:
        document = json.loads(text)
    except ValueError as error:
        raise ValueError("This is not a pyml model file: it is not valid JSON (%s)." % error) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(
            'This JSON is not a pyml model file: it has no "format": "%s" field. '
            "Model files are written by pyml.save(model)." % FORMAT
        )
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ValueError(
            "This model file has format version %r, but this pyml reads version %d or older. "
            "Upgrade pyml to load it." % (version, VERSION)
        )
    return _decode_estimator(document)


def _encode(value):
    if isinstance(value, BaseEstimator):
        state = {
            key: _encode(attr)
            for key, attr in vars(value).items()
            if key.endswith("_") and not key.startswith("_")
        }
        return {
            "format": FORMAT,
            "version": VERSION,
            "class": type(value).__name__,
            "params": {key: _encode(v) for key, v in value.get_params().items()},
            "state": state,
        }
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufU":
            raise TypeError("Cannot save an array of dtype %s." % value.dtype)
        return {"__ndarray__": value.tolist(), "dtype": value.dtype.str, "shape": list(value.shape)}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("Cannot save a dict with non-string keys.")
        return {k: _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError("Cannot save a value of type %s." % type(value).__name__)


def _decode(value):
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "__ndarray__" in value:
            data = np.array(value["__ndarray__"], dtype=np.dtype(value["dtype"]))
            return data.reshape(value["shape"])
        if value.get("format") == FORMAT:
            return _decode_estimator(value)
        return {k: _decode(v) for k, v in value.items()}
    return value


def _decode_estimator(document):
    name = document.get("class")
    cls = ESTIMATORS.get(name)
    if cls is None:
        raise ValueError(
            "This model file holds a %r, which this pyml does not know. Known models: %s."
            % (name, ", ".join(sorted(ESTIMATORS)))
        )
    params, state = document.get("params"), document.get("state")
    if not isinstance(params, dict) or not isinstance(state, dict):
        raise ValueError('This model file is damaged: "params" and "state" must be JSON objects.')
    try:
        model = cls(**{k: _decode(v) for k, v in params.items()})
    except TypeError as error:
        raise ValueError("This model file has parameters %s does not take (%s)." % (name, error)) from None
    for key, value in state.items():
        setattr(model, key, _decode(value))
    return model
