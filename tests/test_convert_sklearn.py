"""pyml.from_sklearn / pyml.to_sklearn: converted models predict what the source does, on held-out data.

Every case fits scikit-learn (or pyml) on small seeded data, converts, and compares predict,
predict_proba, decision_function and transform on data neither was fitted on, to 1e-6 relative:
scikit-learn -> pyml, pyml -> scikit-learn, and the round trips. Refused settings give their message.
"""

import copy
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import pyml
from pyml import from_sklearn, to_sklearn
from pyml.interop import _float64_threshold

sklearn = pytest.importorskip("sklearn")
import joblib  # noqa: E402  (installed with scikit-learn)
from sklearn import cluster, decomposition, ensemble, linear_model, naive_bayes, neighbors  # noqa: E402
from sklearn import neural_network, preprocessing, svm, tree  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
METHODS = ("predict", "predict_proba", "decision_function", "transform")

rng = np.random.default_rng(0)
X = rng.normal(size=(60, 3))
X_TEST = rng.normal(size=(30, 3))  # held out: no model is fitted on it
_side = X[:, 0] + 0.5 * X[:, 1] > 0
_region = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.3)
TARGETS = {
    "strings": np.where(_side, "yes", "no"),
    "bools": _side,
    "ints": np.where(_side, 7, -3),
    "floats": np.where(_side, 1.0, -2.0),  # scikit-learn takes integral floats as classes
    "three": np.array(["cat", "dog", "eel"])[_region],
    "three_ints": np.array([10, 20, 30])[_region],
    "four": np.array(["n", "e", "s", "w"])[(X[:, 0] > 0).astype(int) + 2 * (X[:, 2] > 0)],
    "three_objects": np.array(["cat", "dog", "eel"], dtype=object)[_region],  # as pandas gives them
    "real": X @ [1.0, 2.0, -1.0] + np.sin(2 * X[:, 0]),
    "one_column": (X @ [1.0, 2.0, -1.0])[:, None],
    "two_reals": np.column_stack([X @ [1.0, 2.0, -1.0], np.cos(X[:, 1])]),
    None: None,
}


def mlp(cls, activation, **params):
    params = dict(dict(hidden_layer_sizes=(5, 4), max_iter=60, random_state=0), **params)
    return lambda: getattr(neural_network, cls)(activation=activation, **params)


