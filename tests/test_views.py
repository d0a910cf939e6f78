"""pyml.web.views: what each model family sends the page to draw (web/js/viz/README.md).

Every view must be plain data (dicts, lists, str, Python numbers, bools, None) plus float32
``bytes`` for the arrays that grow with the grid or the data, with the documented shapes.
"""

import math

import numpy as np
import pytest

from pyml import datasets
from pyml.anomaly import GaussianAnomalyDetector
from pyml.cluster import KMeans
from pyml.decomposition import PCA
from pyml.naive_bayes import GaussianNB
from pyml.neural_network import MLPClassifier, MLPRegressor
from pyml.svm import SVC
from pyml.tree import DecisionTreeClassifier, DecisionTreeRegressor
from pyml.web.views import DECISION_SIZE, THUMBNAIL_SIZE, GridOutputs, view_of


def grid(size, extent=(-6.0, 6.0)):
    """The bridge's grid: np.linspace on each axis, row-major, first row at y min."""
    axis = np.linspace(extent[0], extent[1], size)
    gx, gy = np.meshgrid(axis, axis)
    return np.column_stack([gx.ravel(), gy.ravel()])


def floats(data):
    assert isinstance(data, bytes)
    assert len(data) % 4 == 0
    return np.frombuffer(data, dtype=np.float32)


