"""Decision trees: hand-computed splits, growth level by level, export, errors, model files."""

import numpy as np
import pytest

import pyml
from pyml.tree import DecisionTreeClassifier, DecisionTreeRegressor


def test_best_split_by_hand_gini():
    # y = 0 1 0 0 at x = 1 2 3 4. Root Gini = 1 - (3/4)^2 - (1/4)^2 = 0.375. Weighted child Gini:
    # x <= 1.5: 3/4 * 4/9 = 1/3;  x <= 2.5: 2/4 * 1/2 + 0 = 1/4;  x <= 3.5: 3/4 * 4/9 = 1/3.
    X, y = [[1.0], [2.0], [3.0], [4.0]], [0, 1, 0, 0]
    model = DecisionTreeClassifier(max_depth=1).fit(X, y)
    assert model.feature_[0] == 0 and model.threshold_[0] == 2.5
    np.testing.assert_allclose(model.impurity_, [0.375, 0.5, 0.0])
    np.testing.assert_allclose(model.loss_curve_, [0.375, 0.25])
    np.testing.assert_array_equal(model.value_, [[3, 1], [1, 1], [2, 0]])
    np.testing.assert_array_equal(model.n_node_samples_, [4, 2, 2])


def test_entropy_by_hand():
    X, y = [[1.0], [2.0], [3.0], [4.0]], [0, 1, 0, 0]
    model = DecisionTreeClassifier(criterion="entropy", max_depth=1).fit(X, y)
    root = -(0.75 * np.log2(0.75) + 0.25 * np.log2(0.25))
    assert model.impurity_[0] == pytest.approx(root)
    # entropy: x <= 1.5 gives 3/4 * 0.918 = 0.689, x <= 2.5 gives 1/2 * 1 = 0.5: 2.5 again
    assert model.threshold_[0] == 2.5 and model.loss_curve_[-1] == pytest.approx(0.5)


def test_picks_the_feature_that_separates():
    # Only feature 1 separates the classes: x1 <= 6 (midway between 5 and 7) leaves pure leaves.
    X = [[0, 5], [1, 3], [2, 8], [3, 1], [4, 7], [5, 2]]
    y = ["no", "no", "yes", "no", "yes", "no"]
    model = DecisionTreeClassifier().fit(X, y)
    assert (model.feature_[0], model.threshold_[0]) == (1, 6.0)
    assert model.get_depth() == 1 and model.get_n_leaves() == 2
    np.testing.assert_allclose(model.loss_curve_, [4 / 9, 0.0])
    assert list(model.predict([[9, 6.5], [9, 5.5]])) == ["yes", "no"]
    np.testing.assert_allclose(model.feature_importances_, [0.0, 1.0])


def test_regressor_by_hand():
    X, y = [[1.0], [2.0], [3.0], [10.0], [11.0], [12.0]], [1.0, 1.0, 1.0, 5.0, 5.0, 5.0]
    model = DecisionTreeRegressor().fit(X, y)
    assert model.threshold_[0] == 6.5
    np.testing.assert_allclose(model.value_, [3.0, 1.0, 5.0])
    np.testing.assert_allclose(model.impurity_, [4.0, 0.0, 0.0])  # variance of y at each node
    np.testing.assert_allclose(model.predict([[0.0], [6.0], [7.0]]), [1.0, 1.0, 5.0])
    assert model.score(X, y) == 1.0


def test_ties_go_to_the_lowest_feature_then_threshold():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = [0, 0, 1, 1]
    model = DecisionTreeClassifier(max_depth=1).fit(np.column_stack([x, x * 10, x]), y)
    assert model.feature_[0] == 0 and model.threshold_[0] == 2.5
    # y = 0 1 1 0: x <= 1.5 and x <= 3.5 tie (weighted Gini 1/3): the lower threshold wins
    model = DecisionTreeClassifier(max_depth=1).fit(x[:, None], [0, 1, 1, 0])
    assert model.threshold_[0] == 1.5


def test_stopping_rules():
    X, y = pyml.datasets.moons(200, noise=0.3, random_state=0)
    full = DecisionTreeClassifier().fit(X, y)
    assert full.score(X, y) == 1.0  # grown until the leaves are pure
    leaves = full.children_left_ == -1
    assert np.all(full.impurity_[leaves] == 0)
    model = DecisionTreeClassifier(min_samples_leaf=7).fit(X, y)
    assert model.n_node_samples_[model.children_left_ == -1].min() >= 7
    model = DecisionTreeClassifier(min_samples_split=30).fit(X, y)
    inner = model.children_left_ != -1
    assert model.n_node_samples_[inner].min() >= 30
    for depth in (1, 2, 4):
        assert DecisionTreeClassifier(max_depth=depth).fit(X, y).get_depth() <= depth


def test_flat_arrays_are_consistent():
    X, y = pyml.datasets.spiral(150, n_classes=3, random_state=0)
    model = DecisionTreeClassifier(max_depth=5).fit(X, y)
    inner = np.flatnonzero(model.children_left_ != -1)
    left, right = model.children_left_[inner], model.children_right_[inner]
    np.testing.assert_array_equal(model.n_node_samples_[left] + model.n_node_samples_[right],
                                  model.n_node_samples_[inner])
    np.testing.assert_array_equal(model.value_[left] + model.value_[right], model.value_[inner])
    assert np.all(left > inner) and np.all(right > inner)  # breadth first: parents come first
    leaves = model.apply(X)
    assert np.all(model.children_left_[leaves] == -1)
    np.testing.assert_array_equal(np.bincount(leaves, minlength=len(model.children_left_))[leaves],
                                  model.n_node_samples_[leaves])
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.classes_[proba.argmax(axis=1)], model.predict(X))
    assert model.feature_importances_.sum() == pytest.approx(1.0)