# (id, scikit-learn estimator factory, target)
SKLEARN_CASES = [
    ("linear", linear_model.LinearRegression, "real"),
    ("ridge", lambda: linear_model.Ridge(alpha=0.7), "real"),
    (
        "scaler+linear",
        lambda: make_pipeline(preprocessing.StandardScaler(), linear_model.LinearRegression()),
        "real",
    ),
    (
        "scaler+ridge",
        lambda: make_pipeline(preprocessing.StandardScaler(), linear_model.Ridge(alpha=3.0)),
        "real",
    ),
    ("logistic-binary", lambda: linear_model.LogisticRegression(C=0.5), "strings"),
    ("logistic-bools", lambda: linear_model.LogisticRegression(), "bools"),
    ("logistic-multinomial", lambda: linear_model.LogisticRegression(C=2.0), "three"),
    ("logistic-unpenalized", lambda: linear_model.LogisticRegression(C=np.inf, max_iter=500), "three_ints"),
    ("logistic-newton", lambda: linear_model.LogisticRegression(solver="newton-cg"), "ints"),
    (
        "scaler+logistic",
        lambda: make_pipeline(preprocessing.StandardScaler(), linear_model.LogisticRegression()),
        "three",
    ),
    ("mlp-relu-binary", mlp("MLPClassifier", "relu"), "strings"),
    ("mlp-tanh-multi", mlp("MLPClassifier", "tanh"), "three"),
    ("mlp-logistic-multi", mlp("MLPClassifier", "logistic"), "three_objects"),
    ("mlp-identity-binary", mlp("MLPClassifier", "identity"), "bools"),
    ("mlp-lbfgs", mlp("MLPClassifier", "tanh", solver="lbfgs"), "three_ints"),
    ("mlp-sgd", mlp("MLPClassifier", "relu", solver="sgd", momentum=0.0), "ints"),
    ("mlpreg-relu", mlp("MLPRegressor", "relu"), "real"),
    ("mlpreg-tanh", mlp("MLPRegressor", "tanh"), "real"),
    ("mlpreg-logistic", mlp("MLPRegressor", "logistic"), "real"),
    ("mlpreg-identity-2-targets", mlp("MLPRegressor", "identity"), "two_reals"),
    ("kmeans", lambda: cluster.KMeans(n_clusters=3, n_init=3, random_state=0), None),
    ("kmeans-given", lambda: cluster.KMeans(n_clusters=2, init=X[:2], n_init=1), None),
    ("pca-2", lambda: decomposition.PCA(n_components=2, svd_solver="full"), None),
    ("pca-fraction", lambda: decomposition.PCA(n_components=0.8), None),
    ("pca-all", lambda: decomposition.PCA(svd_solver="covariance_eigh"), None),
    ("svc-linear-binary", lambda: svm.SVC(kernel="linear", C=0.5), "strings"),
    ("svc-rbf-binary", lambda: svm.SVC(gamma=0.7), "bools"),
    ("svc-poly-binary", lambda: svm.SVC(kernel="poly", degree=2, coef0=1.0), "ints"),
    ("svc-linear-multi", lambda: svm.SVC(kernel="linear"), "three"),
    ("svc-rbf-multi", lambda: svm.SVC(C=3.0, gamma="auto"), "three_ints"),
    ("svc-poly-multi-ovo", lambda: svm.SVC(kernel="poly", degree=3, decision_function_shape="ovo"), "three"),
    ("svc-rbf-4-classes", lambda: svm.SVC(C=2.0), "four"),
    ("svc-linear-4-classes-ovo", lambda: svm.SVC(kernel="linear", decision_function_shape="ovo"), "four"),
    ("knn-uniform", lambda: neighbors.KNeighborsClassifier(n_neighbors=4), "three"),
    ("knn-distance", lambda: neighbors.KNeighborsClassifier(n_neighbors=5, weights="distance"), "bools"),
    ("knn-regressor", lambda: neighbors.KNeighborsRegressor(n_neighbors=3, weights="distance"), "real"),
    ("gaussian-nb", naive_bayes.GaussianNB, "three"),
    ("gaussian-nb-float-labels", naive_bayes.GaussianNB, "floats"),
    ("gaussian-nb-binary", lambda: naive_bayes.GaussianNB(var_smoothing=1e-3), "ints"),
    ("tree-gini", lambda: tree.DecisionTreeClassifier(max_depth=3, random_state=0), "three"),
    ("tree-entropy", lambda: tree.DecisionTreeClassifier(criterion="entropy", random_state=0), "strings"),
    (
        "tree-log-loss",
        lambda: tree.DecisionTreeClassifier(criterion="log_loss", min_samples_leaf=3, random_state=0),
        "three_ints",
    ),
    (
        "tree-fractions",
        lambda: tree.DecisionTreeClassifier(min_samples_split=0.2, min_samples_leaf=0.05, random_state=0),
        "three",
    ),
    (
        "tree-regressor",
        lambda: tree.DecisionTreeRegressor(max_depth=4, min_samples_split=5, random_state=0),
        "real",
    ),
    ("standard-scaler", preprocessing.StandardScaler, None),
    ("pipeline-of-one", lambda: make_pipeline(preprocessing.PolynomialFeatures(degree=2)), None),
    ("scaler-no-mean", lambda: preprocessing.StandardScaler(with_mean=False), None),
    ("polynomial-3", lambda: preprocessing.PolynomialFeatures(degree=3), None),
    ("polynomial-no-bias", lambda: preprocessing.PolynomialFeatures(include_bias=False), None),
]

