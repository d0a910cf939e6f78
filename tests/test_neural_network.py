import math

import numpy as np
import pytest

import pyml
from pyml import datasets
from pyml.base import DivergenceError, NotFittedError, Step
from pyml.neural_network import MLPClassifier, MLPRegressor, _loss_and_gradients

ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear"]


# ---------------------------------------------------------------- backpropagation


def _random_problem(problem, rng, n_samples=7, n_features=3):
    X = rng.normal(size=(n_samples, n_features))
    if problem == "regression":
        return X, rng.normal(size=(n_samples, 1)), "identity"
    if problem == "regression-2-outputs":
        return X, rng.normal(size=(n_samples, 2)), "identity"
    n_classes = 2 if problem == "2-classes" else 3
    y = np.arange(n_samples) % n_classes
    return X, np.eye(n_classes)[y], "softmax"


def _random_network(sizes, rng):
    coefs = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    intercepts = [rng.normal(size=b) for b in sizes[1:]]
    return coefs, intercepts


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("problem", ["2-classes", "3-classes", "regression", "regression-2-outputs"])
@pytest.mark.parametrize("l2,n_samples", [(0.0, None), (0.7, None), (0.7, 10)])
def test_backpropagation_matches_central_differences(activation, problem, l2, n_samples):
    # n_samples=10 > the batch's 7: the penalty uses the whole training set's m, as in mini-batches.
    rng = np.random.default_rng(len(activation) * 100 + len(problem))
    X, Y, output = _random_problem(problem, rng)
    coefs, intercepts = _random_network([3, 4, 3, Y.shape[1]], rng)

    def loss():
        return _loss_and_gradients(coefs, intercepts, X, Y, activation, output, l2, n_samples)[0]

    _, coef_grads, intercept_grads = _loss_and_gradients(coefs, intercepts, X, Y, activation, output, l2, n_samples)
    analytic, numeric = [], []
    h = 1e-6
    for params, grads in ((coefs, coef_grads), (intercepts, intercept_grads)):
        for p, g in zip(params, grads):
            assert g.shape == p.shape
            for index in np.ndindex(p.shape):
                saved = p[index]
                p[index] = saved + h
                up = loss()
                p[index] = saved - h
                down = loss()
                p[index] = saved
                numeric.append((up - down) / (2 * h))
                analytic.append(g[index])
    analytic, numeric = np.array(analytic), np.array(numeric)
    relative_error = np.linalg.norm(analytic - numeric) / np.linalg.norm(analytic + numeric)
    assert relative_error < 1e-6


def test_gradient_check_without_hidden_layer():
    rng = np.random.default_rng(1)
    X, Y, output = _random_problem("3-classes", rng)
    coefs, intercepts = _random_network([3, 3], rng)
    loss, coef_grads, _ = _loss_and_gradients(coefs, intercepts, X, Y, "tanh", output, 0.5)
    h = 1e-6
    coefs[0][1, 2] += h
    up = _loss_and_gradients(coefs, intercepts, X, Y, "tanh", output, 0.5)[0]
    coefs[0][1, 2] -= 2 * h
    down = _loss_and_gradients(coefs, intercepts, X, Y, "tanh", output, 0.5)[0]
    assert (up - down) / (2 * h) == pytest.approx(coef_grads[0][1, 2], rel=1e-6)


def test_loss_of_a_zero_network_by_hand():
    # All weights 0: softmax gives every class 1/K, so the cross-entropy is log K;
    # the identity output is 0, so the squared error is mean(y**2) / 2.
    X = np.array([[1.0, 2.0], [3.0, -1.0]])
    coefs, intercepts = [np.zeros((2, 3)), np.zeros((3, 3))], [np.zeros(3), np.zeros(3)]
    Y = np.eye(3)[[0, 2]]
    loss, _, _ = _loss_and_gradients(coefs, intercepts, X, Y, "relu", "softmax")
    assert loss == pytest.approx(math.log(3))
    y = np.array([[2.0], [4.0]])
    coefs[-1], intercepts[-1] = np.zeros((3, 1)), np.zeros(1)
    loss, _, _ = _loss_and_gradients(coefs, intercepts, X, y, "tanh", "identity")
    assert loss == pytest.approx((4 + 16) / 4)
    # The penalty lambda/(2m) sum W**2 counts weights, not biases.
    coefs[0][0, 0], intercepts[0][0] = 3.0, 5.0
    penalty_only = _loss_and_gradients(coefs, intercepts, X, y, "linear", "identity", l2=2.0)[0] - 5.0
    assert penalty_only == pytest.approx(2.0 / (2 * 2) * 9)


