"""Input checks shared by every estimator.

Public pyml functions call these first; the algorithms after them assume clean input.
Each error names the argument, says what was expected and what was got, and how to fix it.

Hyperparameters are declared once per class, scikit-learn style, in
``_parameter_constraints = {name: [constraint, ...]}``: a value is valid when it satisfies one
of the constraints. A constraint is an :class:`Interval`, :class:`Options`, :class:`Sizes`, or one
of the strings ``"boolean"``, ``"random_state"``, ``"array-like"``, or ``None`` (the value None).
"""

import math
import numbers

import numpy as np


def check_array(X, name="X", ensure_2d=True, min_samples=1):
    """Return ``X`` as a finite float array, or raise an error that explains what is wrong.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), or (n_samples,) when ``ensure_2d`` is False
    name : str
        The argument's name, used in error messages.
    ensure_2d : bool
        Require a 2-D array (a table of samples by features).
    min_samples : int
        The fewest rows accepted.
    """
    array = _to_float_array(X, name)
    if ensure_2d:
        if array.ndim == 1:
            raise ValueError(
                "Expected a 2-D array for %s (rows are samples, columns are features), got a 1-D "
                "array of shape %s instead. Reshape your data with %s.reshape(-1, 1) if it has a "
                "single feature, or %s.reshape(1, -1) if it is a single sample."
                % (name, array.shape, name, name)
            )
        if array.ndim != 2:
            raise ValueError(
                "Expected a 2-D array for %s, got a %d-D array of shape %s." % (name, array.ndim, array.shape)
            )
        if array.shape[1] == 0:
            raise ValueError("%s has no features (shape %s); at least 1 column is required." % (name, array.shape))
    elif array.ndim != 1:
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        else:
            raise ValueError(
                "Expected a 1-D array for %s, got an array of shape %s." % (name, array.shape)
            )
    if array.shape[0] < min_samples:
        raise ValueError(
            "%s is empty or too small: got %d sample(s) (shape %s), at least %d required."
            % (name, array.shape[0], array.shape, min_samples)
        )
    _check_finite(array, name)
    return array


def check_X_y(X, y, classification=False):
    """Check a training set: ``X`` 2-D and finite, ``y`` 1-D with one value per row of ``X``.

    For classification ``y`` may hold any labels (numbers or strings); otherwise it must be
    numeric and finite.
    """
    X = check_array(X, "X")
    y = check_labels(y) if classification else check_array(y, "y", ensure_2d=False)
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            "X and y have different numbers of samples: X has %d rows, y has %d values. "
            "Give one target value per row of X." % (X.shape[0], y.shape[0])
        )
    return X, y


def check_labels(y, name="y"):
    """Return class labels as a 1-D array (numbers or strings, no missing values)."""
    try:
        labels = np.asarray(y)
    except ValueError:
        raise ValueError("%s must be a 1-D list of class labels; it has rows of different lengths." % name) from None
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1:
        raise ValueError("Expected a 1-D array of labels for %s, got shape %s." % (name, labels.shape))
    if labels.shape[0] == 0:
        raise ValueError("%s is empty: at least 1 label is required." % name)
    if labels.dtype.kind == "O":
        raise TypeError(
            "%s must hold numbers or strings of one kind, got mixed Python objects "
            "(e.g. %r). Convert the labels to one type first." % (name, labels[0])
        )
    if labels.dtype.kind == "f":
        _check_finite(labels, name)
    return labels


def check_classes(estimator, y):
    """Return the sorted class labels of ``y``; a classifier needs at least two of them."""
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(
            "%s needs samples of at least 2 classes in y; got only class %r."
            % (type(estimator).__name__, classes[0])
        )
    return classes


def check_n_features(estimator, X):
    """Check ``X`` for prediction: finite, 2-D, with as many features as in training."""
    estimator._check_fitted()
    X = check_array(X, "X")
    expected = estimator.n_features_in_
    if X.shape[1] != expected:
        raise ValueError(
            "X has %d feature(s), but %s was fitted with %d feature(s). Pass rows of %d values."
            % (X.shape[1], type(estimator).__name__, expected, expected)
        )
    return X