# (id, pyml model factory, target): models pyml trained, to scikit-learn and back.
PYML_CASES = [
    ("linear-gd", lambda: pyml.LinearRegression(learning_rate=0.1, n_iter=50), "real"),
    ("linear-l2", lambda: pyml.LinearRegression(solver="normal", l2=2.0), "real"),
    ("linear-normalized", lambda: pyml.LinearRegression(solver="normal", normalize=True), "real"),
    ("logistic-binary", lambda: pyml.LogisticRegression(solver="lbfgs", l2=1.0, n_iter=50), "strings"),
    ("logistic-multi", lambda: pyml.LogisticRegression(n_iter=100), "three"),
    (
        "mlp-binary",
        lambda: pyml.MLPClassifier(
            hidden_layer_sizes=(4,), activation="sigmoid", n_epochs=20, random_state=0
        ),
        "bools",
    ),
    (
        "mlp-multi",
        lambda: pyml.MLPClassifier(activation="relu", optimizer="momentum", n_epochs=20, random_state=0),
        "three",
    ),
    (
        "mlp-regressor",
        lambda: pyml.MLPRegressor(activation="linear", optimizer="sgd", n_epochs=20, random_state=0),
        "real",
    ),
    ("kmeans", lambda: pyml.KMeans(n_clusters=3, random_state=0), None),
    ("pca", lambda: pyml.PCA(n_components=2), None),
    ("svc-linear", lambda: pyml.SVC(kernel="linear"), "strings"),
    ("svc-rbf-multi", lambda: pyml.SVC(C=2.0), "three"),
    ("svc-poly-multi", lambda: pyml.SVC(kernel="poly", degree=2, gamma=0.5, coef0=1.0), "three_ints"),
    ("svc-rbf-4-classes", lambda: pyml.SVC(gamma=0.5), "four"),
    ("knn", lambda: pyml.KNeighborsClassifier(n_neighbors=3), "three"),
    ("knn-regressor", lambda: pyml.KNeighborsRegressor(weights="distance"), "real"),
    ("gaussian-nb", pyml.GaussianNB, "three"),
    ("tree", lambda: pyml.DecisionTreeClassifier(criterion="entropy", max_depth=4), "three"),
    ("tree-regressor", lambda: pyml.DecisionTreeRegressor(min_samples_leaf=2), "real"),
    ("scaler", pyml.StandardScaler, None),
    ("polynomial", lambda: pyml.PolynomialFeatures(degree=3, include_bias=False), None),
]


def fit(factory, target):
    model = factory()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # short training keeps the tests fast
        return model.fit(X) if target is None else model.fit(X, TARGETS[target])


def outputs(model, data=X_TEST):
    """Every prediction method the model has, in pyml's conventions: a multi-class scikit-learn SVC's
    decision values are its one-vs-one ones with the sign flipped (pyml's pairs vote for the later class)."""
    found = {}
    for method in METHODS:
        if hasattr(model, method):
            found[method] = np.asarray(getattr(model, method)(data))
    if isinstance(model, svm.SVC) and len(model.classes_) > 2:
        ovo = copy.deepcopy(model).set_params(decision_function_shape="ovo")
        found["decision_function"] = -ovo.decision_function(data)
    return found


def assert_same(expected_model, got_model, data=X_TEST):
    expected, got = outputs(expected_model, data), outputs(got_model, data)
    shared = sorted(set(expected) & set(got))
    assert shared, "no prediction method to compare"
    for method in shared:
        a, b = expected[method], got[method]
        assert a.shape == b.shape, method
        if a.dtype.kind in "fc":
            np.testing.assert_allclose(b, a, rtol=1e-6, atol=1e-12, err_msg=method)
        else:
            assert a.dtype == b.dtype or {a.dtype.kind, b.dtype.kind} <= set("iu"), (method, a.dtype, b.dtype)
            np.testing.assert_array_equal(b, a, err_msg=method)


def fitted_state(model):
    """Each public fitted attribute's kind: what pyml.load checks a model file against."""

    def kind(value):
        if isinstance(value, np.ndarray):
            return ("array", value.dtype.kind if value.dtype.kind not in "iu" else "int", value.ndim)
        if isinstance(
            value, list
        ):  # a list's items, and the empty list of a history scikit-learn did not keep
            return ("list", kind(value[0]) if value else None)
        if isinstance(value, (bool, np.bool_)):
            return "bool"
        if isinstance(value, (int, np.integer)):
            return "int"
        if isinstance(value, (float, np.floating)):
            return "float"
        return type(value).__name__

    return {k: kind(v) for k, v in vars(model).items() if k.endswith("_") and not k.startswith("_")}


def assert_same_state(converted, fitted):
    got, expected = fitted_state(converted), fitted_state(fitted)
    if hasattr(fitted, "loss_curve_") and len(fitted.loss_curve_) == fitted.n_iter_:
        assert len(converted.loss_curve_) == converted.n_iter_  # one cost per step, as pyml's fit records
    assert sorted(got) == sorted(expected)
    for name, kind in got.items():
        if kind == ("list", None):
            assert expected[name][0] == "list", name
        else:
            assert kind == expected[name], name


