"""The estimator API every pyml model shares (the scikit-learn conventions).

- Every hyperparameter is an explicit ``__init__`` keyword, stored unchanged, so
  ``get_params``/``set_params``/``clone`` work by reading the signature.
- What ``fit`` learns ends in ``_`` (``coef_``, ``classes_``, ...); ``fit`` returns ``self``.
- Iterative models train in ``fit_iter``, a generator that yields one :class:`Step`
  per iteration; ``fit`` runs it to the end. Between steps the model can predict.

Each estimator class also declares what it is, once, on the class:

- ``_kind``: one of ``KINDS``.
- ``_loss_name``: what its training loss is called, for people, or None when it does not train
  by a loss; ``{param}`` in it stands for that hyperparameter's value.
- ``_parameter_constraints``: ``{param: [constraint, ...]}`` (see :mod:`pyml.validation`),
  checked at the start of ``fit``/``fit_iter`` and by ``set_params``, so the algorithms'
  loops hold only the algorithm.
- ``_live_params``: the hyperparameters that may change between the steps of ``fit_iter``
  (through ``set_params``); the others are read once, when training starts.
- ``_fitted_state``: ``{attribute: spec}`` of every fitted attribute (see :mod:`pyml.validation`),
  which ``_is_fitted`` and ``pyml.load`` check.
"""

import inspect
import math

import numpy as np

from .validation import Interval, Options, Sizes, check_param, make_constraint

# Every estimator class by name, filled in by BaseEstimator.__init_subclass__; pyml.load uses it.
ESTIMATORS = {}

KINDS = ("classifier", "regressor", "clusterer", "outlier_detector", "transformer", "agent")


class NotFittedError(ValueError, AttributeError):
    """Raised when a model is used before ``fit``."""


class DivergenceError(ArithmeticError):
    """Raised when gradient descent blows up instead of converging."""


class Step:
    """One training step: ``iteration``, ``loss`` and ``data_loss``, plus what the algorithm adds.

    ``loss`` is what the algorithm minimises (with its penalty, if any); ``data_loss`` the loss
    on the training data alone, without the penalty (the same number when there is none).
    """

    def __init__(self, iteration, loss, data_loss=None, **info):
        self.iteration = iteration
        self.loss = loss
        self.data_loss = loss if data_loss is None else data_loss
        self.__dict__.update(info)

    def __repr__(self):
        fields = ", ".join("%s=%r" % kv for kv in vars(self).items() if np.isscalar(kv[1]))
        return "Step(%s)" % fields


class BaseEstimator:
    """Base class: parameter handling and checks, ``repr`` and the fitted-state check."""

    _kind = None
    _loss_name = None
    _parameter_constraints = {}
    _live_params = ()
    _fitted_state = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The attributes every fitted model has (some, like SVC's coef_, only in some cases).
        cls._required_state = tuple(k for k, spec in cls._fitted_state.items() if not getattr(spec, "optional", False))
        if not cls.__name__.startswith("_"):
            ESTIMATORS[cls.__name__] = cls

    @classmethod
    def _param_names(cls):
        signature = inspect.signature(cls.__init__)
        return [p.name for p in signature.parameters.values() if p.name != "self"]

    @classmethod
    def _defaults(cls):
        return {p.name: p.default for p in inspect.signature(cls.__init__).parameters.values() if p.name != "self"}

    def get_params(self):
        """Return the hyperparameters as a dict ``{name: value}``."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        """Set hyperparameters by name and return ``self``.

        Every value is checked against the class's constraints first; if one is refused, none
        is set. During ``fit_iter`` the ``_live_params`` take effect at the next step.
        """
        self._check_params(params)
        for name, value in params.items():
            setattr(self, name, value)
        return self

    @classmethod
    def _check_params(cls, params, prefix=""):
        """Raise if a name in ``params`` is not a hyperparameter or a value breaks its constraints."""
        valid = cls._param_names()
        defaults = cls._defaults()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    "%s has no parameter %r; valid parameters are: %s."
                    % (cls.__name__, prefix + name, ", ".join(valid))
                )
            check_param(prefix + name, value, cls._parameter_constraints[name], defaults[name], cls.__name__)

    def _validate_params(self):
        """Check every hyperparameter (the start of ``fit`` and ``fit_iter``)."""
        self._check_params(self.get_params())

    def __repr__(self):
        defaults = self._defaults()
        changed = [
            "%s=%r" % (name, value)
            for name, value in self.get_params().items()
            if not _same(value, defaults.get(name))
        ]
        return "%s(%s)" % (type(self).__name__, ", ".join(changed))

    @classmethod
    def _check_state(cls, state, params):
        """Check what the ``_fitted_state`` specs cannot say alone (trees: children after their
        parent); ``state`` holds checked values. Raise a ValueError naming the field."""

    def _is_fitted(self):
        """True when every fitted attribute the class declares is set."""
        state = self.__dict__
        return all(name in state for name in self._required_state)

    def _check_fitted(self):
        if not self._is_fitted():
            raise NotFittedError(
                "This %s is not fitted yet. Call fit(X, y) (or step through fit_iter) "
                "before using it." % type(self).__name__
            )


def describe(cls_or_name):
    """What an estimator class declares, as JSON-able data (for the page, its tests and the docs).

    Parameters
    ----------
    cls_or_name : estimator class or str
        The class, or its name in ``ESTIMATORS``.

    Returns
    -------
    dict
        ``{"name", "kind", "loss_name", "params": {name: {"type", "low", "high", "closed",
        "choices", "nullable", "live", "default"}}}``. ``type`` is "int" or "float" for a
        number (``low``/``high``/``closed`` its range, None when unbounded), "str", "bool",
        "random_state", "sizes" (a tuple of integers, whose ``low``/``high`` bound each) or
        "array"; ``choices`` the allowed strings (also beside a number, as SVC's gamma
        "scale"); ``nullable`` whether None is allowed.
    """
    cls = ESTIMATORS.get(cls_or_name) if isinstance(cls_or_name, str) else cls_or_name
    if not (isinstance(cls, type) and issubclass(cls, BaseEstimator)):
        raise ValueError("describe expects a pyml estimator class or its name, got %r." % (cls_or_name,))
    defaults = cls._defaults()
    params = {}
    for name in cls._param_names():
        constraints = [make_constraint(c) for c in cls._parameter_constraints[name]]
        info = {"type": None, "low": None, "high": None, "closed": None, "choices": None,
                "nullable": any(c is make_constraint(None) for c in constraints),
                "live": name in cls._live_params, "default": _plain(defaults[name])}
        for c in constraints:
            interval = c.item if isinstance(c, Sizes) else c
            if isinstance(interval, Interval) and info["low"] is None and info["high"] is None:
                info.update(low=interval.low, high=interval.high, closed=interval.closed)
            if isinstance(c, Options):
                info["choices"] = list(c.values)
            if info["type"] is None:
                info["type"] = _TYPE_NAMES.get(getattr(c, "name", None)) or (
                    "sizes" if isinstance(c, Sizes) else "str" if isinstance(c, Options)
                    else interval.type.__name__ if isinstance(c, Interval) else None
                )
        # A number beside options (gamma: a float or "scale") is described as the number.
        numeric = [c for c in constraints if isinstance(c, Interval)]
        if numeric and info["type"] == "str":
            info["type"] = numeric[0].type.__name__
        params[name] = info
    return {"name": cls.__name__, "kind": cls._kind, "loss_name": cls._loss_name, "params": params}


_TYPE_NAMES = {"boolean": "bool", "random_state": "random_state", "array-like": "array"}


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


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
