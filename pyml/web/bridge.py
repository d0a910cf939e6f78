"""The worker protocol's Python side: ``handle(type, payload)`` answers one call.

The page's worker passes every request here and posts back the reply; ``web/PROTOCOL.md``
describes the calls and the frames. A session wraps one estimator (looked up by class
name), its ``fit_iter`` generator, its data and the grid the page draws, so that training
can be pulled a few steps at a time, once per animation frame.
"""

import ast
import contextlib
import io
import itertools
import json
import sys
import time
import traceback

import numpy as np

from .. import __version__, load, save
from ..base import ESTIMATORS, ClassifierMixin, RegressorMixin, Step
from ..metrics import (
    accuracy_score,
    confusion_matrix,
    mean_squared_error,
    r2_score,
    root_mean_squared_error,
)
from ..validation import check_array, check_labels, check_number
from .views import GridOutputs, view_of

PROTOCOL = 1

# The input features a page can compute from the two raw inputs x1, x2 (feature crosses).
FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "sin(x1)": lambda X: np.sin(X[:, 0]),
    "sin(x2)": lambda X: np.sin(X[:, 1]),
}

# What each model's training loss (the loss of its fit_iter steps) measures: the loss chart's
# y axis, with "{...}" filled from the model's parameters. True marks the data cost of the course
# (½ · mean squared error for regressors, the cross-entropy for classifiers): the bridge measures
# it on the test data too (test_loss), and without the L2 penalty on both sets (below). The
# others (an SVM's dual objective, k-means' inertia, a tree's impurity, Q-learning's TD error)
# have no test counterpart: their frames carry no test_loss.
LOSSES = {
    "LinearRegression": ("½ · mean squared error", True),
    "MLPRegressor": ("½ · mean squared error", True),
    "LogisticRegression": ("cross-entropy", True),
    "MLPClassifier": ("cross-entropy", True),
    "SVC": ("dual objective", False),
    "KMeans": ("inertia", False),
    "DecisionTreeClassifier": ("weighted {criterion} impurity", False),
    "DecisionTreeRegressor": ("weighted variance", False),
    "QLearning": ("mean squared TD error", False),
}

_sessions = {}
_session_ids = itertools.count(1)
_namespace = {"__name__": "__main__"}  # where `run` executes code, kept between calls


def handle(type, payload=None):
    """Answer one call of the protocol.

    Parameters
    ----------
    type : str
        The call: "init", "create", "step", "set_params", "predict", "save", "load",
        "dispose" or "run".
    payload : dict or str, optional
        The call's arguments, or their JSON text (what the worker passes).

    Returns
    -------
    dict
        ``{"ok": True, "result": ...}``, or ``{"ok": False, "error": {"name", "message"}}``
        when the call raised: ``name`` is the exception's class, ``message`` its text.
        Results hold only dicts, lists, str, numbers, bools and ``bytes`` (the grid).
    """
    try:
        if isinstance(payload, str):
            payload = json.loads(payload)
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            raise TypeError("A %s call's payload must be a JSON object, got %s." % (type, _kind(payload)))
        call = CALLS.get(type)
        if call is None:
            raise ValueError("Unknown call type %r. Known calls: %s." % (type, ", ".join(sorted(CALLS))))
        return {"ok": True, "result": call(payload)}
    except _RunError as error:
        return {"ok": False, "error": error.details}
    except Exception as error:  # every failure becomes a reply: the page shows it and carries on
        return {"ok": False, "error": {"name": error.__class__.__name__, "message": str(error)}}


# ---------------------------------------------------------------- calls

def _init(payload):
    return {
        "protocol": PROTOCOL,
        "versions": {"pyml": __version__, "python": sys.version.split()[0], "numpy": np.__version__},
    }


def _create(payload):
    name = _field(payload, "model", "create")
    cls = ESTIMATORS.get(name)
    if cls is None:
        raise ValueError("Unknown model %r. Known models: %s." % (name, ", ".join(sorted(ESTIMATORS))))
    params = payload.get("params") or {}
    if not isinstance(params, dict):
        raise TypeError("params must be a JSON object of %s's keywords, got %s." % (name, _kind(params)))
    model = cls().set_params(**params)
    return _open(_Session(model, payload.get("data"), payload.get("grid")))