# ---------------------------------------------------------------- training


def test_fit_iter_yields_one_step_per_epoch_and_the_loss_falls():
    X, y = datasets.xor(200, random_state=0)
    model = MLPClassifier(n_epochs=60, random_state=0)
    steps = list(model.fit_iter(X, y))
    assert len(steps) == 60
    assert all(isinstance(s, Step) and type(s.loss) is float for s in steps)
    assert [s.iteration for s in steps] == list(range(1, 61))
    assert model.loss_curve_ == [s.loss for s in steps]
    assert model.n_iter_ == 60
    assert steps[-1].loss < 0.5 * steps[0].loss
    assert model.score(X, y) >= 0.95


@pytest.mark.parametrize("optimizer,learning_rate", [("adam", 0.01), ("momentum", 0.05), ("sgd", 0.3)])
def test_every_optimizer_learns_moons(optimizer, learning_rate):
    X, y = datasets.moons(200, random_state=1)
    model = MLPClassifier(optimizer=optimizer, learning_rate=learning_rate, random_state=1).fit(X, y)
    assert model.score(X, y) >= 0.95


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_trains(activation):
    X, y = datasets.blobs(100, random_state=2)
    model = MLPClassifier(activation=activation, n_epochs=30, random_state=0).fit(X, y)
    assert model.loss_curve_[-1] < model.loss_curve_[0]
    assert model.score(X, y) >= 0.9


def test_full_batch_and_a_batch_larger_than_the_data():
    X, y = datasets.circles(100, random_state=0)
    full = MLPClassifier(batch_size=None, n_epochs=5, random_state=0).fit(X, y)
    big = MLPClassifier(batch_size=1000, n_epochs=5, random_state=0).fit(X, y)
    for a, b in zip(full.coefs_, big.coefs_):
        np.testing.assert_array_equal(a, b)


def test_string_labels_and_predict_proba():
    X, y = datasets.tshirts(150, random_state=0)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    model = MLPClassifier(random_state=0, n_epochs=50).fit(X, y)
    assert list(model.classes_) == ["L", "M", "S"]
    assert model.predict(X).dtype.kind == "U"
    proba = model.predict_proba(X)
    assert proba.shape == (150, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    assert model.score(X, y) >= 0.85


def test_no_hidden_layer_is_logistic_regression():
    X, y = datasets.blobs(100, random_state=3)
    model = MLPClassifier(hidden_layer_sizes=(), random_state=0, n_epochs=50).fit(X, y)
    assert [W.shape for W in model.coefs_] == [(2, 2)]
    assert len(model.activations(X)) == 2
    assert model.score(X, y) >= 0.95
    assert len(MLPClassifier(hidden_layer_sizes=[], n_epochs=1).fit(X, y).coefs_) == 1


def test_shapes_of_the_fitted_attributes():
    X, y = datasets.spiral(90, random_state=0, n_classes=3)
    model = MLPClassifier(hidden_layer_sizes=[5, 4], n_epochs=2, random_state=0).fit(X, y)
    assert [W.shape for W in model.coefs_] == [(2, 5), (5, 4), (4, 3)]
    assert [b.shape for b in model.intercepts_] == [(5,), (4,), (3,)]
    assert model.n_features_in_ == 2 and model.n_outputs_ == 3


def test_relu_uses_he_and_others_glorot_initialisation():
    X, y = np.zeros((4, 400)), np.array([0, 1, 0, 1])
    relu = MLPClassifier(hidden_layer_sizes=(400,), activation="relu", random_state=0, n_epochs=1)
    tanh = MLPClassifier(hidden_layer_sizes=(400,), activation="tanh", random_state=0, n_epochs=1)
    W_relu = relu.fit(X, y).coefs_[0]
    W_tanh = tanh.fit(X, y).coefs_[0]
    # Inputs are 0, so the first layer's weights keep their initial values.
    assert W_relu.std() == pytest.approx(np.sqrt(2 / 400), rel=0.05)
    assert W_tanh.std() == pytest.approx(np.sqrt(6 / 800) / np.sqrt(3), rel=0.05)
    assert np.abs(W_tanh).max() <= np.sqrt(6 / 800)


def test_same_random_state_same_model_and_other_seeds_differ():
    X, y = datasets.moons(100, random_state=0)
    a = MLPClassifier(n_epochs=10, random_state=7).fit(X, y)
    b = MLPClassifier(n_epochs=10, random_state=7).fit(X, y)
    c = MLPClassifier(n_epochs=10, random_state=8).fit(X, y)
    assert a.loss_curve_ == b.loss_curve_
    for Wa, Wb in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_):
        np.testing.assert_array_equal(Wa, Wb)
    assert not np.array_equal(a.coefs_[0], c.coefs_[0])
    # Refitting the same model starts over from the same seed.
    np.testing.assert_array_equal(a.fit(X, y).coefs_[0], b.coefs_[0])


