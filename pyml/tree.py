"""Decision trees (CART): grow a binary tree of questions "x_j <= threshold?", one level at a time.

At each node every feature and every threshold is tried, and the split that minimises the weighted
impurity of the two children, (n_left * I(left) + n_right * I(right)) / n, is kept. The impurity I is
the Gini index 1 - sum_k p_k^2 or the entropy -sum_k p_k log2 p_k of the class fractions p_k
(classification), or the variance of y (regression).

The tree is stored as flat parallel arrays indexed by node id, as in scikit-learn's ``tree_``:
node 0 is the root, ``children_left_[i]``/``children_right_[i]`` are -1 at a leaf, and the nodes are
numbered level by level (breadth first).
"""

import math

import numpy as np

from .base import BaseEstimator, ClassifierMixin, IterativeMixin, RegressorMixin, Step
from .validation import NON_NEGATIVE, Array, Interval, List, Options, Value, check_n_features, check_X_y

LEAF = -1  # children of a leaf
UNDEFINED = -2  # feature and threshold of a leaf
# Values closer than this are one value: no threshold between them (scikit-learn's FEATURE_THRESHOLD).
FEATURE_THRESHOLD = 1e-7
EPS = np.finfo(float).eps


def _best_split(X_sorted, stats, totals, impurity, min_samples_leaf):
    """The best split of one node: (feature, threshold, weighted child impurity), or None.

    ``X_sorted`` holds each feature's values in increasing order, shape (n_features, n), and
    ``stats`` the per-sample statistics in the same orders, shape (k, n_features, n): their sums
    determine a node's impurity (one-hot classes, or y and y^2); ``totals`` are the node's sums.
    Every threshold of every feature is scored at once: the cumulative sums along each order are
    the left children's sums. Ties go to the lowest feature index, then to the lowest threshold.
    Assumes n >= 2. (The samples are the last axis so that numpy's inner loops run along them:
    along a short axis of k, numpy 1.17 in the page is 10 to 25 times slower.)
    """
    n = X_sorted.shape[1]
    left = stats[..., :-1].cumsum(axis=-1)  # (k, n_features, n - 1): left = first p + 1 samples
    right = totals[:, None, None] - left
    n_left = np.arange(1, n)
    n_right = n - n_left
    children = (n_left * impurity(left / n_left) + n_right * impurity(right / n_right)) / n
    # A threshold must fall between two distinct values and leave min_samples_leaf on each side.
    valid = X_sorted[:, 1:] > X_sorted[:, :-1] + FEATURE_THRESHOLD
    valid[:, :min_samples_leaf - 1] = valid[:, n - min_samples_leaf:] = False
    children = np.where(valid, children, np.inf)  # (n_features, n - 1): feature-major for ties
    feature, p = divmod(int(children.argmin()), n - 1)
    score = float(children[feature, p])
    if not math.isfinite(score):
        return None
    low, high = float(X_sorted[feature, p]), float(X_sorted[feature, p + 1])
    threshold = low / 2 + high / 2  # midway, as scikit-learn (halves first: no overflow)
    if threshold == high:  # rounding landed on the upper value: it must go right
        threshold = low
    return feature, threshold, score