def _step(payload):
    max_steps = check_number("max_steps", payload.get("max_steps"), low=1, integer=True, allow_none=True)
    max_ms = check_number("max_ms", payload.get("max_ms"), low=0, low_open=True, allow_none=True)
    if max_steps is None and max_ms is None:
        max_steps = 1
    return _session(payload).step(max_steps, max_ms)


def _set_params(payload):
    params = _field(payload, "params", "set_params")
    if not isinstance(params, dict):
        raise TypeError("params must be a JSON object, got %s." % _kind(params))
    model = _session(payload).model.set_params(**params)
    return {"params": _plain(model.get_params())}


def _predict(payload):
    session = _session(payload)
    X = session.inputs(_field(payload, "X", "predict"), "X")
    result = {"y": session.model.predict(X).tolist()}
    if hasattr(session.model, "predict_proba"):
        result["proba"] = session.model.predict_proba(X).tolist()
    return result


def _save(payload):
    return {"text": save(_session(payload).model)}


def _load(payload):
    """Open a saved model on the page's data, refused before any session exists unless it fits
    that data: the same number of input features, the same classes, and it predicts on it."""
    model = load(_field(payload, "text", "load"))
    session = _Session(model, payload.get("data"), payload.get("grid"), trained=True)
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
        ours, theirs = _plain(np.unique(np.concatenate(labels))), _plain(np.asarray(classes))
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
    return dict(_open(session), model=name, params=_plain(model.get_params()))


def _dispose(payload):
    _sessions.pop(payload.get("session"), None)  # disposing twice is harmless (Stop, then Reset)
    return {}


def _run(payload):
    """Run Python source like a notebook cell: print output, and the last expression's repr."""
    code = _field(payload, "code", "run")
    if not isinstance(code, str):
        raise TypeError("code must be a string of Python source, got %s." % _kind(code))
    tree = ast.parse(code, "<code>", "exec")
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout):
            exec(compile(tree, "<code>", "exec"), _namespace)
            value = eval(compile(ast.Expression(last.value), "<code>", "eval"), _namespace) if last else None
    except Exception as error:
        raise _RunError(error, stdout.getvalue()) from None
    return {"stdout": stdout.getvalue(), "result": None if value is None else repr(value)}


CALLS = {
    "init": _init,
    "create": _create,
    "step": _step,
    "set_params": _set_params,
    "predict": _predict,
    "save": _save,
    "load": _load,
    "dispose": _dispose,
    "run": _run,
}


# ---------------------------------------------------------------- sessions

