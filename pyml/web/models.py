"""What the bridge needs to know of a model beyond what the estimator declares (``_kind``,
``_loss_name``, see :mod:`pyml.base`): the protocol's name of its task, whether its loss is one
the bridge can measure on test data too, and which hyperparameter counts its training steps."""

import numpy as np

from ..base import Step

# The protocol's task (web/PROTOCOL.md) for each kind an estimator declares.
TASKS = {
    "classifier": "classification",
    "regressor": "regression",
    "clusterer": "clustering",
    "outlier_detector": "anomaly",
    "transformer": "decomposition",
    "agent": "other",
}

# The data costs of the course (½ · mean squared error, the cross-entropy): a step's data_loss
# measures one on the training data, and the bridge measures it on the test data (test_loss).
# The others (an SVM's dual objective, k-means' inertia, a tree's impurity, Q-learning's TD
# error) have no test counterpart: their frames carry no test_loss.
DATA_COSTS = ("½ · mean squared error", "cross-entropy")

# The hyperparameters that count a fit_iter's steps (read at each step: a page may change them).
# Not derivable from the constraints: QLearning's max_steps is an iteration count too.
STEP_LIMITS = ("n_iter", "n_epochs", "n_episodes")


def task_of(model):
    """"classification", "regression", "clustering", "anomaly", "decomposition" or "other"."""
    return TASKS.get(model._kind, "other")


def loss_of(model):
    """(What the training loss measures, whether it is a data cost the bridge measures on test
    data too); (None, False) for models that train in one go, without a loss."""
    if not hasattr(model, "fit_iter") or model._loss_name is None:
        return None, False
    return model._loss_name.format(**model.get_params()), model._loss_name in DATA_COSTS


def training_steps(model, X, y):
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

