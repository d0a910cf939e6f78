"""scikit-learn models into pyml and back: ``from_sklearn(estimator)`` and ``to_sklearn(model)``.

A model trained with scikit-learn becomes the pyml model that predicts the same numbers (to
rounding), so it can be saved with ``pyml.save`` and shown in a page; a pyml model becomes a
fitted scikit-learn estimator. scikit-learn is needed only here, and only when these functions
are called: pyml itself depends on numpy alone.

What maps to what (scikit-learn -> pyml):

- ``LinearRegression`` -> ``LinearRegression(solver="normal")``; ``Ridge(alpha)`` -> ``l2=alpha``.
- ``LogisticRegression(C)`` -> ``LogisticRegression(solver="lbfgs", l2=1/C)``: sigmoid for two
  classes, softmax (multinomial) for more, as both libraries do.
- ``Pipeline([StandardScaler(), LinearRegression | Ridge | LogisticRegression])`` ->
  the linear model with ``normalize=True``: pyml's own standardization, whose coefficients are
  reported for the raw features (the scaler folded into them).
- ``MLPClassifier``/``MLPRegressor`` -> the same classes; activations identity, logistic, tanh,
  relu -> linear, sigmoid, tanh, relu; ``alpha`` -> ``l2``. scikit-learn's binary classifier has
  one logistic output unit, pyml's a softmax over two units: sigmoid(z) = softmax([0, z])[1].
- ``KMeans``, ``PCA``, ``GaussianNB``, ``KNeighborsClassifier``/``Regressor`` (Euclidean),
  ``DecisionTreeClassifier``/``Regressor``, ``StandardScaler``, ``PolynomialFeatures`` -> the
  classes of the same name.
- ``SVC`` (linear, rbf, poly; one-vs-one) -> ``SVC``. pyml's pairwise decision values are
  scikit-learn's ``decision_function_shape="ovo"`` values with the opposite sign (see pyml's
  SVC); the predictions are the same.

A setting that changes the model or the problem it solves and that pyml has no counterpart for
(another kernel or criterion, class weights, an L1 penalty, an approximate SVD, ...) is refused
with an error that names it: there is no silent approximation. Settings that only steer how
training runs (solver, tolerances, seeds, schedules) are mapped where pyml has them and left at
pyml's defaults where not (a network trained by lbfgs gets pyml's adam; pyml's full-batch
``batch_size=None`` becomes scikit-learn's "auto"); the converted model's predictions never
depend on them, only a new training run does.

pyml records the cost after each training step in ``loss_curve_``, one value per step counted
by ``n_iter_``. scikit-learn keeps that history for networks trained by adam or sgd, and a tree's
follows from the tree; the SVC's one value is the final dual objective. Where scikit-learn kept
none (linear models, k-means, networks trained by lbfgs), the converted model has none either:
``loss_curve_ = []`` and ``n_iter_ = 0``. A converted k-means model's ``init_centers_`` are its
final centroids unless the starts were given.
"""

import math
import numbers

import numpy as np

from .base import BaseEstimator
from .cluster import KMeans
from .decomposition import PCA
from .linear_model import LinearRegression, LogisticRegression
from .naive_bayes import GaussianNB
from .neighbors import KNeighborsClassifier, KNeighborsRegressor
from .neural_network import MLPClassifier, MLPRegressor
from .preprocessing import PolynomialFeatures, StandardScaler
from .svm import SVC, _problems, kernel_matrix
from .tree import LEAF, UNDEFINED, DecisionTreeClassifier, DecisionTreeRegressor

SUPPORTED = (
    "LinearRegression, Ridge, LogisticRegression (binary or multinomial), MLPClassifier, MLPRegressor, "
    "KMeans, PCA, SVC (linear, rbf, poly), KNeighborsClassifier, KNeighborsRegressor, GaussianNB, "
    "DecisionTreeClassifier, DecisionTreeRegressor, StandardScaler, PolynomialFeatures, and a "
    "Pipeline of a StandardScaler then LinearRegression, Ridge or LogisticRegression"
)

# Activation names: scikit-learn's -> pyml's.
_ACTIVATIONS = {"identity": "linear", "logistic": "sigmoid", "tanh": "tanh", "relu": "relu"}


def from_sklearn(estimator):
    """Return the fitted pyml model equivalent to a fitted scikit-learn ``estimator``.

    Its ``predict``, ``predict_proba``, ``decision_function`` and ``transform`` give what the
    scikit-learn estimator's give, to rounding (pyml's multi-class SVC: see the module notes).

    Raises
    ------
    ImportError
        scikit-learn is not installed.
    TypeError
        ``estimator`` is not one of the supported scikit-learn classes.
    ValueError
        It is not fitted, or uses an option pyml cannot express.
    """
    _import_sklearn("from_sklearn")
    name = type(estimator).__name__
    convert = _FROM.get(name)
    if convert is None or not type(estimator).__module__.startswith("sklearn."):
        raise TypeError(
            "pyml.from_sklearn cannot convert a %s.%s. It converts these scikit-learn estimators: %s."
            % (type(estimator).__module__, name, SUPPORTED)
        )
    _check_sklearn_fitted(estimator)
    return convert(estimator)


def to_sklearn(model):
    """Return a fitted scikit-learn estimator that predicts what the pyml ``model`` does.

    Raises
    ------
    ImportError
        scikit-learn is not installed.
    TypeError
        ``model`` is not a pyml model with a scikit-learn counterpart.
    ValueError
        It is not fitted, or uses a setting scikit-learn cannot express.
    """
    _import_sklearn("to_sklearn")
    convert = _TO.get(type(model)) if isinstance(model, BaseEstimator) else None
    if convert is None:
        raise TypeError(
            "pyml.to_sklearn converts these pyml models: %s; got %s."
            % (", ".join(sorted(cls.__name__ for cls in _TO)), type(model).__name__)
        )
    model._check_fitted()
    return convert(model)