def assert_plain(value, path="view"):
    """Only JSON values and bytes: what the worker can post without a custom encoder."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), "%s has a non-string key %r" % (path, key)
            assert_plain(item, "%s.%s" % (path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            assert_plain(item, "%s[%d]" % (path, i))
    elif isinstance(value, float):
        assert math.isfinite(value), "%s is %r" % (path, value)
    else:
        assert value is None or type(value) in (str, int, bool, bytes), "%s is a %s" % (path, type(value).__name__)


def test_unfitted_models_have_no_view():
    assert view_of(MLPClassifier()) is None
    assert view_of(KMeans()) is None


# ---------------------------------------------------------------- neural networks

def test_mlp_classifier_view_has_weights_and_thumbnails_of_every_layer():
    X, y = datasets.xor(n_samples=80, random_state=0)
    model = MLPClassifier(hidden_layer_sizes=(4, 3), n_epochs=3, random_state=0).fit(X, y)
    view = view_of(model, grid=grid, X=X)
    assert_plain(view)
    assert view["kind"] == "mlp"
    assert view["layer_sizes"] == [2, 4, 3, 2]
    assert view["activation"] == "tanh" and view["out_activation"] == "softmax"
    for W, data in zip(model.coefs_, view["weights"]):
        np.testing.assert_allclose(floats(data), W.ravel(), rtol=1e-6)  # row-major (n_in, n_out)
    for b, data in zip(model.intercepts_, view["biases"]):
        np.testing.assert_allclose(floats(data), b, rtol=1e-6, atol=1e-7)

    thumbs = view["thumbnails"]
    size = thumbs["size"]
    assert size == THUMBNAIL_SIZE
    assert [len(floats(layer)) for layer in thumbs["layers"]] == [n * size * size for n in [2, 4, 3, 2]]
    assert thumbs["domains"][1] == [-1.0, 1.0]  # tanh
    assert thumbs["domains"][-1] == [0.0, 1.0]  # probabilities
    # The input layer's first thumbnail is x1 over the plane: -6 at the left, 6 at the right.
    x1 = floats(thumbs["layers"][0])[: size * size].reshape(size, size)
    np.testing.assert_allclose(x1[0], np.linspace(-6, 6, size), rtol=1e-6)
    x2 = floats(thumbs["layers"][0])[size * size:].reshape(size, size)
    np.testing.assert_allclose(x2[:, 0], np.linspace(-6, 6, size), rtol=1e-6)  # first row at y min
    # The output thumbnails are the model's probabilities at those grid points.
    proba = floats(thumbs["layers"][-1]).reshape(2, size * size)
    np.testing.assert_allclose(proba.T, model.predict_proba(grid(size)), atol=1e-6)


def test_mlp_regressor_view_and_no_grid():
    X, y = datasets.plane(n_samples=40, random_state=0)
    model = MLPRegressor(hidden_layer_sizes=(3,), activation="relu", n_epochs=2, random_state=0).fit(X, y)
    view = view_of(model)
    assert_plain(view)
    assert view["layer_sizes"] == [2, 3, 1] and view["out_activation"] == "identity"
    assert "thumbnails" not in view  # no grid, no thumbnails
    thumbs = view_of(model, grid=grid)["thumbnails"]
    lo, hi = thumbs["domains"][1]  # relu: symmetric, so 0 stays neutral in the colour scale
    assert lo == -hi and hi > 0


# ---------------------------------------------------------------- k-means

def test_kmeans_view_follows_the_centroids_step_by_step():
    X, _ = datasets.blobs(n_samples=90, centers=3, random_state=3)
    model = KMeans(n_clusters=3, init="random", n_init=1, random_state=0)
    views = [view_of(model) for _ in model.fit_iter(X)]
    assert len(views) >= 2
    for view in views:
        assert_plain(view)
        assert view["kind"] == "kmeans" and view["n_clusters"] == 3
        assert np.shape(view["centers"]) == (3, 2) and np.shape(view["init_centers"]) == (3, 2)
        assert len(floats(view["labels"])) == 90
    last = views[-1]
    np.testing.assert_allclose(last["centers"], model.cluster_centers_)
    np.testing.assert_array_equal(floats(last["labels"]), model.labels_)
    assert last["inertia"] == pytest.approx(model.inertia_)
    assert last["iteration"] == model.n_iter_
    assert [v["iteration"] for v in views] == list(range(1, len(views) + 1))


# ---------------------------------------------------------------- SVM

def test_svm_view_for_two_classes_carries_the_decision_function_on_the_grid():
    X, y = datasets.circles(n_samples=60, random_state=0)
    model = SVC(kernel="rbf", C=2.0, gamma=0.5).fit(X, y)
    view = view_of(model, grid=grid)
    assert_plain(view)
    assert view["kind"] == "svm" and view["kernel"] == "rbf"
    assert view["C"] == 2.0 and view["gamma"] == 0.5
    assert view["support"] == model.support_.tolist()
    assert np.shape(view["support_vectors"]) == (len(model.support_), 2)
    decision = view["decision"]
    assert decision["size"] == DECISION_SIZE
    values = floats(decision["values"])
    np.testing.assert_allclose(values, model.decision_function(grid(DECISION_SIZE)), rtol=1e-5, atol=1e-6)


def test_grid_outputs_compute_each_output_once_and_views_share_them():
    X, y = datasets.circles(n_samples=60, random_state=0)
    model = SVC(kernel="rbf", gamma=0.5).fit(X, y)
    sizes = []

    def points(size):
        sizes.append(size)
        return grid(size)

    outputs = GridOutputs(model, points)
    f = outputs.output("decision_function", DECISION_SIZE)  # the caller's own use (the frame's grid)
    view = view_of(model, grid=outputs)
    assert sizes == [DECISION_SIZE] and outputs.output("decision_function", DECISION_SIZE) is f
    np.testing.assert_array_equal(floats(view["decision"]["values"]), f.astype(np.float32))


def test_svm_view_with_three_classes_has_no_decision_grid():
    X, y = datasets.tshirts(n_samples=60, random_state=0)
    model = SVC(kernel="linear").fit(X, y)
    view = view_of(model, grid=grid)
    assert_plain(view)
    assert "decision" not in view
    assert sum(view["n_support"]) == len(view["support"])


# ---------------------------------------------------------------- trees

def check_tree_node(node, n_classes):
    assert set(node) >= {"node", "depth", "feature", "threshold", "impurity", "samples", "value", "children"}
    if n_classes:
        assert len(node["value"]) == n_classes
    if node["children"]:
        left, right = node["children"]
        assert left["samples"] + right["samples"] == node["samples"]
        assert left["depth"] == right["depth"] == node["depth"] + 1
        for child in node["children"]:
            check_tree_node(child, n_classes)
    else:
        assert node["feature"] is None and node["threshold"] is None


def test_tree_view_grows_level_by_level():
    X, y = datasets.moons(n_samples=80, noise=0.2, random_state=0)
    model = DecisionTreeClassifier(max_depth=4)
    depths = []
    for _ in model.fit_iter(X, y):
        view = view_of(model)
        assert_plain(view)
        assert view["kind"] == "tree" and view["criterion"] == "gini"
        check_tree_node(view["root"], n_classes=2)
        assert view["root"]["samples"] == 80
        depths.append(view["depth"])
    assert depths == list(range(len(depths)))
    assert view["n_leaves"] == model.get_n_leaves()


def test_regression_tree_view_has_mean_values():
    X, y = datasets.plane(n_samples=50, random_state=0)
    view = view_of(DecisionTreeRegressor(max_depth=2).fit(X, y))
    assert_plain(view)
    check_tree_node(view["root"], n_classes=0)
    assert view["root"]["value"] == pytest.approx(float(np.mean(y)))


# ---------------------------------------------------------------- PCA

def test_pca_view_projects_the_training_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(70, 2)) @ np.array([[3.0, 1.0], [0.0, 0.5]])
    model = PCA().fit(X)
    view = view_of(model, X=X)
    assert_plain(view)
    assert view["kind"] == "pca"
    assert np.shape(view["components"]) == (2, 2)
    assert sum(view["explained_variance_ratio"]) == pytest.approx(1.0)
    assert view["explained_variance"] == pytest.approx(model.explained_variance_.tolist())
    projection = floats(view["projection"]).reshape(70, 2)
    np.testing.assert_allclose(projection, model.transform(X), rtol=1e-5, atol=1e-5)


def test_pca_with_one_component_pads_the_projection():
    X, _ = datasets.blobs(n_samples=30, random_state=0)
    model = PCA(n_components=1).fit(X)
    view = view_of(model, X=X)
    projection = floats(view["projection"]).reshape(30, 2)
    np.testing.assert_allclose(projection[:, 0], model.transform(X)[:, 0], rtol=1e-5, atol=1e-5)
    assert np.all(projection[:, 1] == 0)
    assert "projection" not in view_of(model)  # no data, no projection


# ---------------------------------------------------------------- naive Bayes and anomaly detection

def test_naive_bayes_view_has_each_class_mean_and_variance():
    X, y = datasets.tshirts(n_samples=90, random_state=0)
    model = GaussianNB().fit(X, y)
    view = view_of(model, grid=grid, X=X)
    assert_plain(view)
    assert view["kind"] == "naive_bayes"
    for c, label in enumerate(model.classes_):  # rows in the order of classes_
        np.testing.assert_allclose(view["theta"][c], X[y == label].mean(axis=0))
        np.testing.assert_allclose(view["var"][c], X[y == label].var(axis=0) + model.epsilon_)
    assert view["class_prior"] == pytest.approx([np.mean(y == label) for label in model.classes_])


def test_anomaly_view_has_the_gaussian_and_the_threshold():
    X, _ = datasets.blobs(n_samples=60, centers=1, random_state=0)
    view = view_of(GaussianAnomalyDetector(epsilon=0.01).fit(X))
    assert_plain(view)
    assert view["kind"] == "anomaly" and view["epsilon"] == 0.01
    np.testing.assert_allclose(view["mu"], X.mean(axis=0))
    np.testing.assert_allclose(view["Sigma"], np.cov(X.T, bias=True))
    assert view_of(GaussianAnomalyDetector().fit(X))["epsilon"] is None  # not chosen yet
