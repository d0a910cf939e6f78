"""The `data` call: a data set of :mod:`pyml.datasets` by name and settings, as arrays.

It makes the data exactly as the playground's Python panel writes it (``web/js/codegen.js``):
``X, y = datasets.<name>(**params)`` or ``datasets.load_csv(csv, target=...)``, then, with a
``test_size``, ``train_test_split(X, y, test_size=..., random_state=...)``.
"""

import numpy as np

from .. import datasets
from ..model_selection import train_test_split
from .payload import field, type_name

# The generators a page may ask for by name: every (X, y) data set of pyml.datasets.
GENERATORS = dict(datasets.CLASSIFICATION, **datasets.REGRESSION, text_colors=datasets.text_colors)


def make_data(payload):
    """``{dataset, params?, csv?, target?, test_size?, random_state?}`` -> ``{X, y, X_test, y_test,
    columns}`` as lists; ``X_test``, ``y_test`` are None without a ``test_size``, ``columns``
    (the CSV's feature names) None for generated data."""
    name = field(payload, "dataset", "data")
    columns = None
    if name == "csv":
        target = payload.get("target", -1)
        X, y, columns = datasets.load_csv(_text(field(payload, "csv", "data")), target=target)
    elif name in GENERATORS:
        params = payload.get("params") or {}
        if not isinstance(params, dict):
            raise TypeError("params must be a JSON object of datasets.%s's keywords, got %s." % (name, type_name(params)))
        X, y = GENERATORS[name](**params)
    else:
        raise ValueError("Unknown data set %r. Known data sets: %s." % (name, ", ".join(sorted(GENERATORS) + ["csv"])))
    test_size = payload.get("test_size")
    X_test = y_test = None
    if test_size is not None:
        X, X_test, y, y_test = train_test_split(X, y, test_size=test_size, random_state=payload.get("random_state"))
    return {"X": _rows(X), "y": _rows(y), "X_test": _rows(X_test), "y_test": _rows(y_test), "columns": columns}


def _text(csv):
    if not isinstance(csv, str):
        raise TypeError("csv must be the CSV text, got %s." % type_name(csv))
    return csv


def _rows(values):
    return None if values is None else np.asarray(values).tolist()