# ---------------------------------------------------------------- shared helpers


def _import_sklearn(function):
    try:
        import sklearn
    except ImportError:
        raise ImportError(
            "pyml.%s needs scikit-learn, which is not installed. Install it with "
            "`pip install scikit-learn` (pyml itself needs only numpy)." % function
        ) from None
    return sklearn


def _check_sklearn_fitted(estimator):
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    steps = getattr(estimator, "steps", None)
    try:
        # (A Pipeline is fitted when its steps are; before scikit-learn 1.4 it could not say so itself.)
        for step in [s for _, s in steps if s not in (None, "passthrough")] if steps else [estimator]:
            check_is_fitted(step)
    except NotFittedError:
        raise ValueError(
            "This %s is not fitted: call its fit(X, y) before converting it." % type(estimator).__name__
        ) from None


def _refuse(estimator, setting, why):
    """The error for a setting pyml has no counterpart for."""
    return ValueError(
        "pyml.from_sklearn cannot convert %s with %s: %s. Supported: %s."
        % (type(estimator).__name__, setting, why, SUPPORTED)
    )


def _require(estimator, name, allowed, why):
    """Refuse ``estimator`` unless its parameter ``name`` is one of ``allowed`` (or missing in
    this scikit-learn version)."""
    if not hasattr(estimator, name):
        return
    value = getattr(estimator, name)
    if not any(value is a or (_plain(value) and _plain(a) and value == a) for a in allowed):
        raise _refuse(estimator, "%s=%r" % (name, value), why)


def _plain(value):
    return isinstance(value, (str, numbers.Number)) and not isinstance(value, bool) or value is None


def _build(cls, params, state):
    """A pyml model with these hyperparameters and fitted attributes, as pyml.load builds one."""
    model = cls(**params)
    for key, value in state.items():
        setattr(model, key, value)
    return model


def _labels(estimator, classes):
    """scikit-learn's ``classes_`` as a pyml label array (numbers, strings or booleans)."""
    classes = np.asarray(classes)
    if classes.dtype.kind == "O":
        kinds = {type(c) for c in classes.tolist()}
        as_array = np.array(classes.tolist())
        if len(kinds) != 1 or as_array.dtype.kind not in "biufU":
            raise _refuse(
                estimator,
                "class labels of types %s" % ", ".join(sorted(k.__name__ for k in kinds)),
                "pyml's labels are numbers, strings or booleans of one type",
            )
        classes = as_array
    return classes


def _seed(random_state):
    """A seed both libraries take: an int stays, anything else (a generator) becomes None."""
    return (
        random_state
        if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool)
        else None
    )


def _fold_scaler(scaler, coef, intercept):
    """Coefficients of a linear model on standardized features, for the raw ones:
    w'(x - mean) / scale + b = (w / scale)'x + b - (w / scale)'mean."""
    coef = coef / scaler.scale_
    return coef, intercept - coef @ scaler.mean_


# ---------------------------------------------------------------- scikit-learn -> pyml


def _linear_from(estimator, scaler=None):
    _require(estimator, "fit_intercept", (True,), "pyml's linear models always fit an intercept")
    _require(estimator, "positive", (False,), "pyml has no constraint to positive coefficients")
    coef, intercept = np.asarray(estimator.coef_, dtype=float), estimator.intercept_
    if coef.ndim != 1:
        raise _refuse(
            estimator,
            "a 2-D y (coef_ of shape %s)" % (coef.shape,),
            "pyml's LinearRegression predicts one target, fitted from a 1-D y",
        )
    l2 = 0.0
    if type(estimator).__name__ == "Ridge":
        if np.ndim(estimator.alpha) != 0:
            raise _refuse(estimator, "an alpha per target", "pyml's l2 is one number")
        l2 = float(estimator.alpha)
    intercept = float(intercept)
    if scaler is not None:
        coef, intercept = _fold_scaler(scaler, coef, intercept)
    params = {"solver": "normal", "l2": l2, "normalize": scaler is not None}
    state = {
        "n_features_in_": len(coef),
        "coef_": coef,
        "intercept_": float(intercept),
        "n_iter_": 0,
        "loss_curve_": [],
    }  # no history: see the module's notes
    return _build(LinearRegression, params, state)


def _logistic_from(estimator, scaler=None):
    _require(estimator, "fit_intercept", (True,), "pyml's logistic regression always fits an intercept")
    _require(estimator, "class_weight", (None,), "pyml has no class weights")
    _require(
        estimator,
        "penalty",
        ("l2", None, "none", "deprecated"),
        "pyml's logistic regression has an L2 penalty only",
    )
    _require(estimator, "l1_ratio", (None, 0, 0.0), "pyml's logistic regression has an L2 penalty only")
    _require(
        estimator,
        "solver",
        ("lbfgs", "newton-cg", "newton-cholesky", "sag", "saga"),
        "liblinear penalizes the intercept too, pyml leaves it alone (use solver='lbfgs')",
    )
    _require(
        estimator,
        "multi_class",
        ("auto", "multinomial", "deprecated"),
        "pyml's logistic regression is multinomial (softmax) for more than two classes",
    )
    classes = _labels(estimator, estimator.classes_)
    unpenalized = getattr(estimator, "penalty", "l2") in (None, "none") or estimator.C == np.inf
    coef = np.array(estimator.coef_, dtype=float)
    intercept = np.array(estimator.intercept_, dtype=float)
    if scaler is not None:
        coef, intercept = _fold_scaler(scaler, coef, intercept)
    params = {
        "solver": "lbfgs",
        "n_iter": int(estimator.max_iter),
        "l2": 0.0 if unpenalized else 1.0 / estimator.C,
        "normalize": scaler is not None,
        "tol": float(estimator.tol),
    }
    state = {
        "classes_": classes,
        "n_features_in_": coef.shape[1],
        "coef_": coef,
        "intercept_": intercept,
        "n_iter_": 0,
        "loss_curve_": [],
    }
    return _build(LogisticRegression, params, state)


