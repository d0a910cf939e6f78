"""The benchmark's workloads: the same pyml code, timed in CPython and in Pyodide.

This file runs unchanged in both (Python 3.8 + numpy 1.17 in the page's worker, where
bench.py sends its source through the runtime's ``run`` call). Nothing here asserts a speed:
it only measures. Each task is a fixed amount of training at a playground size; ``measure``
runs it ``repeats`` times and returns the raw seconds, which bench.py summarises.

Two kinds of task:
- "train": the algorithm alone, ``fit_iter`` for a fixed number of steps (or ``fit`` once,
  or ``predict`` on the page's 60 x 60 grid for models whose work is predicting).
- "frame": the bridge (pyml.web.bridge), one ``step`` call of one training step plus its
  frame (metrics, the 60 x 60 grid, the view), as the page asks for it every animation frame.
"""

import json
import time

import numpy as np

import pyml
from pyml import datasets
from pyml.base import ESTIMATORS

GRID_SIZE = 60  # the playground's heatmap resolution (web/js/app.js)
EXTENT = [-6.0, 6.0]

# A cliff-walking world (Sutton & Barto) and Russell & Norvig's 4 x 3 world, slippery.
CLIFF = "............\n............\n............\nSXXXXXXXXXXG"
RUSSELL_NORVIG = "...G\n.#.X\nS..."


def _data(name, n):
    if name == "digits":
        return datasets.digits()
    if name == "plane":
        X, y = datasets.plane(n_samples=n, noise=0.5, random_state=0)
        return X, y
    if name == "blobs":
        return datasets.blobs(n_samples=n, centers=3, noise=1.0, random_state=0)
    if name == "spiral":
        return datasets.spiral(n_samples=n, noise=0.1, random_state=0)
    return datasets.moons(n_samples=n, noise=0.1, random_state=0)


def _grid_points(size=GRID_SIZE):
    axis = np.linspace(EXTENT[0], EXTENT[1], size)
    gx, gy = np.meshgrid(axis, axis)
    return np.column_stack([gx.ravel(), gy.ravel()])


def _task(name, model, params, data, n, unit, steps=None, work="fit_iter", sklearn=None, frame=False):
    return {
        "name": name, "model": model, "params": params, "data": data, "n": n, "unit": unit,
        "steps": steps, "work": work, "sklearn": sklearn, "frame": frame,
    }


