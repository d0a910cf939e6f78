"""KMeans: hand-computed answers, fit_iter behaviour, errors, save/load (numpy only)."""

import numpy as np
import pytest

import pyml
from pyml import datasets
from pyml.cluster import KMeans

FOUR = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])


def test_four_points_from_given_centres():
    model = KMeans(n_clusters=2, init=[[0.0, 0.0], [10.0, 0.0]]).fit(FOUR)
    np.testing.assert_allclose(model.cluster_centers_, [[0.0, 0.5], [10.0, 0.5]])
    np.testing.assert_array_equal(model.labels_, [0, 0, 1, 1])
    assert model.inertia_ == pytest.approx(1.0)  # four points, each 0.5 from its centre
    assert model.n_iter_ == 1 and model.loss_curve_ == [model.inertia_]
    np.testing.assert_array_equal(model.predict([[1.0, 0.0], [9.0, 1.0]]), [0, 1])


def test_bad_start_stays_in_a_local_optimum():
    # Both centres on the left: each takes one row of the square, the worse split.
    model = KMeans(n_clusters=2, init=[[0.0, 0.0], [0.0, 1.0]]).fit(FOUR)
    np.testing.assert_allclose(model.cluster_centers_, [[5.0, 0.0], [5.0, 1.0]])
    assert model.inertia_ == pytest.approx(100.0)  # four points at distance 5


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_several_inits_find_the_best_split(init):
    model = KMeans(n_clusters=2, init=init, n_init=10, random_state=0).fit(FOUR)
    assert model.inertia_ == pytest.approx(1.0)
    assert model.labels_[0] == model.labels_[1] != model.labels_[2] == model.labels_[3]


def test_empty_cluster_takes_the_farthest_point():
    # The third centre starts far from every point: it takes the point farthest from its own centre, 10.
    X = np.array([[0.0], [1.0], [2.0], [10.0]])
    model = KMeans(n_clusters=3, init=[[0.0], [1.0], [100.0]]).fit(X)
    np.testing.assert_allclose(model.cluster_centers_, [[0.0], [1.5], [10.0]])
    np.testing.assert_array_equal(model.labels_, [0, 1, 1, 2])
    assert model.inertia_ == pytest.approx(0.5)


def test_fewer_distinct_points_than_clusters_still_ends():
    X = np.array([[0.0], [0.0], [0.0], [1.0]])
    model = KMeans(n_clusters=3, random_state=0, n_init=2).fit(X)
    assert np.isfinite(model.cluster_centers_).all()
    assert model.inertia_ == pytest.approx(0.0)


def test_k_means_plus_plus_spreads_the_first_centres():
    # Three far-apart tight groups: D² sampling puts one initial centre in each, nearly always.
    X, _ = datasets.blobs(n_samples=90, centers=[[0, 0], [20, 0], [0, 20]], noise=0.5, random_state=1)
    hits = 0
    for seed in range(20):
        model = KMeans(n_clusters=3, n_init=1, random_state=seed).fit(X)
        groups = {tuple(np.round(c / 20)) for c in model.init_centers_}
        hits += len(groups) == 3
    assert hits >= 18


def test_fit_iter_inertia_never_increases_and_model_is_usable_between_steps():
    X, _ = datasets.blobs(n_samples=120, centers=4, random_state=3)
    model = KMeans(n_clusters=4, init="random", n_init=3, random_state=0)
    steps = list(model.fit_iter(X))
    for step in steps:
        assert isinstance(step.loss, float)
    assert [s.iteration for s in steps] == list(range(1, len(steps) + 1))
    assert [s.run for s in steps] == sorted(s.run for s in steps) and steps[-1].run == 2
    for run in range(3):
        losses = [s.loss for s in steps if s.run == run]
        assert all(b <= a + 1e-9 for a, b in zip(losses, losses[1:]))
        assert [s.run_iteration for s in steps if s.run == run] == list(range(1, len(losses) + 1))

    model = KMeans(n_clusters=4, init="random", n_init=1, random_state=0)
    for step in model.fit_iter(X):
        # Between steps the labels are the closest centres, and the loss is their inertia.
        np.testing.assert_array_equal(model.predict(X), model.labels_)
        d2 = np.sum((X - model.cluster_centers_[model.labels_]) ** 2)
        assert step.loss == pytest.approx(d2)