def _pipeline_from(pipeline):
    steps = [step for _, step in pipeline.steps if step not in (None, "passthrough")]
    names = [type(step).__name__ for step in steps]
    if len(steps) == 1:
        return from_sklearn(steps[0])  # a pipeline of one step is that step
    if (
        len(steps) == 2
        and names[0] == "StandardScaler"
        and names[1] in ("LinearRegression", "Ridge", "LogisticRegression")
    ):
        scaler, model = steps
        if not (scaler.with_mean and scaler.with_std):
            raise _refuse(
                pipeline,
                "StandardScaler(with_mean=%r, with_std=%r)" % (scaler.with_mean, scaler.with_std),
                "pyml's normalize=True both centres and scales",
            )
        convert = _logistic_from if names[1] == "LogisticRegression" else _linear_from
        return convert(model, scaler)
    raise _refuse(
        pipeline,
        "the steps %s" % (" -> ".join(names) or "(none)"),
        "pyml expresses a StandardScaler followed by LinearRegression, Ridge or LogisticRegression "
        "(as normalize=True) and has no pipelines otherwise; convert the steps one by one "
        "([pyml.from_sklearn(step) for _, step in pipeline.steps]) and apply them in turn",
    )


def _mlp_from(estimator):
    _require(estimator, "activation", tuple(_ACTIVATIONS), "pyml's networks have these activations")
    _require(
        estimator,
        "loss",
        ("squared_error", "log_loss"),
        "pyml's networks learn by squared error (regressor) or cross-entropy (classifier)",
    )
    classifier = type(estimator).__name__ == "MLPClassifier"
    coefs = [np.array(W, dtype=float) for W in estimator.coefs_]
    intercepts = [np.array(b, dtype=float) for b in estimator.intercepts_]
    if classifier:
        if getattr(getattr(estimator, "_label_binarizer", None), "y_type_", None) == "multilabel-indicator":
            raise _refuse(
                estimator,
                "several labels per sample (multilabel targets)",
                "pyml's MLPClassifier gives each sample one class",
            )
        classes = _labels(estimator, estimator.classes_)
        if len(classes) == 2:
            # One logistic unit z becomes the softmax pair [0, z]: sigmoid(z) = e^z / (e^0 + e^z).
            coefs[-1] = np.column_stack([np.zeros(len(coefs[-1])), coefs[-1][:, 0]])
            intercepts[-1] = np.array([0.0, intercepts[-1][0]])
    solver = estimator.solver
    optimizer = "adam" if solver != "sgd" else ("momentum" if estimator.momentum > 0 else "sgd")
    momentum = estimator.momentum if estimator.momentum < 1 else 0.9  # pyml's needs < 1
    batch_size = 200 if estimator.batch_size == "auto" else int(estimator.batch_size)  # both take min(., n)
    params = {
        "hidden_layer_sizes": tuple(W.shape[1] for W in coefs[:-1]),
        "activation": _ACTIVATIONS[estimator.activation],
        "optimizer": optimizer,
        "learning_rate": float(estimator.learning_rate_init),
        "momentum": float(momentum),
        "batch_size": batch_size,
        "l2": float(estimator.alpha),
        "n_epochs": int(estimator.max_iter),
        "random_state": _seed(estimator.random_state),
    }
    curve = [float(v) for v in getattr(estimator, "loss_curve_", [])]  # one per epoch; lbfgs keeps none
    state = {
        "n_features_in_": coefs[0].shape[0],
        "n_outputs_": coefs[-1].shape[1],
        "coefs_": coefs,
        "intercepts_": intercepts,
        "loss_curve_": curve,
        "n_iter_": len(curve),
    }
    if classifier:
        state["classes_"] = classes
    return _build(MLPClassifier if classifier else MLPRegressor, params, state)


def _kmeans_from(estimator):
    init = estimator.init
    if callable(init):
        raise _refuse(
            estimator, "a callable init", "pyml starts from 'k-means++', 'random' or given centroids"
        )
    given = not isinstance(init, str)
    centres = np.array(estimator.cluster_centers_, dtype=float)
    n_init = getattr(estimator, "_n_init", estimator.n_init)
    params = {
        "n_clusters": int(estimator.n_clusters),
        "init": np.array(init, dtype=float) if given else init,
        "n_init": 1 if given else int(n_init),
        "max_iter": int(estimator.max_iter),
        "tol": float(estimator.tol),
        "random_state": _seed(estimator.random_state),
    }
    inertia = float(estimator.inertia_)
    state = {
        "n_features_in_": centres.shape[1],
        "init_centers_": np.array(init, dtype=float) if given else centres.copy(),
        "loss_curve_": [],
        "cluster_centers_": centres,
        "labels_": np.asarray(estimator.labels_).astype(np.intp),
        "inertia_": inertia,
        "n_iter_": 0,
    }
    return _build(KMeans, params, state)


