"""Sessions: what the page keeps in the worker between calls, by number.

A session is a model being trained (:class:`TrainingSession`: the estimator, its ``fit_iter``
generator, its data and the grid the page draws, so that training can be pulled a few steps
at a time, once per animation frame) or a lab of a guided demo (:mod:`pyml.web.labs`).
``create``, ``load`` and ``open_lab`` open one; ``dispose`` ends either kind.
"""

import itertools
import time

import numpy as np

from ..validation import check_array, check_labels, check_number
from . import frames
from .features import check_features, feature_map
from .models import loss_of, task_of, training_steps
from .payload import interval, type_name

_sessions = {}
_numbers = itertools.count(1)


def open_session(session):
    """Keep ``session`` and return its number."""
    number = next(_numbers)
    _sessions[number] = session
    return number


def session_of(payload, kind, call):
    """The session ``payload["session"]`` names, which must be a ``kind`` (a class)."""
    number = payload.get("session")
    if number is None:
        raise ValueError("The %s call needs a 'session' field: the number that %s returned."
                         % (call, "open_lab" if kind is not TrainingSession else "create or load"))
    if number not in _sessions:
        raise ValueError("There is no session %r: it was disposed, or never created. Create a new one." % (number,))
    session = _sessions[number]
    if not isinstance(session, kind):
        what = "a model" if isinstance(session, TrainingSession) else "a lab"
        raise ValueError("Session %r is %s: the %s call does not apply to it." % (number, what, call))
    return session


def dispose_session(number):
    _sessions.pop(number, None)  # disposing twice is harmless (Stop, then Reset)


class TrainingSession:
    """One model the page trains and draws: the estimator, its data, grid and training steps."""

    def __init__(self, model, data=None, grid=None, trained=False):
        self.model = model
        self.task = task_of(model)
        self.loss_name, self.data_cost = loss_of(model)
        self.label_columns = {}  # each labelled sample's class index in classes_, per data set
        data = {} if data is None else data
        if not isinstance(data, dict):
            raise TypeError("data must be a JSON object {X, y?, X_test?, y_test?, features?}, got %s." % type_name(data))
        self.features = data.get("features")
        check_features(self.features)
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
            if self.loss is not None and self.data_cost and getattr(model, "l2", 0):
                # The file recorded the cost with its penalty; frames carry the data cost alone.
                self.loss = frames.data_cost(self, "train") if self.y is not None else None
        else:
            if self.X is None:
                raise ValueError("create needs data.X, the training inputs as a list of rows.")
            if self.task in ("classification", "regression") and self.y is None:
                raise ValueError("A %s needs targets: send data.y with one value per row of data.X." % self.task)
            self.steps, self.is_last = training_steps(model, self.X, self.y)
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
        return X if self.features is None else feature_map(X, self.features, name)

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
            raise TypeError("grid must be a JSON object {x: [min, max], y?: [min, max], size}, got %s." % type_name(grid))
        if self.n_inputs not in (None, 1, 2):
            raise ValueError("A grid needs 1 or 2 input columns (x1, x2); data.X has %d." % self.n_inputs)
        extent = {
            "size": check_number("grid.size", grid.get("size"), low=2, high=1000, integer=True),
            "x": interval(grid.get("x"), "grid.x"),
        }
        # One input column: a line of x values (y, if sent, is the plot's target axis: not an input).
        if self.n_inputs == 2 or (self.n_inputs is None and grid.get("y") is not None):
            extent["y"] = interval(grid.get("y"), "grid.y")
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
        return frames.frame(self, taken)

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
        # A data cost is reported without its penalty (the step's data_loss), as the test cost
        # is measured: the course's J_train and J_test for learning curves compare.
        loss = step.data_loss if self.data_cost else step.loss
        self.loss = None if loss is None else float(loss)
        taken.append({"iteration": int(step.iteration), "loss": self.loss})
        return step

    def describe(self):
        """What create and load answer besides the session number."""
        info = {"task": self.task}
        if self.loss_name is not None:
            info["loss_name"] = self.loss_name
        if self.task == "classification":
            classes = getattr(self.model, "classes_", None)
            if classes is None and self.y is not None:
                classes = np.unique(self.y)
            if classes is not None:
                info["classes"] = np.asarray(classes).tolist()
        if self.X is not None:
            info["n_features"] = int(self.X.shape[1])
        elif getattr(self.model, "n_features_in_", None) is not None:
            info["n_features"] = int(self.model.n_features_in_)
        if self.features is not None:
            info["features"] = list(self.features)
        return info