def native(model, target):
    """The same pyml model fitted by pyml itself on the training data."""
    fresh = type(model)(**model.get_params())
    if hasattr(fresh, "n_epochs"):
        fresh.n_epochs = 2
    if hasattr(fresh, "n_iter"):
        fresh.n_iter = 5
    if target is None:
        return fresh.fit(X)
    y = TARGETS[target]
    return fresh.fit(X, np.array(y.tolist()) if y.dtype == object else y)  # pyml takes labels of one type


@pytest.mark.parametrize("factory, target", [c[1:] for c in SKLEARN_CASES], ids=[c[0] for c in SKLEARN_CASES])
def test_from_sklearn_predicts_the_same_and_round_trips(factory, target):
    source = fit(factory, target)
    model = from_sklearn(source)
    assert_same(source, model)
    # It is a pyml model like any other: its fitted attributes are the ones pyml's own fit sets ...
    assert_same_state(model, native(model, target))
    # ... it survives a model file, and goes back to scikit-learn.
    assert_same(model, pyml.load(pyml.save(model)))
    if getattr(model, "normalize", False) and model.l2 > 0:
        with pytest.raises(ValueError, match="normalize=True and l2=.*Pipeline with a StandardScaler"):
            to_sklearn(model)
        return
    back = to_sklearn(model)
    assert (
        type(back).__name__ == type(source if not hasattr(source, "steps") else source.steps[-1][1]).__name__
    )
    assert_same(source, back)


@pytest.mark.parametrize("factory, target", [c[1:] for c in PYML_CASES], ids=[c[0] for c in PYML_CASES])
def test_to_sklearn_predicts_the_same_and_round_trips(factory, target):
    model = fit(factory, target)
    estimator = to_sklearn(model)
    assert type(estimator).__module__.startswith("sklearn.")
    assert_same(model, estimator)
    again = from_sklearn(estimator)
    assert type(again) is type(model)
    assert_same(model, again)
    assert_same_state(again, model)


def test_string_and_object_labels_keep_their_order_and_type():
    source = fit(lambda: linear_model.LogisticRegression(), "three_objects")
    model = from_sklearn(source)
    assert model.classes_.tolist() == ["cat", "dog", "eel"] and model.classes_.dtype.kind == "U"
    assert from_sklearn(fit(naive_bayes.GaussianNB, "bools")).classes_.dtype == bool


def test_mixed_label_types_are_refused():
    source = fit(naive_bayes.GaussianNB, "three")
    source.classes_ = np.array(["cat", 2, "eel"], dtype=object)
    with pytest.raises(ValueError, match="class labels of types int, str"):
        from_sklearn(source)


def test_binary_network_output_is_a_softmax_pair():
    source = fit(mlp("MLPClassifier", "tanh"), "strings")
    model = from_sklearn(source)
    assert model.coefs_[-1].shape == (4, 2) and model.n_outputs_ == 2
    np.testing.assert_array_equal(model.coefs_[-1][:, 0], 0.0)  # the unit of classes_[0] is the constant 0
    np.testing.assert_array_equal(model.coefs_[-1][:, 1], source.coefs_[-1][:, 0])


def test_multiclass_svc_dual_coefficients_per_pair():
    source = fit(lambda: svm.SVC(kernel="linear"), "three")
    model = from_sklearn(source)
    sv_class = np.repeat(np.arange(3), model.n_support_)
    for p, (i, j) in enumerate([(0, 1), (0, 2), (1, 2)]):
        # Only the two classes' support vectors take part in their problem, and sum alpha_i y_i = 0.
        assert np.all(model.dual_coef_[p, (sv_class != i) & (sv_class != j)] == 0)
        assert abs(model.dual_coef_[p].sum()) < 1e-9
    # The dual objective of the solved problems is the one number of the curve, and it is negative.
    assert len(model.loss_curve_) == 1 and model.loss_curve_[0] < 0


def test_tree_thresholds_decide_as_scikit_learns_float32_comparison():
    source = fit(lambda: tree.DecisionTreeRegressor(max_depth=5, random_state=0), "real")
    model = from_sklearn(source)
    # Inputs at and around each threshold, down to one float64 step: where float32 rounding decides.
    inner = source.tree_.children_left != -1
    near = []
    for feature, t in zip(source.tree_.feature[inner], source.tree_.threshold[inner]):
        f = np.float32(t)
        for centre in (t, float(f), float(np.nextafter(f, np.float32(np.inf))), (float(f) + t) / 2):
            for value in (np.nextafter(centre, -np.inf), centre, np.nextafter(centre, np.inf)):
                row = X_TEST[len(near) % len(X_TEST)].copy()
                row[feature] = value
                near.append(row)
    near = np.array(near)
    np.testing.assert_array_equal(model.predict(near), source.predict(near))
    np.testing.assert_array_equal(to_sklearn(model).predict(near), source.predict(near))