def check_number(name, value, low=None, high=None, integer=False, low_open=False, allow_none=False):
    """Check one numeric hyperparameter and return it; ``low``/``high`` bound it (inclusive)."""
    if value is None and allow_none:
        return None
    # Plain ints and floats skip the abstract-class checks: the bridge checks its call
    # arguments at every step, and in the page those checks cost as much as a numpy call.
    plain = type(value) is int or (type(value) is float and not integer)
    kind = numbers.Integral if integer else numbers.Real
    if not plain and (isinstance(value, bool) or not isinstance(value, kind)):
        raise TypeError(
            "%s must be %s, got %r (%s)."
            % (name, "an integer" if integer else "a number", value, type(value).__name__)
        )
    if not isinstance(value, numbers.Integral) and not math.isfinite(value):
        raise ValueError("%s must be a finite number, got %r." % (name, value))
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and value > high
    if too_low or too_high:
        bounds = []
        if low is not None:
            bounds.append("%s %s" % (">" if low_open else ">=", low))
        if high is not None:
            bounds.append("<= %s" % high)
        raise ValueError("%s must be %s, got %r." % (name, " and ".join(bounds), value))
    return value


def check_random_state(random_state):
    """Return a ``numpy.random.Generator`` for a seed (int), None (fresh entropy) or a Generator."""
    if random_state is None or isinstance(random_state, numbers.Integral):
        if random_state is not None and (isinstance(random_state, bool) or random_state < 0):
            raise ValueError("random_state must be a non-negative integer or None, got %r." % random_state)
        return np.random.default_rng(random_state)
    if isinstance(random_state, np.random.Generator):
        return random_state
    raise TypeError(
        "random_state must be None, an integer seed or a numpy Generator, got %r." % (random_state,)
    )


def _to_float_array(X, name):
    if isinstance(X, str):
        raise TypeError("%s must be an array of numbers, got a string: %.40r." % (name, X))
    try:
        return np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        pass
    # The fast conversion failed: find out why, to say something useful.
    try:
        raw = np.asarray(X, dtype=object)
    except ValueError:
        raw = None
    if raw is None or raw.dtype == object and _is_ragged(X):
        raise ValueError(
            "%s has rows of different lengths; every row must have the same number of features."
            % name
        )
    for index in np.ndindex(raw.shape):
        try:
            float(raw[index])
        except (TypeError, ValueError):
            raise TypeError(
                "%s must contain only numbers, got %r (%s) at position %s. Convert text "
                "columns to numbers (for example one-hot encode categories) before using them."
                % (name, raw[index], type(raw[index]).__name__, [int(i) for i in index])
            ) from None
    raise TypeError("%s could not be converted to an array of numbers." % name)


def _is_ragged(X):
    try:
        lengths = {len(row) for row in X}
    except TypeError:
        return False
    return len(lengths) > 1


def _check_finite(array, name):
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))[0]
        value = array[tuple(bad)]
        what = "NaN" if np.isnan(value) else "infinity"
        raise ValueError(
            "%s contains %s (first at position %s). Remove or fill in missing and infinite "
            "values before training." % (name, what, bad.tolist())
        )


# ---------------------------------------------------------------- hyperparameter constraints

class Interval:
    """Numbers of one kind between two bounds: ``Interval(int, 1, None)`` is every integer >= 1.

    Parameters
    ----------
    type : int or float
        int: whole numbers (numpy's too, not bools). float: any finite real number, ints included.
    low, high : number or None
        The bounds; None leaves that side unbounded.
    closed : {"both", "left", "right", "neither"}
        Which bounds belong to the interval.
    """

    def __init__(self, type, low, high, closed="both"):
        if type not in (int, float):
            raise TypeError("Interval's type must be int or float, got %r." % (type,))
        if closed not in ("both", "left", "right", "neither"):
            raise ValueError("closed must be 'both', 'left', 'right' or 'neither', got %r." % (closed,))
        self.type, self.low, self.high, self.closed = type, low, high, closed

    def is_type(self, value):
        if isinstance(value, (bool, np.bool_)):
            return False
        return isinstance(value, numbers.Integral if self.type is int else numbers.Real)

    def accepts(self, value):
        if not self.is_type(value):
            return False
        if self.type is float and not math.isfinite(value):
            return False
        if self.low is not None and (value < self.low or value == self.low and self.closed in ("right", "neither")):
            return False
        return self.high is None or value < self.high or value == self.high and self.closed in ("right", "both")

    def noun(self):
        return "an integer" if self.type is int else "a number"

    def bounds(self):
        """The range in words, e.g. "> 0 and <= 100"; "finite" when unbounded."""
        parts = []
        if self.low is not None:
            parts.append("%s %r" % (">=" if self.closed in ("left", "both") else ">", self.low))
        if self.high is not None:
            parts.append("%s %r" % ("<=" if self.closed in ("right", "both") else "<", self.high))
        return " and ".join(parts) or "finite"

    def __repr__(self):
        return "Interval(%s, %r, %r, closed=%r)" % (self.type.__name__, self.low, self.high, self.closed)