def test_activations_show_every_layer_and_end_with_predict_proba():
    X, y = datasets.spiral(60, random_state=0, n_classes=3)
    model = MLPClassifier(hidden_layer_sizes=(6, 4), activation="relu", n_epochs=3, random_state=0)
    model.fit(X, y)
    layers = model.activations(X[:10])
    assert [A.shape for A in layers] == [(10, 2), (10, 6), (10, 4), (10, 3)]
    np.testing.assert_array_equal(layers[0], X[:10])
    assert (layers[1] >= 0).all()  # relu units
    np.testing.assert_array_equal(layers[-1], model.predict_proba(X[:10]))
    regressor = MLPRegressor(hidden_layer_sizes=(3,), n_epochs=2, random_state=0).fit(X, X[:, 0])
    out = regressor.activations(X)
    assert [A.shape for A in out] == [(60, 2), (60, 3), (60, 1)]
    np.testing.assert_array_equal(out[-1][:, 0], regressor.predict(X))


def test_predict_works_between_steps_on_the_current_weights():
    X, y = datasets.xor(100, random_state=0)
    model = MLPClassifier(n_epochs=5, random_state=0)
    previous = None
    for _ in model.fit_iter(X, y):
        proba = model.predict_proba(X)
        assert proba.shape == (100, 2)
        if previous is not None:
            assert not np.array_equal(proba, previous)
        previous = proba


def test_learning_rate_l2_and_n_epochs_can_change_between_steps():
    X, y = datasets.moons(100, random_state=0)
    model = MLPClassifier(optimizer="sgd", learning_rate=0.1, n_epochs=10, random_state=0)
    steps = model.fit_iter(X, y)
    for _ in range(3):
        next(steps)
    before = [W.copy() for W in model.coefs_]
    model.learning_rate = 1e-12  # training goes on from the current weights, barely moving them
    step = next(steps)
    for a, b in zip(before, model.coefs_):
        np.testing.assert_allclose(a, b, atol=1e-9)
    assert step.loss == pytest.approx(model.loss_curve_[-2], rel=1e-6)
    model.l2 = 10.0  # the reported cost includes the new penalty at once
    penalty = 10.0 / (2 * 100) * sum(np.sum(W ** 2) for W in model.coefs_)
    assert next(steps).loss == pytest.approx(step.loss + penalty, rel=1e-6)
    model.n_epochs = 7
    assert len(list(steps)) == 2
    assert model.n_iter_ == 7
    model.learning_rate = 0
    with pytest.raises(ValueError, match="learning_rate"):
        next(model.fit_iter(X, y))


