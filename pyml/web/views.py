"""What the page needs to draw a model, beyond its predictions on the grid.

Every frame carries ``view_of(model, grid, X)``: a small dict of JSON values (lists, numbers,
strings, and float32 ``bytes`` for arrays as big as a grid or the data) describing the
current model for the page's family-specific drawing (a fitted line, k-means centres,
support vectors, network weights, tree nodes...), or None.

To add a family, write ``def _family(model, grid=None, X=None): return {"kind": ...}`` below and
list it in ``VIEWS`` under the estimator's class name. Keep views small (they travel with
every frame, up to 60 times a second) and built from the model's public fitted attributes.
"""

import numpy as np


class GridOutputs:
    """The model's outputs on grids over the page's plot, each computed once per frame.

    ``points(size)`` gives the size x size grid in the model's input space; ``output(method,
    size)`` is ``getattr(model, method)(points(size))``, remembered, so that the frame's grid
    values and a view that need the same output (an SVM's f on the 60 x 60 grid) share one
    computation. Make one per frame: the model changes between frames.
    """

    def __init__(self, model, points):
        self.model = model
        self.points = points
        self._outputs = {}

    def output(self, method, size):
        key = (method, size)
        if key not in self._outputs:
            self._outputs[key] = getattr(self.model, method)(self.points(size))
        return self._outputs[key]


def view_of(model, grid=None, X=None):
    """The frame's ``view`` for ``model``: a dict with at least ``kind``, or None.

    None when the model is not fitted yet or its family has no view (the page then draws
    only the grid and the loss).

    Parameters
    ----------
    model : a pyml estimator
    grid : callable or GridOutputs, optional
        ``grid(size)`` gives the points of a size x size grid over the page's plot, in the
        model's input space (after the feature map): an array of shape (size * size,
        n_features), row-major with the first row at y min, np.linspace on each axis. Views
        that draw something over the plane (neuron thumbnails, SVM margins) evaluate the
        model on such a grid, at the resolution they need. A :class:`GridOutputs` shares
        the outputs the caller computed for this frame too.
    X : array of shape (n_samples, n_features), optional
        The training inputs in the model's input space (PCA projects them).
    """
    draw = VIEWS.get(type(model).__name__)
    if draw is None or not model._is_fitted():
        return None
    if grid is not None and not isinstance(grid, GridOutputs):
        grid = GridOutputs(model, grid)
    return draw(model, grid=grid, X=X)


def _linear(model, grid=None, X=None):
    """Linear models: theta as (coef, intercept), in the units of the model's input features.

    ``coef`` has shape (n_features,) for LinearRegression and (1 or n_classes, n_features)
    for LogisticRegression, as in the model.
    """
    return {
        "kind": "linear",
        "coef": np.asarray(model.coef_, dtype=float).tolist(),
        "intercept": np.asarray(model.intercept_, dtype=float).tolist(),
    }


# ---------------------------------------------------------------- the families drawn by web/js/viz/
#
# These take the optional ``grid`` (a GridOutputs: the model's outputs on a grid of a given
# size) and training inputs ``X`` that view_of passes on. Arrays that grow with the grid or the data travel as float32 ``bytes`` (a
# Float32Array in the page), like the frame's grid; everything else is plain JSON.

THUMBNAIL_SIZE = 20  # each neuron's thumbnail: its output on a 20 x 20 grid over the plane
DECISION_SIZE = 60  # the SVM's contour lines are drawn from f on a 60 x 60 grid


def _float32(values):
    return np.ascontiguousarray(values, dtype=np.float32).tobytes()


def _symmetric(A):
    """[-m, m] with m the largest |value|: zero stays at the middle of the colour scale."""
    m = float(np.max(np.abs(A))) if A.size else 0.0
    m = m if np.isfinite(m) and m > 0 else 1.0
    return [-m, m]


def _mlp(model, grid=None, X=None):
    """Neural networks: weights and biases of each layer, and each neuron's output over the plane.

    ``weights[l]`` is ``coefs_[l]`` (n_in, n_out) flattened row-major; with a grid,
    ``thumbnails.layers[l]`` holds layer l's activations (inputs first, output last) on a
    THUMBNAIL_SIZE² grid, neuron after neuron, each row-major with its first row at y min,
    and ``thumbnails.domains[l]`` the [lo, hi] its colour scale spans.
    """
    output = "softmax" if hasattr(model, "classes_") else "identity"
    view = {
        "kind": "mlp",
        "layer_sizes": [int(model.n_features_in_)] + [int(W.shape[1]) for W in model.coefs_],
        "activation": model.activation,
        "out_activation": output,
        "weights": [_float32(W) for W in model.coefs_],
        "biases": [_float32(b) for b in model.intercepts_],
    }
    if grid is not None:
        size = THUMBNAIL_SIZE
        layers = grid.output("activations", size)
        last = len(layers) - 1
        domains = []
        for layer, A in enumerate(layers):
            g = model.activation if 0 < layer < last else None
            if layer == last and output == "softmax":
                g = "sigmoid"  # probabilities: 0.5 at the middle of the scale
            domains.append([-1.0, 1.0] if g == "tanh" else [0.0, 1.0] if g == "sigmoid" else _symmetric(A))
        view["thumbnails"] = {
            "size": int(size),
            "layers": [_float32(A.T) for A in layers],
            "domains": domains,
        }
    return view


