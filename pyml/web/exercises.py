"""The exercises' page calls: each answers one line of JSON, which the page reads from the output.

The page runs ``print(pyml.web.exercises.<call>(...))`` through the runtime's ``run`` call (the
call for user code): the learner's own printing is captured by the sandbox, so this line is the
only output. Nothing here sends anything anywhere: it all runs in the learner's tab.
"""

import json

import numpy as np

from .. import exercises
from ..demos import housing_by_size
from ..exercises import training
from ..exercises.sandbox import LearnerError, Sandbox

# The training the page is pulling frames from, if any: {"name", "steps" (a generator), "sandbox"}.
_training = {}
TRAINING_TIME_LIMIT = 5.0  # seconds of the learner's code per frame request


def info(name):
    """The exercise's title, functions, starting code and reference solution."""
    exercise = exercises.EXERCISES.get(name)
    if exercise is None:
        raise ValueError("Unknown exercise %r. Known exercises: %s." % (name, ", ".join(exercises.EXERCISES)))
    return _json({"name": name, "title": exercise.title, "functions": exercise.functions, "stub": exercise.stub,
                  "solution": exercises.solution_source(name), "trains": name in TRAINERS})


def check(name, source):
    """The result of checking ``source``: see pyml.exercises.checking.check."""
    return _json(exercises.check(name, source))


def run(source):
    """Run a program under the exercises' limits: ``{"output", "error", "line"}`` (the playground's Run here)."""
    sandbox = Sandbox()
    try:
        sandbox.run(source)
        error, line = None, None
    except LearnerError as failure:
        error, line = failure.message, failure.line
    return _json({"output": sandbox.output.getvalue(), "error": error, "line": line})


# ---------------------------------------------------------------- train with my code

def _linear(sandbox, options):
    X, y = housing_by_size()
    steps = training.linear_regression(sandbox.function("gradient_step"), X, y,
                                       learning_rate=float(options.get("learning_rate", 0.1)), n_iter=1500, tol=1e-6)
    return steps, {"X": X[:, 0], "y": y}, lambda step: {"theta": step.theta}


def _kmeans(sandbox, options):
    from ..datasets import blobs

    X, _ = blobs(n_samples=300, centers=3, noise=1.2, random_state=int(options.get("seed", 5)))
    init = X[np.random.default_rng(int(options.get("seed", 5))).choice(len(X), 3, replace=False)]
    steps = training.kmeans(sandbox.function("closest_centroids"), sandbox.function("compute_centroids"), X, init)
    return steps, {"X": X, "init": init}, lambda step: {"centroids": step.centroids, "idx": step.idx}


GRID = 40  # the probability map's size for logistic regression


def _logistic(sandbox, options):
    from ..datasets import blobs
    from ..exercises.solutions import sigmoid

    X, y = blobs(n_samples=200, centers=2, noise=1.5, random_state=2)
    lam = float(options.get("lam", 0.0))
    steps = training.logistic_regression(sandbox.function("cost_and_gradient"), X, y, learning_rate=1.0,
                                         n_iter=400, lam=lam)
    low, high = X.min(axis=0) - 1, X.max(axis=0) + 1
    xs, ys = np.meshgrid(np.linspace(low[0], high[0], GRID), np.linspace(low[1], high[1], GRID))
    grid = np.column_stack([xs.ravel(), ys.ravel()])  # row-major, the first row at y min

    def frame(step):
        coef = step.theta[1:] / step.std  # back to the raw features, as LogisticRegression reports them
        intercept = step.theta[0] - step.mean @ coef
        return {"coef": coef, "intercept": intercept,
                "grid": {"size": GRID, "values": np.round(sigmoid(grid @ coef + intercept), 4)}}

    return steps, {"X": X, "y": y, "x": [low[0], high[0]], "y_range": [low[1], high[1]]}, frame


TRAINERS = {"gradient-descent": _linear, "logistic-cost": _logistic, "kmeans": _kmeans}


def train_start(name, source, options=None):
    """Run the learner's ``source`` and set up training with their functions; the data to draw."""
    _training.clear()
    sandbox = Sandbox(time_limit=TRAINING_TIME_LIMIT)
    try:
        sandbox.run(source)
        steps, data, frame = TRAINERS[name](sandbox, options or {})
    except LearnerError as error:
        return _json({"error": error.message, "line": error.line})
    _training.update(name=name, steps=steps, sandbox=sandbox, frame=frame)
    return _json({"data": data})


def train_steps(max_steps=1):
    """The next ``max_steps`` training steps: ``{"steps": [{iteration, loss}], "done", ...the last
    step's view, "error"?}``."""
    if not _training:
        return _json({"error": "There is no training to continue: press Train with my code.", "done": True})
    sandbox = _training["sandbox"]
    sandbox.time_limit = TRAINING_TIME_LIMIT
    taken, done, error, line = [], False, None, None
    try:
        for _ in range(max_steps):
            step = sandbox.call(next, _training["steps"])
            taken.append(step)
    except LearnerError as failure:
        if isinstance(failure.__cause__, StopIteration):
            done = True
        else:
            done, error, line = True, failure.message, failure.line
    answer = {"steps": [{"iteration": s.iteration, "loss": s.loss} for s in taken], "done": done}
    if taken:
        answer.update(_training["frame"](taken[-1]))
    if error:
        answer.update(error=error, line=line)
    if done:
        _training.clear()
    return _json(answer)


def _json(value):
    return json.dumps(_plain(value), allow_nan=False)


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, float) and not np.isfinite(value):
        return None  # JSON has no nan or inf
    return value