def _tasks():
    """Every task, in the order of the report. ``sklearn`` is (class path, keywords) of the same fit."""
    mlp = {"hidden_layer_sizes": [4, 2], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.03,
           "batch_size": 32, "random_state": 1}
    tasks = []
    for n in (500, 5000):
        tasks += [
            _task("linear-gd", "LinearRegression",
                  {"solver": "gd", "learning_rate": 0.03, "n_iter": 100000, "normalize": True}, "plane", n,
                  "iterations", steps=300 if n == 500 else 200,
                  sklearn=("linear_model.SGDRegressor", {"max_iter": 300, "tol": None, "random_state": 0}),
                  frame=n == 500),
            _task("logistic-gd", "LogisticRegression",
                  {"solver": "gd", "learning_rate": 0.3, "n_iter": 100000, "normalize": True, "tol": 0}, "moons",
                  n, "iterations", steps=300 if n == 500 else 100,
                  sklearn=("linear_model.LogisticRegression", {"solver": "lbfgs", "max_iter": 300}), frame=n == 500),
            _task("logistic-lbfgs", "LogisticRegression",
                  {"solver": "lbfgs", "n_iter": 500, "normalize": True, "l2": 0.01}, "moons", n,
                  "iterations", sklearn=("linear_model.LogisticRegression", {"solver": "lbfgs", "C": 100.0})),
            _task("mlp", "MLPClassifier", dict(mlp, n_epochs=100000), "spiral", n, "epochs",
                  steps=10 if n == 500 else 2,
                  sklearn=("neural_network.MLPClassifier", {"hidden_layer_sizes": (4, 2), "activation": "tanh",
                           "solver": "adam", "learning_rate_init": 0.03, "batch_size": 32,
                           "max_iter": 10 if n == 500 else 2, "tol": 0, "random_state": 1}),
                  frame=n == 500),
            _task("kmeans", "KMeans", {"n_clusters": 3, "init": "random", "n_init": 10, "max_iter": 100,
                                       "random_state": 1}, "blobs", n, "iterations",
                  sklearn=("cluster.KMeans", {"n_clusters": 3, "init": "random", "n_init": 10, "max_iter": 100,
                                              "algorithm": "lloyd", "random_state": 1}), frame=n == 500),
            _task("pca", "PCA", {"n_components": 1}, "blobs", n, "fits", work="fit",
                  sklearn=("decomposition.PCA", {"n_components": 1}), frame=n == 500),
            _task("svc-rbf", "SVC", {"kernel": "rbf", "C": 1.0, "iter_per_step": 5}, "moons", n, "SMO iterations",
                  work="fit_iter", steps=None if n == 500 else 200,
                  sklearn=("svm.SVC", {"kernel": "rbf", "C": 1.0}), frame=n == 500),
            _task("knn", "KNeighborsClassifier", {"n_neighbors": 5}, "moons", n, "grid predictions",
                  work="predict_grid", sklearn=("neighbors.KNeighborsClassifier", {"n_neighbors": 5,
                                                                                   "algorithm": "brute"}),
                  frame=n == 500),
            _task("gaussian-nb", "GaussianNB", {}, "blobs", n, "fits", work="fit",
                  sklearn=("naive_bayes.GaussianNB", {}), frame=n == 500),
            _task("tree", "DecisionTreeClassifier", {"max_depth": 5}, "moons", n, "levels",
                  sklearn=("tree.DecisionTreeClassifier", {"max_depth": 5, "random_state": 0}), frame=n == 500),
            _task("anomaly", "GaussianAnomalyDetector", {"epsilon": 0.001}, "blobs", n, "fits", work="fit",
                  sklearn=("covariance.EmpiricalCovariance", {}), frame=n == 500),
        ]
    tasks += [
        _task("mlp", "MLPClassifier", {"hidden_layer_sizes": [32], "activation": "relu", "optimizer": "adam",
                                       "learning_rate": 0.01, "batch_size": 32, "n_epochs": 100000,
                                       "random_state": 1}, "digits", 1797, "epochs", steps=3,
              sklearn=("neural_network.MLPClassifier", {"hidden_layer_sizes": (32,), "solver": "adam",
                       "learning_rate_init": 0.01, "batch_size": 32, "max_iter": 3, "tol": 0, "random_state": 1})),
        _task("pca", "PCA", {"n_components": 2}, "digits", 1797, "fits", work="fit",
              sklearn=("decomposition.PCA", {"n_components": 2, "svd_solver": "full"})),
        _task("knn", "KNeighborsClassifier", {"n_neighbors": 5}, "digits", 1797, "predictions", work="predict_train",
              sklearn=("neighbors.KNeighborsClassifier", {"n_neighbors": 5, "algorithm": "brute"})),
        _task("svc-rbf", "SVC", {"kernel": "rbf", "C": 1.0, "iter_per_step": 5}, "digits", 1797, "SMO iterations",
              sklearn=("svm.SVC", {"kernel": "rbf", "C": 1.0})),
        _task("gaussian-nb", "GaussianNB", {}, "digits", 1797, "fits", work="fit",
              sklearn=("naive_bayes.GaussianNB", {})),
        _task("tree", "DecisionTreeClassifier", {"max_depth": 8}, "digits", 1797, "levels",
              sklearn=("tree.DecisionTreeClassifier", {"max_depth": 8, "random_state": 0})),
        _task("q-learning", "QLearning", {"learning_rate": 0.5, "discount": 1.0, "epsilon": 0.1,
                                          "n_episodes": 100000, "random_state": 1}, "cliff", 48, "episodes",
              steps=100),
        _task("value-iteration", "value_iteration", {"gamma": 0.9, "theta": 1e-12, "max_sweeps": 200},
              "russell-norvig", 12, "sweeps"),
    ]
    for task in tasks:
        task["id"] = "%s/%s-%d" % (task["name"], task["data"], task["n"])
    return tasks


TASKS = _tasks()
BY_ID = {task["id"]: task for task in TASKS}


def _setup(task):
    """The model and the arguments of its training, built outside the timed part."""
    if task["data"] == "cliff":
        env = pyml.rl.GridWorld(CLIFF, step_reward=-1.0, rewards={"X": -100.0, "G": -1.0})
        return ESTIMATORS[task["model"]](**task["params"]), (env,)
    if task["data"] == "russell-norvig":
        env = pyml.rl.GridWorld(RUSSELL_NORVIG, slip=0.2)
        return None, (env,)
    X, y = _data(task["data"], task["n"])
    model = ESTIMATORS[task["model"]](**task["params"])
    return model, (X, y)