class _Session:
    """One model the page trains and draws: the estimator, its data, grid and training steps."""

    def __init__(self, model, data=None, grid=None, trained=False):
        self.model = model
        self.task = _task(model)
        self.loss_name, self.data_cost = _loss_kind(model)
        self._columns = {}  # each labelled sample's class index in classes_, per data set
        data = {} if data is None else data
        if not isinstance(data, dict):
            raise TypeError("data must be a JSON object {X, y?, X_test?, y_test?, features?}, got %s." % _kind(data))
        self.features = data.get("features")
        _check_features(self.features)
        self.X = self.y = self.X_test = self.y_test = self.n_inputs = None
        if data.get("X") is not None:
            self.X = self.inputs(data["X"], "data.X")
            self.y = self.targets(data.get("y"), "data.y", len(self.X))
        if data.get("X_test") is not None:
            self.X_test = self.inputs(data["X_test"], "data.X_test")
            self.y_test = self.targets(data.get("y_test"), "data.y_test", len(self.X_test))
        elif data.get("y_test") is not None:
            raise ValueError("data has y_test but no X_test; send the test inputs with their targets.")
        self.extent = self._extent(grid)
        self._grids = {}  # grid_inputs by size: the data, features and extent are the session's for good
        if self.extent is not None:
            self.grid_inputs(self.extent["size"])  # a bad feature map fails in create, not in step
        if trained:
            self.steps, self.done = None, True
            self.iteration = int(getattr(model, "n_iter_", 0) or 0)
            curve = getattr(model, "loss_curve_", None)
            self.loss = float(curve[-1]) if curve else None
            if self.loss is not None and self.data_cost and _penalized(model):
                # The file recorded the cost with its penalty; frames carry the data cost alone.
                self.loss = self.cost("train") if self.y is not None else None
        else:
            if self.X is None:
                raise ValueError("create needs data.X, the training inputs as a list of rows.")
            if self.task in ("classification", "regression") and self.y is None:
                raise ValueError("A %s needs targets: send data.y with one value per row of data.X." % self.task)
            self.steps, self.is_last = _training_steps(model, self.X, self.y)
            self.done, self.iteration, self.loss = False, 0, None

    def inputs(self, rows, name):
        """The model's input columns for raw input rows (through the feature map, if any)."""
        X = check_array(rows, name)
        if self.n_inputs is None:
            self.n_inputs = X.shape[1]  # the training data's, read first
        elif X.shape[1] != self.n_inputs:
            raise ValueError(
                "%s has %d column(s), but the training inputs have %d. Pass rows of %d values."
                % (name, X.shape[1], self.n_inputs, self.n_inputs)
            )
        if self.features is None:
            return X
        if X.shape[1] != 2 and any("x2" in feature for feature in self.features):
            raise ValueError(
                "The features %s use x2, so %s needs 2 columns (x1, x2); got %d."
                % (", ".join(self.features), name, X.shape[1])
            )
        return np.column_stack([FEATURES[feature](X) for feature in self.features])

    def targets(self, values, name, n_rows):
        if values is None:
            return None
        y = check_array(values, name, ensure_2d=False) if self.task == "regression" else check_labels(values, name)
        if len(y) != n_rows:
            raise ValueError("%s has %d values but there are %d rows of inputs; give one per row." % (name, len(y), n_rows))
        return y

    def _extent(self, grid):
        if grid is None:
            return None
        if not isinstance(grid, dict):
            raise TypeError("grid must be a JSON object {x: [min, max], y?: [min, max], size}, got %s." % _kind(grid))
        if self.n_inputs not in (None, 1, 2):
            raise ValueError("A grid needs 1 or 2 input columns (x1, x2); data.X has %d." % self.n_inputs)
        extent = {
            "size": check_number("grid.size", grid.get("size"), low=2, high=1000, integer=True),
            "x": _interval(grid.get("x"), "grid.x"),
        }
        # One input column: a line of x values (y, if sent, is the plot's target axis: not an input).
        if self.n_inputs == 2 or (self.n_inputs is None and grid.get("y") is not None):
            extent["y"] = _interval(grid.get("y"), "grid.y")
        return extent

    def grid_inputs(self, size):
        """The model's inputs on the page's grid, at ``size`` points per axis (views use other sizes).

        With two input columns a size x size grid over the plot, row-major with the first row at
        y min (the page fills its canvas bottom-up from it); with one, size values of x. Made
        once per size and session (read-only), not at every frame.
        """
        if size not in self._grids:
            x = np.linspace(*self.extent["x"], size)
            if "y" not in self.extent:
                points = self.inputs(x[:, None], "grid")
            else:
                gx, gy = np.meshgrid(x, np.linspace(*self.extent["y"], size))
                points = self.inputs(np.column_stack([gx.ravel(), gy.ravel()]), "grid")
            points.setflags(write=False)
            self._grids[size] = points
        return self._grids[size]

    def step(self, max_steps, max_ms):
        """Run fit_iter for at most ``max_steps`` steps or ``max_ms`` milliseconds; return a frame."""
        deadline = None if max_ms is None else time.perf_counter() + max_ms / 1000
        taken = []
        while not self.done and (max_steps is None or len(taken) < max_steps):
            step = self._next(taken)
            if step is not None and self.is_last(step):
                # fit_iter should return now: ask it at once, so that this frame already says done.
                # (Should it go on after all, its step is reported too, one more than max_steps.)
                self._next(taken)
            if deadline is not None and time.perf_counter() >= deadline:
                break
        return self.frame(taken)

    def _next(self, taken):
        """Advance fit_iter by one step and record it in ``taken``; None once it has finished."""
        try:
            step = next(self.steps)
        except StopIteration:
            self.done = True
            return None
        except Exception:
            self.done = True  # a generator that raised is finished: the session can only be disposed
            raise
        self.iteration += 1
        self.loss = _number(step.loss)
        if self.loss is not None and self.data_cost and _penalized(self.model):
            # The step's cost includes the penalty, which the test cost has not: measure the data
            # cost alone (the course's J_train for learning curves), so that the two compare.
            self.loss = self.cost("train")
        taken.append({"iteration": int(step.iteration), "loss": self.loss})
        return step

    def frame(self, taken):
        frame = {"iteration": self.iteration, "done": self.done, "steps": taken}
        if not self.model._is_fitted():
            return frame
        if self.loss is not None:
            frame["loss"] = self.loss
        if self.data_cost and self.X_test is not None and self.y_test is not None:
            test_loss = self.cost("test")
            if test_loss is not None:
                frame["test_loss"] = test_loss
        metrics = {}
        for part, X, y in (("train", self.X, self.y), ("test", self.X_test, self.y_test)):
            if X is not None and y is not None:
                scores = _scores(self.model, self.task, X, y)
                if scores:
                    metrics[part] = scores
        if metrics:
            frame["metrics"] = metrics
        # The model's outputs on the grid for this frame, each computed once: the grid values
        # and the view may need the same one (an SVM's f on the 60 x 60 grid).
        outputs = None if self.extent is None else GridOutputs(self.model, self.grid_inputs)
        if outputs is not None and self.task not in ("decomposition", "other"):
            size = self.extent["size"]
            frame["grid"] = {"size": size, "values": _grid_values(self.model, self.task, outputs, size)}
        plane = self.extent is not None and "y" in self.extent  # views draw over a 2-D grid only
        view = view_of(self.model, grid=outputs if plane else None, X=self.X)
        if view is not None:
            frame["view"] = _plain(view)
        return frame

    def cost(self, part):
        """The data cost of the course on the training or test data (``part``): 1/(2m) times the
        sum of squared errors, or the mean cross-entropy -1/m sum log p(y | x) (as
        metrics.log_loss); None when test labels include a class the model does not know."""
        X, y = (self.X, self.y) if part == "train" else (self.X_test, self.y_test)
        if self.task == "regression":
            return mean_squared_error(y, self.model.predict(X)) / 2
        if part not in self._columns:  # once per data set (the classes are known once training began)
            classes = np.asarray(self.model.classes_)
            column = np.minimum(np.searchsorted(classes, y), len(classes) - 1)
            self._columns[part] = column if np.all(classes[column] == y) else None
        column = self._columns[part]
        if column is None:
            return None
        p = self.model.predict_proba(X)[np.arange(len(column)), column]
        return float(-np.mean(np.log(np.clip(p, 1e-15, 1 - 1e-15))))

    def describe(self):
        info = {"task": self.task}
        if self.loss_name is not None:
            info["loss_name"] = self.loss_name
        if self.task == "classification":
            classes = getattr(self.model, "classes_", None)
            if classes is None and self.y is not None:
                classes = np.unique(self.y)
            if classes is not None:
                info["classes"] = _plain(classes)
        if self.X is not None:
            info["n_features"] = int(self.X.shape[1])
        elif getattr(self.model, "n_features_in_", None) is not None:
            info["n_features"] = int(self.model.n_features_in_)
        if self.features is not None:
            info["features"] = list(self.features)
        return info