def _kmeans(model, grid=None, X=None):
    """K-means: the centroids, where this run started them, the labels and the inertia."""
    return {
        "kind": "kmeans",
        "n_clusters": int(len(model.cluster_centers_)),
        "centers": np.asarray(model.cluster_centers_, dtype=float).tolist(),
        "init_centers": np.asarray(model.init_centers_, dtype=float).tolist(),
        "labels": _float32(model.labels_),
        "inertia": float(model.inertia_),
        "iteration": int(model.n_iter_),
    }


def _svc(model, grid=None, X=None):
    """SVMs: the support vectors, C and gamma, and for two classes f(x) on the grid.

    ``decision`` (two classes only) samples the decision function f on a DECISION_SIZE²
    grid, for the lines f = 0 (the boundary) and f = ±1 (the margins).
    """
    view = {
        "kind": "svm",
        "kernel": model.kernel,
        "C": float(model.C),
        "gamma": float(model.gamma_),
        "support": np.asarray(model.support_, dtype=int).tolist(),
        "support_vectors": np.asarray(model.support_vectors_, dtype=float).tolist(),
        "n_support": np.asarray(model.n_support_, dtype=int).tolist(),
    }
    if grid is not None and len(model.classes_) == 2:
        values = grid.output("decision_function", DECISION_SIZE)
        view["decision"] = {"size": DECISION_SIZE, "values": _float32(values)}
    return view


def _tree(model, grid=None, X=None):
    """Decision trees: the nested nodes of ``export_tree`` and the tree's size."""
    return {
        "kind": "tree",
        "criterion": model.criterion,
        "depth": model.get_depth(),
        "n_leaves": model.get_n_leaves(),
        "root": model.export_tree(),
    }


def _pca(model, grid=None, X=None):
    """PCA: the components, their variances, and with X its projection on the first two.

    ``projection`` holds (z1, z2) per training sample, float32 row-major; z2 is 0 when
    there is a single component.
    """
    view = {
        "kind": "pca",
        "components": np.asarray(model.components_, dtype=float).tolist(),
        "explained_variance": np.asarray(model.explained_variance_, dtype=float).tolist(),
        "explained_variance_ratio": np.asarray(model.explained_variance_ratio_, dtype=float).tolist(),
        "mean": np.asarray(model.mean_, dtype=float).tolist(),
    }
    if X is not None:
        Z = model.transform(X)[:, :2]
        if Z.shape[1] < 2:
            Z = np.column_stack([Z, np.zeros(len(Z))])
        view["projection"] = _float32(Z)
    return view


def _naive_bayes(model, grid=None, X=None):
    """Gaussian naive Bayes: each class's prior, and mean and variance of each feature.

    Given its class, every feature is an independent Gaussian, so a class is an axis-aligned
    ellipse in any two features: centre ``theta[c]``, half-axes k standard deviations
    ``k * sqrt(var[c])`` (the page draws k = 1 and 2). Rows are in the order of ``classes_``.
    """
    return {
        "kind": "naive_bayes",
        "theta": np.asarray(model.theta_, dtype=float).tolist(),
        "var": np.asarray(model.var_, dtype=float).tolist(),
        "class_prior": np.asarray(model.class_prior_, dtype=float).tolist(),
    }


def _anomaly(model, grid=None, X=None):
    """Anomaly detection: the Gaussian p(x) = N(x; mu, Sigma) and the threshold epsilon.

    The frame's grid holds log p(x) for this model, so the boundary p(x) = epsilon, where
    anomalies begin, is its log(epsilon) contour. ``epsilon`` is None until one is chosen.
    """
    return {
        "kind": "anomaly",
        "mu": np.asarray(model.mu_, dtype=float).tolist(),
        "Sigma": np.asarray(model.Sigma_, dtype=float).tolist(),
        "epsilon": model.epsilon_,
    }


VIEWS = {
    "LinearRegression": _linear,
    "LogisticRegression": _linear,
    "MLPClassifier": _mlp,
    "MLPRegressor": _mlp,
    "KMeans": _kmeans,
    "SVC": _svc,
    "DecisionTreeClassifier": _tree,
    "DecisionTreeRegressor": _tree,
    "PCA": _pca,
    "GaussianNB": _naive_bayes,
    "GaussianAnomalyDetector": _anomaly,
}
