"""The course's programming exercises, checked in plain Python.

The learner writes a function (``compute_cost``, ``gradient_step``, ``sigmoid``, ...); ``check``
runs their source under limits (pyml.exercises.sandbox) against hand-made cases, then random
ones from a seed, and says which case failed and how to fix it. The same code checks in CPython
and in the page's Python; the page reaches it through the exercises lab (pyml.web.labs.exercises).

    >>> from pyml import exercises
    >>> exercises.check("sigmoid", source)["status"]          # doctest: +SKIP
    'pass'
"""

import inspect

from . import solutions
from .checking import check as _check
from .linear import GRADIENT_DESCENT, LINEAR_COST, NORMAL_EQUATION
from .logistic import LOGISTIC_COST, SIGMOID
from .networks import BACKPROP, FORWARD
from .reinforcement import Q_LEARNING
from .unsupervised import ANOMALY, KMEANS, PCA

__all__ = ["EXERCISES", "check", "solution_source", "stub"]

# In the course's order: the page's navigation follows it.
EXERCISES = {exercise.name: exercise for exercise in [
    LINEAR_COST, GRADIENT_DESCENT, NORMAL_EQUATION, SIGMOID, LOGISTIC_COST, FORWARD, BACKPROP, KMEANS, PCA,
    ANOMALY, Q_LEARNING,
]}


def _exercise(name):
    if name not in EXERCISES:
        raise ValueError("Unknown exercise %r. Known exercises: %s." % (name, ", ".join(EXERCISES)))
    return EXERCISES[name]


def check(name, source, time_limit=None):
    """Check the learner's ``source`` for exercise ``name``; see pyml.exercises.checking.check."""
    return _check(_exercise(name), source, time_limit)


def stub(name):
    """The starting code of exercise ``name``."""
    return _exercise(name).stub


def solution_source(name):
    """The reference solution of exercise ``name`` as source text: the course's vectorised formulas."""
    parts = [inspect.getsource(getattr(solutions, function)) for function in _exercise(name).solution]
    return "import numpy as np\n\n\n" + "\n\n".join(parts)