class _BaseTree(IterativeMixin, BaseEstimator):
    """Tree growing, prediction and export shared by the classifier and the regressor.

    The subclasses give the criterion: ``_node_value(y)``, ``_statistics(y, value)`` (per-sample
    statistics whose sums determine the impurity), ``_totals(y, value)`` (their sums over a node)
    and ``_impurity(averages)`` (from those sums divided by the number of samples).
    """

    _criteria = ()
    _live_params = ("max_depth",)
    _fitted_state = {
        "n_features_in_": Value(Interval(int, 1, None)),
        "children_left_": Array("i", ("n_nodes",), low=LEAF, high="n_nodes"),
        "children_right_": Array("i", ("n_nodes",), low=LEAF, high="n_nodes"),
        "feature_": Array("i", ("n_nodes",), low=UNDEFINED, high="n_features_in_"),
        "threshold_": Array("f", ("n_nodes",)),
        "impurity_": Array("f", ("n_nodes",)),
        "n_node_samples_": Array("i", ("n_nodes",), low=1),
        "feature_importances_": Array("f", ("n_features_in_",)),
        "n_iter_": Value(Interval(int, 0, None), optional=True),
        "loss_curve_": List(Value(NON_NEGATIVE), "n_iter_", optional=True),
    }

    @classmethod
    def _parameters(cls, criteria):
        return {
            "criterion": [Options(str, criteria)],
            "max_depth": [Interval(int, 1, None), None],
            "min_samples_split": [Interval(int, 2, None)],
            "min_samples_leaf": [Interval(int, 1, None)],
        }

    @classmethod
    def _check_state(cls, state, params):
        """The nodes form one tree numbered breadth first: each inner node has two children, numbered
        after it (so following children always ends at a leaf), and asks about a real feature."""
        left, right, feature = state["children_left_"], state["children_right_"], state["feature_"]
        if not len(left):
            raise ValueError("state.children_left_: expected at least the root node, got no nodes.")
        nodes = np.arange(len(left))
        inner = left != LEAF
        for name, children in (("children_left_", left), ("children_right_", right)):
            bad = np.flatnonzero(inner & (children <= nodes) | ~inner & (children != LEAF))
            if bad.size:
                node = int(bad[0])
                raise ValueError(
                    "state.%s: expected each inner node's children after it and -1 for both children of a "
                    "leaf, got %d at node %d (its children: %d, %d)."
                    % (name, children[node], node, left[node], right[node])
                )
        children = np.concatenate([left[inner], right[inner]])
        if len(np.unique(children)) != len(children) or len(children) != len(left) - 1:
            raise ValueError("state.children_left_/children_right_: expected every node but the root to be the "
                             "child of exactly one node, got %d child links for %d nodes." % (len(children), len(left)))
        bad = np.flatnonzero(inner & (feature < 0))
        if bad.size:
            raise ValueError("state.feature_: expected a feature index at inner node %d, got %d."
                             % (bad[0], feature[bad[0]]))

    def fit_iter(self, X, y=None):
        """Grow the tree breadth first, yielding a :class:`Step` per level.

        The first step is the root alone; each next one splits every leaf that can still be
        split, so after step s the tree has depth s - 1. ``loss`` is the weighted impurity of the
        current leaves, sum_leaf n_leaf / n * I(leaf) (training impurity, it only goes down); the
        extras are ``depth`` and ``n_leaves``. Between steps the partially grown tree predicts.
        ``max_depth`` is read at every step.
        """
        self._validate_params()
        min_split, min_leaf = self.min_samples_split, self.min_samples_leaf
        X, y = self._check_X_y(X, y)
        self.n_features_in_ = X.shape[1]
        n = len(y)
        nodes = {"left": [], "right": [], "feature": [], "threshold": [], "value": [], "impurity": [],
                 "n_samples": []}

        def add_node(rows, order):
            """Append a leaf holding the samples ``rows``; return its entry in the frontier."""
            value = self._node_value(y[rows])
            totals = self._totals(y[rows], value)
            nodes["left"].append(LEAF)
            nodes["right"].append(LEAF)
            nodes["feature"].append(UNDEFINED)
            nodes["threshold"].append(float(UNDEFINED))
            nodes["value"].append(value)
            nodes["impurity"].append(float(self._impurity(totals / len(rows))))
            nodes["n_samples"].append(len(rows))
            return len(nodes["left"]) - 1, rows, order, value, totals

        # Sort each feature once, at the root (stable: ties in row order). A child's orders are
        # its parent's with the other child's samples filtered out, which keeps them sorted.
        features = np.arange(X.shape[1])[:, None]
        root_order = np.argsort(X.T, axis=1, kind="mergesort")  # (n_features, n) sample indices
        frontier = [add_node(np.arange(n), root_order)]  # leaves that may still be split
        self.loss_curve_ = []
        depth, iteration = 0, 0
        while True:
            iteration += 1
            self._publish(nodes, depth)
            is_leaf = self.children_left_ == LEAF
            loss = (self.n_node_samples_[is_leaf] * self.impurity_[is_leaf]).sum() / n
            self.loss_curve_.append(float(loss))
            self.n_iter_ = iteration
            yield Step(iteration, self.loss_curve_[-1], depth=depth, n_leaves=int(is_leaf.sum()))
            max_depth = self.max_depth  # live: read at every step
            if max_depth is not None and depth >= max_depth:
                return
            next_frontier = []
            for node, rows, order, value, totals in frontier:
                if len(rows) < max(min_split, 2 * min_leaf) or nodes["impurity"][node] <= EPS:
                    continue
                stats = self._statistics(y[order], value)
                split = _best_split(X.T[features, order], stats, totals, self._impurity, min_leaf)
                if split is None:  # every feature is constant here
                    continue
                feature, threshold, _ = split
                goes_left = X[:, feature] <= threshold
                nodes["feature"][node], nodes["threshold"][node] = feature, threshold
                for side, to_side in (("left", goes_left), ("right", ~goes_left)):
                    child = add_node(rows[to_side[rows]], order[to_side[order]].reshape(len(order), -1))
                    nodes[side][node] = child[0]
                    next_frontier.append(child)
            if not next_frontier:
                return
            frontier = next_frontier
            depth += 1

    def _publish(self, nodes, depth):
        self.children_left_ = np.array(nodes["left"], dtype=int)
        self.children_right_ = np.array(nodes["right"], dtype=int)
        self.feature_ = np.array(nodes["feature"], dtype=int)
        self.threshold_ = np.array(nodes["threshold"], dtype=float)
        self.value_ = np.array(nodes["value"], dtype=float)
        self.impurity_ = np.array(nodes["impurity"], dtype=float)
        self.n_node_samples_ = np.array(nodes["n_samples"], dtype=int)
        self.feature_importances_ = self._importances()

    def _importances(self):
        """Total impurity decrease brought by each feature's splits, normalised to sum to 1."""
        inner = (self.children_left_ != LEAF).nonzero()[0]
        left, right = self.children_left_[inner], self.children_right_[inner]
        w, imp = self.n_node_samples_, self.impurity_
        decrease = w[inner] * imp[inner] - w[left] * imp[left] - w[right] * imp[right]
        importances = np.bincount(self.feature_[inner], weights=decrease, minlength=self.n_features_in_)
        total = importances.sum()
        return importances / total if total > 0 else importances

    def apply(self, X):
        """The id of the leaf each sample ends in, shape (n_samples,)."""
        X = check_n_features(self, X)
        node = np.zeros(len(X), dtype=int)
        rows = np.arange(len(X))
        inner = self.children_left_[node] != LEAF
        while inner.any():  # one level per pass: every sample still at an inner node moves down
            r, at = rows[inner], node[inner]
            goes_left = X[r, self.feature_[at]] <= self.threshold_[at]
            node[r] = np.where(goes_left, self.children_left_[at], self.children_right_[at])
            inner = self.children_left_[node] != LEAF
        return node

    def get_depth(self):
        """Depth of the tree: the number of splits on the longest path from the root to a leaf."""
        return int(self._node_depths().max())

    def get_n_leaves(self):
        """Number of leaves."""
        self._check_fitted()
        return int(np.sum(self.children_left_ == LEAF))

    def _node_depths(self):
        self._check_fitted()
        left, right = self.children_left_.tolist(), self.children_right_.tolist()  # plain ints: faster
        depths = [0] * len(left)
        for node in range(len(left)):  # parents come before children
            if left[node] != LEAF:
                depths[left[node]] = depths[right[node]] = depths[node] + 1
        return np.array(depths)

    def export_tree(self):
        """The tree as nested plain dicts, for drawing it.

        Each node is ``{"node": id, "depth", "feature", "threshold", "impurity", "samples",
        "value", "children": [left, right]}``; samples go left when x[feature] <= threshold.
        At a leaf ``feature`` and ``threshold`` are None and ``children`` is empty. ``value`` is
        the list of class counts (classifier, in the order of ``classes_``) or the mean target
        (regressor).
        """
        depths = self._node_depths().tolist()
        # Plain Python numbers: the page draws the tree at every step, and numpy scalars are slow there.
        left, right = self.children_left_.tolist(), self.children_right_.tolist()
        feature, threshold = self.feature_.tolist(), self.threshold_.tolist()
        impurity, samples, value = self.impurity_.tolist(), self.n_node_samples_.tolist(), self.value_.tolist()
        nodes = []
        for i in range(len(left)):
            leaf = left[i] == LEAF
            nodes.append({
                "node": i,
                "depth": depths[i],
                "feature": None if leaf else feature[i],
                "threshold": None if leaf else threshold[i],
                "impurity": impurity[i],
                "samples": samples[i],
                "value": value[i],
                "children": [],
            })
        for i in range(len(left)):  # link after creating: no recursion
            if left[i] != LEAF:
                nodes[i]["children"] = [nodes[left[i]], nodes[right[i]]]
        return nodes[0]


