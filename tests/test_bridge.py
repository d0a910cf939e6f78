"""pyml.web.bridge: the worker protocol (web/PROTOCOL.md) answered in plain CPython."""

import json

import numpy as np
import pytest

import pyml
from pyml import datasets
from pyml.base import ESTIMATORS, KINDS, BaseEstimator, ClassifierMixin, IterativeMixin, RegressorMixin, Step
from pyml.web import sessions
from pyml.web.bridge import PROTOCOL, handle
from pyml.web.models import DATA_COSTS, STEP_LIMITS, TASKS
from pyml.web.views import DECISION_SIZE, THUMBNAIL_SIZE, VIEWS


def ok(type, payload=None):
    reply = handle(type, payload)
    assert reply["ok"], reply["error"]
    return reply["result"]


def error(type, payload=None):
    reply = handle(type, payload)
    assert not reply["ok"], reply
    assert set(reply["error"]) >= {"name", "message"}
    return reply["error"]


def rows(array):
    return np.asarray(array).tolist()


def regression_data(n=60):
    X, y = datasets.plane(n, random_state=0)
    return {"X": rows(X[:40]), "y": rows(y[:40]), "X_test": rows(X[40:]), "y_test": rows(y[40:])}


def classification_data(n=80):
    X, y = datasets.moons(n, noise=0.2, random_state=1)
    return {"X": rows(X[:60]), "y": rows(y[:60]), "X_test": rows(X[60:]), "y_test": rows(y[60:])}


GRID = {"x": [-2.0, 3.0], "y": [-1.5, 2.0], "size": 7}


def grid_points():
    gx, gy = np.meshgrid(np.linspace(-2, 3, 7), np.linspace(-1.5, 2, 7))
    return np.column_stack([gx.ravel(), gy.ravel()])


def floats(values):
    assert isinstance(values, bytes)
    return np.frombuffer(values, dtype=np.float32)