def test_float64_threshold_matches_float32_rounding():
    t = np.array([0.1, -0.7, 1 / 3, 2.5, 1e-3, 0.0, -1e6 / 3])
    for threshold, exact in zip(t, _float64_threshold(t)):
        around = [exact, np.nextafter(exact, np.inf), np.nextafter(exact, -np.inf), threshold]
        for x in around:
            assert (x <= exact) == (np.float32(x) <= threshold), (threshold, x)
        assert np.float32(np.nextafter(exact, np.inf)) > threshold >= np.float32(exact)


def test_kmeans_keeps_what_scikit_learn_kept():
    source = fit(lambda: cluster.KMeans(n_clusters=3, n_init=2, random_state=0), None)
    model = from_sklearn(source)
    assert model.inertia_ == source.inertia_
    assert model.loss_curve_ == [] and model.n_iter_ == 0  # scikit-learn keeps no history of the costs
    np.testing.assert_array_equal(model.labels_, source.labels_)
    np.testing.assert_array_equal(model.init_centers_, model.cluster_centers_)


def test_tree_sample_fractions_become_the_counts_scikit_learn_used():
    source = fit(lambda: tree.DecisionTreeClassifier(min_samples_split=0.2, min_samples_leaf=0.05), "three")
    model = from_sklearn(source)
    assert (model.min_samples_split, model.min_samples_leaf) == (12, 3)  # ceil(0.2 * 60), ceil(0.05 * 60)
    assert_same(source, type(model)(**model.get_params()).fit(X, TARGETS["three"]))


def test_pca_noise_variance_and_sample_count_are_recovered():
    source = fit(lambda: decomposition.PCA(n_components=1, svd_solver="full"), None)
    back = to_sklearn(from_sklearn(source))
    assert back.n_samples_ == source.n_samples_
    assert back.noise_variance_ == pytest.approx(source.noise_variance_, rel=1e-12)
    np.testing.assert_allclose(back.get_covariance(), source.get_covariance(), rtol=1e-9)


# ---------------------------------------------------------------- refused