class DecisionTreeClassifier(ClassifierMixin, _BaseTree):
    """Classification tree (CART).

    Parameters
    ----------
    criterion : {"gini", "entropy"}
        Impurity of a node with class fractions p_k: Gini 1 - sum_k p_k^2, or entropy
        -sum_k p_k log2 p_k.
    max_depth : int or None
        Most splits from the root to a leaf; None grows until the leaves are pure or too small.
    min_samples_split : int
        A node with fewer samples is not split.
    min_samples_leaf : int
        Each child of a split keeps at least this many samples.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    children_left_, children_right_ : ndarray of shape (n_nodes,)
        Ids of each node's children; -1 at a leaf.
    feature_, threshold_ : ndarray of shape (n_nodes,)
        The question of each inner node: x[feature] <= threshold goes left; -2 at a leaf.
    value_ : ndarray of shape (n_nodes, n_classes)
        Training samples of each class in each node.
    impurity_ : ndarray of shape (n_nodes,)
    n_node_samples_ : ndarray of shape (n_nodes,)
    feature_importances_ : ndarray of shape (n_features,)
        Each feature's share of the total weighted impurity decrease.
    n_iter_ : int
        Steps of ``fit_iter`` (the depth plus one).
    loss_curve_ : list of float
        Weighted training impurity of the leaves after each step.

    Notes
    -----
    Among equally good splits the lowest feature index wins, then the lowest threshold, so the
    tree is deterministic. scikit-learn visits features in a random order, so where splits tie
    it may pick another feature (with the same impurity).
    """

    _criteria = ("gini", "entropy")
    _kind = "classifier"
    _loss_name = "weighted {criterion} impurity"
    _parameter_constraints = _BaseTree._parameters(_criteria)
    _fitted_state = dict(
        {"classes_": Array("label", ("n_classes",), unique=True)},
        value_=Array("f", ("n_nodes", "n_classes")),
        **_BaseTree._fitted_state,
    )

    def __init__(self, criterion="gini", max_depth=None, min_samples_split=2, min_samples_leaf=1):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf

    def _check_X_y(self, X, y):
        X, y = check_X_y(X, y, classification=True)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        return X, y_index

    def _statistics(self, y, value):
        return np.equal.outer(np.arange(len(self.classes_)), y).astype(float)  # one-hot: sums are counts

    def _node_value(self, y):
        return np.bincount(y, minlength=len(self.classes_)).astype(float)

    def _totals(self, y, value):
        return value  # the class counts, which are the sums of the one-hot statistics

    def _impurity(self, p):
        # p: the class fractions, counts / n_samples
        if self.criterion == "gini":
            return 1 - (p ** 2).sum(axis=0)
        return -(p * np.log2(np.where(p > 0, p, 1.0))).sum(axis=0)  # 0 log 0 = 0

    def predict_proba(self, X):
        """Class fractions of the training samples in each sample's leaf, shape (n_samples, n_classes)."""
        leaves = self.apply(X)
        fractions = self.value_ / self.value_.sum(axis=1, keepdims=True)  # per node: fewer rows than X
        return fractions[leaves]

    def predict(self, X):
        """The majority class of each sample's leaf (ties go to the earlier class)."""
        leaves = self.apply(X)
        return self.classes_[np.argmax(self.value_[leaves], axis=1)]