def assert_plain(value, path="result"):
    """Only what toJs turns into plain JavaScript: no numpy scalars or arrays."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), path
            assert_plain(item, "%s.%s" % (path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            assert_plain(item, "%s[%d]" % (path, i))
    else:
        assert value is None or type(value) in (str, int, float, bool, bytes), "%s is %r" % (path, type(value))


def train(model, params, data, grid=None, max_steps=None, max_ms=None):
    """Create a session and step it to the end; return (session, frames)."""
    session = ok("create", {"model": model, "params": params, "data": data, "grid": grid})["session"]
    frames = []
    while not frames or not frames[-1]["done"]:
        frames.append(ok("step", {"session": session, "max_steps": max_steps or 1000, "max_ms": max_ms}))
    return session, frames


@pytest.fixture
def register(monkeypatch):
    """Make a test-only estimator class known to the bridge for one test."""

    def add(cls):
        monkeypatch.setitem(ESTIMATORS, cls.__name__, cls)
        return cls.__name__

    return add


# ---------------------------------------------------------------- init and the envelope

def test_init_reports_protocol_and_versions():
    result = ok("init", {"indexURL": "pyodide/", "wheelURL": "wheels/pyml.whl"})
    assert result["protocol"] == PROTOCOL == 1
    assert result["versions"]["pyml"] == pyml.__version__
    assert result["versions"]["numpy"] == np.__version__
    assert result["versions"]["python"].count(".") == 2


def test_unknown_call_type_is_an_error_reply():
    err = error("train_everything", {})
    assert err["name"] == "ValueError"
    assert "Unknown call type 'train_everything'" in err["message"] and "create" in err["message"]


def test_payload_may_be_json_text():
    data = regression_data()
    text = json.dumps({"model": "LinearRegression", "params": {"n_iter": 5}, "data": data})
    assert ok("create", text)["task"] == "regression"


def test_payload_must_be_an_object():
    assert error("create", "[1, 2]")["name"] == "TypeError"
    assert error("create", "{not json")["name"] == "JSONDecodeError"


# ---------------------------------------------------------------- create

def test_create_answers_session_task_classes_and_features():
    lin = ok("create", {"model": "LinearRegression", "data": regression_data()})
    log = ok("create", {"model": "LogisticRegression", "data": classification_data()})
    assert lin["task"] == "regression" and lin["n_features"] == 2 and "classes" not in lin
    assert log["task"] == "classification" and log["classes"] == [0, 1]
    assert lin["session"] != log["session"]


def test_create_rejects_unknown_model_with_the_known_names():
    err = error("create", {"model": "DeepMagic", "data": regression_data()})
    assert err["name"] == "ValueError"
    assert "Unknown model 'DeepMagic'" in err["message"]
    assert "LinearRegression" in err["message"] and "LogisticRegression" in err["message"]


def test_create_rejects_unknown_parameter():
    err = error("create", {"model": "LinearRegression", "params": {"alpha": 1}, "data": regression_data()})
    assert err["name"] == "ValueError"
    assert "no parameter 'alpha'" in err["message"] and "learning_rate" in err["message"]


@pytest.mark.parametrize(
    "payload, name, words",
    [
        ({"data": {"X": [[1.0]], "y": [1.0]}}, "ValueError", "needs a 'model' field"),
        ({"model": "LinearRegression"}, "ValueError", "needs data.X"),
        ({"model": "LinearRegression", "data": {"X": [[1.0], [2.0]]}}, "ValueError", "needs targets"),
        ({"model": "LinearRegression", "data": [[1.0]]}, "TypeError", "data must be a JSON object"),
        ({"model": "LinearRegression", "data": {"X": [[1.0, 2.0], [3.0]], "y": [1, 2]}}, "ValueError", "different lengths"),
        ({"model": "LinearRegression", "data": {"X": [[1.0], [2.0]], "y": [1.0]}}, "ValueError", "one per row"),
        ({"model": "LinearRegression", "data": {"X": [[1.0]], "y": [1.0], "y_test": [2.0]}}, "ValueError", "no X_test"),
        ({"model": "LinearRegression", "data": {"X": [[1.0, 2.0]], "y": [1.0], "X_test": [[1.0]], "y_test": [1.0]}},
         "ValueError", "training inputs have 2"),
        ({"model": "LinearRegression", "data": {"X": [[1.0, 2.0]], "y": [1.0], "features": ["x3"]}},
         "ValueError", "Unknown input feature 'x3'"),
        ({"model": "LinearRegression", "data": {"X": [[1.0]], "y": [1.0], "features": ["x1", "x2"]}},
         "ValueError", "use x2"),
        ({"model": "LinearRegression", "data": {"X": [[1.0, 2.0, 3.0]], "y": [1.0]}, "grid": GRID}, "ValueError",
         "1 or 2 input columns"),
        ({"model": "LinearRegression", "data": {"X": [[1.0, 2.0]], "y": [1.0]}, "grid": {"x": [1, 0], "y": [0, 1], "size": 5}},
         "ValueError", "min < max"),
        ({"model": "LinearRegression", "data": {"X": [[1.0, 2.0]], "y": [1.0]}, "grid": {"x": [0, 1], "y": [0, 1], "size": 1}},
         "ValueError", "grid.size must be >= 2"),
    ],
)
def test_create_rejects_bad_payloads_clearly(payload, name, words):
    err = error("create", payload)
    assert err["name"] == name
    assert words in err["message"]


# ---------------------------------------------------------------- step and frames

def test_step_takes_at_most_max_steps_and_reports_every_step():
    session = ok("create", {"model": "LinearRegression", "params": {"n_iter": 10}, "data": regression_data()})["session"]
    first = ok("step", {"session": session, "max_steps": 3})
    second = ok("step", {"session": session, "max_steps": 3})
    assert [s["iteration"] for s in first["steps"]] == [1, 2, 3]
    assert [s["iteration"] for s in second["steps"]] == [4, 5, 6]
    assert second["iteration"] == 6 and not second["done"]
    assert second["loss"] == second["steps"][-1]["loss"]
    rest = ok("step", {"session": session, "max_steps": 100})
    assert rest["iteration"] == 10 and rest["done"] and len(rest["steps"]) == 4
    again = ok("step", {"session": session, "max_steps": 5})
    assert again["done"] and again["steps"] == [] and again["iteration"] == 10


def test_the_frame_of_the_last_step_says_done():
    data = regression_data()
    session = ok("create", {"model": "LinearRegression", "params": {"n_iter": 6}, "data": data})["session"]
    assert not ok("step", {"session": session, "max_steps": 5})["done"]
    last = ok("step", {"session": session, "max_steps": 1})
    assert last["done"] and [s["iteration"] for s in last["steps"]] == [6]
    # The limit is read when the step is taken: lowered during training, it ends training there.
    session = ok("create", {"model": "MLPRegressor", "params": {"n_epochs": 50}, "data": data})["session"]
    ok("step", {"session": session, "max_steps": 2})
    ok("set_params", {"session": session, "params": {"n_epochs": 3}})
    last = ok("step", {"session": session, "max_steps": 1})
    assert last["done"] and last["iteration"] == 3


@pytest.mark.parametrize("model", ["KNeighborsClassifier", "GaussianNB", "PCA", "GaussianAnomalyDetector"])
def test_models_that_fit_in_one_go_are_done_in_their_first_frame(model):
    params = {"epsilon": 0.01} if model == "GaussianAnomalyDetector" else {}
    created = ok("create", {"model": model, "params": params, "data": classification_data()})
    frame = ok("step", {"session": created["session"], "max_steps": 1})
    assert frame["done"] and frame["iteration"] == 1 and frame["steps"] == [{"iteration": 1, "loss": None}]


class _Stubborn(IterativeMixin, ClassifierMixin, BaseEstimator):
    """A fit_iter that takes two more steps than n_iter says."""

    _kind = "classifier"

    def __init__(self, n_iter=3):
        self.n_iter = n_iter

    def fit_iter(self, X, y=None):
        self.classes_ = np.unique(y)
        self.n_features_in_ = np.shape(X)[1]
        for iteration in range(1, self.n_iter + 3):
            yield Step(iteration, 1.0)

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def test_a_step_past_the_limit_is_still_reported(register):
    session = ok("create", {"model": register(_Stubborn), "data": classification_data()})["session"]
    assert ok("step", {"session": session, "max_steps": 2})["iteration"] == 2
    # Step 3 reaches n_iter; asked whether it was the last, fit_iter takes step 4 instead.
    frame = ok("step", {"session": session, "max_steps": 1})
    assert [s["iteration"] for s in frame["steps"]] == [3, 4] and not frame["done"]
    frame = ok("step", {"session": session, "max_steps": 1})
    assert [s["iteration"] for s in frame["steps"]] == [5] and frame["done"]


def test_step_defaults_to_one_step_and_a_time_budget_still_takes_one(monkeypatch):
    create = {"model": "LinearRegression", "params": {"n_iter": 100}, "data": regression_data()}
    session = ok("create", create)["session"]
    assert len(ok("step", {"session": session})["steps"]) == 1
    timed = ok("step", {"session": session, "max_ms": 10000})
    assert timed["done"] and timed["iteration"] == 100
    # A clock that moves 1 ms per reading: the page's clock is too coarse to see one step pass.
    session = ok("create", create)["session"]
    clock = iter(range(10 ** 6))
    monkeypatch.setattr(sessions.time, "perf_counter", lambda: next(clock) / 1000)
    assert len(ok("step", {"session": session, "max_ms": 1e-9})["steps"]) == 1
    assert len(ok("step", {"session": session, "max_ms": 2.5})["steps"]) == 3


def test_step_rejects_bad_limits_and_unknown_sessions():
    session = ok("create", {"model": "LinearRegression", "data": regression_data()})["session"]
    assert "max_steps must be >= 1" in error("step", {"session": session, "max_steps": 0})["message"]
    assert "max_ms must be > 0" in error("step", {"session": session, "max_ms": -5})["message"]
    assert "There is no session 999" in error("step", {"session": 999})["message"]
    assert "needs a 'session' field" in error("step", {})["message"]


def test_regression_frame_has_losses_metrics_grid_and_view():
    data = regression_data()
    session, frames = train("LinearRegression", {"n_iter": 200, "learning_rate": 0.05}, data, GRID, max_steps=50)
    losses = [s["loss"] for f in frames for s in f["steps"]]
    assert len(losses) == 200 and all(b < a for a, b in zip(losses, losses[1:]))
    frame = frames[-1]
    assert_plain(frame)
    model = pyml.LinearRegression(n_iter=200, learning_rate=0.05).fit(data["X"], data["y"])
    test_pred = model.predict(data["X_test"])
    assert frame["test_loss"] == pytest.approx(np.mean((test_pred - data["y_test"]) ** 2) / 2)
    assert frame["metrics"]["test"]["rmse"] == pytest.approx(np.sqrt(np.mean((test_pred - data["y_test"]) ** 2)))
    assert frame["metrics"]["train"]["r2"] == pytest.approx(model.score(data["X"], data["y"]))
    assert frame["grid"]["size"] == 7
    np.testing.assert_allclose(floats(frame["grid"]["values"]), model.predict(grid_points()), rtol=1e-6)
    assert frame["view"] == {"kind": "linear", "coef": model.coef_.tolist(), "intercept": float(model.intercept_)}


def test_classification_frame_grid_is_probability_of_class_1():
    data = classification_data()
    _, frames = train("LogisticRegression", {"n_iter": 100}, data, GRID)
    frame = frames[-1]
    model = pyml.LogisticRegression(n_iter=100).fit(data["X"], data["y"])
    np.testing.assert_allclose(floats(frame["grid"]["values"]), model.predict_proba(grid_points())[:, 1], rtol=1e-5)
    assert frame["metrics"]["train"]["accuracy"] == pytest.approx(model.score(data["X"], data["y"]))
    confusion = np.array(frame["metrics"]["test"]["confusion"])
    assert confusion.shape == (2, 2) and confusion.sum() == len(data["y_test"])
    assert np.trace(confusion) / confusion.sum() == pytest.approx(frame["metrics"]["test"]["accuracy"])
    proba = model.predict_proba(data["X_test"])
    expected = -np.mean(np.log(proba[np.arange(len(proba)), data["y_test"]]))
    assert frame["test_loss"] == pytest.approx(expected)


def test_create_names_what_the_training_loss_measures():
    names = {}
    for model, params in [("LinearRegression", {}), ("MLPClassifier", {}), ("SVC", {}), ("KMeans", {}),
                          ("DecisionTreeClassifier", {}), ("DecisionTreeClassifier", {"criterion": "entropy"}),
                          ("DecisionTreeRegressor", {}), ("GaussianNB", {})]:
        data = regression_data() if issubclass(ESTIMATORS[model], RegressorMixin) else classification_data()
        created = ok("create", {"model": model, "params": params, "data": data})
        names[model, params.get("criterion")] = created.get("loss_name")
    assert names == {
        ("LinearRegression", None): "½ · mean squared error",
        ("MLPClassifier", None): "cross-entropy",
        ("SVC", None): "dual objective",
        ("KMeans", None): "inertia",
        ("DecisionTreeClassifier", None): "weighted gini impurity",
        ("DecisionTreeClassifier", "entropy"): "weighted entropy impurity",
        ("DecisionTreeRegressor", None): "weighted variance",
        ("GaussianNB", None): None,  # trained in one go: no loss
    }


@pytest.mark.parametrize("model, params", [
    ("DecisionTreeClassifier", {"max_depth": 3}),
    ("SVC", {"C": 1.0}),
    ("KNeighborsClassifier", {}),
    ("GaussianNB", {}),
])
def test_losses_without_a_test_counterpart_have_no_test_loss(model, params):
    """A tree's impurity or an SVM's dual objective next to a test cross-entropy would mislead."""
    data = classification_data()
    _, frames = train(model, params, data)
    assert "metrics" in frames[-1] and all("test_loss" not in frame for frame in frames)
    if model == "DecisionTreeClassifier":
        fitted = pyml.DecisionTreeClassifier(**params).fit(data["X"], data["y"])
        assert [s["loss"] for f in frames for s in f["steps"]] == fitted.loss_curve_  # the impurity, as it is


@pytest.mark.parametrize("model, params", [
    ("LinearRegression", {"n_iter": 30, "learning_rate": 0.05}),
    ("LogisticRegression", {"n_iter": 30}),
    ("MLPClassifier", {"hidden_layer_sizes": [4], "n_epochs": 4, "random_state": 0}),
    ("MLPRegressor", {"hidden_layer_sizes": [4], "n_epochs": 4, "random_state": 0}),
])
def test_train_and_test_losses_are_the_same_data_cost_with_or_without_penalty(model, params):
    cls = getattr(pyml, model)
    data = regression_data() if issubclass(cls, RegressorMixin) else classification_data()

    def data_cost(fitted, X, y):
        if isinstance(fitted, RegressorMixin):
            return np.mean((fitted.predict(X) - np.asarray(y)) ** 2) / 2
        return pyml.metrics.log_loss(y, fitted.predict_proba(X), labels=fitted.classes_)

    for l2 in (0.0, 2.0):
        _, frames = train(model, dict(params, l2=l2), data)
        fitted = cls(**dict(params, l2=l2)).fit(data["X"], data["y"])
        last = frames[-1]
        assert last["loss"] == pytest.approx(data_cost(fitted, data["X"], data["y"]), rel=1e-9)
        assert last["test_loss"] == pytest.approx(data_cost(fitted, data["X_test"], data["y_test"]), rel=1e-9)
        losses = [s["loss"] for f in frames for s in f["steps"]]
        if l2 == 0:
            assert losses == fitted.loss_curve_  # the steps' own cost: the data cost already
        else:
            assert last["loss"] < fitted.loss_curve_[-1]  # the penalty left out


def test_a_penalty_set_during_training_leaves_the_loss_a_data_cost():
    data = classification_data()
    session = ok("create", {"model": "LogisticRegression", "params": {"n_iter": 20}, "data": data})["session"]
    ok("step", {"session": session, "max_steps": 5})
    ok("set_params", {"session": session, "params": {"l2": 5.0}})
    frame = ok("step", {"session": session, "max_steps": 1})
    reference = pyml.LogisticRegression(n_iter=6)
    for step in reference.fit_iter(np.array(data["X"]), np.array(data["y"])):
        if step.iteration == 5:
            reference.l2 = 5.0
    proba = reference.predict_proba(data["X"])
    assert frame["loss"] == pytest.approx(pyml.metrics.log_loss(data["y"], proba), rel=1e-9)
    assert frame["loss"] < reference.loss_curve_[-1]


def test_svm_frame_computes_f_on_the_grid_once_for_grid_and_view(monkeypatch):
    data = classification_data()
    calls = []
    decision_function = pyml.SVC.decision_function

    def counted(model, X):
        calls.append(len(X))
        return decision_function(model, X)

    monkeypatch.setattr(pyml.SVC, "decision_function", counted)
    grid = dict(GRID, size=DECISION_SIZE)
    session = ok("create", {"model": "SVC", "params": {"iter_per_step": 5}, "data": data, "grid": grid})["session"]
    frame = ok("step", {"session": session, "max_steps": 1})
    # One f on the 60 x 60 grid; the others are the metrics' predictions on the training and test data.
    assert calls.count(DECISION_SIZE ** 2) == 1 and len(calls) == 3
    model = pyml.SVC(iter_per_step=5)
    next(model.fit_iter(np.array(data["X"]), np.array(data["y"])))
    points = np.column_stack([a.ravel() for a in np.meshgrid(np.linspace(-2, 3, DECISION_SIZE),
                                                             np.linspace(-1.5, 2, DECISION_SIZE))])
    assert floats(frame["grid"]["values"]).tolist() == model.predict(points).astype(float).tolist()
    np.testing.assert_allclose(floats(frame["view"]["decision"]["values"]), model.decision_function(points), rtol=1e-6)


def test_grid_points_are_made_once_per_session_and_size():
    data = classification_data()
    session = ok("create", {"model": "MLPClassifier", "data": data, "grid": GRID})["session"]
    ok("step", {"session": session})
    state = sessions._sessions[session]
    grids = {size: state.grid_inputs(size) for size in (7, THUMBNAIL_SIZE)}
    second = ok("step", {"session": session})
    assert all(state.grid_inputs(size) is grids[size] for size in grids)  # the same arrays: not rebuilt
    assert not grids[7].flags.writeable
    np.testing.assert_array_equal(grids[7], grid_points())
    assert len(floats(second["view"]["thumbnails"]["layers"][0])) == 2 * THUMBNAIL_SIZE ** 2


def test_one_input_column_gives_a_line_of_predictions():
    X, y = datasets.line(40, random_state=0)
    data = {"X": rows(X), "y": rows(y), "features": ["x1", "x1^2"]}
    _, frames = train("LinearRegression", {"solver": "normal"}, data, {"x": [-2.0, 3.0], "size": 9})
    grid = frames[-1]["grid"]
    assert grid["size"] == 9
    x = np.linspace(-2, 3, 9)
    model = pyml.LinearRegression(solver="normal").fit(np.column_stack([X[:, 0], X[:, 0] ** 2]), y)
    np.testing.assert_allclose(floats(grid["values"]), model.predict(np.column_stack([x, x ** 2])), rtol=1e-5)
    # The page's grid request may carry the plot's y axis (the target): it is not an input.
    _, frames = train("MLPRegressor", {"n_epochs": 2}, {"X": rows(X), "y": rows(y)}, dict(GRID, size=5))
    assert len(floats(frames[-1]["grid"]["values"])) == 5
    assert "thumbnails" not in frames[-1]["view"]  # drawn over a plane only


def test_anomaly_grid_is_the_log_density():
    X, _ = datasets.blobs(60, centers=1, random_state=2)
    grid = {"x": [-12.0, 12.0], "y": [-12.0, 12.0], "size": 6}
    # No threshold yet: predict would raise, but the density is there to draw.
    _, frames = train("GaussianAnomalyDetector", {}, {"X": rows(X)}, grid)
    model = pyml.GaussianAnomalyDetector().fit(X)
    points = np.column_stack([a.ravel() for a in np.meshgrid(np.linspace(-12, 12, 6), np.linspace(-12, 12, 6))])
    np.testing.assert_allclose(floats(frames[-1]["grid"]["values"]), np.log(model.score_samples(points)), rtol=1e-5)
    assert frames[-1]["view"]["kind"] == "anomaly" and frames[-1]["view"]["epsilon"] is None


def test_three_classes_grid_holds_class_indices():
    X, y = datasets.tshirts(60, random_state=0)
    grid = {"x": [150, 195], "y": [40, 100], "size": 5}
    _, frames = train("LogisticRegression", {"n_iter": 50, "normalize": True}, {"X": rows(X), "y": rows(y)}, grid)
    values = floats(frames[-1]["grid"]["values"])
    assert set(np.unique(values)) <= {0.0, 1.0, 2.0}
    assert frames[-1]["metrics"]["train"]["confusion"].__len__() == 3


def test_bridge_training_equals_cpython_training_exactly():
    data = classification_data()
    params = {"n_iter": 300, "learning_rate": 0.5, "l2": 0.1}
    session, _ = train("LogisticRegression", params, data, max_steps=7)
    model = pyml.LogisticRegression(**params).fit(data["X"], data["y"])
    answer = ok("predict", {"session": session, "X": data["X_test"]})
    assert answer["y"] == model.predict(data["X_test"]).tolist()
    np.testing.assert_array_equal(answer["proba"], model.predict_proba(data["X_test"]))


def test_feature_map_trains_on_the_computed_columns():
    data = classification_data()
    data["features"] = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
    created = ok("create", {"model": "LogisticRegression", "params": {"n_iter": 50}, "data": data, "grid": GRID})
    assert created["n_features"] == 7 and created["features"] == data["features"]
    session = created["session"]
    frame = ok("step", {"session": session, "max_steps": 100})

    def mapped(X):
        X = np.asarray(X, dtype=float)
        x1, x2 = X[:, 0], X[:, 1]
        return np.column_stack([x1, x2, x1 ** 2, x2 ** 2, x1 * x2, np.sin(x1), np.sin(x2)])

    model = pyml.LogisticRegression(n_iter=50).fit(mapped(data["X"]), data["y"])
    np.testing.assert_array_equal(ok("predict", {"session": session, "X": data["X_test"]})["proba"],
                                  model.predict_proba(mapped(data["X_test"])))
    np.testing.assert_allclose(floats(frame["grid"]["values"]), model.predict_proba(mapped(grid_points()))[:, 1],
                               rtol=1e-5)


def test_feature_map_of_a_single_input():
    X = np.linspace(-2, 2, 30)[:, None]
    y = X[:, 0] ** 2
    data = {"X": rows(X), "y": rows(y), "features": ["x1", "x1^2"]}
    session, _ = train("LinearRegression", {"solver": "normal"}, data)
    assert ok("predict", {"session": session, "X": [[3.0]]})["y"] == [pytest.approx(9.0)]


def test_set_params_applies_to_the_running_model():
    data = regression_data()
    session = ok("create", {"model": "LinearRegression", "params": {"n_iter": 1000}, "data": data})["session"]
    ok("step", {"session": session, "max_steps": 5})
    answer = ok("set_params", {"session": session, "params": {"learning_rate": 0.05, "n_iter": 12}})
    assert answer["params"]["learning_rate"] == 0.05 and answer["params"]["n_iter"] == 12
    frame = ok("step", {"session": session, "max_steps": 100})
    assert frame["done"] and frame["iteration"] == 12
    # The same change at the same step in CPython gives the same model.
    model = pyml.LinearRegression(n_iter=1000)
    for step in model.fit_iter(np.array(data["X"]), np.array(data["y"])):
        if step.iteration == 5:
            model.set_params(learning_rate=0.05, n_iter=12)
    np.testing.assert_array_equal(ok("predict", {"session": session, "X": data["X_test"]})["y"],
                                  model.predict(data["X_test"]))
    assert "no parameter 'speed'" in error("set_params", {"session": session, "params": {"speed": 2}})["message"]


# ---------------------------------------------------------------- errors in training

def test_divergence_arrives_as_an_error_and_the_session_stays_disposable():
    data = regression_data()
    session = ok("create", {"model": "LinearRegression", "params": {"learning_rate": 10.0}, "data": data})["session"]
    err = error("step", {"session": session, "max_steps": 1000})
    assert err["name"] == "DivergenceError"
    assert "smaller learning_rate" in err["message"]
    assert ok("dispose", {"session": session}) == {}
    assert ok("dispose", {"session": session}) == {}  # twice is harmless
    assert "no session" in error("step", {"session": session})["message"]
    _, frames = train("LinearRegression", {"n_iter": 5}, data)
    assert frames[-1]["done"]


class _Exploding(IterativeMixin, ClassifierMixin, BaseEstimator):
    """Two good steps, then an exception inside fit_iter."""

    _kind = "classifier"

    def __init__(self, fail_at=3):
        self.fail_at = fail_at

    def fit_iter(self, X, y=None):
        self.classes_ = np.unique(y)
        self.n_features_in_ = np.shape(X)[1]
        for iteration in range(1, 10):
            if iteration == self.fail_at:
                raise RuntimeError("the model exploded at step %d" % iteration)
            yield Step(iteration, 1.0 / iteration)

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def test_exception_inside_fit_iter_becomes_an_error_reply(register):
    name = register(_Exploding)
    data = classification_data()
    session = ok("create", {"model": name, "data": data})["session"]
    assert ok("step", {"session": session, "max_steps": 2})["iteration"] == 2
    err = error("step", {"session": session, "max_steps": 5})
    assert err == {"name": "RuntimeError", "message": "the model exploded at step 3"}
    finished = ok("step", {"session": session})
    assert finished["done"] and finished["steps"] == []
    ok("dispose", {"session": session})
    assert train("LogisticRegression", {"n_iter": 3}, data)[1][-1]["done"]


class _OneShot(BaseEstimator):
    """A model without fit_iter and without labels (clustering-like)."""

    _kind = "clusterer"

    def __init__(self, offset=0.0):
        self.offset = offset

    def fit(self, X, y=None):
        self.center_ = np.asarray(X).mean(axis=0)
        return self

    def predict(self, X):
        return (np.asarray(X)[:, 0] > self.center_[0] + self.offset).astype(int)


def test_models_without_fit_iter_train_in_one_step(register):
    name = register(_OneShot)
    created = ok("create", {"model": name, "data": {"X": [[0.0, 0.0], [2.0, 1.0]]}, "grid": GRID})
    assert created["task"] == "clustering"
    frame = ok("step", {"session": created["session"], "max_steps": 1})
    assert frame["done"] and frame["steps"] == [{"iteration": 1, "loss": None}]
    assert "loss" not in frame and "metrics" not in frame
    assert floats(frame["grid"]["values"]).tolist() == (grid_points()[:, 0] > 1.0).astype(float).tolist()


def test_transformers_have_no_grid():
    created = ok("create", {"model": "StandardScaler", "data": {"X": [[0.0, 1.0], [2.0, 3.0]]}, "grid": GRID})
    assert created["task"] == "decomposition"
    frame = ok("step", {"session": created["session"], "max_steps": 5})
    assert frame["done"] and "grid" not in frame


# ---------------------------------------------------------------- save and load

def test_save_then_load_gives_the_same_predictions_and_a_finished_session():
    data = classification_data()
    data["features"] = ["x1", "x2", "x1*x2"]
    session, frames = train("LogisticRegression", {"n_iter": 40, "l2": 0.5}, data)
    text = ok("save", {"session": session})["text"]
    assert json.loads(text)["class"] == "LogisticRegression"
    loaded = ok("load", {"text": text, "data": {"features": data["features"]}, "grid": GRID})
    assert loaded["model"] == "LogisticRegression" and loaded["params"]["l2"] == 0.5
    assert loaded["task"] == "classification" and loaded["classes"] == [0, 1] and loaded["n_features"] == 3
    for X in (data["X"], data["X_test"]):
        assert ok("predict", {"session": loaded["session"], "X": X}) == ok("predict", {"session": session, "X": X})
    frame = ok("step", {"session": loaded["session"], "max_steps": 10})
    assert frame["done"] and frame["steps"] == [] and frame["iteration"] == 40
    assert len(floats(frame["grid"]["values"])) == 49
    # The file's cost includes the penalty: without the training data there is no data cost to show.
    assert "loss" not in frame
    loaded = ok("load", {"text": text, "data": {"X": data["X"], "y": data["y"], "features": data["features"]}})
    assert ok("step", {"session": loaded["session"]})["loss"] == frames[-1]["loss"]
    assert pyml.load(text).predict(np.array(data["X"])[:, :1].repeat(3, axis=1)).shape == (60,)


@pytest.mark.parametrize("model, params", [
    ("LogisticRegression", {"n_iter": 30}),
    ("MLPClassifier", {"hidden_layer_sizes": [3], "n_epochs": 5, "random_state": 0}),
    ("KNeighborsClassifier", {"n_neighbors": 3}),
    ("GaussianNB", {}),
    ("DecisionTreeClassifier", {"max_depth": 3}),
    ("LinearRegression", {"n_iter": 30}),
])
def test_a_loaded_model_reports_what_its_trained_session_did(model, params):
    """The first frame of a loaded model: the same metrics (confusion matrices too), losses, grid
    and view on the page's data as the last frame of the session that trained it."""
    data = regression_data() if model == "LinearRegression" else classification_data()
    session, frames = train(model, params, data, GRID)
    loaded = ok("load", {"text": ok("save", {"session": session})["text"], "data": data, "grid": GRID})
    frame = ok("step", {"session": loaded["session"], "max_steps": 1})
    assert frame["done"] and frame["steps"] == []
    last = frames[-1]
    assert "confusion" in last["metrics"]["test"] or model == "LinearRegression"
    for key in ("metrics", "loss", "test_loss", "grid", "view"):
        assert frame.get(key) == last.get(key), key