def test_changing_the_learning_rate_keeps_adam_state():
    X, y = datasets.moons(100, random_state=0)
    a = MLPClassifier(n_epochs=6, random_state=0)
    b = MLPClassifier(n_epochs=6, random_state=0)
    steps_a, steps_b = a.fit_iter(X, y), b.fit_iter(X, y)
    for _ in range(3):
        next(steps_a), next(steps_b)
    b.learning_rate = 0.01  # "changed" to the same value: nothing may be reset
    for _ in range(3):
        assert next(steps_a).loss == next(steps_b).loss
    assert a._n_updates == b._n_updates == 6 * 4


def test_regressor_fits_a_smooth_curve():
    rng = np.random.default_rng(0)
    X = rng.uniform(-3, 3, (200, 1))
    y = np.sin(X[:, 0])
    model = MLPRegressor(random_state=0).fit(X, y)
    assert model.predict(X).shape == (200,)
    assert model.n_outputs_ == 1
    assert model.score(X, y) >= 0.95


def test_regressor_with_several_outputs():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, (150, 2))
    Y = np.column_stack([X[:, 0] * X[:, 1], np.cos(X[:, 0])])
    model = MLPRegressor(random_state=0, n_epochs=300).fit(X, Y)
    prediction = model.predict(X)
    assert prediction.shape == (150, 2)
    for k in range(2):
        assert pyml.metrics.r2_score(Y[:, k], prediction[:, k]) > 0.9
    # A single target given as a column is a single output.
    assert MLPRegressor(n_epochs=1).fit(X, Y[:, :1]).predict(X).shape == (150,)


def test_divergence_is_reported_with_advice():
    X, y = datasets.housing()
    model = MLPRegressor(optimizer="sgd", learning_rate=10.0, activation="relu", random_state=0)
    with pytest.raises(DivergenceError, match="smaller learning_rate"):
        model.fit(X, y)


# ---------------------------------------------------------------- save / load, API


@pytest.mark.parametrize("make", [
    lambda: (MLPClassifier(n_epochs=20, random_state=0), datasets.spiral(90, random_state=0, n_classes=3)),
    lambda: (MLPClassifier(hidden_layer_sizes=(), n_epochs=5, random_state=0), datasets.tshirts(30, random_state=0)),
    lambda: (MLPRegressor(activation="relu", n_epochs=20, random_state=0), datasets.plane(80, random_state=0)),
])
def test_save_load_round_trip(make):
    model, (X, y) = make()
    model.fit(X, y)
    loaded = pyml.load(pyml.save(model))
    assert type(loaded) is type(model)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    for a, b in zip(loaded.activations(X), model.activations(X)):
        np.testing.assert_array_equal(a, b)
    assert loaded.loss_curve_ == model.loss_curve_


def test_regressor_with_several_outputs_round_trips():
    X = np.random.default_rng(0).normal(size=(20, 3))
    model = MLPRegressor(n_epochs=3, random_state=0).fit(X, X[:, :2])
    loaded = pyml.load(pyml.save(model))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_params_clone_and_repr():
    model = MLPClassifier(hidden_layer_sizes=(4,), activation="relu")
    assert model.get_params()["hidden_layer_sizes"] == (4,)
    copy = pyml.clone(model.set_params(l2=0.5))
    assert copy.l2 == 0.5 and not copy._is_fitted()
    assert repr(model) == "MLPClassifier(hidden_layer_sizes=(4,), activation='relu', l2=0.5)"


def test_defaults_fit():
    X, y = datasets.blobs(40, random_state=0)
    assert MLPClassifier().fit(X, y).score(X, y) >= 0.9
    assert MLPRegressor().fit(X, X[:, 0]).score(X, X[:, 0]) >= 0.9


# ---------------------------------------------------------------- errors


X_SMALL, Y_SMALL = datasets.blobs(20, random_state=0)