def _pca_from(estimator):
    _require(estimator, "whiten", (False,), "pyml's PCA does not whiten")
    solver = getattr(estimator, "_fit_svd_solver", estimator.svd_solver)
    if solver not in ("full", "covariance_eigh"):
        raise _refuse(
            estimator,
            "svd_solver=%r (it ran %r)" % (estimator.svd_solver, solver),
            "pyml's PCA is an exact SVD; arpack and randomized solvers give approximate "
            "components (fit with svd_solver='full')",
        )
    n_components = estimator.n_components
    if isinstance(n_components, str):
        raise _refuse(
            estimator,
            "n_components=%r" % n_components,
            "pyml keeps a number or a fraction of the variance, not Minka's MLE",
        )
    params = {"n_components": n_components}
    state = {
        "mean_": np.array(estimator.mean_, dtype=float),
        "n_components_": int(estimator.n_components_),
        "n_features_in_": int(estimator.n_features_in_),
        "components_": np.array(estimator.components_, dtype=float),
        "singular_values_": np.array(estimator.singular_values_, dtype=float),
        "explained_variance_": np.array(estimator.explained_variance_, dtype=float),
        "explained_variance_ratio_": np.array(estimator.explained_variance_ratio_, dtype=float),
    }
    return _build(PCA, params, state)


def _svc_from(estimator):
    _require(
        estimator, "kernel", ("linear", "rbf", "poly"), "pyml's SVC has the kernels linear, rbf and poly"
    )
    _require(estimator, "class_weight", (None,), "pyml has no class weights")
    if getattr(estimator, "_effective_probability", getattr(estimator, "probability", False) is True):
        raise _refuse(
            estimator,
            "probability=True",
            "pyml's SVC has no Platt-scaled predict_proba (fit with probability=False)",
        )
    if estimator.break_ties and estimator.decision_function_shape == "ovr" and len(estimator.classes_) > 2:
        raise _refuse(estimator, "break_ties=True", "pyml's SVC breaks ties by vote order, as libsvm")
    if not isinstance(estimator.gamma, str) and estimator.gamma <= 0:
        raise _refuse(estimator, "gamma=%r" % estimator.gamma, "pyml's kernels take gamma > 0")
    if estimator.kernel == "poly" and estimator.degree < 1:
        raise _refuse(estimator, "degree=%r" % estimator.degree, "pyml's poly kernel has degree >= 1")
    classes = _labels(estimator, estimator.classes_)
    support = np.asarray(estimator.support_).astype(np.intp)
    vectors = np.array(estimator.support_vectors_, dtype=float)
    n_support = np.asarray(estimator.n_support_).astype(np.intp)
    sv_class = np.repeat(np.arange(len(classes)), n_support)
    problems = _problems(len(classes), "ovo")
    if len(classes) == 2:
        # scikit-learn's public binary coefficients already have pyml's sign: positive -> classes_[1].
        dual = np.array(estimator.dual_coef_, dtype=float)
        intercept = np.array(estimator.intercept_, dtype=float)
    else:
        # libsvm's compact layout: for the pair (i, j) the class-i vectors' coefficients are in row
        # j - 1, the class-j vectors' in row i; its +1 is class i, pyml's class j: the sign flips.
        libsvm = np.asarray(estimator._dual_coef_, dtype=float)
        dual = np.zeros((len(problems), len(support)))
        for p, (i, j) in enumerate(problems):
            dual[p, sv_class == i] = -libsvm[j - 1, sv_class == i]
            dual[p, sv_class == j] = -libsvm[i, sv_class == j]
        intercept = -np.array(estimator._intercept_, dtype=float)
    gamma = float(estimator._gamma)
    kernel = {
        "kernel": estimator.kernel,
        "gamma": gamma,
        "degree": int(estimator.degree),
        "coef0": float(estimator.coef0),
    }
    K = kernel_matrix(vectors, vectors, **kernel)
    # The dual objective f = 1/2 c'Kc - sum |c| of each problem, c = alpha y: the final loss.
    objective = sum(0.5 * float(c @ K @ c) - float(np.abs(c).sum()) for c in dual)
    params = {
        "kernel": estimator.kernel,
        "C": float(estimator.C),
        "gamma": estimator.gamma,
        "degree": int(estimator.degree) if estimator.degree >= 1 else 3,
        "coef0": float(estimator.coef0),
        "tol": float(estimator.tol),
        "max_iter": None if estimator.max_iter < 0 else int(estimator.max_iter),
        "multiclass": "ovo",
    }
    state = {
        "classes_": classes,
        "gamma_": gamma,
        "multiclass_": "ovo",
        "n_features_in_": vectors.shape[1],
        "loss_curve_": [objective],
        "n_iter_": int(np.sum(estimator.n_iter_)),
        "support_": support,
        "support_vectors_": vectors,
        "n_support_": n_support,
        "dual_coef_": dual,
        "intercept_": intercept,
    }
    if estimator.kernel == "linear":
        state["coef_"] = dual @ vectors
    return _build(SVC, params, state)


def _neighbors_from(estimator):
    if callable(estimator.weights):
        raise _refuse(estimator, "callable weights", "pyml weights neighbours 'uniform' or by 'distance'")
    metric = getattr(estimator, "effective_metric_", estimator.metric)
    if metric != "euclidean":
        raise _refuse(
            estimator,
            "metric=%r, p=%r" % (estimator.metric, estimator.p),
            "pyml's neighbours are Euclidean (metric='minkowski' with p=2, or 'euclidean')",
        )
    if getattr(estimator, "outputs_2d_", False) or np.ndim(estimator._y) > 1:
        raise _refuse(estimator, "several targets per sample", "pyml's neighbours predict one")
    classifier = type(estimator).__name__ == "KNeighborsClassifier"
    X = np.asarray(estimator._fit_X, dtype=float)
    model = (KNeighborsClassifier if classifier else KNeighborsRegressor)(
        n_neighbors=int(estimator.n_neighbors), weights=estimator.weights
    )
    if classifier:
        y = _labels(estimator, estimator.classes_)[np.asarray(estimator._y)]
    else:
        y = np.asarray(estimator._y, dtype=float)
    return model.fit(X, y)  # fitting a k-NN model stores its training set: the state is exactly that