def test_load_refuses_a_model_that_does_not_fit_the_data_before_opening_a_session():
    data = classification_data()
    session, _ = train("LogisticRegression", {"n_iter": 10}, data)
    text = ok("save", {"session": session})["text"]
    before = set(sessions._sessions)
    wider = dict(data, features=["x1", "x2", "x1*x2"])
    err = error("load", {"text": text, "data": wider})
    assert err["name"] == "ValueError"
    assert "trained on 2 input feature(s), but the page's data gives 3 (x1, x2, x1*x2)" in err["message"]
    three = dict(data, y=[i % 3 for i in range(len(data["y"]))])
    err = error("load", {"text": text, "data": three})
    assert "knows the classes 0, 1, but the page's data has the classes 0, 1, 2" in err["message"]
    assert set(sessions._sessions) == before  # nothing was opened
    assert ok("load", {"text": text, "data": data})["model"] == "LogisticRegression"


def test_load_rejects_what_is_not_a_model_file():
    err = error("load", {"text": '{"hello": 1}'})
    assert err["name"] == "ValueError" and "not a pyml model file" in err["message"]
    assert "needs a 'text' field" in error("load", {})["message"]


# ---------------------------------------------------------------- run

def test_run_captures_stdout_and_the_last_expression():
    result = ok("run", {"code": "import pyml\nprint('hello', 1 + 1)\nanswer = 42\nanswer * 2"})
    assert result == {"stdout": "hello 2\n", "result": "84"}
    assert ok("run", {"code": "answer"})["result"] == "42"  # the namespace persists
    assert ok("run", {"code": "x = 1"})["result"] is None