def _open(session):
    number = next(_session_ids)
    _sessions[number] = session
    return dict(session.describe(), session=number)


def _session(payload):
    number = payload.get("session")
    if number is None:
        raise ValueError("This call needs a 'session' field: the number that create or load returned.")
    if number not in _sessions:
        raise ValueError("There is no session %r: it was disposed, or never created. Create a new one." % (number,))
    return _sessions[number]


# The hyperparameters that count a fit_iter's steps (read at each step: a page may change them).
STEP_LIMITS = ("n_iter", "n_epochs", "n_episodes")


def _training_steps(model, X, y):
    """The training steps and a test of whether a step is the last one.

    The steps are the model's fit_iter, or a single step of fit for models that train in one
    go. A step is known to be the last when its iteration reaches the model's n_iter (n_epochs,
    n_episodes); other ends (convergence, a tree that stops growing) show only when fit_iter returns.
    """
    if not hasattr(model, "fit_iter"):
        def fit_once():
            model.fit(X, y)
            yield Step(1, None)

        return fit_once(), lambda step: True

    def is_last(step):
        limits = [getattr(model, name) for name in STEP_LIMITS if isinstance(getattr(model, name, None), (int, np.integer))]
        return bool(limits) and step.iteration >= limits[0]

    return model.fit_iter(X, y), is_last