def test_the_best_run_is_kept():
    X, _ = datasets.blobs(n_samples=150, centers=5, random_state=7)
    model = KMeans(n_clusters=5, init="random", n_init=6, random_state=2)
    final = {}
    for step in model.fit_iter(X):
        final[step.run] = step.loss
    assert model.inertia_ == min(final.values())
    assert model.loss_curve_[-1] == model.inertia_ and model.n_iter_ == len(model.loss_curve_)
    assert model.init_centers_.shape == (5, 2)


def test_given_centres_mean_a_single_run():
    model = KMeans(n_clusters=2, init=[[0.0, 0.0], [10.0, 0.0]], n_init=5)
    assert {s.run for s in model.fit_iter(FOUR)} == {0}


def test_deterministic_given_random_state():
    X, _ = datasets.blobs(n_samples=100, centers=3, random_state=0)
    a = KMeans(n_clusters=3, random_state=5).fit(X)
    b = KMeans(n_clusters=3, random_state=5).fit(X)
    np.testing.assert_array_equal(a.cluster_centers_, b.cluster_centers_)
    assert a.loss_curve_ == b.loss_curve_


def test_max_iter_and_tol_are_read_live():
    X, _ = datasets.blobs(n_samples=200, centers=6, random_state=4)
    model = KMeans(n_clusters=6, init="random", n_init=1, tol=0.0, random_state=1)
    steps = model.fit_iter(X)
    next(steps)
    model.max_iter = 2
    assert len(list(steps)) == 1 and model.n_iter_ == 2


def test_save_load_round_trip():
    X, _ = datasets.blobs(n_samples=60, centers=3, random_state=0)
    model = KMeans(n_clusters=3, random_state=0).fit(X)
    copy = pyml.load(pyml.save(model))
    np.testing.assert_array_equal(copy.predict(X), model.predict(X))
    np.testing.assert_array_equal(copy.cluster_centers_, model.cluster_centers_)
    assert copy.inertia_ == model.inertia_
    given = pyml.load(pyml.save(KMeans(n_clusters=2, init=np.array([[0.0, 0.0], [1.0, 1.0]]))))
    np.testing.assert_array_equal(given.init, [[0.0, 0.0], [1.0, 1.0]])


@pytest.mark.parametrize(
    "params, error, words",
    [
        ({"n_clusters": 5}, ValueError, "n_clusters=5 is more than the 4 samples"),
        ({"n_clusters": 0}, ValueError, "n_clusters must be >= 1"),
        ({"n_clusters": 2.5}, TypeError, "n_clusters must be an integer"),
        ({"init": "kmeans"}, ValueError, "init must be one of"),
        ({"n_clusters": 2, "init": [[0.0, 0.0]]}, ValueError, r"init must have shape \(n_clusters, n_features\) = \(2, 2\)"),
        ({"n_clusters": 2, "init": [[0.0], [1.0]]}, ValueError, r"got shape \(2, 1\)"),
        ({"n_init": 0}, ValueError, "n_init must be >= 1"),
        ({"max_iter": 0}, ValueError, "max_iter must be >= 1"),
        ({"tol": -1.0}, ValueError, "tol must be >= 0"),
    ],
)
def test_bad_hyperparameters(params, error, words):
    with pytest.raises(error, match=words):
        KMeans(**params).fit(FOUR)


def test_bad_data_and_use_before_fit():
    with pytest.raises(pyml.NotFittedError, match="not fitted yet"):
        KMeans().predict(FOUR)
    with pytest.raises(ValueError, match="Expected a 2-D array"):
        KMeans(n_clusters=2).fit([1.0, 2.0, 3.0])
    model = KMeans(n_clusters=2, random_state=0).fit(FOUR)
    with pytest.raises(ValueError, match="X has 3 feature"):
        model.predict([[1.0, 2.0, 3.0]])


def test_cluster_means_equal_the_plain_formula():
    from pyml.cluster import _cluster_means, _squared_distances

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3)) * [1, 100, 0.01]
    labels = rng.integers(0, 4, size=200).astype(np.intp)  # what argmin gives the model (int32 in the page)
    counts = np.bincount(labels, minlength=4)
    plain = np.array([X[labels == j].mean(axis=0) for j in range(4)])
    np.testing.assert_allclose(_cluster_means(X, labels, counts), plain, rtol=1e-14, atol=0)
    # and the distances are the docstring's one-liner, ||x - c||² computed directly
    np.testing.assert_allclose(_squared_distances(X, plain), ((X[:, None] - plain) ** 2).sum(-1), rtol=1e-9)