def test_run_errors_carry_output_and_traceback():
    err = error("run", {"code": "print('before')\n\ndef f():\n    raise KeyError('k')\n\nf()"})
    assert err["name"] == "KeyError" and err["stdout"] == "before\n"
    assert 'File "<code>", line 4, in f' in err["traceback"] and "run.py" not in err["traceback"]
    assert error("run", {"code": "1 +"})["name"] == "SyntaxError"
    assert error("run", {"code": 5})["name"] == "TypeError"


def test_results_are_plain_values():
    data = classification_data()
    session, frames = train("LogisticRegression", {"n_iter": 5}, data, GRID)
    for result in frames + [ok("predict", {"session": session, "X": data["X"]}), ok("save", {"session": session})]:
        assert_plain(result)


# ---------------------------------------------------------------- data sets

def test_data_makes_the_data_set_and_split_the_python_panel_writes():
    params = {"n_samples": 50, "noise": 0.2, "random_state": 3}
    result = ok("data", {"dataset": "moons", "params": params, "test_size": 0.2, "random_state": 3})
    assert_plain(result)
    X, y = datasets.moons(**params)
    X_train, X_test, y_train, y_test = pyml.train_test_split(X, y, test_size=0.2, random_state=3)
    assert result == {"X": rows(X_train), "y": rows(y_train), "X_test": rows(X_test), "y_test": rows(y_test),
                      "columns": None}
    whole = ok("data", {"dataset": "spiral", "params": {"n_samples": 30, "random_state": 0, "n_classes": 3}})
    assert whole["X_test"] is None and sorted(set(whole["y"])) == [0, 1, 2]


