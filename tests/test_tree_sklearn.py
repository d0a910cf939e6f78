"""Parity of the decision trees with scikit-learn's CART.

Where two splits are equally good, scikit-learn picks the one of the feature it happens to visit first
in a random order (its random_state), and pyml the lowest feature index: the trees can then differ while
being equally good. So accuracy is compared with the range scikit-learn reaches over several seeds, and
exact equality is checked where ties cannot occur (continuous features, shallow trees, the root split).
"""

import numpy as np
import pytest

from pyml import datasets
from pyml.tree import DecisionTreeClassifier, DecisionTreeRegressor

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets as skdata  # noqa: E402
from sklearn import tree as sktree  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

LOADERS = {
    "iris": lambda: skdata.load_iris(return_X_y=True),
    "wine": lambda: skdata.load_wine(return_X_y=True),
    "breast_cancer": lambda: skdata.load_breast_cancer(return_X_y=True),
    "digits": lambda: skdata.load_digits(return_X_y=True),
    "moons": lambda: datasets.moons(400, noise=0.3, random_state=0),
    "circles": lambda: datasets.circles(400, noise=0.15, random_state=0),
}


def split(name):
    X, y = LOADERS[name]()
    return train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)


@pytest.mark.parametrize("name", sorted(LOADERS))
@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_accuracy_within_two_points(name, criterion):
    X_train, X_test, y_train, y_test = split(name)
    for depth in (1, 2, 3, 5, None):
        ours = DecisionTreeClassifier(criterion=criterion, max_depth=depth).fit(X_train, y_train)
        theirs = [sktree.DecisionTreeClassifier(criterion=criterion, max_depth=depth, random_state=seed)
                  .fit(X_train, y_train) for seed in range(10)]
        scores = [t.score(X_test, y_test) for t in theirs]
        accuracy = ours.score(X_test, y_test)
        assert min(scores) - 0.02 <= accuracy <= max(scores) + 0.02, (depth, accuracy, scores)
        assert ours.get_depth() == theirs[0].get_depth()
        # The best split of the root is unique in impurity even when features tie.
        root = theirs[0].tree_
        children = root.children_left[0], root.children_right[0]
        best = np.dot(root.n_node_samples[list(children)], root.impurity[list(children)]) / root.n_node_samples[0]
        assert ours.loss_curve_[1] == pytest.approx(best, rel=1e-9, abs=1e-12)
        assert ours.impurity_[0] == pytest.approx(root.impurity[0])


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_identical_tree_without_ties(criterion):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4))
    y = (X[:, 0] + np.sin(2 * X[:, 1]) + 0.3 * rng.normal(size=300) > 0).astype(int) + (X[:, 2] > 1)
    ours = DecisionTreeClassifier(criterion=criterion, max_depth=4, min_samples_leaf=5).fit(X, y)
    theirs = sktree.DecisionTreeClassifier(criterion=criterion, max_depth=4, min_samples_leaf=5,
                                           random_state=0).fit(X, y)
    assert_same_tree(ours, theirs)
    X_new = rng.normal(size=(500, 4))
    np.testing.assert_allclose(ours.predict_proba(X_new), theirs.predict_proba(X_new))


def test_regressor_matches():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, 5))
    y = 2 * X[:, 0] + np.sin(3 * X[:, 1]) + 0.1 * rng.normal(size=400)
    for depth in (1, 3, 5):
        ours = DecisionTreeRegressor(max_depth=depth, min_samples_leaf=5).fit(X[:300], y[:300])
        theirs = sktree.DecisionTreeRegressor(max_depth=depth, min_samples_leaf=5, random_state=0).fit(X[:300], y[:300])
        assert_same_tree(ours, theirs)
        np.testing.assert_allclose(ours.predict(X[300:]), theirs.predict(X[300:]), rtol=1e-10)
        np.testing.assert_allclose(ours.impurity_[0], theirs.tree_.impurity[0])
    ours, theirs = DecisionTreeRegressor().fit(X[:300], y[:300]), sktree.DecisionTreeRegressor(random_state=0).fit(X[:300], y[:300])
    assert ours.score(X[300:], y[300:]) == pytest.approx(theirs.score(X[300:], y[300:]), abs=0.02)


def test_regressor_on_diabetes():
    # Same trees; compared on the training set, because the features of diabetes lie on a regular grid
    # and a held-out value can sit exactly on a threshold, where float32 (scikit-learn) and float64
    # (pyml) midpoints round to different sides.
    X, y = skdata.load_diabetes(return_X_y=True)
    for depth in (1, 2, 3):
        ours = DecisionTreeRegressor(max_depth=depth).fit(X, y)
        theirs = sktree.DecisionTreeRegressor(max_depth=depth, random_state=0).fit(X, y)
        assert_same_tree(ours, theirs)
        np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)


def test_feature_importances_match():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(300, 6))
    y = (X[:, 0] - X[:, 3] + 0.5 * rng.normal(size=300) > 0).astype(int)
    ours = DecisionTreeClassifier(max_depth=3).fit(X, y)
    theirs = sktree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    assert_same_tree(ours, theirs)
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_, atol=1e-12)


def assert_same_tree(ours, theirs):
    """Walk both trees from the root (scikit-learn numbers nodes depth first, pyml breadth first)."""
    tree = theirs.tree_
    pending = [(0, 0)]
    while pending:
        a, b = pending.pop()
        assert (ours.children_left_[a] == -1) == (tree.children_left[b] == -1)
        assert ours.n_node_samples_[a] == tree.n_node_samples[b]
        if ours.children_left_[a] != -1:
            assert ours.feature_[a] == tree.feature[b]
            # scikit-learn thresholds come from float32 copies of X
            assert ours.threshold_[a] == pytest.approx(tree.threshold[b], abs=1e-6)
            pending += [(ours.children_left_[a], tree.children_left[b]),
                        (ours.children_right_[a], tree.children_right[b])]