@pytest.mark.parametrize("params,error,words", [
    (dict(activation="softplus"), ValueError, "activation must be one of 'relu', 'tanh'.*'softplus'"),
    (dict(optimizer="rmsprop"), ValueError, "optimizer must be one of 'sgd', 'momentum', 'adam'"),
    (dict(hidden_layer_sizes=(8, 0)), ValueError,
     r"hidden_layer_sizes must be a tuple of at most 100 integers, each >= 1 and <= 100000, got \(8, 0\)"),
    (dict(hidden_layer_sizes=(-3,)), ValueError, r"each >= 1 and <= 100000, got \(-3,\)"),
    (dict(hidden_layer_sizes=(2.5,)), ValueError, r"each >= 1 and <= 100000, got \(2.5,\)"),
    (dict(hidden_layer_sizes="8"), TypeError, "hidden_layer_sizes must be a tuple of integers or an integer"),
    (dict(hidden_layer_sizes=(3000, 3000, 3000)), ValueError,
     r"hidden_layer_sizes=\(3000, 3000, 3000\) makes a network of 18,000,000 weights between its hidden layers, "
     r"more than the 2,000,000"),
    (dict(learning_rate=0), ValueError, "learning_rate must be > 0"),
    (dict(learning_rate="fast"), TypeError, "learning_rate must be a number"),
    (dict(momentum=1.0), ValueError, "momentum must be >= 0 and < 1"),
    (dict(batch_size=0), ValueError, "batch_size must be >= 1"),
    (dict(batch_size=2.5), TypeError, "batch_size must be an integer"),
    (dict(l2=-1), ValueError, "l2 must be >= 0"),
    (dict(n_epochs=0), ValueError, "n_epochs must be >= 1"),
    (dict(random_state=-1), ValueError, "random_state"),
])
def test_bad_hyperparameters(params, error, words):
    for cls in (MLPClassifier, MLPRegressor):
        model = cls(**params)
        with pytest.raises(error, match=words):
            model.fit(X_SMALL, Y_SMALL)
        assert not model._is_fitted()  # checked before anything is learnt


def test_a_network_too_big_to_train_is_refused_before_any_weight_exists():
    X, y = np.ones((10, 100)), np.arange(10) % 2  # 100 features: 2,000,000 + 40,000 weights
    model = MLPClassifier(hidden_layer_sizes=(20_000,))
    with pytest.raises(ValueError, match=r"MLPClassifier: hidden_layer_sizes=\(20000,\) makes a network of 2,040,000 "
                                         r"weights for 100 features and 2 outputs, more than the 2,000,000"):
        model.fit(X, y)
    assert not model._is_fitted()
    with pytest.raises(ValueError, match="18,000,000 weights between its hidden layers"):
        MLPRegressor().set_params(hidden_layer_sizes=[3000, 3000, 3000])


def test_single_int_is_one_hidden_layer():
    model = MLPClassifier(hidden_layer_sizes=5, n_epochs=1).fit(X_SMALL, Y_SMALL)
    assert [W.shape for W in model.coefs_] == [(2, 5), (5, 2)]


def test_bad_data():
    with pytest.raises(ValueError, match="at least 2 classes"):
        MLPClassifier().fit(X_SMALL, np.zeros(20))
    with pytest.raises(ValueError, match="different numbers of samples"):
        MLPClassifier().fit(X_SMALL, Y_SMALL[:10])
    with pytest.raises(ValueError, match="different numbers of samples"):
        MLPRegressor().fit(X_SMALL, np.zeros((10, 2)))
    with pytest.raises(ValueError, match="NaN"):
        MLPRegressor().fit(np.full((3, 2), np.nan), np.zeros(3))
    with pytest.raises(ValueError, match="2-D array"):
        MLPClassifier().fit(X_SMALL[:, 0], Y_SMALL)


@pytest.mark.parametrize("cls", [MLPClassifier, MLPRegressor])
def test_use_before_fit_and_wrong_feature_count(cls):
    model = cls(n_epochs=2)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        model.predict(X_SMALL)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        model.activations(X_SMALL)
    model.fit(X_SMALL, Y_SMALL)
    with pytest.raises(ValueError, match="X has 3 feature.*fitted with 2 feature"):
        model.predict(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="X has 3 feature"):
        model.activations(np.zeros((4, 3)))