def _naive_bayes_from(estimator):
    _require(estimator, "priors", (None,), "pyml's priors are the class frequencies of the training set")
    counts = np.asarray(estimator.class_count_, dtype=float)
    if np.any(counts != np.round(counts)):
        raise _refuse(
            estimator,
            "fractional class counts (fitted with sample_weight)",
            "pyml counts each training sample once",
        )
    state = {
        "classes_": _labels(estimator, estimator.classes_),
        "class_count_": counts.astype(np.intp),
        "n_features_in_": int(estimator.n_features_in_),
        "epsilon_": float(estimator.epsilon_),
        "class_prior_": np.array(estimator.class_prior_, dtype=float),
        "theta_": np.array(estimator.theta_, dtype=float),
        "var_": np.array(estimator.var_, dtype=float),
    }
    return _build(GaussianNB, {"var_smoothing": float(estimator.var_smoothing)}, state)


def _tree_from(estimator):
    classifier = type(estimator).__name__ == "DecisionTreeClassifier"
    criteria = ("gini", "entropy", "log_loss") if classifier else ("squared_error",)
    _require(estimator, "criterion", criteria, "pyml's trees split by %s" % " or ".join(criteria[:2]))
    _require(estimator, "class_weight", (None,), "pyml has no class weights")
    _require(estimator, "splitter", ("best",), "pyml's trees try every threshold of every feature")
    for name, default in (
        ("max_features", None),
        ("max_leaf_nodes", None),
        ("min_impurity_decrease", 0.0),
        ("min_weight_fraction_leaf", 0.0),
        ("ccp_alpha", 0.0),
        ("monotonic_cst", None),
    ):
        _require(estimator, name, (default,), "pyml's trees have no %s" % name)
    tree = estimator.tree_
    if tree.n_outputs != 1:
        raise _refuse(estimator, "several outputs", "pyml's trees predict one target")
    if np.any(tree.weighted_n_node_samples != tree.n_node_samples):
        raise _refuse(estimator, "sample weights", "pyml's trees count each training sample once")
    # pyml numbers the nodes level by level (scikit-learn depth first): renumber them breadth first.
    order, depth_of = [0], {0: 0}
    for node in order:
        if tree.children_left[node] != LEAF:
            for child in (tree.children_left[node], tree.children_right[node]):
                depth_of[int(child)] = depth_of[node] + 1
                order.append(int(child))
    order = np.array(order)
    new_id = np.empty(len(order), dtype=int)
    new_id[order] = np.arange(len(order))
    left, right = tree.children_left[order], tree.children_right[order]
    inner = left != LEAF
    n_samples = tree.n_node_samples[order]
    if classifier:
        # pyml keeps the class counts; scikit-learn keeps them too before 1.4, their fractions since.
        values = tree.value[order, 0, :]
        values = np.round(values / values.sum(axis=1, keepdims=True) * n_samples[:, None])
    else:
        values = tree.value[order, 0, 0]
    nodes = {
        "left": np.where(inner, new_id[np.where(inner, left, 0)], LEAF).tolist(),
        "right": np.where(inner, new_id[np.where(inner, right, 0)], LEAF).tolist(),
        "feature": np.where(inner, tree.feature[order], UNDEFINED).tolist(),
        "threshold": np.where(inner, _float64_threshold(tree.threshold[order]), float(UNDEFINED)).tolist(),
        "value": list(values),
        "impurity": tree.impurity[order].tolist(),
        "n_samples": n_samples.tolist(),
    }
    criterion = "entropy" if estimator.criterion == "log_loss" else estimator.criterion
    model = (DecisionTreeClassifier if classifier else DecisionTreeRegressor)(
        criterion=criterion,
        max_depth=estimator.max_depth,
        min_samples_split=_count(estimator.min_samples_split, n_samples[0], 2),
        min_samples_leaf=_count(estimator.min_samples_leaf, n_samples[0], 1),
    )
    model.n_features_in_ = int(estimator.n_features_in_)
    if classifier:
        model.classes_ = _labels(estimator, estimator.classes_)
    depths = np.array([depth_of[int(node)] for node in order])
    max_depth = int(depths.max())
    model._publish(nodes, max_depth)  # the arrays and importances, as fit sets them at each level
    # pyml's fit records the weighted impurity of the leaves after growing each level.
    weighted = model.n_node_samples_ * model.impurity_
    model.loss_curve_ = [
        float(weighted[(depths == level) | ((depths < level) & ~inner)].sum() / n_samples[0])
        for level in range(max_depth + 1)
    ]
    model.n_iter_ = max_depth + 1
    return model


def _count(value, n_samples, least):
    """A tree's sample count as pyml takes it: scikit-learn's fraction of the training set becomes
    the count its fit used, ceil(fraction * n_samples) (at least ``least``)."""
    if isinstance(value, numbers.Integral):
        return int(value)
    return max(least, int(math.ceil(value * n_samples)))