class Options:
    """One of a few values of one type: ``Options(str, ("gd", "normal"))``."""

    def __init__(self, type, values):
        self.type = type
        # Declaration order is the order messages list them in; a set has none, so sort it.
        self.values = tuple(sorted(values)) if isinstance(values, (set, frozenset)) else tuple(values)

    def is_type(self, value):
        return isinstance(value, self.type)

    def accepts(self, value):
        return isinstance(value, self.type) and value in self.values

    def noun(self):
        return self.bounds()

    def bounds(self):
        return "one of %s" % ", ".join(repr(v) for v in self.values)

    def __repr__(self):
        return "Options(%s, %r)" % (self.type.__name__, self.values)


class Sizes:
    """A tuple or list of integers, each in ``item`` (an :class:`Interval`), at most ``max_length`` of them."""

    def __init__(self, item, max_length):
        self.item, self.max_length = item, max_length

    def is_type(self, value):
        return isinstance(value, (tuple, list))

    def accepts(self, value):
        return self.is_type(value) and len(value) <= self.max_length and all(self.item.accepts(v) for v in value)

    def noun(self):
        return "a tuple of integers"

    def bounds(self):
        return "a tuple of at most %d integers, each %s" % (self.max_length, self.item.bounds())

    def __repr__(self):
        return "Sizes(%r, max_length=%r)" % (self.item, self.max_length)


class _Named:
    """The constraints written as a string (or None): "boolean", "random_state", "array-like", None."""

    def __init__(self, name, is_type, noun):
        self.name, self.is_type, self._noun = name, is_type, noun

    def accepts(self, value):
        if self.name == "random_state" and isinstance(value, numbers.Integral):
            return not isinstance(value, bool) and value >= 0
        return self.is_type(value)

    def noun(self):
        return self._noun

    bounds = noun

    def __repr__(self):
        return repr(self.name)


_NAMED = {
    "boolean": _Named("boolean", lambda v: isinstance(v, (bool, np.bool_)), "True or False"),
    "random_state": _Named(
        "random_state",
        lambda v: v is None or isinstance(v, (numbers.Integral, np.random.Generator)) and not isinstance(v, bool),
        "None, a non-negative integer seed or a numpy Generator",
    ),
    "array-like": _Named("array-like", lambda v: isinstance(v, (list, tuple, np.ndarray)), "an array"),
    None: _Named(None, lambda v: v is None, "None"),
}


def make_constraint(constraint):
    """The constraint object for a declaration (strings and None name the simple ones)."""
    if isinstance(constraint, (Interval, Options, Sizes)):
        return constraint
    if constraint in _NAMED:
        return _NAMED[constraint]
    raise ValueError("Unknown constraint %r." % (constraint,))


_MISSING = object()


def check_param(name, value, constraints, default=_MISSING, owner=None):
    """Return ``value`` if it satisfies one of ``constraints``; otherwise raise an error that
    names the parameter, what it takes, what it got and how to fix it.

    TypeError when no constraint takes a value of this type, ValueError when the type is right
    but the value is not (out of range, not an option). ``default`` is suggested as a fix,
    ``owner`` (a class name) starts the message.
    """
    constraints = [make_constraint(c) for c in constraints]
    for constraint in constraints:
        if constraint.accepts(value):
            return value
    typed = [c for c in constraints if c.is_type(value)]
    # An integer for a parameter that takes integers is judged by the integer ranges alone.
    exact = [c for c in typed if isinstance(c, Interval) and c.type is int] if isinstance(value, numbers.Integral) else []
    start = "%s: " % owner if owner else ""
    fix = "" if default is _MISSING else " For example the default, %s=%r." % (name.split(".")[-1], default)
    if typed:
        others = [c.noun() for c in constraints if c not in typed and isinstance(c, _Named)]
        allowed = " or ".join([c.bounds() for c in (exact or typed)] + others)
        if isinstance(value, numbers.Real) and not math.isfinite(value):
            allowed = "a finite number " + allowed
        raise ValueError("%s%s must be %s, got %r.%s" % (start, name, allowed, value, fix))
    allowed = " or ".join(
        "%s %s" % (c.noun(), c.bounds()) if isinstance(c, Interval) and c.bounds() != "finite" else c.noun()
        for c in constraints
    )
    raise TypeError("%s%s must be %s, got %r (%s).%s" % (start, name, allowed, value, type(value).__name__, fix))