def _run(task, model, args):
    """Do the task's work once; return the number of units done."""
    work = task["work"]
    if task["model"] == "value_iteration":
        return sum(1 for _ in pyml.rl.value_iteration(args[0], **task["params"]))
    if work == "fit":
        model.fit(*args)
        return 1
    if work == "predict_grid":
        model.fit(*args)
        model.predict(_grid_points())
        return GRID_SIZE * GRID_SIZE
    if work == "predict_train":
        model.fit(*args)
        model.predict(args[0])
        return len(args[0])
    if task["model"] == "SVC":
        steps = 0
        for _ in model.fit_iter(*args):
            steps += 1
            if task["steps"] is not None and steps >= task["steps"]:
                break
        return model.n_iter_
    steps = 0
    for _ in model.fit_iter(*args):
        steps += 1
        if task["steps"] is not None and steps >= task["steps"]:
            break
    return steps


def _primitives():
    """The operations a training step is made of, as (id, description, call).

    Their browser/CPython ratios are the runtime's floor: an exact change to pyml can remove
    calls, but a step made of these cannot run faster, relative to CPython, than they do.
    """
    rng = np.random.default_rng(0)
    small, x = rng.random(3), np.float64(1.5)
    A, e = rng.random((500, 3)), rng.random(500)
    v, P = rng.random(5000) + 0.5, rng.random((5000, 3))
    D, W = rng.random((1797, 64)), rng.random((64, 32))

    def loop():
        total = 0.0
        for i in range(1000):
            total += i * 0.5
        return total

    def errstate():
        with np.errstate(over="ignore"):
            pass

    return [
        ("python-loop", "Python: a 1,000-step loop of float arithmetic", loop),
        ("numpy-call", "one small numpy call: add two 3-element arrays", lambda: small + small),
        ("numpy-scalar", "arithmetic on a numpy float64 (x * 2.0)", lambda: x * 2.0),
        ("errstate", "enter and leave `np.errstate`", errstate),
        ("matvec-500x3", "`A.T @ e`, A of 500 × 3", lambda: A.T @ e),
        ("add-5000", "add two arrays of 5,000", lambda: v + v),
        ("exp-5000", "`np.exp` of 5,000 values", lambda: np.exp(v)),
        ("log-5000", "`np.log` of 5,000 values", lambda: np.log(v)),
        ("tanh-5000", "`np.tanh` of 5,000 values", lambda: np.tanh(v)),
        ("argmin-5000x3", "`argmin(axis=1)` of 5,000 × 3", lambda: P.argmin(axis=1)),
        ("sum0-5000x3", "`sum(axis=0)` of 5,000 × 3", lambda: P.sum(axis=0)),
        ("matmul-1797x64x32", "matrix product 1,797 × 64 by 64 × 32", lambda: D @ W),
        ("svd-1797x64", "`np.linalg.svd` of 1,797 × 64 (thin)", lambda: np.linalg.svd(D, full_matrices=False)),
    ]


PRIMITIVES = {pid: about for pid, about, _ in _primitives()}


def measure_primitives(repeats=1, min_seconds=0.02):
    """Seconds per call of each primitive, ``repeats`` times: {id: [seconds, ...]}.

    Each figure times a loop of calls long enough (``min_seconds``) for the page's coarse clock.
    """
    results = {}
    for pid, _, call in _primitives():
        call()  # warm-up: the page compiles a code path the first time it runs
        results[pid] = []
        for _ in range(repeats):
            n = 1
            while True:
                start = time.perf_counter()
                for _ in range(n):
                    call()
                seconds = time.perf_counter() - start
                if seconds >= min_seconds:
                    break
                n *= 2
            results[pid].append(seconds / n)
    return results


def measure(task_id, repeats=1, warmup_s=0.0):
    """Run a "train" task ``repeats`` times: [{"seconds", "units"}] per run.

    First, untimed, the task runs again and again for ``warmup_s`` seconds: in the page the
    first runs of a code path are slow while V8 still optimises numpy's WebAssembly.
    """
    task = BY_ID[task_id]
    start = time.perf_counter()
    while time.perf_counter() - start < warmup_s:
        _run(task, *_setup(task))
    runs = []
    for _ in range(repeats):
        model, args = _setup(task)
        start = time.perf_counter()
        units = _run(task, model, args)
        runs.append({"seconds": time.perf_counter() - start, "units": units})
    return runs