REFUSED = [
    (
        lambda: ensemble.RandomForestClassifier(n_estimators=3, random_state=0),
        "strings",
        TypeError,
        r"cannot convert a sklearn\.ensemble\..*RandomForestClassifier\. It converts these .*LinearRegression",
    ),
    (
        lambda: svm.SVC(kernel="sigmoid"),
        "strings",
        ValueError,
        "SVC with kernel='sigmoid'.*linear, rbf and poly",
    ),
    (
        lambda: svm.SVC(class_weight="balanced"),
        "strings",
        ValueError,
        "class_weight='balanced'.*no class weights",
    ),
    (lambda: svm.SVC(gamma=0.0), "strings", ValueError, "gamma=0.0.*gamma > 0"),
    (lambda: svm.SVC(break_ties=True), "three", ValueError, "break_ties=True"),
    (
        lambda: linear_model.LogisticRegression(class_weight={"yes": 2, "no": 1}),
        "strings",
        ValueError,
        "class_weight=.*no class weights",
    ),
    (
        lambda: linear_model.LogisticRegression(solver="liblinear"),
        "strings",
        ValueError,
        "solver='liblinear'.*penalizes the intercept",
    ),
    (
        lambda: linear_model.LogisticRegression(solver="saga", l1_ratio=1.0),
        "strings",
        ValueError,
        "l1_ratio=1.0.*L2 penalty only",
    ),
    (
        lambda: linear_model.LogisticRegression(fit_intercept=False),
        "strings",
        ValueError,
        "fit_intercept=False.*always fits an intercept",
    ),
    (lambda: linear_model.LinearRegression(positive=True), "real", ValueError, "positive=True"),
    (lambda: linear_model.Ridge(alpha=[1.0, 2.0]), "two_reals", ValueError, "a 2-D y"),
    (
        lambda: linear_model.LinearRegression(),
        "two_reals",
        ValueError,
        r"a 2-D y \(coef_ of shape \(2, 3\)\)",
    ),
    (lambda: linear_model.LinearRegression(), "one_column", ValueError, r"a 2-D y .*fitted from a 1-D y"),
    (
        lambda: decomposition.PCA(n_components=2, svd_solver="randomized", random_state=0),
        None,
        ValueError,
        "svd_solver='randomized'.*approximate",
    ),
    (lambda: decomposition.PCA(n_components=2, svd_solver="arpack"), None, ValueError, "svd_solver='arpack'"),
    (lambda: decomposition.PCA(n_components=2, whiten=True), None, ValueError, "whiten=True"),
    (lambda: decomposition.PCA(n_components="mle"), None, ValueError, "n_components='mle'"),
    (
        lambda: tree.DecisionTreeClassifier(criterion="gini", class_weight="balanced"),
        "three",
        ValueError,
        "class_weight='balanced'",
    ),
    (
        lambda: tree.DecisionTreeRegressor(criterion="absolute_error"),
        "real",
        ValueError,
        "criterion='absolute_error'.*squared_error",
    ),
    (
        lambda: tree.DecisionTreeClassifier(splitter="random", random_state=0),
        "three",
        ValueError,
        "splitter='random'",
    ),
    (lambda: tree.DecisionTreeClassifier(max_leaf_nodes=4), "three", ValueError, "max_leaf_nodes=4"),
    (lambda: tree.DecisionTreeClassifier(ccp_alpha=0.01), "three", ValueError, "ccp_alpha=0.01"),
    (lambda: neighbors.KNeighborsClassifier(p=1), "three", ValueError, "metric='minkowski', p=1.*Euclidean"),
    (lambda: neighbors.KNeighborsRegressor(metric="cosine"), "real", ValueError, "metric='cosine'"),
    (lambda: neighbors.KNeighborsRegressor(), "two_reals", ValueError, "several targets"),
    (
        lambda: naive_bayes.GaussianNB(priors=[0.2, 0.3, 0.5]),
        "three",
        ValueError,
        "priors=.*class frequencies",
    ),
    (lambda: neural_network.MLPRegressor(loss="poisson", max_iter=5), "real", ValueError, "loss='poisson'"),
    (
        lambda: preprocessing.PolynomialFeatures(interaction_only=True),
        None,
        ValueError,
        "interaction_only=True",
    ),
    (lambda: preprocessing.PolynomialFeatures(degree=(1, 2)), None, ValueError, r"degree=\(1, 2\)"),
    (
        lambda: make_pipeline(preprocessing.StandardScaler(), svm.SVC()),
        "strings",
        ValueError,
        "StandardScaler -> SVC.*convert the steps one by one",
    ),
    (
        lambda: make_pipeline(preprocessing.PolynomialFeatures(), linear_model.LinearRegression()),
        "real",
        ValueError,
        "PolynomialFeatures -> LinearRegression",
    ),
    (
        lambda: make_pipeline(preprocessing.StandardScaler(with_std=False), linear_model.Ridge()),
        "real",
        ValueError,
        "with_std=False.*both centres and scales",
    ),
    (
        lambda: cluster.KMeans(n_clusters=2, n_init=1, init=lambda X, k, random_state: X[:k]),
        None,
        ValueError,
        "a callable init",
    ),
]