# Iteration counts (epochs, episodes): beyond a million, training would run for hours in a page.
ITERATIONS = Interval(int, 1, 1_000_000)
# Gradient descent's step size: beyond 100 it diverges on any problem with features of unit scale.
LEARNING_RATE = Interval(float, 0, 100, closed="right")
NON_NEGATIVE = Interval(float, 0, None)
POSITIVE = Interval(float, 0, None, closed="neither")


# ---------------------------------------------------------------- fitted state

class Dim:
    """A dimension computed from others, e.g. ``Dim(lambda d: d["n_classes"] - 1, "n_classes")``;
    ``uses`` names the dimensions it depends on (for messages)."""

    def __init__(self, compute, *uses):
        self.compute, self.uses = compute, uses


# What a dimension counts, for messages ("for 2 features and 3 classes").
_NOUNS = {
    "n_features_in_": "features", "n_classes": "classes", "n_outputs_": "outputs",
    "n_components_": "components", "n_output_features_": "output features", "n_states": "states",
    "n_nodes": "nodes", "n_samples": "training samples", "n_support": "support vectors",
    "n_clusters": "clusters", "n_layers": "layers",
}


class Value:
    """Spec of a fitted scalar: it satisfies one of ``constraints`` (as hyperparameters do).

    An integer value also becomes a dimension other specs can name (``"n_features_in_"``).
    """

    def __init__(self, *constraints, optional=False):
        self.constraints, self.optional = constraints, optional

    def check(self, value, field, dims):
        if isinstance(value, np.generic):
            value = value.item()
        check_param(field, value, self.constraints)
        name = field.split(".")[-1]
        if isinstance(value, int) and not isinstance(value, bool):
            if dims.setdefault(name, value) != value:
                raise ValueError("%s: expected %d, got %d." % (field, dims[name], value))
        return value