def test_data_reads_csv_text_with_pyml_errors():
    result = ok("data", {"dataset": "csv", "csv": "a,b,t\n1,2,0\n3,4,1\n5,6,0", "target": -1})
    assert result["X"] == [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]] and result["columns"] == ["a", "b"]
    err = error("data", {"dataset": "csv", "csv": "a,b\nx,1"})  # text among the features (a target may hold names)
    assert err["name"] == "ValueError" and "CSV line 2" in err["message"]


@pytest.mark.parametrize("payload, name, words", [
    ({}, "ValueError", "needs a 'dataset' field"),
    ({"dataset": "os"}, "ValueError", "Unknown data set 'os'. Known data sets: blobs, circles"),
    ({"dataset": "moons", "params": [1]}, "TypeError", "JSON object of datasets.moons's keywords"),
    ({"dataset": "moons", "params": {"n_samples": -3}}, "ValueError", "n_samples"),
    ({"dataset": "csv", "csv": 5}, "TypeError", "csv must be the CSV text"),
])
def test_data_rejects_bad_requests_clearly(payload, name, words):
    err = error("data", payload)
    assert err["name"] == name and words in err["message"]


# ---------------------------------------------------------------- labs

def test_a_lab_keeps_its_state_in_its_session_until_disposed():
    opened = ok("open_lab", {"lab": "grid_world", "params": {"layout": "S..\n.#.\n..G"}})
    assert opened["lab"] == "grid_world" and opened["calls"] == ["sweep", "episodes", "set_params"]
    session = opened["session"]
    sweeps = [ok("lab", {"session": session, "call": "sweep"}) for _ in range(3)]
    assert [s["sweep"] for s in sweeps] == [1, 2, 3]  # one value-iteration sweep per call
    learned = ok("lab", {"session": session, "call": "episodes", "args": {"n_episodes": 4}})
    assert learned["episode"] == 4 and len(learned["returns"]) == 4
    for result in sweeps + [learned]:
        assert_plain(result)
    ok("dispose", {"session": session})
    assert "no session" in error("lab", {"session": session, "call": "sweep"})["message"]


