"""The worker protocol's Python side: ``handle(type, payload)`` answers one call.

The page's worker passes every request here and posts back the reply; ``web/PROTOCOL.md``
describes the calls and the frames. This module only dispatches: the sessions that training
and labs keep between calls are in :mod:`pyml.web.sessions`, frames in :mod:`pyml.web.frames`,
the feature map in :mod:`pyml.web.features`, data sets in :mod:`pyml.web.data`, the guided
demos' labs in :mod:`pyml.web.labs` and user code in :mod:`pyml.web.run`.
"""

import json
import sys

import numpy as np

from .. import __version__, load, save
from ..base import ESTIMATORS
from ..validation import check_number
from .data import make_data
from .labs import call_lab, open_lab
from .payload import field, plain, type_name
from .run import RunError, run
from .sessions import TrainingSession, dispose_session, open_session, session_of

PROTOCOL = 1


def handle(type, payload=None):
    """Answer one call of the protocol.

    Parameters
    ----------
    type : str
        The call: one of ``CALLS`` ("init", "create", "step", "set_params", "predict",
        "save", "load", "dispose", "data", "open_lab", "lab", "run").
    payload : dict or str, optional
        The call's arguments, or their JSON text (what the worker passes).

    Returns
    -------
    dict
        ``{"ok": True, "result": ...}``, or ``{"ok": False, "error": {"name", "message"}}``
        when the call raised: ``name`` is the exception's class, ``message`` its text.
        Results hold only dicts, lists, str, numbers, bools, None and ``bytes`` (the grid).
    """
    try:
        if isinstance(payload, str):
            payload = json.loads(payload)
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            raise TypeError("A %s call's payload must be a JSON object, got %s." % (type, type_name(payload)))
        call = CALLS.get(type)
        if call is None:
            raise ValueError("Unknown call type %r. Known calls: %s." % (type, ", ".join(sorted(CALLS))))
        return {"ok": True, "result": call(payload)}
    except RunError as error:
        return {"ok": False, "error": error.details}
    except Exception as error:  # every failure becomes a reply: the page shows it and carries on
        return {"ok": False, "error": {"name": error.__class__.__name__, "message": str(error)}}


def _init(payload):
    return {
        "protocol": PROTOCOL,
        "versions": {"pyml": __version__, "python": sys.version.split()[0], "numpy": np.__version__},
    }


# ---------------------------------------------------------------- training a model

def _create(payload):
    name = field(payload, "model", "create")
    cls = ESTIMATORS.get(name)
    if cls is None:
        raise ValueError("Unknown model %r. Known models: %s." % (name, ", ".join(sorted(ESTIMATORS))))
    params = payload.get("params") or {}
    if not isinstance(params, dict):
        raise TypeError("params must be a JSON object of %s's keywords, got %s." % (name, type_name(params)))
    model = cls().set_params(**params)
    return _opened(TrainingSession(model, payload.get("data"), payload.get("grid")))


def _step(payload):
    max_steps = check_number("max_steps", payload.get("max_steps"), low=1, integer=True, allow_none=True)
    max_ms = check_number("max_ms", payload.get("max_ms"), low=0, low_open=True, allow_none=True)
    if max_steps is None and max_ms is None:
        max_steps = 1
    return _training(payload, "step").step(max_steps, max_ms)


def _set_params(payload):
    params = field(payload, "params", "set_params")
    if not isinstance(params, dict):
        raise TypeError("params must be a JSON object, got %s." % type_name(params))
    model = _training(payload, "set_params").model.set_params(**params)
    return {"params": plain(model.get_params())}


def _predict(payload):
    session = _training(payload, "predict")
    X = session.inputs(field(payload, "X", "predict"), "X")
    result = {"y": session.model.predict(X).tolist()}
    if hasattr(session.model, "predict_proba"):
        result["proba"] = session.model.predict_proba(X).tolist()
    return result


def _save(payload):
    return {"text": save(_training(payload, "save").model)}


def _load(payload):
    """Open a saved model on the page's data, refused before any session exists unless it fits
    that data: the same number of input features, the same classes, and it predicts on it."""
    model = load(field(payload, "text", "load"))
    session = TrainingSession(model, payload.get("data"), payload.get("grid"), trained=True)
    name = type(model).__name__
    n_model = getattr(model, "n_features_in_", None)
    if session.X is not None and n_model is not None and session.X.shape[1] != n_model:
        inputs = ", ".join(session.features) if session.features else "the raw columns"
        raise ValueError(
            "This %s was trained on %d input feature(s), but the page's data gives %d (%s). "
            "Choose the input features it was trained with, or train a new model."
            % (name, n_model, session.X.shape[1], inputs)
        )
    classes = getattr(model, "classes_", None)
    if classes is not None and session.y is not None:
        labels = [session.y] if session.y_test is None else [session.y, session.y_test]
        ours, theirs = plain(np.unique(np.concatenate(labels))), plain(np.asarray(classes))
        if ours != theirs:
            raise ValueError(
                "This %s knows the classes %s, but the page's data has the classes %s."
                % (name, ", ".join(map(str, theirs)), ", ".join(map(str, ours)))
            )
    if session.X is not None:
        try:
            (model.predict if hasattr(model, "predict") else model.transform)(session.X)
        except Exception as error:
            raise ValueError("This %s cannot predict on the page's data: %s" % (name, error)) from None
    return dict(_opened(session), model=name, params=plain(model.get_params()))


def _opened(session):
    return dict(session.describe(), session=open_session(session))


def _training(payload, call):
    return session_of(payload, TrainingSession, call)


# ---------------------------------------------------------------- data sets and labs

def _open_lab(payload):
    name = field(payload, "lab", "open_lab")
    lab = open_lab(name, payload.get("params") or {})
    return {"session": open_session(lab), "lab": name, "calls": list(type(lab).calls)}


def _lab(payload):
    lab = session_of(payload, object, "lab")
    if isinstance(lab, TrainingSession):
        raise ValueError("Session %r is a model: the lab call needs a session that open_lab returned." % payload["session"])
    return plain(call_lab(lab, field(payload, "call", "lab"), payload.get("args") or {}))


def _dispose(payload):
    dispose_session(payload.get("session"))
    return {}


CALLS = {
    "init": _init,
    "create": _create,
    "step": _step,
    "set_params": _set_params,
    "predict": _predict,
    "save": _save,
    "load": _load,
    "dispose": _dispose,
    "data": make_data,
    "open_lab": _open_lab,
    "lab": _lab,
    "run": run,
}