def _float64_threshold(threshold):
    """The float64 threshold t' with x <= t' exactly when float32(x) <= t.

    scikit-learn's trees compare features as float32: x goes left when float32(x) <= t, that is
    when float32(x) <= f, the largest float32 not above t. float32(x) <= f holds for x up to the
    midpoint of f and the next float32 (a float64 number), and at the midpoint itself when
    rounding to even picks f.
    """
    t = np.asarray(threshold, dtype=float)
    with np.errstate(over="ignore"):
        f = t.astype(np.float32)
    f = np.where(f.astype(float) > t, np.nextafter(f, np.float32(-np.inf)), f)
    after = np.nextafter(f, np.float32(np.inf))
    midpoint = (f.astype(float) + after.astype(float)) / 2
    even = (f.view(np.uint32) & 1) == 0
    exact = np.where(even, midpoint, np.nextafter(midpoint, -np.inf))
    return np.where(np.isfinite(exact), exact, t)


def _scaler_from(estimator):
    n = int(estimator.n_features_in_)
    state = {
        "n_features_in_": n,
        "mean_": np.array(estimator.mean_, dtype=float) if estimator.with_mean else np.zeros(n),
        "scale_": np.array(estimator.scale_, dtype=float) if estimator.with_std else np.ones(n),
    }
    return _build(
        StandardScaler, {"with_mean": bool(estimator.with_mean), "with_std": bool(estimator.with_std)}, state
    )


def _polynomial_from(estimator):
    _require(estimator, "interaction_only", (False,), "pyml's PolynomialFeatures has every power")
    if not isinstance(estimator.degree, numbers.Integral):
        raise _refuse(
            estimator,
            "degree=%r" % (estimator.degree,),
            "pyml's PolynomialFeatures takes one degree, every power from 0 (or 1) up to it",
        )
    model = PolynomialFeatures(degree=int(estimator.degree), include_bias=bool(estimator.include_bias))
    # Fitting reads only the number of features: the powers follow from it, in scikit-learn's order.
    return model.fit(np.zeros((1, int(estimator.n_features_in_))))


_FROM = {
    "LinearRegression": _linear_from,
    "Ridge": _linear_from,
    "LogisticRegression": _logistic_from,
    "Pipeline": _pipeline_from,
    "MLPClassifier": _mlp_from,
    "MLPRegressor": _mlp_from,
    "KMeans": _kmeans_from,
    "PCA": _pca_from,
    "SVC": _svc_from,
    "KNeighborsClassifier": _neighbors_from,
    "KNeighborsRegressor": _neighbors_from,
    "GaussianNB": _naive_bayes_from,
    "DecisionTreeClassifier": _tree_from,
    "DecisionTreeRegressor": _tree_from,
    "StandardScaler": _scaler_from,
    "PolynomialFeatures": _polynomial_from,
}


# ---------------------------------------------------------------- pyml -> scikit-learn


def _refuse_to(model, setting, why):
    return ValueError("pyml.to_sklearn cannot convert %s with %s: %s." % (type(model).__name__, setting, why))


def _set(estimator, **state):
    for key, value in state.items():
        setattr(estimator, key, value)
    return estimator


def _normalized(model):
    """Refuse a penalized model trained on standardized features: its scikit-learn counterpart would
    need the scaler's means and deviations, which pyml does not keep."""
    if model.normalize and model.l2 > 0:
        raise _refuse_to(
            model,
            "normalize=True and l2=%r" % model.l2,
            "its penalty applies to standardized coefficients, which scikit-learn expresses as a "
            "Pipeline with a StandardScaler, whose training means and deviations pyml does not "
            "keep; train with normalize=False (or l2=0) to convert it",
        )


def _linear_to(model):
    from sklearn.linear_model import LinearRegression as SkLinear, Ridge

    _normalized(model)
    estimator = Ridge(alpha=model.l2) if model.l2 > 0 else SkLinear()
    return _set(
        estimator,
        coef_=np.array(model.coef_, dtype=float),
        intercept_=float(model.intercept_),
        n_features_in_=model.n_features_in_,
    )


def _logistic_to(model):
    from sklearn.linear_model import LogisticRegression as SkLogistic

    _normalized(model)
    estimator = SkLogistic(
        C=1.0 / model.l2 if model.l2 > 0 else np.inf, max_iter=int(model.n_iter), tol=float(model.tol)
    )
    return _set(
        estimator,
        classes_=np.asarray(model.classes_),
        coef_=np.array(model.coef_, dtype=float),
        intercept_=np.array(model.intercept_, dtype=float),
        n_features_in_=model.n_features_in_,
        n_iter_=np.array([model.n_iter_], dtype=np.int32),
    )