def test_each_lab_has_its_own_session():
    first = ok("open_lab", {"lab": "grid_world", "params": {"layout": "S.G"}})["session"]
    second = ok("open_lab", {"lab": "grid_world", "params": {"layout": "S..G"}})["session"]
    ok("lab", {"session": first, "call": "sweep"})
    assert ok("lab", {"session": second, "call": "sweep"})["sweep"] == 1
    assert len(ok("lab", {"session": second, "call": "sweep"})["values"]) == 4


@pytest.mark.parametrize("call, payload, words", [
    ("open_lab", {}, "needs a 'lab' field"),
    ("open_lab", {"lab": "bridge"}, "Unknown lab 'bridge'. Known labs: anomaly, digits"),
    ("open_lab", {"lab": "grid_world", "params": {"layout": "S..", "colour": 1}}, "colour"),
    ("open_lab", {"lab": "grid_world", "params": {"layout": "S.#"}}, "G"),
    ("lab", {"call": "sweep"}, "needs a 'session' field: the number that open_lab returned"),
])
def test_labs_reject_bad_requests_clearly(call, payload, words):
    assert words in error(call, payload)["message"]


def test_lab_calls_are_only_those_the_lab_lists():
    session = ok("open_lab", {"lab": "text_colors"})["session"]
    for name in ("__init__", "__class__", "answer_"):
        assert "has no call %r. Its calls: answer" % name in error("lab", {"session": session, "call": name})["message"]
    err = error("lab", {"session": session, "call": "answer", "args": {"rgb": [0, 0], "extra": 1}})
    assert err["name"] == "TypeError"
    assert ok("lab", {"session": session, "call": "answer", "args": {"rgb": [0.1, 0.1, 0.2]}})["best"] == "white"


