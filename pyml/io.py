"""Model files: ``save(model)`` gives JSON text, ``load(text)`` gives the model back.

A model file holds the class name, its hyperparameters and its fitted attributes (those the
class declares in ``_fitted_state``). Arrays keep their dtype and shape, floats are written
with full precision, so a loaded model predicts exactly what the saved one did, in
CPython or in the browser.
"""

import json
import re

import numpy as np

from .base import ESTIMATORS, BaseEstimator
from .validation import check_state

FORMAT = "pyml-model"
VERSION = 1


def save(model):
    """Return ``model`` (fitted or not) as JSON text that :func:`load` reads back."""
    if not isinstance(model, BaseEstimator):
        raise TypeError("save expects a pyml model, got %s." % type(model).__name__)
    return json.dumps(_encode(model))


# Bounds on what load reads, so that a hostile or broken file is refused up front.
MAX_CHARS = 100_000_000  # characters of JSON text
MAX_DEPTH = 16  # levels of nested lists and objects: a model file needs 6
MAX_VALUES = 10_000_000  # numbers and strings in the whole file (arrays included)

_DTYPE = re.compile(r"[<>|=]?([fiu][1248]|b1|U[0-9]{1,4})\Z")  # what save writes: numbers, bools, short strings
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_KEYS = ("format", "version", "class", "params", "state")


def load(text):
    """Rebuild a model from the JSON text written by :func:`save`.

    The whole document is checked before anything is built: its size and nesting, the class
    (a pyml estimator's name), the params (the same constraints as ``set_params``) and the state
    (exactly the fitted attributes the class declares, each of the right type, dtype and shape,
    consistent with each other). A refused file raises a ValueError or TypeError that names the
    field, what was expected and what was found; a loaded model predicts.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if not isinstance(text, str):
        raise TypeError("load expects the JSON text of a model file, got %s." % type(text).__name__)
    if len(text) > MAX_CHARS:
        raise ValueError(
            "This model file has %s characters, more than the %s pyml.load reads."
            % (format(len(text), ","), format(MAX_CHARS, ","))
        )
    depth = _nesting_depth(text)
    if depth > MAX_DEPTH:
        raise ValueError(
            "This model file nests lists and objects %d levels deep; a model file has at most %d."
            % (depth, MAX_DEPTH)
        )
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
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise ValueError(
            "This model file has format version %r, but this pyml reads version %d or older. "
            "Upgrade pyml to load it." % (version, VERSION)
        )
    n_values = _count_values(document)
    if n_values > MAX_VALUES:
        raise ValueError(
            "This model file holds %s numbers and strings, more than the %s pyml.load reads."
            % (format(n_values, ","), format(MAX_VALUES, ","))
        )
    return _decode_estimator(document)


def _nesting_depth(text):
    """How deeply lists and objects nest in JSON ``text`` (brackets inside strings do not count),
    found without parsing, so that no parser recurses into a hostile file."""
    codes = np.frombuffer(_STRING.sub('""', text).encode("utf-8"), dtype=np.uint8)
    steps = np.isin(codes, _OPEN).astype(np.int32) - np.isin(codes, _CLOSE)
    return int(np.cumsum(steps).max(initial=0))


_OPEN, _CLOSE = np.frombuffer(b"[{", dtype=np.uint8), np.frombuffer(b"]}", dtype=np.uint8)


def _count_values(document):
    """The numbers, strings, booleans and nulls in a parsed JSON document (without recursion)."""
    count, pending = 0, [document]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        else:
            count += 1
    return count


def _encode(value):
    if isinstance(value, BaseEstimator):
        # The declared fitted attributes; none for a model not (or not completely) fitted.
        fitted = vars(value) if value._is_fitted() else {}
        state = {key: _encode(fitted[key]) for key in type(value)._fitted_state if key in fitted}
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


def _decode_estimator(document):
    unknown = [key for key in document if key not in _KEYS]
    if unknown:
        raise ValueError("%s: a model file has only the fields %s; remove %r." % (unknown[0], ", ".join(_KEYS), unknown[0]))
    name = document.get("class")
    if not isinstance(name, str):
        raise TypeError("class: expected a string naming a pyml model, got %s." % _json_type(name))
    cls = ESTIMATORS.get(name)
    if cls is None:
        raise ValueError(
            "class: this model file holds a %.60r, which this pyml does not know. Known models: %s."
            % (name, ", ".join(sorted(ESTIMATORS)))
        )
    params, state = document.get("params"), document.get("state")
    for field, value in (("params", params), ("state", state)):
        if not isinstance(value, dict):
            raise TypeError("%s: expected a JSON object, got %s." % (field, _json_type(value)))
    names = cls._param_names()
    for key in params:
        if key not in names:
            raise ValueError(
                "params.%s: %s has no parameter %r; its parameters are %s." % (key, name, key, ", ".join(names))
            )
    params = {key: _decode(value, "params." + key) for key, value in params.items()}
    cls._check_params(params, prefix="params.")
    params = dict(cls._defaults(), **params)
    state = check_state(cls, {key: _decode(value, "state." + key) for key, value in state.items()}, params)
    model = cls(**params)
    for key, value in state.items():
        setattr(model, key, value)
    return model


def _decode(value, field):
    """A JSON value with its arrays (``{"__ndarray__", "dtype", "shape"}``) as numpy arrays."""
    if isinstance(value, list):
        return [_decode(v, "%s[%d]" % (field, i)) for i, v in enumerate(value)]
    if isinstance(value, dict) and "__ndarray__" in value:
        return _decode_array(value, field)
    return value


def _decode_array(value, field):
    if sorted(value) != ["__ndarray__", "dtype", "shape"]:
        raise ValueError('%s: an array has exactly the fields "__ndarray__", "dtype" and "shape", got %s.'
                         % (field, ", ".join(sorted(value))))
    dtype, shape = value["dtype"], value["shape"]
    if not isinstance(dtype, str) or not _DTYPE.match(dtype):
        raise ValueError("%s.dtype: expected a numeric, boolean or short text dtype such as '<f8', got %.40r."
                         % (field, dtype))
    if not isinstance(shape, list) or len(shape) > 4 or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape
    ):
        raise ValueError("%s.shape: expected a list of at most 4 sizes (integers >= 0), got %.60r." % (field, shape))
    try:
        array = np.array(value["__ndarray__"], dtype=np.dtype(dtype))
    except (TypeError, ValueError, OverflowError) as error:
        raise ValueError("%s: its values are not an array of dtype %s (%s)." % (field, dtype, error)) from None
    if array.shape != tuple(shape):
        raise ValueError("%s: its values have shape %s, but its shape field says %s." % (field, array.shape, tuple(shape)))
    return array


def _json_type(value):
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