def test_fit_iter_grows_one_level_per_step():
    X, y = pyml.datasets.circles(200, random_state=0)
    model = DecisionTreeClassifier(max_depth=4)
    steps = []
    for step in model.fit_iter(X, y):
        steps.append(step)
        assert model.get_depth() == step.depth == step.iteration - 1
        assert model.get_n_leaves() == step.n_leaves
        assert model.predict(X).shape == (200,)  # the partial tree predicts
        assert isinstance(step.loss, float)
    assert [s.depth for s in steps] == [0, 1, 2, 3, 4]
    assert steps[0].n_leaves == 1 and steps[0].loss == pytest.approx(0.5)  # root Gini of 50/50
    assert np.all(np.diff([s.loss for s in steps]) <= 0)
    assert model.n_iter_ == 5 and model.loss_curve_ == [s.loss for s in steps]
    fitted = DecisionTreeClassifier(max_depth=4).fit(X, y)
    np.testing.assert_array_equal(fitted.threshold_, model.threshold_)


def test_fit_iter_reads_max_depth_live():
    X, y = pyml.datasets.moons(100, noise=0.3, random_state=0)
    model = DecisionTreeClassifier()
    steps = model.fit_iter(X, y)
    next(steps), next(steps)
    model.max_depth = 2
    assert len(list(steps)) == 1 and model.get_depth() == 2


def test_constant_features_give_a_single_leaf():
    model = DecisionTreeClassifier().fit(np.ones((5, 2)), [1, 1, 2, 2, 2])
    assert model.get_n_leaves() == 1 and model.get_depth() == 0 and len(model.loss_curve_) == 1
    assert list(model.predict([[0.0, 0.0]])) == [2]
    np.testing.assert_allclose(model.predict_proba([[0.0, 0.0]]), [[0.4, 0.6]])


def test_export_tree():
    X, y = [[0, 5], [1, 3], [2, 8], [3, 1], [4, 7], [5, 2]], [0, 0, 1, 0, 1, 0]
    root = DecisionTreeClassifier().fit(X, y).export_tree()
    assert (root["node"], root["depth"], root["feature"], root["threshold"]) == (0, 0, 1, 6.0)
    assert root["samples"] == 6 and root["value"] == [4.0, 2.0]
    assert root["impurity"] == pytest.approx(4 / 9)
    left, right = root["children"]
    assert left["value"] == [4.0, 0.0] and right["value"] == [0.0, 2.0]
    assert left["feature"] is None and left["threshold"] is None and left["children"] == []
    regression = DecisionTreeRegressor(max_depth=1).fit([[1.0], [2.0], [3.0]], [1.0, 2.0, 6.0]).export_tree()
    assert regression["value"] == pytest.approx(3.0) and regression["children"][1]["value"] == 6.0


def test_errors():
    X, y = pyml.datasets.moons(40, random_state=0)
    with pytest.raises(ValueError, match="criterion must be one of"):
        DecisionTreeClassifier(criterion="squared_error").fit(X, y)
    with pytest.raises(ValueError, match="criterion must be one of"):
        DecisionTreeRegressor(criterion="gini").fit(X, y)
    with pytest.raises(ValueError, match="max_depth must be >= 1"):
        DecisionTreeClassifier(max_depth=0).fit(X, y)
    with pytest.raises(ValueError, match="min_samples_split must be >= 2"):
        DecisionTreeClassifier(min_samples_split=1).fit(X, y)
    with pytest.raises(TypeError, match="min_samples_leaf must be an integer"):
        DecisionTreeClassifier(min_samples_leaf=0.5).fit(X, y)
    with pytest.raises(TypeError, match="y must contain only numbers"):
        DecisionTreeRegressor().fit(X, ["a"] * 40)
    with pytest.raises(pyml.NotFittedError, match="not fitted"):
        DecisionTreeClassifier().predict(X)
    with pytest.raises(pyml.NotFittedError, match="not fitted"):
        DecisionTreeClassifier().export_tree()
    with pytest.raises(ValueError, match="2 feature"):
        DecisionTreeClassifier().fit(X, y).predict(np.ones((3, 5)))


@pytest.mark.parametrize("model", [DecisionTreeClassifier(max_depth=4), DecisionTreeRegressor(min_samples_leaf=3)])
def test_save_load_round_trip(model):
    X, y = pyml.datasets.tshirts(90, random_state=0)
    if isinstance(model, DecisionTreeRegressor):
        X, y = X[:, :1], X[:, 1]
    model.fit(X, y)
    loaded = pyml.load(pyml.save(model))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    np.testing.assert_array_equal(loaded.apply(X), model.apply(X))
    assert loaded.export_tree() == model.export_tree()
    assert loaded.get_depth() == model.get_depth() and loaded.get_n_leaves() == model.get_n_leaves()