def _loss_kind(model):
    """(What the training loss measures, whether it is the data cost the bridge measures too);
    (None, False) for models that train in one go, without a loss."""
    if not hasattr(model, "fit_iter"):
        return None, False
    name, data_cost = LOSSES.get(type(model).__name__, ("loss", False))
    return name.format(**model.get_params()), data_cost


def _penalized(model):
    l2 = getattr(model, "l2", 0)  # read at each step: the page may change it during training
    return isinstance(l2, (int, float)) and l2 > 0


def _task(model):
    if isinstance(model, ClassifierMixin):
        return "classification"
    if isinstance(model, RegressorMixin):
        return "regression"
    if hasattr(model, "predict"):
        return "clustering"
    if hasattr(model, "transform"):
        return "decomposition"
    return "other"


# ---------------------------------------------------------------- measures

def _scores(model, task, X, y):
    if task == "classification":
        predicted = model.predict(X)
        return {
            "accuracy": accuracy_score(y, predicted),
            # rows: true class, columns: predicted, both in the order of classes_
            "confusion": confusion_matrix(y, predicted, labels=model.classes_).tolist(),
        }
    if task == "regression":
        predicted = model.predict(X)
        return {"rmse": root_mean_squared_error(y, predicted), "r2": r2_score(y, predicted)}
    return {}


def _grid_values(model, task, outputs, size):
    """The model's output on the size x size grid (``outputs``, a GridOutputs) as float32 bytes
    (a zero-copy Float32Array in the page)."""
    two_classes = task == "classification" and len(model.classes_) == 2
    if two_classes and hasattr(model, "predict_proba"):
        values = outputs.output("predict_proba", size)[:, 1]
    elif two_classes and hasattr(model, "decision_function"):
        # The class index is the sign of f, as predict says (f > 0: classes_[1]); the SVM's
        # view draws f's contours from the same values.
        values = outputs.output("decision_function", size) > 0
    elif task == "classification":
        values = np.searchsorted(np.asarray(model.classes_), outputs.output("predict", size))
    elif hasattr(model, "score_samples"):
        # A density (anomaly detection): log p(x), which spans the plot where p(x) itself
        # spans hundreds of orders of magnitude; -inf where p(x) underflows to 0.
        with np.errstate(divide="ignore"):
            values = np.log(outputs.output("score_samples", size))
    else:
        values = outputs.output("predict", size)
    return np.asarray(values, dtype=np.float32).tobytes()


# ---------------------------------------------------------------- helpers

class _RunError(Exception):
    """An exception in `run` code, with the output printed before it and its traceback."""

    def __init__(self, error, stdout):
        super().__init__(str(error))
        # Keep only the user's frames: the first one is _run's own exec/eval line.
        lines = traceback.format_exception(type(error), error, error.__traceback__.tb_next)
        self.details = {
            "name": error.__class__.__name__,
            "message": str(error),
            "stdout": stdout,
            "traceback": "".join(lines),
        }


def _field(payload, key, call):
    if payload.get(key) is None:
        raise ValueError("The %s call needs a %r field in its payload." % (call, key))
    return payload[key]


def _check_features(features):
    if features is None:
        return
    if not isinstance(features, list) or not features:
        raise TypeError("data.features must be a non-empty list of feature names, got %r." % (features,))
    for feature in features:
        if feature not in FEATURES:
            raise ValueError("Unknown input feature %r. Choose from: %s." % (feature, ", ".join(FEATURES)))


def _interval(value, name):
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise TypeError("%s must be a pair [min, max], got %r." % (name, value))
    low, high = (check_number(name, v) for v in value)
    if not low < high:
        raise ValueError("%s must be [min, max] with min < max, got %r." % (name, value))
    return float(low), float(high)


def _number(value):
    return None if value is None else float(value)


def _kind(value):
    return type(value).__name__


def _plain(value):
    """``value`` with numpy arrays and scalars turned into Python lists and numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value
