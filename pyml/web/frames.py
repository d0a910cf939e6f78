"""The frame a training session answers each `step` with: losses, metrics, the grid, the view.

``web/PROTOCOL.md`` describes a frame's fields. A frame is built from the session's current
model and data (see :class:`pyml.web.sessions.TrainingSession`); nothing here changes them.
"""

import numpy as np

from ..metrics import accuracy_score, confusion_matrix, mean_squared_error, r2_score, root_mean_squared_error
from .payload import plain
from .views import GridOutputs, view_of


def frame(session, taken):
    """The frame after the steps ``taken`` (a list of {iteration, loss})."""
    model = session.model
    result = {"iteration": session.iteration, "done": session.done, "steps": taken}
    if not model._is_fitted():
        return result
    if session.loss is not None:
        result["loss"] = session.loss
    if session.data_cost and session.X_test is not None and session.y_test is not None:
        test_loss = data_cost(session, "test")
        if test_loss is not None:
            result["test_loss"] = test_loss
    metrics = {}
    for part, X, y in (("train", session.X, session.y), ("test", session.X_test, session.y_test)):
        if X is not None and y is not None:
            scores = _scores(model, session.task, X, y)
            if scores:
                metrics[part] = scores
    if metrics:
        result["metrics"] = metrics
    # The model's outputs on the grid for this frame, each computed once: the grid values
    # and the view may need the same one (an SVM's f on the 60 x 60 grid).
    extent = session.extent
    outputs = None if extent is None else GridOutputs(model, session.grid_inputs)
    if outputs is not None and session.task not in ("decomposition", "other"):
        size = extent["size"]
        result["grid"] = {"size": size, "values": _grid_values(model, session.task, outputs, size)}
    plane = extent is not None and "y" in extent  # views draw over a 2-D grid only
    view = view_of(model, grid=outputs if plane else None, X=session.X)
    if view is not None:
        result["view"] = plain(view)
    return result


def data_cost(session, part):
    """The data cost of the course on the training or test data (``part``): 1/(2m) times the
    sum of squared errors, or the mean cross-entropy -1/m sum log p(y | x) (as
    metrics.log_loss); None when test labels include a class the model does not know."""
    model = session.model
    X, y = (session.X, session.y) if part == "train" else (session.X_test, session.y_test)
    if session.task == "regression":
        return mean_squared_error(y, model.predict(X)) / 2
    columns = session.label_columns
    if part not in columns:  # once per data set (the classes are known once training began)
        classes = np.asarray(model.classes_)
        column = np.minimum(np.searchsorted(classes, y), len(classes) - 1)
        columns[part] = column if np.all(classes[column] == y) else None
    column = columns[part]
    if column is None:
        return None
    p = model.predict_proba(X)[np.arange(len(column)), column]
    return float(-np.mean(np.log(np.clip(p, 1e-15, 1 - 1e-15))))


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