def _mlp_to(model):
    from sklearn.neural_network import MLPClassifier as SkClassifier, MLPRegressor as SkRegressor
    from sklearn.preprocessing import LabelBinarizer

    classifier = isinstance(model, MLPClassifier)
    coefs = [np.array(W, dtype=float) for W in model.coefs_]
    intercepts = [np.array(b, dtype=float) for b in model.intercepts_]
    if classifier and len(model.classes_) == 2:
        # softmax([z0, z1])[1] = sigmoid(z1 - z0): one logistic unit, as scikit-learn's binary network.
        coefs[-1] = (coefs[-1][:, 1] - coefs[-1][:, 0])[:, None]
        intercepts[-1] = np.array([intercepts[-1][1] - intercepts[-1][0]])
    solver = "sgd" if model.optimizer in ("sgd", "momentum") else "adam"
    activation = {pyml: sk for sk, pyml in _ACTIVATIONS.items()}[model.activation]
    estimator = (SkClassifier if classifier else SkRegressor)(
        hidden_layer_sizes=tuple(int(s) for s in np.atleast_1d(model.hidden_layer_sizes)),
        activation=activation,
        solver=solver,
        learning_rate_init=model.learning_rate,
        momentum=model.momentum if model.optimizer == "momentum" else 0.0,
        nesterovs_momentum=False,
        batch_size="auto" if model.batch_size is None else int(model.batch_size),
        alpha=model.l2,
        max_iter=int(model.n_epochs),
        random_state=_seed(model.random_state),
    )
    curve = [float(v) for v in model.loss_curve_]
    _set(
        estimator,
        coefs_=coefs,
        intercepts_=intercepts,
        n_features_in_=model.n_features_in_,
        n_outputs_=coefs[-1].shape[1],
        n_layers_=len(coefs) + 1,
        n_iter_=int(model.n_iter_),
        loss_curve_=curve,
        loss_=curve[-1] if curve else None,
        best_loss_=min(curve) if curve else None,
    )
    if classifier:
        classes = np.asarray(model.classes_)
        _set(
            estimator,
            classes_=classes,
            _label_binarizer=LabelBinarizer().fit(classes),
            out_activation_="logistic" if len(classes) == 2 else "softmax",
        )
    else:
        estimator.out_activation_ = "identity"
    return estimator


def _kmeans_to(model):
    from sklearn.cluster import KMeans as SkKMeans

    given = not isinstance(model.init, str)
    estimator = SkKMeans(
        n_clusters=int(model.n_clusters),
        init=np.array(model.init, dtype=float) if given else model.init,
        n_init=1 if given else int(model.n_init),
        max_iter=int(model.max_iter),
        tol=float(model.tol),
        random_state=_seed(model.random_state),
    )
    centres = np.array(model.cluster_centers_, dtype=float)
    return _set(
        estimator,
        cluster_centers_=centres,
        labels_=np.asarray(model.labels_).astype(np.int32),
        inertia_=float(model.inertia_),
        n_iter_=int(model.n_iter_),
        n_features_in_=centres.shape[1],
        _n_features_out=len(centres),
        _n_threads=1,
        _n_init=estimator.n_init if given else int(model.n_init),
        _algorithm="lloyd",
        _tol=float(model.tol),
    )


def _pca_to(model):
    from sklearn.decomposition import PCA as SkPCA

    variance = np.array(model.explained_variance_, dtype=float)
    singular = np.array(model.singular_values_, dtype=float)
    # explained_variance_ = S^2 / (n_samples - 1) gives back the number of training samples, and
    # explained_variance_ / explained_variance_ratio_ the total variance: enough for the variance
    # left in the dropped components, scikit-learn's noise_variance_.
    n_samples = int(round(singular[0] ** 2 / variance[0])) + 1 if variance[0] > 0 else model.n_components_ + 1
    most = min(n_samples, model.n_features_in_)
    ratio = np.asarray(model.explained_variance_ratio_, dtype=float)
    total = float(variance[0] / ratio[0]) if ratio[0] > 0 else 0.0
    noise = (
        (total - float(variance.sum())) / (most - model.n_components_) if model.n_components_ < most else 0.0
    )
    estimator = SkPCA(n_components=model.n_components, svd_solver="full")
    return _set(
        estimator,
        components_=np.array(model.components_, dtype=float),
        explained_variance_=variance,
        explained_variance_ratio_=ratio.copy(),
        singular_values_=singular,
        mean_=np.array(model.mean_, dtype=float),
        n_components_=int(model.n_components_),
        n_features_in_=int(model.n_features_in_),
        n_samples_=n_samples,
        noise_variance_=max(noise, 0.0),
        _fit_svd_solver="full",
    )


def _svc_to(model):
    from sklearn.svm import SVC as SkSVC

    if model.multiclass_ != "ovo":
        raise _refuse_to(
            model,
            "multiclass='ovr'",
            "scikit-learn's SVC trains one-vs-one only (train with multiclass='ovo' to convert it)",
        )
    classes = np.asarray(model.classes_)
    n_support = np.asarray(model.n_support_).astype(np.int32)
    sv_class = np.repeat(np.arange(len(classes)), n_support)
    dual = np.asarray(model.dual_coef_, dtype=float)
    problems = _problems(len(classes), "ovo")
    if len(classes) == 2:
        libsvm, intercept = -dual, -np.asarray(model.intercept_, dtype=float)
    else:
        libsvm = np.zeros((len(classes) - 1, len(sv_class)))
        for p, (i, j) in enumerate(problems):
            pair = (sv_class == i) | (sv_class == j)
            if np.any(dual[p, ~pair] != 0):
                raise _refuse_to(
                    model,
                    "a one-vs-one problem that uses support vectors of other classes",
                    "libsvm's layout has no place for them",
                )
            libsvm[j - 1, sv_class == i] = -dual[p, sv_class == i]
            libsvm[i, sv_class == j] = -dual[p, sv_class == j]
        intercept = -np.asarray(model.intercept_, dtype=float)
    estimator = SkSVC(
        kernel=model.kernel,
        C=float(model.C),
        gamma=model.gamma,
        degree=int(model.degree),
        coef0=float(model.coef0),
        tol=float(model.tol),
        max_iter=-1 if model.max_iter is None else int(model.max_iter),
        decision_function_shape="ovo",
    )
    vectors = np.ascontiguousarray(model.support_vectors_, dtype=float)
    n_iter = np.zeros(len(problems), dtype=np.int32)
    n_iter[0] = model.n_iter_  # pyml counts iterations over all the problems together
    # The public attributes are libsvm's with the binary sign flipped, as scikit-learn's fit leaves them.
    public_dual, public_intercept = (-libsvm, -intercept) if len(classes) == 2 else (libsvm, intercept.copy())
    return _set(
        estimator,
        classes_=classes,
        support_=np.asarray(model.support_).astype(np.int32),
        support_vectors_=vectors,
        _n_support=n_support,
        _dual_coef_=libsvm,
        _intercept_=intercept,
        dual_coef_=public_dual,
        intercept_=public_intercept,
        _gamma=float(model.gamma_),
        _sparse=False,
        _probA=np.empty(0),
        _probB=np.empty(0),
        _effective_probability=False,
        fit_status_=0,
        class_weight_=np.ones(len(classes)),
        shape_fit_=(int(np.max(model.support_, initial=-1)) + 1, vectors.shape[1]),
        n_features_in_=vectors.shape[1],
        _num_iter=n_iter,
        n_iter_=n_iter,
    )