def test_model_and_lab_sessions_do_not_mix():
    lab = ok("open_lab", {"lab": "text_colors"})["session"]
    assert "Session %d is a lab: the step call does not apply to it." % lab == error("step", {"session": lab})["message"]
    model = ok("create", {"model": "LinearRegression", "data": regression_data()})["session"]
    assert "is a model" in error("lab", {"session": model, "call": "answer"})["message"]


# ---------------------------------------------------------------- the estimators' declarations

def test_the_bridge_and_the_estimators_declarations_agree():
    """The bridge reads what a model is from the model (_kind, _loss_name): its few tables of its
    own must cover every kind and every estimator, and create must answer what the class says."""
    assert set(TASKS) == set(KINDS), "a kind without a task name in pyml/web/models.py"
    assert set(VIEWS) <= set(ESTIMATORS), "a view for a class pyml does not have"
    data = {"X": classification_data()["X"], "y": classification_data()["y"]}
    for name, cls in ESTIMATORS.items():
        assert cls._kind in KINDS, name
        assert (cls._kind == "classifier") == issubclass(cls, ClassifierMixin), name
        assert (cls._kind == "regressor") == issubclass(cls, RegressorMixin), name
        if cls._loss_name in DATA_COSTS:  # measured on test data too: a loss on labels
            assert cls._kind in ("classifier", "regressor"), name
        assert len([p for p in STEP_LIMITS if p in cls._param_names()]) <= 1, name
        if cls._kind == "agent":
            continue  # trained on an environment, not through create
        y = data["y"] if cls._kind == "classifier" else [float(v) for v in data["y"]]
        created = ok("create", {"model": name, "data": {"X": data["X"], "y": y}})
        described = pyml.base.describe(cls)
        assert created["task"] == TASKS[described["kind"]], name
        loss_name = described["loss_name"] and described["loss_name"].format(**cls().get_params())
        assert created.get("loss_name") == (loss_name if hasattr(cls, "fit_iter") else None), name
        ok("dispose", {"session": created["session"]})


def test_the_anomaly_detector_is_an_anomaly_model_not_a_clustering_one():
    created = ok("create", {"model": "GaussianAnomalyDetector", "data": {"X": classification_data()["X"]}, "grid": GRID})
    assert created["task"] == "anomaly"
    frame = ok("step", {"session": created["session"], "max_steps": 10})
    assert frame["done"] and frame["view"]["kind"] == "anomaly" and len(floats(frame["grid"]["values"])) == 49
