"""What the bridge needs to know of a model: the task it performs, what its training loss
measures, and how many steps its training takes."""

import numpy as np

from ..base import ClassifierMixin, RegressorMixin, Step

# What each model's training loss (the loss of its fit_iter steps) measures: the loss chart's
# y axis, with "{...}" filled from the model's parameters. True marks the data cost of the course
# (½ · mean squared error for regressors, the cross-entropy for classifiers): the bridge measures
# it on the test data too (test_loss), and without the L2 penalty on both sets (frames.py). The
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

# The hyperparameters that count a fit_iter's steps (read at each step: a page may change them).
STEP_LIMITS = ("n_iter", "n_epochs", "n_episodes")


def task_of(model):
    """"classification", "regression", "clustering", "decomposition" or "other"."""
    if isinstance(model, ClassifierMixin):
        return "classification"
    if isinstance(model, RegressorMixin):
        return "regression"
    if hasattr(model, "predict"):
        return "clustering"
    if hasattr(model, "transform"):
        return "decomposition"
    return "other"


def loss_of(model):
    """(What the training loss measures, whether it is the data cost the bridge measures too);
    (None, False) for models that train in one go, without a loss."""
    if not hasattr(model, "fit_iter"):
        return None, False
    name, data_cost = LOSSES.get(type(model).__name__, ("loss", False))
    return name.format(**model.get_params()), data_cost


def penalized(model):
    """Whether the model's training loss includes an L2 penalty now."""
    l2 = getattr(model, "l2", 0)  # read at each step: the page may change it during training
    return isinstance(l2, (int, float)) and l2 > 0


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