def _neighbors_to(model):
    from sklearn.neighbors import KNeighborsClassifier as SkClassifier, KNeighborsRegressor as SkRegressor

    cls = SkClassifier if isinstance(model, KNeighborsClassifier) else SkRegressor
    # Brute force, as pyml searches: fitting stores the training set, the model's whole state.
    return cls(n_neighbors=int(model.n_neighbors), weights=model.weights, algorithm="brute").fit(
        model.fit_X_, model.fit_y_
    )


def _naive_bayes_to(model):
    from sklearn.naive_bayes import GaussianNB as SkGaussianNB

    return _set(
        SkGaussianNB(var_smoothing=float(model.var_smoothing)),
        classes_=np.asarray(model.classes_),
        class_count_=np.asarray(model.class_count_, dtype=float),
        class_prior_=np.array(model.class_prior_),
        theta_=np.array(model.theta_, dtype=float),
        var_=np.array(model.var_, dtype=float),
        epsilon_=float(model.epsilon_),
        n_features_in_=int(model.n_features_in_),
    )


def _tree_to(model):
    from sklearn.tree import DecisionTreeClassifier as SkClassifier, DecisionTreeRegressor as SkRegressor
    from sklearn.tree._tree import NODE_DTYPE, Tree

    classifier = isinstance(model, DecisionTreeClassifier)
    n_nodes = len(model.children_left_)
    left, right = np.asarray(model.children_left_), np.asarray(model.children_right_)
    samples = np.asarray(model.n_node_samples_)
    nodes = np.zeros(n_nodes, dtype=NODE_DTYPE)
    nodes["left_child"], nodes["right_child"] = left, right
    nodes["feature"], nodes["threshold"] = model.feature_, model.threshold_
    nodes["impurity"], nodes["n_node_samples"] = model.impurity_, samples
    nodes["weighted_n_node_samples"] = samples
    if "missing_go_to_left" in nodes.dtype.names:
        # Where no value was missing in training, scikit-learn sends missing values to the bigger child.
        inner = left != LEAF
        nodes["missing_go_to_left"] = inner & (
            samples[np.where(inner, left, 0)] >= samples[np.where(inner, right, 0)]
        )
    if classifier:
        classes = np.asarray(model.classes_)
        counts = np.asarray(model.value_, dtype=float)
        values = (counts / counts.sum(axis=1, keepdims=True))[:, None, :]  # scikit-learn keeps fractions
        n_classes = np.array([len(classes)], dtype=np.intp)
    else:
        values = np.asarray(model.value_, dtype=float)[:, None, None]
        n_classes = np.array([1], dtype=np.intp)
    tree = Tree(int(model.n_features_in_), n_classes, 1)
    depth = model.get_depth()
    tree.__setstate__(
        {"max_depth": depth, "node_count": n_nodes, "nodes": nodes, "values": np.ascontiguousarray(values)}
    )
    params = {
        "max_depth": model.max_depth,
        "min_samples_split": int(model.min_samples_split),
        "min_samples_leaf": int(model.min_samples_leaf),
        "criterion": model.criterion,
    }
    estimator = (SkClassifier if classifier else SkRegressor)(**params)
    _set(
        estimator,
        tree_=tree,
        n_features_in_=int(model.n_features_in_),
        n_outputs_=1,
        max_features_=int(model.n_features_in_),
    )
    if classifier:
        _set(estimator, classes_=classes, n_classes_=len(classes))
    return estimator


def _scaler_to(model):
    from sklearn.preprocessing import StandardScaler as SkScaler

    scale = np.array(model.scale_, dtype=float)
    return _set(
        SkScaler(with_mean=bool(model.with_mean), with_std=bool(model.with_std)),
        mean_=np.array(model.mean_, dtype=float) if model.with_mean else None,
        scale_=scale if model.with_std else None,
        var_=scale**2 if model.with_std else None,
        n_features_in_=int(model.n_features_in_),
    )


def _polynomial_to(model):
    from sklearn.preprocessing import PolynomialFeatures as SkPolynomial

    estimator = SkPolynomial(degree=int(model.degree), include_bias=bool(model.include_bias))
    return estimator.fit(np.zeros((1, int(model.n_features_in_))))  # its fit, too, reads only the shape


_TO = {
    LinearRegression: _linear_to,
    LogisticRegression: _logistic_to,
    MLPClassifier: _mlp_to,
    MLPRegressor: _mlp_to,
    KMeans: _kmeans_to,
    PCA: _pca_to,
    SVC: _svc_to,
    KNeighborsClassifier: _neighbors_to,
    KNeighborsRegressor: _neighbors_to,
    GaussianNB: _naive_bayes_to,
    DecisionTreeClassifier: _tree_to,
    DecisionTreeRegressor: _tree_to,
    StandardScaler: _scaler_to,
    PolynomialFeatures: _polynomial_to,
}