class Array:
    """Spec of a fitted ndarray.

    Parameters
    ----------
    dtype : {"f", "i", "b", "label"}
        Floats, integers, booleans, or class labels (numbers, booleans or strings).
    shape : tuple
        One entry per dimension: None (any size), an int, the name of a dimension (a fitted
        integer attribute such as ``"n_features_in_"``, or a name such as ``"n_nodes"`` that the
        first array to use it defines), or a :class:`Dim`.
    finite : bool
        Floats must be finite.
    low, high : int, dimension name or None
        Integer entries must lie in [low, high).
    unique : bool
        Entries sorted with no repeats (class labels, as np.unique gives them).
    optional : bool
        A fitted model may lack it (SVC's ``coef_`` exists for the linear kernel only).
    """

    _KINDS = {"f": ("f", "floats"), "i": ("iu", "integers"), "b": ("b", "booleans"),
              "label": ("biufU", "class labels (numbers or strings)")}

    def __init__(self, dtype, shape, finite=True, low=None, high=None, unique=False, optional=False):
        self.dtype, self.shape, self.finite = dtype, shape, finite
        self.low, self.high, self.unique, self.optional = low, high, unique, optional

    def check(self, value, field, dims):
        kinds, what = self._KINDS[self.dtype]
        if not isinstance(value, np.ndarray):
            raise TypeError("%s: expected an array of %s, got %s." % (field, what, _type_name(value)))
        if value.dtype.kind not in kinds:
            raise TypeError("%s: expected an array of %s, got dtype %s." % (field, what, value.dtype))
        if value.ndim != len(self.shape):
            raise ValueError(
                "%s: expected a %d-D array, got shape %s." % (field, len(self.shape), _shape_text(value.shape))
            )
        expected, uses = [], []
        for dim, actual in zip(self.shape, value.shape):
            if dim is None:  # any size
                dim = actual
            elif isinstance(dim, Dim):
                uses.extend(u for u in dim.uses if u not in uses)
                dim = dim.compute(dims)
            elif isinstance(dim, str):
                if dim not in dims:
                    dims[dim] = actual  # the first array to use this name defines it
                    dims[dim, "from"] = field
                elif dim not in uses:
                    uses.append(dim)
                dim = dims[dim]
            expected.append(dim)
        if tuple(expected) != value.shape:
            known = [u for u in uses if u in dims]
            reason = " for " + _and([_dimension_text(u, dims) for u in known]) if known else ""
            raise ValueError(
                "%s: expected shape %s%s, got %s."
                % (field, _shape_text(tuple(expected)), reason, _shape_text(value.shape))
            )
        if self.finite and value.dtype.kind == "f" and not np.isfinite(value).all():
            bad = np.argwhere(~np.isfinite(value))[0].tolist()
            raise ValueError("%s: expected finite numbers, got %r at position %s." % (field, value[tuple(bad)].item(), bad))
        for bound, name in ((self.low, "low"), (self.high, "high")):
            if bound is None or not value.size:
                continue
            limit = dims[bound] if isinstance(bound, str) else bound
            bad = value < limit if name == "low" else value >= limit
            if bad.any():
                where = np.argwhere(bad)[0].tolist()
                expected = ("from %d to %d" % (_bound(self.low, dims), _bound(self.high, dims) - 1)
                            if self.high is not None else ">= %d" % self.low)
                raise ValueError(
                    "%s: expected integers %s, got %r at position %s." % (field, expected, value[tuple(where)].item(), where)
                )
        if self.unique and value.size > 1 and not (value[1:] > value[:-1]).all():
            raise ValueError("%s: expected sorted labels without repeats (as np.unique gives them), got %s."
                             % (field, value.tolist()[:10]))
        return value


class List:
    """Spec of a fitted list: ``length`` items (an int or a dimension name), each satisfying ``item``."""

    def __init__(self, item, length, optional=False):
        self.item, self.length, self.optional = item, length, optional

    def check(self, value, field, dims):
        if not isinstance(value, list):
            raise TypeError("%s: expected a list, got %s." % (field, _type_name(value)))
        length = self.length
        if isinstance(length, str):
            length = dims.setdefault(length, len(value))
        if len(value) != length:
            raise ValueError("%s: expected a list of %d items, got %d." % (field, length, len(value)))
        return [self.item.check(v, "%s[%d]" % (field, i), dims) for i, v in enumerate(value)]


def _dimension_text(name, dims):
    """A dimension in words with where its value comes from: "2 classes (state.classes_)"."""
    text = "%d %s" % (dims[name], _NOUNS[name]) if name in _NOUNS else "%s = %d" % (name, dims[name])
    return "%s (%s)" % (text, dims.get((name, "from"), "state." + name))


def _bound(bound, dims):
    return dims[bound] if isinstance(bound, str) else bound


def _shape_text(shape):
    return "(%s%s)" % (", ".join(str(n) for n in shape), "," if len(shape) == 1 else "")


def _and(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _type_name(value):
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a %s" % type(value).__name__)


def check_state(cls, state, params):
    """Check a fitted state ``{attribute: value}`` against ``cls._fitted_state`` and return it.

    An empty state is an unfitted model. Otherwise every attribute the class always has must be
    there, no other, each of the declared type, dtype and shape, all consistent with each other
    (the same number of features, of classes, ...); the class's ``_check_state(state, params)``
    adds what a spec cannot say. Fields are named ``state.<name>``.
    """
    declared = cls._fitted_state
    unknown = [key for key in state if key not in declared]
    if unknown:
        raise ValueError(
            "state.%s: %s has no fitted attribute %r; its state holds only %s."
            % (unknown[0], cls.__name__, unknown[0], ", ".join(declared))
        )
    if not state:
        return state
    missing = [key for key in cls._required_state if key not in state]
    if missing:
        raise ValueError(
            "state: a fitted %s has %s; this one lacks %s."
            % (cls.__name__, ", ".join(cls._required_state), ", ".join(missing))
        )
    dims = {}
    checked = {key: spec.check(state[key], "state." + key, dims) for key, spec in declared.items() if key in state}
    cls._check_state(checked, params)
    return checked
