"""The estimator API every pyml model shares (the scikit-learn conventions).

- Every hyperparameter is an explicit ``__init__`` keyword, stored unchanged, so
  ``get_params``/``set_params``/``clone`` work by reading the signature.
- What ``fit`` learns ends in ``_`` (``coef_``, ``classes_``, ...); ``fit`` returns ``self``.
- Iterative models train in ``fit_iter``, a generator that yields one :class:`Step`
  per iteration; ``fit`` runs it to the end. Between steps the model can predict.
"""

import inspect
import math

import numpy as np

# Every estimator class by name, filled in by BaseEstimator.__init_subclass__; pyml.load uses it.
ESTIMATORS = {}


class NotFittedError(ValueError, AttributeError):
    """Raised when a model is used before ``fit``."""


class DivergenceError(ArithmeticError):
    """Raised when gradient descent blows up instead of converging."""


class Step:
    """One training step: always ``iteration`` and ``loss``, plus what the algorithm adds."""

    def __init__(self, iteration, loss, **info):
        self.iteration = iteration
        self.loss = loss
        self.__dict__.update(info)

    def as_dict(self):
        return dict(vars(self))

    def __repr__(self):
        fields = ", ".join("%s=%r" % kv for kv in vars(self).items() if np.isscalar(kv[1]))
        return "Step(%s)" % fields


class BaseEstimator:
    """Base class: parameter handling, ``repr`` and the fitted-state check."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__name__.startswith("_"):
            ESTIMATORS[cls.__name__] = cls

    @classmethod
    def _param_names(cls):
        signature = inspect.signature(cls.__init__)
        return [p.name for p in signature.parameters.values() if p.name != "self"]

    def get_params(self):
        """Return the hyperparameters as a dict ``{name: value}``."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        """Set hyperparameters by name and return ``self``."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    "%s has no parameter %r; valid parameters are: %s."
                    % (type(self).__name__, name, ", ".join(valid))
                )
            setattr(self, name, value)
        return self

    def __repr__(self):
        defaults = {
            p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()
        }
        changed = [
            "%s=%r" % (name, value)
            for name, value in self.get_params().items()
            if not _same(value, defaults.get(name))
        ]
        return "%s(%s)" % (type(self).__name__, ", ".join(changed))

    def _is_fitted(self):
        return any(k.endswith("_") and not k.startswith("_") for k in vars(self))

    def _check_fitted(self):
        if not self._is_fitted():
            raise NotFittedError(
                "This %s is not fitted yet. Call fit(X, y) (or step through fit_iter) "
                "before using it." % type(self).__name__
            )


def _same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    try:
        return bool(a == b)
    except ValueError:
        return False


def clone(estimator):
    """Return an unfitted copy of ``estimator`` with the same hyperparameters."""
    if not isinstance(estimator, BaseEstimator):
        raise TypeError("clone expects a pyml estimator, got %s." % type(estimator).__name__)
    return type(estimator)(**estimator.get_params())


class IterativeMixin:
    """``fit`` for models that train step by step in ``fit_iter``."""

    def fit(self, X, y=None):
        """Train to the end (run ``fit_iter`` until it stops) and return ``self``."""
        for _ in self.fit_iter(X, y):
            pass
        return self


class ClassifierMixin:
    def score(self, X, y):
        """Accuracy of ``predict(X)`` against ``y``."""
        from .metrics import accuracy_score

        return accuracy_score(y, self.predict(X))


class RegressorMixin:
    def score(self, X, y):
        """Coefficient of determination R² of ``predict(X)`` against ``y``."""
        from .metrics import r2_score

        return r2_score(y, self.predict(X))


class DivergenceGuard:
    """Stops gradient descent that diverges, with advice instead of a wall of NaNs.

    Divergence shows as a cost that is no longer finite, or one that has grown at
    ``patience`` consecutive steps (a too-large learning rate overshoots further each step).
    """

    def __init__(self, estimator, patience=10):
        self.estimator = estimator
        self.patience = patience
        self.previous = math.inf
        self.growing = 0

    def check(self, iteration, loss):
        self.growing = self.growing + 1 if loss > self.previous else 0
        if not math.isfinite(loss) or self.growing >= self.patience:
            est = self.estimator
            advice = "Try a smaller learning_rate (it is %g now)" % est.learning_rate
            if getattr(est, "normalize", True) is False:
                advice += " or normalize=True, so that all features have similar scales"
            raise DivergenceError(
                "%s: gradient descent diverged at iteration %d (the cost went from %.4g to %.4g). "
                "%s." % (type(est).__name__, iteration, self.previous, loss, advice)
            )
        self.previous = loss