@pytest.mark.parametrize("factory, target, error, message", REFUSED)
def test_settings_pyml_cannot_express_are_refused_by_name(factory, target, error, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecations and convergence of the refused estimators
        source = fit(factory, target)
        with pytest.raises(error, match=message) as raised:
            from_sklearn(source)
    if error is ValueError:
        assert "Supported: LinearRegression" in str(raised.value)


def test_multilabel_network_and_probability_svc_are_refused():
    labels = np.column_stack([TARGETS["bools"], X[:, 2] > 0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = neural_network.MLPClassifier(hidden_layer_sizes=(3,), max_iter=5, random_state=0).fit(
            X, labels
        )
        machine = svm.SVC(probability=True, random_state=0).fit(X, TARGETS["strings"])
    with pytest.raises(ValueError, match="multilabel"):
        from_sklearn(network)
    with pytest.raises(ValueError, match="probability=True.*predict_proba"):
        from_sklearn(machine)


def test_weighted_fits_are_refused():
    weights = np.linspace(0.5, 2.0, len(X))
    nb = naive_bayes.GaussianNB().fit(X, TARGETS["three"], sample_weight=weights)
    with pytest.raises(ValueError, match="fractional class counts.*sample_weight"):
        from_sklearn(nb)
    trained = tree.DecisionTreeClassifier(max_depth=2).fit(X, TARGETS["three"], sample_weight=weights)
    with pytest.raises(ValueError, match="sample weights"):
        from_sklearn(trained)


def test_unfitted_and_foreign_objects_are_refused():
    with pytest.raises(ValueError, match="This SVC is not fitted: call its fit"):
        from_sklearn(svm.SVC())
    with pytest.raises(ValueError, match="This Pipeline is not fitted"):
        from_sklearn(make_pipeline(preprocessing.StandardScaler(), linear_model.Ridge()))
    with pytest.raises(TypeError, match="cannot convert a builtins.dict"):
        from_sklearn({"coef_": [1.0]})
    with pytest.raises(
        TypeError, match="to_sklearn converts these pyml models: .*SVC.*; got LinearRegression"
    ):
        to_sklearn(linear_model.LinearRegression())
    with pytest.raises(pyml.NotFittedError):
        to_sklearn(pyml.SVC())
    with pytest.raises(TypeError, match="got GaussianAnomalyDetector"):
        to_sklearn(pyml.GaussianAnomalyDetector())


def test_pyml_models_scikit_learn_cannot_express_are_refused():
    ovr = pyml.SVC(multiclass="ovr").fit(X, TARGETS["three"])
    with pytest.raises(ValueError, match="multiclass='ovr'.*one-vs-one only"):
        to_sklearn(ovr)
    normalized = pyml.LogisticRegression(solver="lbfgs", l2=1.0, normalize=True, n_iter=20).fit(
        X, TARGETS["three"]
    )
    with pytest.raises(ValueError, match="normalize=True and l2=1.0"):
        to_sklearn(normalized)


# ---------------------------------------------------------------- the command line


def run_cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "pyml", *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_cli_converts_a_joblib_file_to_a_model_file_and_back(tmp_path):
    source = fit(lambda: svm.SVC(C=2.0), "three")
    joblib.dump(source, tmp_path / "model.joblib")
    done = run_cli("convert", str(tmp_path / "model.joblib"), "-o", str(tmp_path / "model.json"))
    assert done.returncode == 0, done.stderr
    assert "Wrote the pyml SVC to" in done.stdout
    model = pyml.load((tmp_path / "model.json").read_text())
    assert json.loads((tmp_path / "model.json").read_text())["class"] == "SVC"
    assert_same(source, model)

    done = run_cli("convert", str(tmp_path / "model.json"), "-o", str(tmp_path / "back.pkl"))
    assert done.returncode == 0, done.stderr
    assert "Wrote the scikit-learn SVC to" in done.stdout
    assert_same(source, joblib.load(tmp_path / "back.pkl"))


def test_cli_keeps_existing_files_and_explains_bad_names(tmp_path):
    joblib.dump(fit(naive_bayes.GaussianNB, "three"), tmp_path / "nb.joblib")
    target = tmp_path / "nb.json"
    target.write_text("my notes")
    done = run_cli("convert", str(tmp_path / "nb.joblib"), "-o", str(target))
    assert done.returncode == 1 and "exists already" in done.stderr and "--force" in done.stderr
    assert target.read_text() == "my notes"
    assert run_cli("convert", str(tmp_path / "nb.joblib"), "-o", str(target), "--force").returncode == 0
    assert pyml.load(target.read_text()).classes_.tolist() == ["cat", "dog", "eel"]

    done = run_cli("convert", str(tmp_path / "nb.joblib"), "-o", str(tmp_path / "nb.txt"))
    assert done.returncode == 1 and "no known extension: use .json" in done.stderr
    done = run_cli("convert", str(tmp_path / "nb.joblib"), "-o", str(tmp_path / "copy.pkl"))
    assert done.returncode == 1 and "both scikit-learn files" in done.stderr

    joblib.dump(fit(lambda: svm.SVC(kernel="sigmoid"), "strings"), tmp_path / "sigmoid.joblib")
    done = run_cli("convert", str(tmp_path / "sigmoid.joblib"), "-o", str(tmp_path / "sigmoid.json"))
    assert done.returncode == 1 and "kernel='sigmoid'" in done.stderr
    assert not (tmp_path / "sigmoid.json").exists()