def measure_frames(task_id, repeats=5, warmup=2):
    """The bridge's cost per frame: ``step`` calls of one training step with the 60 x 60 grid.

    Returns per call the seconds of the whole call, of the training step alone (fit_iter),
    and the frame's size in bytes (float32 arrays plus the JSON of everything else).
    """
    from pyml.web import bridge, frames, sessions

    task = BY_ID[task_id]
    X, y = _data(task["data"], task["n"])
    payload = {
        "model": task["model"],
        "params": _page_params(task),
        "data": {"X": X.tolist(), "y": y.tolist()},
        "grid": {"x": EXTENT, "y": EXTENT, "size": GRID_SIZE},
    }
    reply = bridge.handle("create", json.dumps(payload))
    if not reply["ok"]:
        raise RuntimeError(reply["error"])
    session = reply["result"]["session"]
    calls = []
    try:
        for i in range(warmup + repeats):
            start = time.perf_counter()
            reply = bridge.handle("step", json.dumps({"session": session, "max_steps": 1}))
            total = time.perf_counter() - start
            if not reply["ok"]:
                raise RuntimeError(reply["error"])
            trained = sessions.session_of({"session": session}, sessions.TrainingSession, "step")
            start = time.perf_counter()
            frames.frame(trained, [])
            framing = time.perf_counter() - start
            if i >= warmup:
                calls.append({"seconds": total, "frame_seconds": framing, "bytes": _size(reply["result"])})
    finally:
        bridge.handle("dispose", {"session": session})
    return calls


def _page_params(task):
    """The task's parameters with the playground's iteration counts (a session that goes on)."""
    params = dict(task["params"])
    if task["model"] == "SVC":
        params["iter_per_step"] = 5
    return params


def _size(value):
    """Bytes a frame carries: float32 arrays as they are, the rest as JSON text."""
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, dict):
        return sum(_size(v) + len(str(k)) + 4 for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(_size(v) + 1 for v in value) + 2
    return len(json.dumps(value))


def bench_json(task_id, kind="train", repeats=1, warmup_s=0.0):
    """``measure`` or ``measure_frames`` as JSON text (what the page's ``run`` call prints)."""
    runs = measure(task_id, repeats, warmup_s) if kind == "train" else measure_frames(task_id, repeats)
    return json.dumps(runs)


def serve(lines, out):
    """Answer requests {"kind", "id", "repeats"}, one JSON line each (bench.py's CPython child)."""
    for line in lines:
        request = json.loads(line)
        if request["kind"] == "environment":
            answer = environment()
        elif request["kind"] == "primitives":
            answer = measure_primitives(request["repeats"])
        elif request["kind"] == "sklearn":
            answer = measure_sklearn(request["id"], request["repeats"])
        else:
            answer = json.loads(bench_json(request["id"], request["kind"], request["repeats"],
                                           request.get("warmup_s", 0.0)))
        out.write(json.dumps(answer) + "\n")
        out.flush()


def measure_sklearn(task_id, repeats=1):
    """scikit-learn's seconds for the same task (CPython only): fit, plus the predictions k-NN makes."""
    import importlib
    import warnings

    task = BY_ID[task_id]
    path, params = task["sklearn"]
    module, name = path.rsplit(".", 1)
    cls = getattr(importlib.import_module("sklearn." + module), name)
    X, y = _data(task["data"], task["n"])
    runs = []
    for _ in range(repeats):
        model = cls(**params)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence warnings of the fixed iteration counts
            model.fit(X, y)
            if task["work"] == "predict_grid":
                model.predict(_grid_points())
            elif task["work"] == "predict_train":
                model.predict(X)
        runs.append(time.perf_counter() - start)
    return runs


def environment():
    """The Python, numpy (and scikit-learn, if any) this code runs on."""
    import sys

    try:
        import sklearn

        sklearn_version = sklearn.__version__
    except ImportError:
        sklearn_version = None
    return {"python": sys.version.split()[0], "numpy": np.__version__, "pyml": pyml.__version__,
            "sklearn": sklearn_version}

