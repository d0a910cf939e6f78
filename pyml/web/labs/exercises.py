"""The exercise pages (``web/exercises/``): an exercise's starting code and solution, checking
the learner's code, and training with their functions; and running a program under the same
limits (the playground's Run here).

The learner's code runs here, under the limits of :mod:`pyml.exercises.sandbox`: their own
printing is captured by the sandbox and comes back in the answer. Nothing here sends anything
anywhere: it all runs in the learner's tab.
"""

import numpy as np

from ... import exercises
from ...exercises import training
from ...exercises.sandbox import LearnerError, Sandbox
from ...validation import check_number
from .housing import housing_by_size

TRAINING_TIME_LIMIT = 5.0  # seconds of the learner's code per frame request


# ---------------------------------------------------------------- train with my code

def _linear(sandbox, options):
    X, y = housing_by_size()
    steps = training.linear_regression(sandbox.function("gradient_step"), X, y,
                                       learning_rate=float(options.get("learning_rate", 0.1)), n_iter=1500, tol=1e-6)
    return steps, {"X": X[:, 0], "y": y}, lambda step: {"theta": step.theta}


def _kmeans(sandbox, options):
    from ...datasets import blobs

    X, _ = blobs(n_samples=300, centers=3, noise=1.2, random_state=int(options.get("seed", 5)))
    init = X[np.random.default_rng(int(options.get("seed", 5))).choice(len(X), 3, replace=False)]
    steps = training.kmeans(sandbox.function("closest_centroids"), sandbox.function("compute_centroids"), X, init)
    return steps, {"X": X, "init": init}, lambda step: {"centroids": step.centroids, "idx": step.idx}


GRID = 40  # the probability map's size for logistic regression


def _logistic(sandbox, options):
    from ...datasets import blobs
    from ...exercises.solutions import sigmoid

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


class ExercisesLab:
    """One exercise page's calls; it keeps the training the page is pulling frames from."""

    calls = ("info", "check", "run", "train_start", "train_steps")

    def __init__(self):
        self._training = None  # {"steps" (a generator), "sandbox", "frame"} while a training runs

    def info(self, name):
        """The exercise's title, functions, starting code and reference solution."""
        exercise = exercises.EXERCISES.get(name)
        if exercise is None:
            raise ValueError("Unknown exercise %r. Known exercises: %s." % (name, ", ".join(exercises.EXERCISES)))
        return {"name": name, "title": exercise.title, "functions": exercise.functions, "stub": exercise.stub,
                "solution": exercises.solution_source(name), "trains": name in TRAINERS}

    def check(self, name, source):
        """The result of checking ``source``: see pyml.exercises.checking.check."""
        return _finite(exercises.check(name, source))

    def run(self, source):
        """Run a program under the exercises' limits: ``{"output", "error", "line", "kind"}``, where
        ``kind`` says what stopped it ("syntax", "exception", "timeout", "memory"; None when it ran
        through)."""
        sandbox = Sandbox()
        try:
            sandbox.run(source)
            error, line, kind = None, None, None
        except LearnerError as failure:
            error, line, kind = failure.message, failure.line, failure.kind
        return {"output": sandbox.output.getvalue(), "error": error, "line": line, "kind": kind}

    def train_start(self, name, source, options=None):
        """Run the learner's ``source`` and set up training with their functions: ``{"data"}``, the
        data to draw, or ``{"error", "line"}`` when their code failed."""
        if name not in TRAINERS:
            raise ValueError("Exercise %r has no training. These do: %s." % (name, ", ".join(TRAINERS)))
        if not isinstance(options, (dict, type(None))):
            raise TypeError("options must be a JSON object of numbers, got %s." % type(options).__name__)
        self._training = None
        sandbox = Sandbox(time_limit=TRAINING_TIME_LIMIT)
        try:
            sandbox.run(source)
            steps, data, frame = TRAINERS[name](sandbox, options or {})
        except LearnerError as error:
            return {"error": error.message, "line": error.line}
        self._training = {"steps": steps, "sandbox": sandbox, "frame": frame}
        return _finite({"data": data})

    def train_steps(self, max_steps=1):
        """The next ``max_steps`` training steps: ``{"steps": [{iteration, loss}], "done", ...the last
        step's view, "error"?, "line"?}``."""
        if self._training is None:
            return {"error": "There is no training to continue: press Train with my code.", "done": True, "steps": []}
        sandbox = self._training["sandbox"]
        sandbox.time_limit = TRAINING_TIME_LIMIT
        taken, done, error, line = [], False, None, None
        try:
            for _ in range(check_number("max_steps", max_steps, low=1, integer=True)):
                taken.append(sandbox.call(next, self._training["steps"]))
        except LearnerError as failure:
            if isinstance(failure.__cause__, StopIteration):
                done = True
            else:
                done, error, line = True, failure.message, failure.line
        answer = {"steps": [{"iteration": s.iteration, "loss": s.loss} for s in taken], "done": done}
        if taken:
            answer.update(self._training["frame"](taken[-1]))
        if error:
            answer.update(error=error, line=line)
        if done:
            self._training = None
        return _finite(answer)


def _finite(value):
    """``value`` as JSON values, a learner's nan or inf (a diverging cost) as None."""
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, np.ndarray):
        return _finite(value.tolist())
    if isinstance(value, np.generic):
        return _finite(value.item())
    if isinstance(value, float) and not np.isfinite(value):
        return None  # JSON has no nan or inf
    return value