class DecisionTreeRegressor(RegressorMixin, _BaseTree):
    """Regression tree (CART): each leaf predicts the mean target of its training samples.

    Parameters
    ----------
    criterion : {"squared_error"}
        Impurity of a node: the variance of its targets (mean squared error of predicting the mean).
    max_depth : int or None
        Most splits from the root to a leaf; None grows until the leaves are pure or too small.
    min_samples_split : int
        A node with fewer samples is not split.
    min_samples_leaf : int
        Each child of a split keeps at least this many samples.

    Attributes
    ----------
    children_left_, children_right_, feature_, threshold_, impurity_, n_node_samples_,
    feature_importances_, n_iter_, loss_curve_ : as in :class:`DecisionTreeClassifier`
    value_ : ndarray of shape (n_nodes,)
        Mean training target of each node.

    Notes
    -----
    Ties between equally good splits go to the lowest feature index, then the lowest threshold.
    """

    _criteria = ("squared_error",)
    _kind = "regressor"
    _loss_name = "weighted variance"
    _parameter_constraints = _BaseTree._parameters(_criteria)
    _fitted_state = dict(_BaseTree._fitted_state, value_=Array("f", ("n_nodes",)))

    def __init__(self, criterion="squared_error", max_depth=None, min_samples_split=2, min_samples_leaf=1):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf

    def _check_X_y(self, X, y):
        return check_X_y(X, y)

    def _statistics(self, y, value):
        centred = y - value  # the variance is shift-invariant; centring on the mean avoids cancellation
        return np.stack([centred, centred ** 2])

    def _node_value(self, y):
        return y.mean()

    def _totals(self, y, value):
        return self._statistics(y, value).sum(axis=-1)

    def _impurity(self, means):
        # variance = mean(y^2) - mean(y)^2, from the means of y and y^2 (sums / n)
        return np.maximum(means[1] - means[0] ** 2, 0.0)

    def predict(self, X):
        """The mean training target of each sample's leaf."""
        leaves = self.apply(X)
        return self.value_[leaves]
