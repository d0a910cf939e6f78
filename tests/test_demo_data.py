"""The data and helpers of the guided demos: digits, text colours, servers, and the labs of pyml.web.labs."""

import json

import numpy as np
import pytest

from pyml import LinearRegression, datasets
from pyml.web.bridge import handle
from pyml.web.labs import LABS
from pyml.web.labs.digits import DigitsLab, digit_from_drawing
from pyml.web.labs.grid_world import greedy_walk
from pyml.web.labs.housing import HousingLab, cost_surface, gradient_descent_limits, housing_by_size
from pyml.web.labs.pca import DigitsPCALab
from pyml.web.labs.picture import generated_image
from pyml.rl import GridWorld, value_iteration

# ---------------------------------------------------------------- digits


def test_digits_shape_values_and_classes():
    X, y = datasets.digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.dtype == float and y.dtype.kind == "i"
    assert X.min() == 0 and X.max() == 16
    np.testing.assert_array_equal(X, np.round(X))
    np.testing.assert_array_equal(np.bincount(y), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    # The first image is a 0: a ring of ink around an empty middle.
    first = X[0].reshape(8, 8)
    assert y[0] == 0 and first[3, 3] == 0 and first[0, 3] == 13
    assert X.sum() == 561718


def test_digits_attribution_is_kept():
    doc = datasets.digits.__doc__
    assert "Alpaydin" in doc and "Kaynak" in doc and "CC BY 4.0" in doc
    import os

    import pyml

    readme = os.path.join(os.path.dirname(pyml.__file__), "data", "README.md")
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    assert "Alpaydin" in text and "CC BY 4.0" in text and "scikit-learn" in text


# ---------------------------------------------------------------- colours


def test_luminance_and_contrast_known_values():
    assert datasets.relative_luminance([0, 0, 0]) == 0
    assert datasets.relative_luminance([1, 1, 1]) == pytest.approx(1)
    assert datasets.contrast_ratio([0, 0, 0], [1, 1, 1]) == pytest.approx(21)
    assert datasets.contrast_ratio([1, 1, 1], [0, 0, 0]) == pytest.approx(21)  # order does not matter
    # #777777 on white is the classic borderline grey: 4.48:1, just below WCAG's 4.5.
    grey = np.array([0x77] * 3) / 255
    assert datasets.contrast_ratio(grey, [1, 1, 1]) == pytest.approx(4.48, abs=0.005)
    # Pure red: L = 0.2126.
    assert datasets.relative_luminance([1, 0, 0]) == pytest.approx(0.2126)
    # Vectorised over rows.
    ratios = datasets.contrast_ratio([[0, 0, 0], [1, 1, 1]], [1, 1, 1])
    np.testing.assert_allclose(ratios, [21, 1])


def test_contrast_rejects_bad_colours():
    with pytest.raises(ValueError, match="between 0 and 1.*255"):
        datasets.contrast_ratio([255, 0, 0], [0, 0, 0])
    with pytest.raises(ValueError, match="shape"):
        datasets.relative_luminance([0.5, 0.5])


def test_text_colors_labels_follow_the_contrast_formula():
    X, y = datasets.text_colors(400, random_state=3)
    assert X.shape == (400, 3) and set(y) == {"black", "white"}
    np.testing.assert_allclose(X * 255, np.round(X * 255))  # real 8-bit colours
    on_white = datasets.contrast_ratio(X, [1, 1, 1])
    on_black = datasets.contrast_ratio(X, [0, 0, 0])
    np.testing.assert_array_equal(y == "white", on_white > on_black)
    # White text wins only on dark backgrounds, luminance below about 0.18.
    L = datasets.relative_luminance(X)
    assert L[y == "white"].max() < 0.18 < L[y == "black"].min()
    X2, y2 = datasets.text_colors(400, random_state=3)
    np.testing.assert_array_equal(X, X2)


# ---------------------------------------------------------------- servers


def test_servers_sets_and_labels():
    X, X_val, y_val = datasets.servers(n_samples=200, n_anomalies=8, random_state=1)
    assert X.shape == X_val.shape == (200, 2) and y_val.shape == (200,)
    assert y_val.sum() == 8 and set(np.unique(y_val)) == {0, 1}
    normal = X_val[y_val == 0]
    assert np.all(np.abs(normal.mean(axis=0) - [14, 15]) < 0.5)
    assert np.all(X > 0)
    X2, X_val2, _ = datasets.servers(n_samples=200, n_anomalies=8, random_state=1)
    np.testing.assert_array_equal(X_val, X_val2)


def test_servers_anomalies_are_found_by_the_gaussian_detector():
    from pyml.anomaly import GaussianAnomalyDetector

    X, X_val, y_val = datasets.servers(random_state=0)
    model = GaussianAnomalyDetector().fit(X).select_threshold(X_val, y_val)
    assert model.f1_ >= 0.8
    # The features are correlated: that is what the multivariate Gaussian captures.
    assert np.corrcoef(X.T)[0, 1] > 0.3


def test_servers_bad_sizes():
    with pytest.raises(ValueError, match="n_anomalies"):
        datasets.servers(n_samples=10, n_anomalies=10)


# ---------------------------------------------------------------- linear regression helpers


def test_cost_surface_matches_the_model_cost():
    X, y = housing_by_size()
    assert X.shape == (47, 1) and 0.5 < X.min() and X.max() < 5
    theta0, theta1 = np.linspace(-100, 200, 7), np.linspace(0, 200, 5)
    J = cost_surface(X, y, theta0, theta1)
    assert J.shape == (5, 7)
    i, j = 3, 2
    residual = theta0[j] + theta1[i] * X[:, 0] - y
    assert J[i, j] == pytest.approx(residual @ residual / (2 * len(y)))
    exact = LinearRegression(solver="normal").fit(X, y)
    at_minimum = cost_surface(X, y, [exact.intercept_], exact.coef_)
    assert at_minimum[0, 0] == pytest.approx(exact.loss_curve_[-1])
    assert J.min() >= at_minimum[0, 0]


def test_gradient_descent_limits_predict_divergence():
    X, y = housing_by_size()
    limits = gradient_descent_limits(X)
    below, above = 0.95 * limits["max_learning_rate"], 1.05 * limits["max_learning_rate"]
    model = LinearRegression(learning_rate=below, n_iter=3000).fit(X, y)
    exact = LinearRegression(solver="normal").fit(X, y)
    np.testing.assert_allclose(model.coef_, exact.coef_, rtol=1e-6)
    with pytest.raises(ArithmeticError, match="diverged"):
        LinearRegression(learning_rate=above, n_iter=3000).fit(X, y)
    # Raw housing features (sq ft and bedrooms) make a far narrower valley than normalized ones.
    X2, _ = datasets.housing()
    raw, scaled = gradient_descent_limits(X2), gradient_descent_limits(X2, normalize=True)
    assert raw["condition_number"] > 1e6 > 1e2 > scaled["condition_number"]
    assert raw["max_learning_rate"] < 1e-6 < 0.5 < scaled["max_learning_rate"]


# ---------------------------------------------------------------- the k-means page's picture


def test_generated_image():
    image = generated_image(48, 64, random_state=1)
    assert image.shape == (48, 64, 3) and 0 <= image.min() and image.max() <= 1
    assert not np.array_equal(image, generated_image(48, 64, random_state=2))  # the hills move with the seed


# ---------------------------------------------------------------- digits from drawings


def test_digit_from_drawing_scales_and_centres():
    ink = np.zeros((200, 300))
    ink[50:150, 100:110] = 1.0  # a vertical bar: a "1", drawn off-centre and small
    x = digit_from_drawing(ink).reshape(8, 8)
    assert x.min() == 0 and x.sum() == pytest.approx(8 * 16 * 3.2 / 4, abs=8)  # 3.2 of 32 columns
    assert np.all(x[:, 3:5].sum(axis=1) > 0)  # spans the whole height, in the middle columns
    assert x[:, :3].sum() == 0 and x[:, 5:].sum() == 0
    np.testing.assert_array_equal(digit_from_drawing(np.zeros((50, 50))), np.zeros(64))


def test_drawn_digits_are_recognised():
    # Draw test digits back as big pictures, in a corner of a canvas: the network trained on
    # the data set should still read most of them.
    from pyml import LogisticRegression

    X, y = datasets.digits()
    model = LogisticRegression(solver="lbfgs", n_iter=200, l2=1.0).fit(X[:1400], y[:1400])
    drawn = []
    for image in X[1400:1600]:
        canvas = np.zeros((280, 280))
        canvas[20:220, 60:260] = np.kron(image.reshape(8, 8) / 16, np.ones((25, 25)))
        drawn.append(digit_from_drawing(canvas))
    assert model.score(np.array(drawn), y[1400:1600]) >= 0.8


# ---------------------------------------------------------------- grid world


def test_greedy_walk_follows_the_optimal_policy_to_the_goal():
    env = GridWorld(["...G", ".#.X", "S..."], step_reward=-0.04)
    *_, last = value_iteration(env, gamma=0.9)
    walk = greedy_walk(env, last.policy)
    assert walk["end"] == "G" and walk["path"][0] == env.start
    assert len(walk["path"]) == 6  # the shortest way: 5 moves
    assert walk["total_reward"] == pytest.approx(4 * -0.04 + 1)
    stuck = np.where(env.active, 3, -1)  # always left: bumps into the edge forever
    walk = greedy_walk(env, stuck, max_steps=10)
    assert walk["end"] is None and len(walk["path"]) == 11
    with pytest.raises(ValueError, match="one action per state"):
        greedy_walk(env, [0, 1])


# ---------------------------------------------------------------- every lab, through the bridge

LAB_CALLS = {
    "anomaly": ({"multivariate": False}, [("summary", {}), ("report", {"epsilon": 1e-3})]),
    "digits": ({"random_state": 1}, [("data", {}), ("from_drawing", {"ink": np.eye(20).tolist()})]),
    "digits_pca": ({}, [("summary", {}), ("reconstruction", {"index": 3, "n_components": 5})]),
    "exercises": ({}, [("info", {"name": "sigmoid"}), ("check", {"name": "sigmoid", "source": "def sigmoid(z):\n    return z\n"}),
                       ("run", {"source": "print(1)"}), ("train_start", {"name": "kmeans", "source": ""}),
                       ("train_steps", {"max_steps": 2})]),
    "grid_world": ({"layout": "S..\n.#G"}, [("sweep", {}), ("episodes", {"n_episodes": 2}), ("set_params", {"epsilon": 0.1})]),
    "housing": ({}, [("one_feature", {"theta0": [-100, 200], "theta1": [0, 250], "size": 9}), ("two_features", {})]),
    "picture": ({}, [("image", {"height": 10, "width": 12})]),
    "text_colors": ({}, [("answer", {"rgb": [1, 1, 0]})]),
}


def plain_json(value):
    """The value as the page gets it: JSON values only (json.dumps raises on numpy values)."""
    return json.loads(json.dumps(value, allow_nan=False))


def test_every_lab_answers_its_calls_in_plain_values():
    assert set(LAB_CALLS) == set(LABS), "a lab without a case here"
    for name, (params, calls) in LAB_CALLS.items():
        opened = handle("open_lab", {"lab": name, "params": params})["result"]
        assert sorted(opened["calls"]) == sorted(call for call, _ in calls), name
        for call, args in calls:
            reply = handle("lab", {"session": opened["session"], "call": call, "args": args})
            assert reply["ok"], (name, call, reply)
            assert plain_json(reply["result"]) == reply["result"], (name, call)
        handle("dispose", {"session": opened["session"]})


def test_labs_answer_what_their_functions_compute():
    digits = DigitsLab(random_state=1)
    X, X_test, y, y_test = digits.data()
    assert X.shape == (1347, 64) and X_test.shape == (450, 64) and X.max() == 1
    ink = np.zeros((30, 30))
    ink[5:25, 14:16] = 1
    np.testing.assert_array_equal(digits.from_drawing(ink.tolist()), digit_from_drawing(ink) / 16)
    housing = HousingLab().one_feature([-100, 200], [0, 250], 9)
    J = cost_surface(*housing_by_size(), np.linspace(-100, 200, 9), np.linspace(0, 250, 9))
    np.testing.assert_allclose(housing["surface"], np.log10(J).ravel())
    pca = DigitsPCALab().summary()
    np.testing.assert_allclose(pca["cumulative"], np.cumsum(pca["explained_variance_ratio"]))
